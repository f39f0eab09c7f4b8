/* migc generator: replay of the column operations (add, drop, rename, alter), with what they
 * carry along: keys, indexes, checks, exclusion constraints and generated columns that name a
 * renamed column, the identity sequence's name, enum conversions and collation changes. */
#include "replay.h"

#include <string.h>

#include "diff.h"
#include "exprscan.h"

int
mg_replay_add_column(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    const mg_column *c = op->column_def;
    if (mg_table_column(t, c->name)) {
        mg_diag_error(r->diag, op->loc, "add_column: table \"%s\" already has a column \"%s\"",
                      t->name, c->name);
        return -1;
    }
    if (!mg_replay_type_ok(r, op, c, c->type))
        return -1;
    mg_column *n = mg_column_copy(r->arena, c);
    n->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = n->later_names;
    mg_vec_push(r->arena, &t->columns, n);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_COLUMN, op);
    (*reverse)->name = c->name;
    (*reverse)->column_def = mg_column_copy(r->arena, c);
    return 0;
}

/* True when some index key is the column, alone or followed by ASC/DESC/NULLS ... */
static bool
keys_use(const mg_vec *keys, const char *column)
{
    for (size_t i = 0; i < keys->len; i++) {
        const char *k = keys->items[i];
        size_t n = mg_index_key_column_len(k);
        if (n == strlen(column) && strncmp(k, column, n) == 0)
            return true;
    }
    return false;
}

/* Renames the column part of every index key that names from. */
static void
rename_in_keys(mg_arena *a, mg_vec *keys, const char *from, const char *to)
{
    for (size_t i = 0; i < keys->len; i++) {
        const char *k = keys->items[i];
        size_t n = mg_index_key_column_len(k);
        if (n > 0 && n == strlen(from) && strncmp(k, from, n) == 0)
            keys->items[i] = mg_arena_printf(a, "%s%s", to, k + n);
    }
}

/* Name of a constraint or index of t that uses column, or NULL. */
static const char *
column_user(const mg_table *t, const char *column)
{
    if (t->pk && mg_replay_list_has(&t->pk->columns, column))
        return t->pk->name;
    for (size_t i = 0; i < t->uniques.len; i++)
        if (mg_replay_list_has(&((mg_key *)t->uniques.items[i])->columns, column))
            return ((mg_key *)t->uniques.items[i])->name;
    for (size_t i = 0; i < t->fks.len; i++)
        if (mg_replay_list_has(&((mg_fk *)t->fks.items[i])->columns, column))
            return ((mg_fk *)t->fks.items[i])->name;
    for (size_t i = 0; i < t->indexes.len; i++) {
        const mg_index *x = t->indexes.items[i];
        if ((x->expression == NULL && keys_use(&x->keys, column)) ||
            mg_replay_list_has(&x->include, column))
            return x->name;
    }
    return NULL;
}

/* Name of an exclusion constraint of t whose elements or where name column, or NULL. */
static const char *
excl_user(mg_arena *a, const mg_table *t, const char *column)
{
    for (size_t i = 0; i < t->excls.len; i++) {
        const mg_exclusion *x = t->excls.items[i];
        mg_vec refs = {0};
        for (size_t j = 0; j < x->elements.len; j++) {
            const char *e = x->elements.items[j], *w = mg_excl_element_with(e);
            mg_exprscan_columns(a, w ? mg_arena_strndup(a, e, (size_t)(w - e)) : e, t->name, &refs);
        }
        if (x->where != NULL)
            mg_exprscan_columns(a, x->where, t->name, &refs);
        for (size_t j = 0; j < refs.len; j++)
            if (strcmp(((const mg_exprref *)refs.items[j])->name, column) == 0)
                return x->name;
    }
    return NULL;
}

int
mg_replay_drop_column(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    int i = mg_table_column_index(t, op->name);
    if (i < 0) {
        mg_diag_error(r->diag, op->loc, "drop_column: table \"%s\" has no column \"%s\"", t->name,
                      op->name);
        return -1;
    }
    const char *user = column_user(t, op->name);
    if (user == NULL)
        user = excl_user(r->arena, t, op->name);
    const mg_table *owner = NULL;
    const mg_fk *fk = mg_replay_referencing_fk(r->state, t->name, op->name, &owner);
    if (user == NULL && fk != NULL)
        user = fk->name;
    if (user) {
        mg_diag_error(r->diag, op->loc,
                      "drop_column: column \"%s.%s\" is used by \"%s\"; drop that first", t->name,
                      op->name, user);
        return -1;
    }
    if (mg_replay_seq_owned(r, op, t->name, op->name) != 0)
        return -1;
    filled->column_def = mg_column_copy(r->arena, t->columns.items[i]);
    mg_vec_remove(&t->columns, (size_t)i);
    *reverse = mg_replay_new_op(r, MG_OP_ADD_COLUMN, op);
    (*reverse)->column_def = filled->column_def;
    return 0;
}

static void
rename_in_list(mg_vec *v, const char *from, const char *to)
{
    for (size_t i = 0; i < v->len; i++)
        if (mg_str_equal(v->items[i], from))
            v->items[i] = (void *)to;
}

/* An exclusion element "expr WITH op" with the rename followed in expr (op names no column). */
static const char *
rename_in_element(mg_arena *a, const char *e, const char *table, const char *from, const char *to)
{
    const char *w = mg_excl_element_with(e);
    if (w == NULL)
        return mg_exprscan_rename(a, e, table, from, to);
    const char *expr = mg_arena_printf(a, "%.*s", (int)(w - e), e);
    const char *renamed = mg_exprscan_rename(a, expr, table, from, to);
    return renamed == expr ? e : mg_arena_printf(a, "%s%s", renamed, w);
}

/* Follows a column rename into every constraint and index that names the column, expressions
 * included, as PostgreSQL does. */
static void
rename_column_users(mg_replay *r, mg_table *t, const char *from, const char *to)
{
    if (t->pk)
        rename_in_list(&t->pk->columns, from, to);
    for (size_t i = 0; i < t->uniques.len; i++)
        rename_in_list(&((mg_key *)t->uniques.items[i])->columns, from, to);
    for (size_t i = 0; i < t->fks.len; i++)
        rename_in_list(&((mg_fk *)t->fks.items[i])->columns, from, to);
    for (size_t i = 0; i < t->indexes.len; i++) {
        mg_index *x = t->indexes.items[i];
        rename_in_keys(r->arena, &x->keys, from, to);
        rename_in_list(&x->include, from, to);
        x->expression = mg_exprscan_rename(r->arena, x->expression, t->name, from, to);
        x->where = mg_exprscan_rename(r->arena, x->where, t->name, from, to);
    }
    for (size_t i = 0; i < t->checks.len; i++) {
        mg_check *k = t->checks.items[i];
        k->expr = mg_exprscan_rename(r->arena, k->expr, t->name, from, to);
    }
    for (size_t i = 0; i < t->excls.len; i++) {
        mg_exclusion *x = t->excls.items[i];
        for (size_t j = 0; j < x->elements.len; j++)
            x->elements.items[j] =
                (void *)rename_in_element(r->arena, x->elements.items[j], t->name, from, to);
        x->where = mg_exprscan_rename(r->arena, x->where, t->name, from, to);
    }
    const char *key = t->partition_by ? strchr(t->partition_by, '(') : NULL;
    if (key != NULL) /* PostgreSQL follows the rename in the partition key */
        t->partition_by =
            mg_arena_printf(r->arena, "%.*s%s", (int)(key - t->partition_by), t->partition_by,
                            mg_exprscan_rename(r->arena, key, t->name, from, to));
    for (size_t i = 0; i < r->state->tables.len; i++) {
        mg_table *o = r->state->tables.items[i];
        for (size_t j = 0; j < o->fks.len; j++) {
            mg_fk *fk = o->fks.items[j];
            if (strcmp(fk->ref_table, t->name) == 0)
                rename_in_list(&fk->ref_columns, from, to);
        }
    }
}

int
mg_replay_rename_column(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    mg_column *c = mg_table_column(t, op->from);
    if (c == NULL || mg_table_column(t, op->to)) {
        mg_diag_error(r->diag, op->loc, "rename_column: table \"%s\" %s column \"%s\"", t->name,
                      c == NULL ? "has no" : "already has a", c == NULL ? op->from : op->to);
        return -1;
    }
    mg_replay_keep_identity_seq(r, t->name, c, t->name, op->to);
    c->name = op->to;
    if (c->later_names)
        mg_vec_push(r->arena, c->later_names, (void *)op->to);
    rename_column_users(r, t, op->from, op->to);
    mg_replay_seq_follow(r, t->name, t->name, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_COLUMN, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

/* "name" with embedded double quotes doubled. */
static const char *
quote_ident(mg_arena *a, const char *name)
{
    size_t n = strlen(name), quotes = 0;
    for (size_t i = 0; i < n; i++)
        quotes += name[i] == '"';
    char *out = mg_arena_alloc(a, n + quotes + 3), *p = out;
    *p++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (name[i] == '"')
            *p++ = '"';
        *p++ = name[i];
    }
    *p++ = '"';
    *p = '\0';
    return out;
}

/* USING "col"::text::"type" when type is an enum of the state: PostgreSQL has no cast from
 * other types to an enum, so a type change to one needs it (and so does its reverse). */
static const char *
enum_using(mg_replay *r, const char *column, const char *type)
{
    if (mg_schema_enum(r->state, type) == NULL)
        return NULL;
    return mg_arena_printf(r->arena, "%s::text::%s", quote_ident(r->arena, column),
                           quote_ident(r->arena, type));
}

/* A default cannot always be cast to a new type (varchar 'active' to an enum): the rendered
 * change drops the default, changes the type and sets the default the column has afterwards,
 * so the filled op always carries that default. */
static void
fill_type_change(mg_replay *r, const mg_op *op, mg_op *filled, const mg_column *c)
{
    filled->default_set = true;
    filled->default_expr = op->default_set ? op->default_expr : c->default_expr;
    if (op->using_expr == NULL)
        filled->using_expr = enum_using(r, c->name, op->type);
}

/* The collation and generation parts of alter_column on column c (its type already the new
 * one): the reverse restores the collation; a collation change alone is rendered with the
 * column's type (filled). A generation expression can only be dropped. */
static int
alter_collation(mg_replay *r, const mg_op *op, mg_op *filled, mg_op *rev, mg_column *c)
{
    if (op->drop_expression && c->generated == NULL) {
        mg_diag_error(r->diag, op->loc,
                      "alter_column: column \"%s\" is not a generated column (generated: null "
                      "drops a generation expression)",
                      c->name);
        return -1;
    }
    if (op->drop_expression)
        c->generated = NULL;
    if (!op->collation_set)
        return 0;
    rev->collation_set = true;
    rev->collation = c->collation;
    if (!op->has_type)
        filled->type = c->type;
    c->collation = op->collation;
    return 0;
}

int
mg_replay_alter_column(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    mg_column *c = mg_table_column(t, op->name);
    if (c == NULL) {
        mg_diag_error(r->diag, op->loc, "alter_column: table \"%s\" has no column \"%s\"", t->name,
                      op->name);
        return -1;
    }
    if (op->has_type && !mg_replay_type_ok(r, op, c, op->type))
        return -1;
    mg_op *rev = mg_replay_new_op(r, MG_OP_ALTER_COLUMN, op);
    rev->name = c->name;
    rev->has_type = op->has_type;
    rev->type = c->type;
    rev->using_expr = op->down_using ? op->down_using
                      : op->has_type ? enum_using(r, c->name, c->type)
                                     : NULL;
    rev->narrows = op->has_type && !mg_diff_type_widens(op->type, c->type);
    filled->narrows = op->has_type && !mg_diff_type_widens(c->type, op->type);
    rev->nullable_set = op->nullable_set;
    rev->nullable = c->nullable;
    rev->default_set = op->default_set || op->has_type;
    rev->default_expr = c->default_expr;
    if (op->has_type)
        fill_type_change(r, op, filled, c);
    if (op->has_type)
        c->type = op->type;
    if (op->nullable_set)
        c->nullable = op->nullable;
    if (op->default_set)
        c->default_expr = op->default_expr;
    if (alter_collation(r, op, filled, rev, c) != 0)
        return -1;
    *reverse = op->irreversible ? NULL : rev;
    return 0;
}
