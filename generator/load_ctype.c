/* migc generator: composite type loader.
 * The keys of a composite type (SPEC §3.1 `types:`), shared by schema.yaml and the type
 * operations: columns (name -> type, or { type, collation }) and comment. */
#include "load_schema.h"

#include <string.h>

#include "types.h"

static const char *const ct_keys[] = {"columns", "comment", NULL};
static const char *const attr_keys[] = {"type", "collation", NULL};
static const char *const hint_keys[] = {"renamed_from", NULL};

/* The type of an attribute, normalised as column types are. */
static const char *
attr_type(mg_loader *ld, const mg_node *v, const char *what)
{
    const char *written = mg_load_str(ld, v, what), *error = NULL, *t;
    if (written == NULL)
        return NULL;
    if ((t = mg_type_normalize(ld->a, written, &error)) == NULL)
        mg_diag_error(ld->d, v->loc, "%s: %s%s", what, error,
                      mg_load_comma_hint(written, v->quoted));
    return t;
}

/* One attribute: a type, or a map of type and collation. */
static mg_attr *
read_attr(mg_loader *ld, const mg_ctype *t, const mg_node *key, const mg_node *v)
{
    mg_attr *x = mg_arena_alloc(ld->a, sizeof(*x));
    const char *what = mg_arena_printf(ld->a, "attribute %s.%s", t->name, key->scalar);
    x->name = key->scalar;
    x->loc = key->loc;
    if (v->kind != MG_NODE_MAP) {
        x->type = attr_type(ld, v, what);
        return x;
    }
    mg_load_check_keys(ld, v, attr_keys, NULL);
    const mg_node *n = mg_node_get(v, "type");
    if (n == NULL)
        mg_diag_error(ld->d, v->loc, "%s: missing required key \"type\"", what);
    else
        x->type = attr_type(ld, n, what);
    x->collation = mg_load_key_str(ld, v, "collation", false);
    return x;
}

static void
read_attrs(mg_loader *ld, const mg_node *v, mg_ctype *t)
{
    if (!mg_load_is_map(ld, v, "\"columns\""))
        return;
    for (size_t i = 0; i < v->keys.len; i++) {
        const mg_node *key = v->keys.items[i];
        if (mg_load_name_ok(ld, key, "attribute"))
            mg_vec_push(ld->a, &t->attrs, read_attr(ld, t, key, v->values.items[i]));
    }
    if (v->keys.len == 0)
        mg_diag_error(ld->d, v->loc, "type \"%s\": \"columns\" needs at least one attribute",
                      t->name);
}

mg_ctype *
mg_load_ctype(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
              const char *const *extra, bool hints, unsigned *set)
{
    mg_ctype *t = mg_arena_alloc(ld->a, sizeof(*t));
    unsigned bits = 0;
    t->name = name;
    t->loc = loc;
    if (!mg_load_is_mapf(ld, map, "type \"%s\"", name))
        return NULL;
    mg_load_check_keys(ld, map, ct_keys, hints ? hint_keys : extra);
    const mg_node *n = mg_node_get(map, "columns");
    if (n != NULL) {
        read_attrs(ld, n, t);
        bits |= MG_CT_COLUMNS;
    } else if (set == NULL) {
        mg_diag_error(ld->d, loc, "type \"%s\": missing required key \"columns\"", name);
    }
    if ((n = mg_node_get(map, "comment")) != NULL) {
        t->comment = mg_node_is_null(n) ? NULL : mg_load_str(ld, n, "\"comment\"");
        bits |= MG_CT_COMMENT;
    }
    if (hints) {
        t->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
        const mg_node *h = mg_node_get(map, "renamed_from");
        t->renamed_from_loc = h ? h->loc : loc;
    }
    if (set != NULL)
        *set = bits;
    return t;
}
