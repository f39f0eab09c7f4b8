/* migc generator: the schema after each revision, kept for the plans (copy on change).
 * A snapshot shares every table and enum that the revision left unchanged with the previous one. */
#include "replay.h"

#include <string.h>

/* The same string, or both NULL. Strings are shared by copies, so most compare as pointers. */
static bool
same_str(const char *x, const char *y)
{
    return x == y || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

static bool
same_strs(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!same_str(x->items[i], y->items[i]))
            return false;
    return true;
}

static bool
same_column(const mg_column *x, const mg_column *y)
{
    return same_str(x->name, y->name) && same_str(x->type, y->type) && x->nullable == y->nullable &&
           same_str(x->default_expr, y->default_expr) && same_str(x->identity, y->identity) &&
           same_str(x->comment, y->comment) && same_str(x->collation, y->collation) &&
           same_str(x->generated, y->generated);
}

/* Primary keys and unique constraints; either may be NULL. */
static bool
same_key(const mg_key *x, const mg_key *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return same_str(x->name, y->name) && same_strs(&x->columns, &y->columns) &&
           x->nulls_not_distinct == y->nulls_not_distinct && x->deferrable == y->deferrable &&
           x->initially_deferred == y->initially_deferred && same_str(x->comment, y->comment);
}

static bool
same_check(const mg_check *x, const mg_check *y)
{
    return same_str(x->name, y->name) && same_str(x->expr, y->expr) &&
           x->not_valid == y->not_valid && same_str(x->comment, y->comment);
}

static bool
same_index(const mg_index *x, const mg_index *y)
{
    return same_str(x->name, y->name) && same_strs(&x->keys, &y->keys) &&
           same_str(x->expression, y->expression) && x->unique == y->unique &&
           same_str(x->method, y->method) && same_strs(&x->opclass, &y->opclass) &&
           same_strs(&x->include, &y->include) && same_str(x->where, y->where) &&
           x->concurrently == y->concurrently && same_str(x->comment, y->comment) &&
           mg_with_equal(&x->with, &y->with);
}

/* The primary key an fk without ref_columns references in schema s (NULL: none). */
static const mg_key *
default_ref(const mg_schema *s, const mg_fk *fk)
{
    const mg_table *t = fk->ref_columns.len > 0 ? NULL : mg_schema_table(s, fk->ref_table);
    return t != NULL ? t->pk : NULL;
}

/* Equal foreign keys, x in schema xs and y in ys: an fk that names no referenced columns
 * references a primary key, which must be the same in both schemas too. */
static bool
same_fk(const mg_schema *xs, const mg_fk *x, const mg_schema *ys, const mg_fk *y)
{
    return same_str(x->name, y->name) && same_strs(&x->columns, &y->columns) &&
           same_str(x->ref_table, y->ref_table) && same_strs(&x->ref_columns, &y->ref_columns) &&
           same_str(x->on_delete, y->on_delete) && same_str(x->on_update, y->on_update) &&
           x->deferrable == y->deferrable && x->initially_deferred == y->initially_deferred &&
           x->not_valid == y->not_valid && same_str(x->comment, y->comment) &&
           same_key(default_ref(xs, x), default_ref(ys, y));
}

/* Equal lists of columns, keys, checks or indexes (same is the element comparison). */
static bool
same_list(const mg_vec *x, const mg_vec *y, bool (*same)(const void *, const void *))
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (x->items[i] != y->items[i] && !same(x->items[i], y->items[i]))
            return false;
    return true;
}

/* Adapters from the typed comparisons to same_list's element type. */
static bool
same_column_v(const void *x, const void *y)
{
    return same_column(x, y);
}

static bool
same_key_v(const void *x, const void *y)
{
    return same_key(x, y);
}

static bool
same_check_v(const void *x, const void *y)
{
    return same_check(x, y);
}

/* Every field of an exclusion constraint. */
static bool
same_excl_v(const void *xv, const void *yv)
{
    const mg_exclusion *x = xv, *y = yv;
    return same_str(x->name, y->name) && same_str(x->method, y->method) &&
           same_strs(&x->elements, &y->elements) && same_str(x->where, y->where) &&
           x->deferrable == y->deferrable && x->initially_deferred == y->initially_deferred &&
           same_str(x->comment, y->comment);
}

static bool
same_index_v(const void *x, const void *y)
{
    return same_index(x, y);
}

/* True when table x of snapshot xs and table y of the state ys have the same content. */
static bool
same_table(const mg_schema *xs, const mg_table *x, const mg_schema *ys, const mg_table *y)
{
    if (!same_str(x->name, y->name) || !same_str(x->comment, y->comment) ||
        !same_str(x->partition_by, y->partition_by) ||
        !same_str(x->partition_of, y->partition_of) || !same_str(x->bounds, y->bounds) ||
        !mg_with_equal(&x->with, &y->with) || !same_list(&x->columns, &y->columns, same_column_v) ||
        !same_key(x->pk, y->pk) || !same_list(&x->uniques, &y->uniques, same_key_v) ||
        !same_list(&x->checks, &y->checks, same_check_v) ||
        !same_list(&x->indexes, &y->indexes, same_index_v) ||
        !same_list(&x->excls, &y->excls, same_excl_v) || x->fks.len != y->fks.len)
        return false;
    for (size_t i = 0; i < x->fks.len; i++)
        if (!same_fk(xs, x->fks.items[i], ys, y->fks.items[i]))
            return false;
    return true;
}

static bool
same_enum(const mg_enum *x, const mg_enum *y)
{
    return same_str(x->name, y->name) && same_strs(&x->values, &y->values) &&
           same_str(x->comment, y->comment);
}

static const char *
table_name(const void *t)
{
    return ((const mg_table *)t)->name;
}

static const char *
enum_name(const void *e)
{
    return ((const mg_enum *)e)->name;
}

/* Position of the object named name in list[*cursor..], or -1; *cursor moves past a match. A
 * state only removes objects and appends new ones, so the walk is linear over a whole snapshot;
 * a renamed object is simply not found (and copied). */
static long
find_name(const mg_vec *list, size_t *cursor, const char *name,
          const char *(*name_of)(const void *))
{
    for (size_t j = *cursor; j < list->len; j++) {
        if (same_str(name_of(list->items[j]), name)) {
            *cursor = j + 1;
            return (long)j;
        }
    }
    return -1;
}

/* The snapshot's version of state table t: the previous snapshot's when equal, else a copy. */
static mg_table *
table_version(mg_arena *a, const mg_schema *prev, const mg_schema *state, const mg_table *t,
              size_t *cursor)
{
    long j = prev != NULL ? find_name(&prev->tables, cursor, t->name, table_name) : -1;
    if (j >= 0 && same_table(prev, prev->tables.items[j], state, t))
        return prev->tables.items[j];
    return mg_table_copy(a, t);
}

static mg_enum *
enum_version(mg_arena *a, const mg_schema *prev, const mg_enum *e, size_t *cursor)
{
    long j = prev != NULL ? find_name(&prev->enums, cursor, e->name, enum_name) : -1;
    if (j >= 0 && same_enum(prev->enums.items[j], e))
        return prev->enums.items[j];
    return mg_enum_copy(a, e);
}

const mg_schema *
mg_replay_snapshot(mg_arena *a, const mg_schema *prev, const mg_schema *state)
{
    mg_schema *s = mg_arena_alloc(a, sizeof(*s));
    size_t tcur = 0, ecur = 0;
    mg_strvec_copy(a, &s->extensions, &state->extensions); /* extensions never change in place */
    for (size_t i = 0; i < state->enums.len; i++)
        mg_vec_push(a, &s->enums, enum_version(a, prev, state->enums.items[i], &ecur));
    for (size_t i = 0; i < state->tables.len; i++)
        mg_vec_push(a, &s->tables, table_version(a, prev, state, state->tables.items[i], &tcur));
    for (size_t i = 0; i < state->sequences.len; i++)
        mg_vec_push(a, &s->sequences, mg_sequence_copy(a, state->sequences.items[i]));
    for (size_t i = 0; i < state->domains.len; i++)
        mg_vec_push(a, &s->domains, mg_domain_copy(a, state->domains.items[i]));
    for (size_t i = 0; i < state->types.len; i++)
        mg_vec_push(a, &s->types, mg_ctype_copy(a, state->types.items[i]));
    for (size_t i = 0; i < state->funcs.len; i++)
        mg_vec_push(a, &s->funcs, mg_func_copy(a, state->funcs.items[i]));
    for (size_t i = 0; i < state->triggers.len; i++)
        mg_vec_push(a, &s->triggers, mg_trigger_copy(a, state->triggers.items[i]));
    for (size_t i = 0; i < state->views.len; i++)
        mg_vec_push(a, &s->views, mg_view_copy(a, state->views.items[i]));
    return s;
}
