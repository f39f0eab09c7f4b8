/* migc generator: the diff of tables, constraints and indexes (columns: diff_columns.c).
 * Phases run over every table in turn: renames, drops of changed objects, alters, creates, FKs. */
#include "diff_internal.h"

#include <string.h>

#include "exprnorm.h"

static bool
key_eq(const mg_key *x, const mg_key *y)
{
    return strcmp(x->name, y->name) == 0 && mg_strvec_equal(&x->columns, &y->columns) &&
           x->nulls_not_distinct == y->nulls_not_distinct && x->deferrable == y->deferrable &&
           x->initially_deferred == y->initially_deferred;
}

static const char *
action(const char *a)
{
    return a ? a : "no action";
}

/* The referenced columns of fk in schema s: as written, else the referenced table's primary key
 * (`references: films` and `references: { table: films, columns: [id] }` are one key). */
static const mg_vec *
fk_refs(const mg_schema *s, const mg_fk *fk)
{
    const mg_table *t =
        fk->ref_columns.len == 0 && s != NULL ? mg_schema_table(s, fk->ref_table) : NULL;
    return t != NULL && t->pk != NULL ? &t->pk->columns : &fk->ref_columns;
}

/* x of schema sx and y of sy are the same foreign key (names aside). */
static bool
fk_same_in(const mg_schema *sx, const mg_fk *x, const mg_schema *sy, const mg_fk *y)
{
    return mg_strvec_equal(&x->columns, &y->columns) && strcmp(x->ref_table, y->ref_table) == 0 &&
           mg_strvec_equal(fk_refs(sx, x), fk_refs(sy, y)) &&
           strcmp(action(x->on_delete), action(y->on_delete)) == 0 &&
           strcmp(action(x->on_update), action(y->on_update)) == 0 &&
           x->deferrable == y->deferrable && x->initially_deferred == y->initially_deferred;
}

static bool
index_eq(const mg_index *x, const mg_index *y)
{
    return mg_strvec_equal(&x->keys, &y->keys) && mg_str_equal(x->expression, y->expression) &&
           x->unique == y->unique && mg_str_equal(x->method, y->method) &&
           mg_strvec_equal(&x->opclass, &y->opclass) && mg_strvec_equal(&x->include, &y->include) &&
           mg_str_equal(x->where, y->where);
}

/* True when expression x of table tx and y of table ty (NULL when none) are the same in their
 * normal form: a cosmetic edit is no change. */
static bool
expr_same(differ *df, const char *x, const mg_table *tx, const char *y, const mg_table *ty)
{
    mg_exprctx cx = {tx, NULL}, cy = {ty, NULL};
    return mg_expr_same(df->a, x, &cx, y, &cy);
}

static bool
keys_same(differ *df, const mg_vec *x, const mg_table *tx, const mg_vec *y, const mg_table *ty)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!expr_same(df, x->items[i], tx, y->items[i], ty))
            return false;
    return true;
}

/* index_eq, or equal with key columns, expression and where compared in their normal form. */
static bool
index_same(differ *df, const mg_index *x, const mg_table *tx, const mg_index *y, const mg_table *ty)
{
    if (index_eq(x, y))
        return true;
    return keys_same(df, &x->keys, tx, &y->keys, ty) &&
           expr_same(df, x->expression, tx, y->expression, ty) && x->unique == y->unique &&
           mg_str_equal(x->method, y->method) && mg_strvec_equal(&x->opclass, &y->opclass) &&
           mg_strvec_equal(&x->include, &y->include) && expr_same(df, x->where, tx, y->where, ty);
}

/* The operator of an exclusion element (after WITH, blanks trimmed) in a, and its expression
 * before WITH in *expr. */
static const char *
element_split(mg_arena *a, const char *e, const char **expr)
{
    const char *w = mg_excl_element_with(e);
    if (w == NULL) {
        *expr = e;
        return "";
    }
    *expr = mg_arena_printf(a, "%.*s", (int)(w - e), e);
    const char *op = w + 4;
    while (*op == ' ' || *op == '\t' || *op == '\n')
        op++;
    size_t n = strlen(op);
    while (n > 0 && (op[n - 1] == ' ' || op[n - 1] == '\t' || op[n - 1] == '\n'))
        n--;
    return mg_arena_printf(a, "%.*s", (int)n, op);
}

/* Equal exclusion constraints: elements and where compared in their normal form. */
static bool
excl_same(differ *df, const mg_exclusion *x, const mg_table *tx, const mg_exclusion *y,
          const mg_table *ty)
{
    if (!mg_str_equal(x->method, y->method) || x->elements.len != y->elements.len ||
        x->deferrable != y->deferrable || x->initially_deferred != y->initially_deferred ||
        !expr_same(df, x->where, tx, y->where, ty))
        return false;
    for (size_t i = 0; i < x->elements.len; i++) {
        const char *ex, *ey;
        const char *ox = element_split(df->a, x->elements.items[i], &ex);
        const char *oy = element_split(df->a, y->elements.items[i], &ey);
        if (strcmp(ox, oy) != 0 || !expr_same(df, ex, tx, ey, ty))
            return false;
    }
    return true;
}

static void *
find_named(const mg_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++) {
        const char *const *obj = v->items[i]; /* every object starts with its name */
        if (strcmp(*obj, name) == 0)
            return v->items[i];
    }
    return NULL;
}

static int
rename_columns(differ *df, const mg_table *w, const mg_table *t)
{
    for (size_t i = 0; i < w->columns.len; i++) {
        const mg_column *c = w->columns.items[i];
        const char *from = c->renamed_from;
        if (from == NULL || mg_table_column(t, c->name) || !mg_table_column(t, from) ||
            mg_table_column(w, from))
            continue;
        mg_hint h = {MG_OP_RENAME_COLUMN, w->name, c->name, from, false, c->renamed_from_loc};
        if (mg_diff_hint_fresh(df, &h) == NULL)
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_COLUMN, c->loc);
        op->table = w->name;
        op->from = from;
        op->to = c->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_tables_rename(differ *df)
{
    for (size_t i = 0; i < df->want->tables.len; i++) {
        const mg_table *w = df->want->tables.items[i];
        const char *from = w->renamed_from;
        mg_hint h = {MG_OP_RENAME_TABLE, w->name, NULL, from, false, w->renamed_from_loc};
        if (from && !mg_diff_work_table(df, w->name) && mg_diff_work_table(df, from) &&
            !mg_diff_want_table(df, from) && mg_diff_hint_fresh(df, &h) != NULL) {
            mg_op *op = mg_diff_op(df, MG_OP_RENAME_TABLE, w->loc);
            op->from = from;
            op->to = w->name;
            if (mg_diff_emit(df, op) != 0)
                return -1;
        }
        const mg_table *t = mg_diff_work_table(df, w->name);
        if (t && rename_columns(df, w, t) != 0)
            return -1;
    }
    return 0;
}

/* Emits a drop of kind for the object called name on table. */
static int
drop_named(differ *df, mg_op_kind kind, const char *table, const char *name, mg_loc loc)
{
    mg_op *op = mg_diff_op(df, kind, loc);
    op->table = kind == MG_OP_DROP_INDEX ? NULL : table;
    op->name = name;
    return mg_diff_emit(df, op);
}

/* True when the primary key or unique constraint that fk references is dropped by this diff
 * (PostgreSQL refuses to drop it while the foreign key exists: drop and re-add the key). */
static bool
fk_target_changes(differ *df, const mg_fk *fk)
{
    const mg_table *target = mg_diff_work_table(df, fk->ref_table);
    const mg_table *want = mg_diff_want_table(df, fk->ref_table);
    if (target == NULL || want == NULL)
        return false;
    if (target->pk &&
        (fk->ref_columns.len == 0 || mg_strvec_equal(&fk->ref_columns, &target->pk->columns)))
        return !(want->pk && key_eq(target->pk, want->pk));
    for (size_t i = 0; i < target->uniques.len; i++) {
        const mg_key *u = target->uniques.items[i];
        if (!mg_strvec_equal(&fk->ref_columns, &u->columns))
            continue;
        const mg_key *wu = find_named(&want->uniques, u->name);
        return !(wu && key_eq(u, wu));
    }
    return false;
}

static int
drop_changed_fks(differ *df, const mg_table *t, const mg_table *w)
{
    for (size_t i = 0; i < t->fks.len;) {
        const mg_fk *fk = t->fks.items[i];
        const mg_fk *want = w ? find_named(&w->fks, fk->name) : NULL;
        if (want && fk_same_in(df->work, fk, df->want, want) && !fk_target_changes(df, fk)) {
            i++;
            continue;
        }
        if (drop_named(df, MG_OP_DROP_FOREIGN_KEY, t->name, fk->name, fk->loc) != 0)
            return -1;
    }
    return 0;
}

static int
drop_changed_objects(differ *df, const mg_table *t, const mg_table *w)
{
    for (size_t i = 0; i < t->indexes.len;) {
        const mg_index *x = t->indexes.items[i];
        const mg_index *want = find_named(&w->indexes, x->name);
        if (want && index_same(df, x, t, want, w) && (i++, 1))
            continue;
        if (drop_named(df, MG_OP_DROP_INDEX, t->name, x->name, x->loc) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->excls.len;) {
        const mg_exclusion *x = t->excls.items[i];
        const mg_exclusion *want = find_named(&w->excls, x->name);
        if (want && excl_same(df, x, t, want, w) && (i++, 1))
            continue;
        if (drop_named(df, MG_OP_DROP_EXCLUSION, t->name, x->name, x->loc) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->checks.len;) {
        const mg_check *c = t->checks.items[i];
        const mg_check *want = find_named(&w->checks, c->name);
        if (want && expr_same(df, c->expr, t, want->expr, w) && (i++, 1))
            continue;
        if (drop_named(df, MG_OP_DROP_CHECK, t->name, c->name, c->loc) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->uniques.len;) {
        const mg_key *k = t->uniques.items[i];
        const mg_key *want = find_named(&w->uniques, k->name);
        if (want && key_eq(k, want) && (i++, 1))
            continue;
        if (drop_named(df, MG_OP_DROP_UNIQUE, t->name, k->name, k->loc) != 0)
            return -1;
    }
    if (t->pk && !(w->pk && key_eq(t->pk, w->pk)))
        return drop_named(df, MG_OP_DROP_PRIMARY_KEY, t->name, NULL, t->pk->loc);
    return 0;
}

int
mg_diff_tables_drop_objects(differ *df)
{
    for (size_t i = 0; i < df->work->tables.len; i++) {
        const mg_table *t = df->work->tables.items[i];
        if (drop_changed_fks(df, t, mg_diff_want_table(df, t->name)) != 0)
            return -1;
    }
    for (size_t i = 0; i < df->work->tables.len; i++) {
        const mg_table *t = df->work->tables.items[i];
        const mg_table *w = mg_diff_want_table(df, t->name);
        if (w && drop_changed_objects(df, t, w) != 0)
            return -1;
    }
    return 0;
}

/* validate_constraint of a check or foreign key the revisions left NOT VALID (hand-written
 * not_valid: true without its VALIDATE): schema.yaml declares it validated. */
static mg_op *
validate_op(differ *df, const char *table, const char *name, mg_loc loc)
{
    mg_op *op = mg_diff_op(df, MG_OP_VALIDATE_CONSTRAINT, loc);
    op->table = table;
    op->name = name;
    return op;
}

/* Adds the constraints and indexes of w that t lacks (foreign keys wait for all tables). */
static int
add_objects(differ *df, const mg_table *w, const mg_table *t)
{
    mg_vec ops = {0};
    if (w->pk && !t->pk) {
        mg_op *op = mg_diff_op(df, MG_OP_SET_PRIMARY_KEY, w->pk->loc);
        op->key = w->pk;
        mg_vec_push(df->a, &ops, op);
    }
    for (size_t i = 0; i < w->uniques.len; i++) {
        mg_key *k = w->uniques.items[i];
        if (find_named(&t->uniques, k->name))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_ADD_UNIQUE, k->loc);
        op->key = k;
        mg_vec_push(df->a, &ops, op);
    }
    for (size_t i = 0; i < w->checks.len; i++) {
        mg_check *c = w->checks.items[i];
        const mg_check *have = find_named(&t->checks, c->name);
        if (have != NULL && have->not_valid)
            mg_vec_push(df->a, &ops, validate_op(df, w->name, c->name, c->loc));
        if (have != NULL)
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_ADD_CHECK, c->loc);
        op->check = c;
        mg_vec_push(df->a, &ops, op);
    }
    for (size_t i = 0; i < w->indexes.len; i++) {
        mg_index *x = w->indexes.items[i];
        if (find_named(&t->indexes, x->name))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_CREATE_INDEX, x->loc);
        op->index = x;
        mg_vec_push(df->a, &ops, op);
    }
    for (size_t i = 0; i < w->excls.len; i++) {
        mg_exclusion *x = w->excls.items[i];
        if (find_named(&t->excls, x->name))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_ADD_EXCLUSION, x->loc);
        op->excl = x;
        mg_vec_push(df->a, &ops, op);
    }
    for (size_t i = 0; i < ops.len; i++) {
        mg_op *op = ops.items[i];
        op->table = w->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

static void
defer_fk(differ *df, const mg_table *w, mg_fk *fk)
{
    mg_op *op = mg_diff_op(df, MG_OP_ADD_FOREIGN_KEY, fk->loc);
    op->table = w->name;
    op->fk = fk;
    mg_vec_push(df->a, &df->deferred_fks, op);
}

/* The next character of x that counts: blanks outside quotes skipped, letters outside quotes
 * folded to lower case; *q is the quote x is in (0: none). */
static const char *
loose_next(const char *x, char *q, char *ch)
{
    while (*q == 0 && (*x == ' ' || *x == '\n' || *x == '\t'))
        x++;
    *ch = *x;
    if (*x == '\0')
        return x;
    if (*q == 0 && (*x == '\'' || *x == '"'))
        *q = *x;
    else if (*q != 0 && *x == *q)
        *q = 0;
    else if (*q == 0 && *x >= 'A' && *x <= 'Z')
        *ch = (char)(*x - 'A' + 'a');
    return x + 1;
}

/* Partition keys and bounds that differ only in blanks or the case of keywords and plain names
 * are the same (as the drift check compares them). */
static bool
loose_equal(const char *x, const char *y)
{
    char qx = 0, qy = 0, cx, cy;
    if (x == NULL || y == NULL)
        return x == y;
    do {
        x = loose_next(x, &qx, &cx);
        y = loose_next(y, &qy, &cy);
    } while (cx == cy && cx != '\0');
    return cx == cy;
}

/* PostgreSQL cannot change the type of a column in the partition key. */
static int
key_types_same(differ *df, const mg_table *w, const mg_table *t)
{
    mg_vec key = {0};
    if (t->partition_by == NULL || !mg_partition_columns(df->a, t->partition_by, &key))
        return 0;
    for (size_t i = 0; i < key.len; i++) {
        const mg_column *have = mg_table_column(t, key.items[i]);
        const mg_column *want = mg_table_column(w, key.items[i]);
        if (have == NULL || want == NULL || strcmp(have->type, want->type) == 0)
            continue;
        mg_diag_error(df->d, want->type_loc.line ? want->type_loc : want->loc,
                      "column \"%s.%s\" is in the partition key: PostgreSQL cannot change its "
                      "type (%s to %s); create a new table, copy the rows with a sql step, drop "
                      "the old one and rename the new",
                      w->name, want->name, have->type, want->type);
        return -1;
    }
    return 0;
}

/* PostgreSQL cannot change how an existing table is partitioned, nor what a partition is of or
 * holds in place: refused, with the manual path. */
static int
partitioning_same(differ *df, const mg_table *w, const mg_table *t)
{
    if (!loose_equal(w->partition_by, t->partition_by)) {
        mg_diag_error(df->d, w->partition_loc,
                      "table \"%s\": partition_by cannot change (now %s, declared %s); "
                      "PostgreSQL cannot repartition a table in place: create a new table, copy "
                      "the rows with a sql step, drop the old one and rename the new",
                      w->name, t->partition_by ? t->partition_by : "none",
                      w->partition_by ? w->partition_by : "none");
        return -1;
    }
    if (key_types_same(df, w, t) != 0)
        return -1;
    if (!mg_str_equal(w->partition_of, t->partition_of) || !loose_equal(w->bounds, t->bounds)) {
        mg_diag_error(df->d, w->partition_loc,
                      "table \"%s\": partition_of and bounds cannot change (now %s); "
                      "give the partition a new name (the old one is dropped) or detach and "
                      "attach it by hand in a sql step",
                      w->name,
                      t->partition_of ? mg_arena_printf(df->a, "a partition of %s, %s",
                                                        t->partition_of, t->bounds)
                                      : "not a partition");
        return -1;
    }
    return 0;
}

/* set_comment of each index of t (as the diff left it) whose comment w changes. */
static int
index_comments(differ *df, const mg_table *w, const mg_table *t)
{
    for (size_t i = 0; t != NULL && i < w->indexes.len; i++) {
        const mg_index *x = w->indexes.items[i];
        const mg_index *have = find_named(&t->indexes, x->name);
        if (have == NULL || mg_str_equal(have->comment, x->comment))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_SET_COMMENT, x->loc);
        op->table = w->name;
        op->index_name = x->name;
        op->comment = x->comment;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

/* set_comment of constraint name of w when its comment have (as the diff left it) is not want. */
static int
constraint_comment(differ *df, const mg_table *w, const char *name, const char *want,
                   const char *have, mg_loc loc)
{
    return mg_diff_comment_op(df, w, NULL, name, want, have, loc);
}

/* The comments of the keys, checks, foreign keys and exclusion constraints of w that t (as the
 * diff left it) has. */
static int
constraint_comments(differ *df, const mg_table *w, const mg_table *t)
{
    int rc = 0;
    if (t == NULL)
        return 0;
    if (w->pk != NULL && t->pk != NULL && strcmp(w->pk->name, t->pk->name) == 0)
        rc = constraint_comment(df, w, w->pk->name, w->pk->comment, t->pk->comment, w->pk->loc);
    for (size_t i = 0; rc == 0 && i < w->uniques.len; i++) {
        const mg_key *k = w->uniques.items[i], *have = find_named(&t->uniques, k->name);
        if (have != NULL)
            rc = constraint_comment(df, w, k->name, k->comment, have->comment, k->loc);
    }
    for (size_t i = 0; rc == 0 && i < w->checks.len; i++) {
        const mg_check *c = w->checks.items[i], *have = find_named(&t->checks, c->name);
        if (have != NULL)
            rc = constraint_comment(df, w, c->name, c->comment, have->comment, c->loc);
    }
    for (size_t i = 0; rc == 0 && i < w->fks.len; i++) {
        const mg_fk *fk = w->fks.items[i], *have = find_named(&t->fks, fk->name);
        if (have != NULL)
            rc = constraint_comment(df, w, fk->name, fk->comment, have->comment, fk->loc);
    }
    for (size_t i = 0; rc == 0 && i < w->excls.len; i++) {
        const mg_exclusion *x = w->excls.items[i], *have = find_named(&t->excls, x->name);
        if (have != NULL)
            rc = constraint_comment(df, w, x->name, x->comment, have->comment, x->loc);
    }
    return rc;
}

/* alter_table or alter_index name (of table) from the storage parameters have to want, unless
 * they are the same. */
static int
storage_change(differ *df, mg_op_kind kind, const char *name, const char *table, const mg_vec *want,
               const mg_vec *have, mg_loc loc)
{
    if (mg_with_equal(want, have))
        return 0;
    mg_op *op = mg_diff_op(df, kind, loc);
    op->name = name;
    op->table = table;
    for (size_t i = 0; i < want->len; i++) {
        const mg_check *c = want->items[i], *was = mg_with_get(have, c->name);
        if (was == NULL || strcmp(was->expr, c->expr) != 0)
            mg_with_put(df->a, &op->with_set, c);
    }
    for (size_t i = 0; i < have->len; i++) {
        const mg_check *c = have->items[i];
        if (mg_with_get(want, c->name) == NULL) {
            mg_check *reset = mg_arena_alloc(df->a, sizeof(*reset));
            reset->name = c->name;
            reset->loc = loc;
            mg_with_put(df->a, &op->with_reset, reset);
        }
    }
    return mg_diff_emit(df, op);
}

/* The storage parameters of table w and of its indexes, against t as the diff left it. */
static int
storage_params(differ *df, const mg_table *w, const mg_table *t)
{
    if (t == NULL)
        return 0;
    if (storage_change(df, MG_OP_ALTER_TABLE, w->name, w->name, &w->with, &t->with, w->loc) != 0)
        return -1;
    for (size_t i = 0; i < w->indexes.len; i++) {
        const mg_index *x = w->indexes.items[i];
        const mg_index *have = find_named(&t->indexes, x->name);
        if (have != NULL && t->partition_by != NULL && !mg_with_equal(&x->with, &have->with)) {
            mg_diag_error(df->d, x->loc,
                          "index \"%s\" of partitioned table \"%s\": PostgreSQL 15 cannot change "
                          "the storage parameters of a partitioned index; give the index another "
                          "name (the old one is dropped, the new one built with them)",
                          x->name, w->name);
            return -1;
        }
        if (have != NULL && storage_change(df, MG_OP_ALTER_INDEX, x->name, w->name, &x->with,
                                           &have->with, x->loc) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_tables_alter(differ *df)
{
    for (size_t i = 0; i < df->want->tables.len; i++) {
        const mg_table *w = df->want->tables.items[i];
        const mg_table *t = mg_diff_work_table(df, w->name);
        if (t == NULL)
            continue;
        if (partitioning_same(df, w, t) != 0 || mg_diff_alter_columns(df, w, t) != 0 ||
            add_objects(df, w, t) != 0 ||
            index_comments(df, w, mg_diff_work_table(df, w->name)) != 0 ||
            storage_params(df, w, mg_diff_work_table(df, w->name)) != 0 ||
            constraint_comments(df, w, mg_diff_work_table(df, w->name)) != 0)
            return -1;
        for (size_t j = 0; j < w->fks.len; j++) {
            mg_fk *fk = w->fks.items[j];
            const mg_fk *have = find_named(&t->fks, fk->name);
            if (have == NULL)
                defer_fk(df, w, fk);
            else if (have->not_valid)
                mg_vec_push(df->a, &df->deferred_fks, validate_op(df, w->name, fk->name, fk->loc));
        }
    }
    return 0;
}

/* The new tables: partitioned and plain ones (partitions false), or partitions, which come
 * after their parents. */
void
mg_diff_table_snapshot_ops(mg_arena *a, const mg_table *w, mg_vec *out)
{
    mg_table *def = mg_table_copy(a, w);
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = MG_OP_CREATE_TABLE;
    op->name = w->name;
    op->table_def = def;
    def->fks = (mg_vec){0};
    mg_vec_push(a, out, op);
    for (size_t j = 0; j < w->fks.len; j++) {
        mg_fk *fk = w->fks.items[j];
        if (strcmp(fk->ref_table, w->name) == 0) {
            mg_vec_push(a, &def->fks, fk);
            continue;
        }
        mg_op *add = mg_arena_alloc(a, sizeof(*add));
        add->kind = MG_OP_ADD_FOREIGN_KEY;
        add->table = w->name;
        add->fk = fk;
        mg_vec_push(a, out, add);
    }
}

/* A table of the head snapshot (options defer_fks): its create_table now, its other operations
 * (foreign keys to other tables) once every table exists. */
static int
create_snapshot_table(differ *df, const mg_table *w)
{
    mg_vec ops = {0};
    mg_diff_table_snapshot_ops(df->a, w, &ops);
    for (size_t i = 1; i < ops.len; i++)
        mg_vec_push(df->a, &df->deferred_fks, ops.items[i]);
    return mg_diff_emit(df, ops.items[0]);
}

static int
create_tables(differ *df, bool partitions)
{
    for (size_t i = 0; i < df->want->tables.len; i++) {
        const mg_table *w = df->want->tables.items[i];
        if (mg_diff_work_table(df, w->name) || (w->partition_of != NULL) != partitions)
            continue;
        if (df->opt->defer_fks) {
            if (create_snapshot_table(df, w) != 0)
                return -1;
            continue;
        }
        mg_table *def = mg_table_copy(df->a, w);
        def->fks = (mg_vec){0};
        for (size_t j = 0; j < w->fks.len; j++) {
            mg_fk *fk = w->fks.items[j];
            if (strcmp(fk->ref_table, w->name) == 0 || mg_diff_work_table(df, fk->ref_table))
                mg_vec_push(df->a, &def->fks, fk);
            else
                defer_fk(df, w, fk);
        }
        mg_op *op = mg_diff_op(df, MG_OP_CREATE_TABLE, w->loc);
        op->name = w->name;
        op->table_def = def;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_tables_drop(differ *df, bool partitions)
{
    for (size_t i = 0; i < df->work->tables.len;) {
        const mg_table *t = df->work->tables.items[i];
        if (mg_diff_want_table(df, t->name) || (t->partition_of != NULL) != partitions) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_TABLE, t->loc);
        op->name = t->name;
        mg_diff_destructive(df, "drop_table %s%s", t->name, "");
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

/* New plain and partitioned tables, then the partitions no longer declared go (a new one may
 * take their bounds), then the new partitions. */
int
mg_diff_tables_create(differ *df)
{
    if (create_tables(df, false) != 0 || mg_diff_tables_drop(df, true) != 0)
        return -1;
    return create_tables(df, true);
}

int
mg_diff_tables_add_fks(differ *df)
{
    for (size_t i = 0; i < df->deferred_fks.len; i++)
        if (mg_diff_emit(df, df->deferred_fks.items[i]) != 0)
            return -1;
    return 0;
}

/* The comparisons above, for the rename phase (diff_renames.c): names are not compared. */
bool
mg_diff_check_same(const mg_check *x, const mg_check *y)
{
    return strcmp(x->expr, y->expr) == 0;
}

bool
mg_diff_fk_same(const mg_fk *x, const mg_fk *y)
{
    return fk_same_in(NULL, x, NULL, y);
}

bool
mg_diff_index_same(const mg_index *x, const mg_index *y)
{
    return index_eq(x, y);
}

bool
mg_diff_excl_same(const mg_exclusion *x, const mg_exclusion *y)
{
    return mg_str_equal(x->method, y->method) && mg_strvec_equal(&x->elements, &y->elements) &&
           mg_str_equal(x->where, y->where) && x->deferrable == y->deferrable &&
           x->initially_deferred == y->initially_deferred;
}
