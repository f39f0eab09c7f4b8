/* migc generator: domain loader.
 * The keys of a domain (SPEC §3.1), shared by schema.yaml and the domain operations. */
#include "load_schema.h"

#include <string.h>

#include "types.h"

static const char *const dom_keys[] = {"type",   "nullable", "default", "collation",
                                       "checks", "comment",  NULL};
static const char *const hint_keys[] = {"renamed_from", NULL};

/* The base type, normalised as column types are. */
static void
base_type(mg_loader *ld, const mg_node *v, mg_domain *d)
{
    const char *written = mg_load_str(ld, v, "\"type\"");
    const char *error = NULL;
    if (written == NULL)
        return;
    d->type = mg_type_normalize(ld->a, written, &error);
    if (d->type == NULL)
        mg_diag_error(ld->d, v->loc, "domain \"%s\": %s%s", d->name, error,
                      mg_load_comma_hint(written, v->quoted));
}

/* checks: a map of constraint name -> expression (VALUE stands for the value). */
static void
checks(mg_loader *ld, const mg_node *v, mg_domain *d)
{
    if (mg_node_is_null(v) || !mg_load_is_map(ld, v, "\"checks\""))
        return;
    for (size_t i = 0; i < v->keys.len; i++) {
        const mg_node *key = v->keys.items[i];
        if (!mg_load_name_ok(ld, key, "check"))
            continue;
        mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
        c->name = key->scalar;
        c->loc = key->loc;
        c->expr =
            mg_load_str(ld, v->values.items[i], mg_arena_printf(ld->a, "check \"%s\"", c->name));
        if (c->expr != NULL)
            mg_vec_push(ld->a, &d->checks, c);
    }
}

/* Reads the value of one known key into d; returns its MG_DOM_* bit (0 for type, collation). */
static unsigned
read_key(mg_loader *ld, const char *key, const mg_node *v, mg_domain *d)
{
    bool null = mg_node_is_null(v);
    if (strcmp(key, "type") == 0) {
        base_type(ld, v, d);
        return 0;
    }
    if (strcmp(key, "nullable") == 0) {
        bool nullable = true;
        if (!null)
            mg_load_bool(ld, v, "\"nullable\"", &nullable);
        d->not_null = !nullable;
        return MG_DOM_NULLABLE;
    }
    if (strcmp(key, "checks") == 0) {
        checks(ld, v, d);
        return MG_DOM_CHECKS;
    }
    const char *s = null ? NULL : mg_load_str(ld, v, mg_arena_printf(ld->a, "\"%s\"", key));
    if (strcmp(key, "default") == 0) {
        d->default_expr = s;
        return MG_DOM_DEFAULT;
    }
    if (strcmp(key, "collation") == 0) {
        d->collation = s;
        return 0;
    }
    d->comment = s;
    return MG_DOM_COMMENT;
}

/* Refuses a key alter_domain cannot change (PostgreSQL has no ALTER DOMAIN for it). */
static void
fixed_keys(mg_loader *ld, const mg_node *map)
{
    static const char *const fixed[] = {"type", "collation"};
    for (size_t i = 0; i < 2; i++) {
        const mg_node *n = mg_node_get(map, fixed[i]);
        if (n != NULL)
            mg_diag_error(ld->d, n->loc,
                          "alter_domain cannot change \"%s\": drop the domain and create it "
                          "again (PostgreSQL has no ALTER DOMAIN for it)",
                          fixed[i]);
    }
}

mg_domain *
mg_load_domain(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
               const char *const *extra, bool hints, unsigned *set)
{
    mg_domain *d = mg_arena_alloc(ld->a, sizeof(*d));
    unsigned bits = 0;
    d->name = name;
    d->loc = loc;
    if (!mg_load_is_mapf(ld, map, "domain \"%s\"", name))
        return NULL;
    mg_load_check_keys(ld, map, dom_keys, hints ? hint_keys : extra);
    if (set != NULL)
        fixed_keys(ld, map);
    for (size_t i = 0; i < map->keys.len; i++) {
        const mg_node *k = map->keys.items[i];
        for (size_t j = 0; dom_keys[j] != NULL; j++)
            if (strcmp(k->scalar, dom_keys[j]) == 0)
                bits |= read_key(ld, dom_keys[j], map->values.items[i], d);
    }
    if (set == NULL && mg_node_get(map, "type") == NULL)
        mg_diag_error(ld->d, loc, "domain \"%s\": missing required key \"type\"", name);
    if (hints) {
        d->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
        const mg_node *h = mg_node_get(map, "renamed_from");
        d->renamed_from_loc = h ? h->loc : loc;
    }
    if (set != NULL)
        *set = bits;
    return d;
}
