/* migc generator: enums of schema.yaml and enum value lists of revisions. A schema enum is a
 * list of values or { values, renamed_from, comment }; a value is a label or { name,
 * renamed_from }. */
#include "load_schema.h"

#include <string.h>

static const char *const enum_keys[] = {"values", "renamed_from", "comment", NULL};
static const char *const value_keys[] = {"name", "renamed_from", NULL};

int
mg_load_enum_values(mg_loader *ld, const mg_node *n, mg_vec *out)
{
    if (!mg_load_is_seq(ld, n, "enum values"))
        return -1;
    if (n->items.len == 0) {
        mg_diag_error(ld->d, n->loc, "an enum needs at least one value");
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        const char *v = mg_load_ident(ld, item, "enum value");
        for (size_t j = 0; v != NULL && j < out->len; j++)
            if (strcmp(out->items[j], v) == 0) {
                mg_diag_error(ld->d, item->loc, "duplicate enum value \"%s\"", v);
                v = NULL;
            }
        if (v == NULL)
            rc = -1;
        else
            mg_vec_push(ld->a, out, (void *)v);
    }
    return rc;
}

/* Reads a schema.yaml value written as { name: guest, renamed_from: viewer } into the name it
 * declares, keeping the hint on e; NULL after reporting. */
static const char *
renamed_value(mg_loader *ld, mg_enum *e, const mg_node *item)
{
    mg_load_check_keys(ld, item, value_keys, NULL);
    const char *name = mg_load_key_ident(ld, item, "name", true);
    const char *from = mg_load_key_ident(ld, item, "renamed_from", false);
    if (name == NULL || from == NULL)
        return name;
    mg_value_rename *h = mg_arena_alloc(ld->a, sizeof(*h));
    h->name = name;
    h->renamed_from = from;
    h->loc = mg_load_hint_loc(item, "renamed_from");
    mg_vec_push(ld->a, &e->value_renames, h);
    return name;
}

/* Reports a renamed_from hint that another value repeats: a second rename of the same label,
 * or a label the enum still lists (it cannot be both kept and renamed). */
static void
check_value_renames(mg_loader *ld, const mg_enum *e)
{
    for (size_t i = 0; i < e->value_renames.len; i++) {
        const mg_value_rename *h = e->value_renames.items[i];
        for (size_t j = 0; j < i; j++) {
            const mg_value_rename *p = e->value_renames.items[j];
            if (strcmp(p->renamed_from, h->renamed_from) == 0)
                mg_diag_error(ld->d, h->loc,
                              "enum \"%s\": values \"%s\" and \"%s\" are both renamed_from "
                              "\"%s\" (first at %s)",
                              e->name, p->name, h->name, h->renamed_from,
                              mg_load_where(ld, p->loc));
        }
        for (size_t j = 0; j < e->values.len; j++)
            if (strcmp(e->values.items[j], h->renamed_from) == 0)
                mg_diag_error(ld->d, h->loc,
                              "enum \"%s\": value \"%s\" is renamed_from \"%s\", which the enum "
                              "still lists; a value is either kept or renamed",
                              e->name, h->name, h->renamed_from);
    }
}

/* Reads the values of a schema.yaml enum: labels, or { name, renamed_from } maps. */
static void
schema_enum_values(mg_loader *ld, mg_enum *e, const mg_node *n)
{
    mg_node plain = *n; /* the same list with each map replaced by its name */
    plain.items = (mg_vec){0};
    if (!mg_load_is_seq(ld, n, "enum values"))
        return;
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        if (item->kind == MG_NODE_MAP) {
            mg_node *named = mg_arena_alloc(ld->a, sizeof(*named));
            *named = *item;
            named->kind = MG_NODE_SCALAR;
            named->quoted = true;
            named->scalar = renamed_value(ld, e, item);
            if (named->scalar == NULL)
                continue;
            item = named;
        }
        mg_vec_push(ld->a, &plain.items, (void *)item);
    }
    if (mg_load_enum_values(ld, &plain, &e->values) == 0)
        check_value_renames(ld, e);
}

mg_enum *
mg_load_schema_enum(mg_loader *ld, const mg_node *key, const mg_node *val)
{
    mg_enum *e = mg_arena_alloc(ld->a, sizeof(*e));
    e->name = key->scalar;
    e->loc = key->loc;
    if (val->kind != MG_NODE_MAP) {
        schema_enum_values(ld, e, val);
        return e;
    }
    mg_load_check_keys(ld, val, enum_keys, NULL);
    const mg_node *values = mg_node_get(val, "values");
    if (values == NULL)
        mg_diag_error(ld->d, val->loc, "missing required key \"values\"");
    else
        schema_enum_values(ld, e, values);
    e->renamed_from = mg_load_key_ident(ld, val, "renamed_from", false);
    e->renamed_from_loc = mg_load_hint_loc(val, "renamed_from");
    e->comment = mg_load_key_str(ld, val, "comment", false);
    return e;
}
