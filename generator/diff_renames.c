/* migc generator: constraints and indexes that keep their definition under another name.
 * PostgreSQL keeps "<old>_pkey", "<old>_<col>_key" and every index name when a table or column
 * is renamed, while schema.yaml derives those names from the new ones: the diff renames them
 * (rename_constraint, rename_index) instead of dropping and re-creating them. */
#include "diff_internal.h"

#include <string.h>

/* The name of the n-th member of one of a table's lists; every object starts with its name. */
static const char *
nth_name(const mg_vec *v, size_t n)
{
    return *(const char *const *)v->items[n];
}

static bool
listed(const mg_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(nth_name(v, i), name) == 0)
            return true;
    return false;
}

/* True when name is in use in the working state: by a constraint of t, or (when relation, for
 * primary keys, unique constraints and indexes) by any relation of the schema. */
static bool
name_taken(const mg_schema *s, const mg_table *t, const char *name, bool relation)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *o = s->tables.items[i];
        bool own = o == t;
        if (!own && !relation)
            continue;
        if ((o->pk && strcmp(o->pk->name, name) == 0) || listed(&o->uniques, name) ||
            listed(&o->indexes, name) || listed(&o->excls, name) ||
            (relation && strcmp(o->name, name) == 0))
            return true;
        if (own && (listed(&o->checks, name) || listed(&o->fks, name)))
            return true;
    }
    return false;
}

static int
emit_rename(differ *df, mg_op_kind kind, const char *table, const char *from, const char *to,
            mg_loc loc)
{
    mg_op *op = mg_diff_op(df, kind, loc);
    op->table = table;
    op->from = from;
    op->to = to;
    return mg_diff_emit(df, op);
}

/* How one list of a table is matched: the kind of rename, whether its names are relations,
 * and when two members are the same object but for the name. */
typedef struct family {
    size_t offset; /* of the mg_vec in mg_table */
    mg_op_kind kind;
    bool relation;
    bool (*same)(const void *have, const void *want);
} family;

static bool
same_key(const void *x, const void *y)
{
    return mg_strvec_equal(&((const mg_key *)x)->columns, &((const mg_key *)y)->columns);
}

static bool
same_check(const void *x, const void *y)
{
    return mg_diff_check_same(x, y);
}

static bool
same_fk(const void *x, const void *y)
{
    return mg_diff_fk_same(x, y);
}

static bool
same_index(const void *x, const void *y)
{
    return mg_diff_index_same(x, y);
}

static bool
same_excl(const void *x, const void *y)
{
    return mg_diff_excl_same(x, y);
}

static const family families[] = {
    {offsetof(mg_table, uniques), MG_OP_RENAME_CONSTRAINT, true, same_key},
    {offsetof(mg_table, checks), MG_OP_RENAME_CONSTRAINT, false, same_check},
    {offsetof(mg_table, fks), MG_OP_RENAME_CONSTRAINT, false, same_fk},
    {offsetof(mg_table, indexes), MG_OP_RENAME_INDEX, true, same_index},
    {offsetof(mg_table, excls), MG_OP_RENAME_CONSTRAINT, true, same_excl},
};

static const mg_vec *
family_list(const mg_table *t, const family *f)
{
    return (const mg_vec *)((const char *)t + f->offset);
}

/* Renames every member of t's list that w does not name when w has a member of the same
 * definition that t does not name. */
static int
rename_family(differ *df, const mg_table *w, const family *f)
{
    const mg_vec *wants = family_list(w, f);
    for (size_t i = 0; i < wants->len; i++) {
        const mg_table *t = mg_diff_work_table(df, w->name);
        const mg_vec *haves = family_list(t, f);
        const char *to = nth_name(wants, i);
        if (listed(haves, to) || name_taken(df->work, t, to, f->relation))
            continue;
        for (size_t j = 0; j < haves->len; j++) {
            const char *from = nth_name(haves, j);
            if (listed(wants, from) || !f->same(haves->items[j], wants->items[i]))
                continue;
            if (emit_rename(df, f->kind, w->name, from, to, w->loc) != 0)
                return -1;
            break;
        }
    }
    return 0;
}

static int
rename_table_objects(differ *df, const mg_table *w)
{
    const mg_table *t = mg_diff_work_table(df, w->name);
    if (t == NULL)
        return 0;
    if (t->pk && w->pk && strcmp(t->pk->name, w->pk->name) != 0 && same_key(t->pk, w->pk) &&
        !name_taken(df->work, t, w->pk->name, true) &&
        emit_rename(df, MG_OP_RENAME_CONSTRAINT, w->name, t->pk->name, w->pk->name, w->pk->loc))
        return -1;
    for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++)
        if (rename_family(df, w, &families[k]) != 0)
            return -1;
    return 0;
}

int
mg_diff_objects_rename(differ *df)
{
    for (size_t i = 0; i < df->want->tables.len; i++)
        if (rename_table_objects(df, df->want->tables.items[i]) != 0)
            return -1;
    return 0;
}
