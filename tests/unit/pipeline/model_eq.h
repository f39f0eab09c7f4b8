/* migc tests: structural equality of model objects, shared by test_replay.c and test_diff.c.
 * Locations and diff hints are ignored; everything that reaches the database is compared. */
#ifndef MIGC_TEST_MODEL_EQ_H
#define MIGC_TEST_MODEL_EQ_H

#include <stdio.h>
#include <string.h>

#include "model.h"

/* "no action" is the default foreign key action; NULL and "btree" likewise for methods. */
static inline const char *
eq_or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

static inline bool
eq_column(const mg_column *x, const mg_column *y)
{
    return mg_str_equal(x->name, y->name) && mg_str_equal(x->type, y->type) &&
           x->nullable == y->nullable && mg_str_equal(x->default_expr, y->default_expr) &&
           mg_str_equal(x->identity, y->identity) && mg_str_equal(x->comment, y->comment);
}

static inline bool
eq_key(const mg_key *x, const mg_key *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return mg_str_equal(x->name, y->name) && mg_strvec_equal(&x->columns, &y->columns);
}

static inline bool
eq_check(const mg_check *x, const mg_check *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return mg_str_equal(x->name, y->name) && mg_str_equal(x->expr, y->expr);
}

static inline bool
eq_fk(const mg_fk *x, const mg_fk *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return mg_str_equal(x->name, y->name) && mg_strvec_equal(&x->columns, &y->columns) &&
           mg_str_equal(x->ref_table, y->ref_table) &&
           mg_strvec_equal(&x->ref_columns, &y->ref_columns) &&
           mg_str_equal(eq_or(x->on_delete, "no action"), eq_or(y->on_delete, "no action")) &&
           mg_str_equal(eq_or(x->on_update, "no action"), eq_or(y->on_update, "no action")) &&
           x->deferrable == y->deferrable && x->initially_deferred == y->initially_deferred;
}

static inline bool
eq_index(const mg_index *x, const mg_index *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return mg_str_equal(x->name, y->name) && mg_strvec_equal(&x->keys, &y->keys) &&
           mg_str_equal(x->expression, y->expression) && x->unique == y->unique &&
           mg_str_equal(eq_or(x->method, "btree"), eq_or(y->method, "btree")) &&
           mg_strvec_equal(&x->opclass, &y->opclass) && mg_strvec_equal(&x->include, &y->include) &&
           mg_str_equal(x->where, y->where) && x->concurrently == y->concurrently;
}

typedef bool (*eq_fn)(const void *, const void *);

/* Same objects by name in any order (a drop and its re-creation append at the end). */
static inline bool
eq_named_set(const mg_vec *x, const mg_vec *y, eq_fn eq)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const char *name = *(const char *const *)x->items[i]; /* every object starts with it */
        bool found = false;
        for (size_t j = 0; j < y->len && !found; j++)
            if (mg_str_equal(name, *(const char *const *)y->items[j]))
                found = eq(x->items[i], y->items[j]);
        if (!found)
            return false;
    }
    return true;
}

static inline bool
eq_key_v(const void *x, const void *y)
{
    return eq_key(x, y);
}

static inline bool
eq_check_v(const void *x, const void *y)
{
    return eq_check(x, y);
}

static inline bool
eq_fk_v(const void *x, const void *y)
{
    return eq_fk(x, y);
}

static inline bool
eq_index_v(const void *x, const void *y)
{
    return eq_index(x, y);
}

/* Tables: columns in physical order, constraints and indexes by name. */
static inline bool
eq_table(const mg_table *x, const mg_table *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    if (!mg_str_equal(x->name, y->name) || x->columns.len != y->columns.len ||
        !mg_str_equal(x->comment, y->comment) || !eq_key(x->pk, y->pk))
        return false;
    for (size_t i = 0; i < x->columns.len; i++)
        if (!eq_column(x->columns.items[i], y->columns.items[i]))
            return false;
    return eq_named_set(&x->uniques, &y->uniques, eq_key_v) &&
           eq_named_set(&x->checks, &y->checks, eq_check_v) &&
           eq_named_set(&x->fks, &y->fks, eq_fk_v) &&
           eq_named_set(&x->indexes, &y->indexes, eq_index_v);
}

static inline bool
eq_table_v(const void *x, const void *y)
{
    return eq_table(x, y);
}

static inline bool
eq_enum(const mg_enum *x, const mg_enum *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return mg_str_equal(x->name, y->name) && mg_strvec_equal(&x->values, &y->values);
}

static inline bool
eq_enum_v(const void *x, const void *y)
{
    return eq_enum(x, y);
}

static inline bool
eq_ext_v(const void *x, const void *y)
{
    return mg_str_equal(((const mg_ext *)x)->name, ((const mg_ext *)y)->name);
}

/* Two schema states hold the same objects (tables, enums, extensions in any order). */
static inline bool
eq_schema(const mg_schema *x, const mg_schema *y)
{
    return eq_named_set(&x->extensions, &y->extensions, eq_ext_v) &&
           eq_named_set(&x->enums, &y->enums, eq_enum_v) &&
           eq_named_set(&x->tables, &y->tables, eq_table_v);
}

/* Name of the object an add/create operation carries in its definition. */
static inline const char *
eq_op_name(const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_SET_PRIMARY_KEY:
    case MG_OP_ADD_UNIQUE:
        return op->key ? op->key->name : op->name;
    case MG_OP_ADD_CHECK:
        return op->check ? op->check->name : op->name;
    case MG_OP_ADD_FOREIGN_KEY:
        return op->fk ? op->fk->name : op->name;
    case MG_OP_CREATE_INDEX:
        return op->index ? op->index->name : op->name;
    case MG_OP_CREATE_TABLE:
        return op->table_def ? op->table_def->name : op->name;
    case MG_OP_ADD_COLUMN:
        return op->column_def ? op->column_def->name : op->name;
    default:
        return op->name;
    }
}

static inline bool
eq_op_alter(const mg_op *x, const mg_op *y)
{
    if (x->has_type != y->has_type || x->nullable_set != y->nullable_set ||
        x->default_set != y->default_set)
        return false;
    if (x->has_type &&
        (!mg_str_equal(x->type, y->type) || !mg_str_equal(x->using_expr, y->using_expr)))
        return false;
    if (x->nullable_set && x->nullable != y->nullable)
        return false;
    return !x->default_set || mg_str_equal(x->default_expr, y->default_expr);
}

/* Two operations say the same thing (what a revision file can express). */
static inline bool
eq_op(const mg_op *x, const mg_op *y)
{
    if (x->kind != y->kind || !mg_str_equal(eq_op_name(x), eq_op_name(y)) ||
        !mg_str_equal(x->table, y->table) || !mg_str_equal(x->column, y->column) ||
        !mg_str_equal(x->from, y->from) || !mg_str_equal(x->to, y->to) ||
        !mg_str_equal(x->enum_name, y->enum_name) || !mg_str_equal(x->value, y->value) ||
        !mg_str_equal(x->before, y->before) || !mg_str_equal(x->after, y->after) ||
        !mg_strvec_equal(&x->values, &y->values) || !mg_str_equal(x->comment, y->comment) ||
        !mg_str_equal(x->sql_up, y->sql_up) || !mg_str_equal(x->sql_down, y->sql_down))
        return false;
    if ((x->table_def || y->table_def) && !eq_table(x->table_def, y->table_def))
        return false;
    if ((x->column_def || y->column_def) &&
        (!x->column_def || !y->column_def || !eq_column(x->column_def, y->column_def)))
        return false;
    if (x->kind == MG_OP_ALTER_COLUMN && !eq_op_alter(x, y))
        return false;
    return eq_key(x->key, y->key) && eq_check(x->check, y->check) && eq_fk(x->fk, y->fk) &&
           eq_index(x->index, y->index);
}

/* Prints which operations of two lists differ; true when they are equal. */
static inline bool
eq_ops(const mg_vec *x, const mg_vec *y)
{
    bool ok = x->len == y->len;
    if (!ok)
        fprintf(stderr, "operation lists differ in length: %zu vs %zu\n", x->len, y->len);
    for (size_t i = 0; i < x->len && i < y->len; i++) {
        const mg_op *a = x->items[i], *b = y->items[i];
        if (!eq_op(a, b)) {
            fprintf(stderr, "operation %zu differs: %s %s vs %s %s\n", i, mg_op_kind_name(a->kind),
                    eq_op_name(a) ? eq_op_name(a) : "", mg_op_kind_name(b->kind),
                    eq_op_name(b) ? eq_op_name(b) : "");
            ok = false;
        }
    }
    return ok;
}

#endif
