/* migc generator: replay of revisions into a schema state.
 * This file drives the replay and handles extensions, tables, columns, comments and sql. */
#include "replay.h"

#include <string.h>

#include "checksum.h"
#include "diff.h"
#include "exprscan.h"
#include "types.h"
#include "validate.h"

mg_op *
mg_replay_new_op(mg_replay *r, mg_op_kind kind, const mg_op *from)
{
    mg_op *op = mg_arena_alloc(r->arena, sizeof(*op));
    op->kind = kind;
    op->loc = from->loc;
    op->table = from->table;
    return op;
}

mg_table *
mg_replay_table(mg_replay *r, const mg_op *op, const char *name)
{
    mg_table *t = mg_schema_table(r->state, name);
    if (t == NULL)
        mg_diag_error(r->diag, op->loc, "%s: table \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), name);
    return t;
}

bool
mg_replay_columns_exist(mg_replay *r, const mg_op *op, const mg_table *t, const mg_vec *cols)
{
    for (size_t i = 0; i < cols->len; i++) {
        if (mg_table_column(t, cols->items[i]) == NULL) {
            mg_diag_error(r->diag, op->loc, "%s: table \"%s\" has no column \"%s\"",
                          mg_op_kind_name(op->kind), t->name, (const char *)cols->items[i]);
            return false;
        }
    }
    return true;
}

bool
mg_replay_type_ok(mg_replay *r, const mg_op *op, const mg_column *c, const char *type)
{
    if (mg_type_known(type, r->state, r->settings))
        return true;
    mg_diag_error(r->diag, op->loc,
                  "%s: column \"%s\" has unknown type \"%s\" (declare the enum, the extension, "
                  "or list it under external_types in module.yaml)",
                  mg_op_kind_name(op->kind), c->name, type);
    return false;
}

/* create/drop_extension; a drop learns the schema the extension is in (filled). */
int
mg_replay_extension_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_vec *v = &r->state->extensions;
    for (size_t i = 0; i < v->len; i++) {
        mg_ext *e = v->items[i];
        if (strcmp(e->name, op->name) != 0)
            continue;
        if (op->kind == MG_OP_CREATE_EXTENSION)
            break;
        mg_vec_remove(v, i);
        filled->ext_schema = e->schema;
        *reverse = mg_replay_new_op(r, MG_OP_CREATE_EXTENSION, op);
        (*reverse)->name = op->name;
        (*reverse)->ext_schema = e->schema;
        return 0;
    }
    if (op->kind == MG_OP_DROP_EXTENSION || mg_schema_extension(r->state, op->name)) {
        mg_diag_error(r->diag, op->loc, "%s: extension \"%s\" %s", mg_op_kind_name(op->kind),
                      op->name,
                      op->kind == MG_OP_DROP_EXTENSION ? "is not installed at this revision"
                                                       : "already exists");
        return -1;
    }
    mg_ext *e = mg_arena_alloc(r->arena, sizeof(*e));
    e->name = op->name;
    e->schema = op->ext_schema;
    e->loc = op->loc;
    mg_vec_push(r->arena, v, e);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_EXTENSION, op);
    (*reverse)->name = op->name;
    (*reverse)->ext_schema = op->ext_schema;
    return 0;
}

/* A partition's parent exists and is partitioned. */
static bool
parent_ok(mg_replay *r, const mg_op *op, const mg_table *def)
{
    if (def->partition_of == NULL)
        return true;
    const mg_table *p = mg_schema_table(r->state, def->partition_of);
    if (p == NULL || p->partition_by == NULL) {
        mg_diag_error(r->diag, op->loc, "create_table: partition \"%s\": table \"%s\" %s",
                      def->name, def->partition_of, p ? "is not partitioned" : "does not exist");
        return false;
    }
    return true;
}

/* The first partition of table name in s, or NULL. */
static const mg_table *
first_partition(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *t = s->tables.items[i];
        if (mg_str_equal(t->partition_of, name))
            return t;
    }
    return NULL;
}

/* create_table: the table checked against the state (types, parent, foreign keys), then added;
 * the reverse drops it. */
int
mg_replay_create_table(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_table *def = op->table_def;
    if (mg_schema_table(r->state, def->name)) {
        mg_diag_error(r->diag, op->loc, "create_table: table \"%s\" already exists", def->name);
        return -1;
    }
    if (!parent_ok(r, op, def))
        return -1;
    for (size_t i = 0; i < def->columns.len; i++) {
        const mg_column *c = def->columns.items[i];
        if (!mg_replay_type_ok(r, op, c, c->type))
            return -1;
    }
    mg_table *t = mg_table_copy(r->arena, def);
    t->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = t->later_names;
    mg_vec_push(r->arena, &r->state->tables, t); /* first: a foreign key may reference t */
    for (size_t i = 0; i < def->fks.len; i++)
        if (!mg_replay_fk_ok(r, op, t, def->fks.items[i]))
            return -1;
    *reverse = mg_replay_new_op(r, MG_OP_DROP_TABLE, op);
    (*reverse)->name = def->name;
    (*reverse)->table_def = mg_table_copy(r->arena, def);
    return 0;
}

bool
mg_replay_list_has(const mg_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++)
        if (mg_str_equal(v->items[i], name))
            return true;
    return false;
}

const mg_fk *
mg_replay_referencing_fk(const mg_schema *s, const char *table, const char *column,
                         const mg_table **owner)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *t = s->tables.items[i];
        for (size_t j = 0; j < t->fks.len; j++) {
            const mg_fk *fk = t->fks.items[j];
            if (strcmp(fk->ref_table, table) != 0)
                continue;
            if (column == NULL ? strcmp(t->name, table) == 0
                               : !mg_replay_list_has(&fk->ref_columns, column))
                continue;
            *owner = t;
            return fk;
        }
    }
    return NULL;
}

/* drop_table: filled with the definition dropped, which the reverse creates again. */
int
mg_replay_drop_table(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->name);
    if (t == NULL)
        return -1;
    const mg_table *owner = NULL;
    const mg_fk *fk = mg_replay_referencing_fk(r->state, t->name, NULL, &owner);
    if (fk) {
        mg_diag_error(r->diag, op->loc,
                      "drop_table: table \"%s\" is referenced by foreign key \"%s\" of table "
                      "\"%s\"; drop that first",
                      t->name, fk->name, owner->name);
        return -1;
    }
    if (mg_replay_seq_owned(r, op, t->name, NULL) != 0)
        return -1;
    const mg_table *part = first_partition(r->state, t->name);
    if (part != NULL) {
        mg_diag_error(r->diag, op->loc,
                      "drop_table: table \"%s\" has partition \"%s\"; drop that first", t->name,
                      part->name);
        return -1;
    }
    filled->table_def = mg_table_copy(r->arena, t);
    for (size_t i = 0; i < r->state->tables.len; i++)
        if (r->state->tables.items[i] == t)
            mg_vec_remove(&r->state->tables, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_TABLE, op);
    (*reverse)->name = t->name;
    (*reverse)->table_def = filled->table_def;
    return 0;
}

/* The name PostgreSQL gives the sequence of identity column col of table tbl, as
 * makeObjectName does: <tbl>_<col>_seq, the longer of the two names clipped (on a UTF-8
 * character boundary) until it fits in 63 bytes. Another relation of that name would make it
 * pick <...>_seq1: not followed. */
static const char *
identity_seq_name(mg_arena *a, const char *tbl, const char *col)
{
    size_t n1 = strlen(tbl), n2 = strlen(col), avail = 63 - (strlen("seq") + 2);
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    while (n1 > 0 && ((unsigned char)tbl[n1] & 0xC0) == 0x80)
        n1--;
    while (n2 > 0 && ((unsigned char)col[n2] & 0xC0) == 0x80)
        n2--;
    return mg_arena_printf(a, "%.*s_%.*s_seq", (int)n1, tbl, (int)n2, col);
}

void
mg_replay_keep_identity_seq(mg_replay *r, const char *tbl, mg_column *c, const char *new_tbl,
                            const char *new_col)
{
    if (c->identity == NULL)
        return;
    if (c->identity_seq == NULL)
        c->identity_seq = identity_seq_name(r->arena, tbl, c->name);
    if (strcmp(c->identity_seq, identity_seq_name(r->arena, new_tbl, new_col)) == 0)
        c->identity_seq = NULL;
}

/* rename_table, followed into sequences, views and identity sequence names. */
int
mg_replay_rename_table(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    mg_table *t = mg_replay_table(r, op, op->from);
    if (t == NULL)
        return -1;
    if (mg_schema_table(r->state, op->to)) {
        mg_diag_error(r->diag, op->loc, "rename_table: table \"%s\" already exists", op->to);
        return -1;
    }
    for (size_t i = 0; i < r->state->tables.len; i++) {
        mg_table *o = r->state->tables.items[i];
        for (size_t j = 0; j < o->fks.len; j++) {
            mg_fk *fk = o->fks.items[j];
            if (strcmp(fk->ref_table, op->from) == 0)
                fk->ref_table = op->to;
        }
        if (mg_str_equal(o->partition_of, op->from))
            o->partition_of = op->to;
    }
    for (size_t i = 0; i < t->columns.len; i++) {
        mg_column *c = t->columns.items[i];
        mg_replay_keep_identity_seq(r, t->name, c, op->to, c->name);
    }
    mg_replay_seq_follow(r, op->from, op->to, NULL, NULL);
    mg_replay_view_follow(r, op->from, op->to);
    t->name = op->to;
    if (t->later_names)
        mg_vec_push(r->arena, t->later_names, (void *)op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_TABLE, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

/* The comment of constraint name of t (primary key, unique, check, foreign key or exclusion
 * constraint); NULL when t has none of that name. */
static const char **
constraint_comment(mg_table *t, const char *name)
{
    if (t->pk != NULL && strcmp(t->pk->name, name) == 0)
        return &t->pk->comment;
    for (size_t i = 0; i < t->uniques.len; i++)
        if (strcmp(((mg_key *)t->uniques.items[i])->name, name) == 0)
            return &((mg_key *)t->uniques.items[i])->comment;
    for (size_t i = 0; i < t->checks.len; i++)
        if (strcmp(((mg_check *)t->checks.items[i])->name, name) == 0)
            return &((mg_check *)t->checks.items[i])->comment;
    for (size_t i = 0; i < t->fks.len; i++)
        if (strcmp(((mg_fk *)t->fks.items[i])->name, name) == 0)
            return &((mg_fk *)t->fks.items[i])->comment;
    for (size_t i = 0; i < t->excls.len; i++)
        if (strcmp(((mg_exclusion *)t->excls.items[i])->name, name) == 0)
            return &((mg_exclusion *)t->excls.items[i])->comment;
    return NULL;
}

/* set_comment of an enum type: COMMENT ON TYPE. */
static int
set_enum_comment(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_enum *e = mg_schema_enum(r->state, op->enum_name);
    if (e == NULL) {
        mg_diag_error(r->diag, op->loc, "set_comment: type \"%s\" does not exist at this revision",
                      op->enum_name);
        return -1;
    }
    *reverse = mg_replay_new_op(r, MG_OP_SET_COMMENT, op);
    (*reverse)->enum_name = e->name;
    (*reverse)->comment = e->comment;
    e->comment = op->comment;
    return 0;
}

/* set_comment of a table, column, index, constraint or enum; the reverse sets the old comment. */
int
mg_replay_set_comment(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    if (op->enum_name != NULL)
        return set_enum_comment(r, op, reverse);
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    const char **slot = &t->comment;
    if (op->index_name != NULL) {
        mg_index *x = NULL;
        for (size_t i = 0; i < t->indexes.len && x == NULL; i++)
            if (strcmp(((mg_index *)t->indexes.items[i])->name, op->index_name) == 0)
                x = t->indexes.items[i];
        if (x == NULL) {
            mg_diag_error(r->diag, op->loc, "set_comment: table \"%s\" has no index \"%s\"",
                          t->name, op->index_name);
            return -1;
        }
        slot = &x->comment;
    } else if (op->constraint != NULL) {
        slot = constraint_comment(t, op->constraint);
        if (slot == NULL) {
            mg_diag_error(r->diag, op->loc, "set_comment: table \"%s\" has no constraint \"%s\"",
                          t->name, op->constraint);
            return -1;
        }
    } else if (op->column) {
        mg_column *c = mg_table_column(t, op->column);
        if (c == NULL) {
            mg_diag_error(r->diag, op->loc, "set_comment: table \"%s\" has no column \"%s\"",
                          t->name, op->column);
            return -1;
        }
        slot = &c->comment;
    }
    *reverse = mg_replay_new_op(r, MG_OP_SET_COMMENT, op);
    (*reverse)->column = op->column;
    (*reverse)->index_name = op->index_name;
    (*reverse)->constraint = op->constraint;
    (*reverse)->comment = *slot;
    *slot = op->comment;
    return 0;
}

/* sql: the reverse runs down as up (none when down is absent or empty). */
int
mg_replay_sql(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    if (op->sql_down == NULL || op->sql_down[0] == '\0')
        return 0; /* irreversible, or nothing to do on the way down */
    *reverse = mg_replay_new_op(r, MG_OP_SQL, op);
    (*reverse)->sql_up = op->sql_down;
    (*reverse)->sql_down = op->sql_up;
    return 0;
}

int
mg_replay_op(mg_replay *r, const mg_op *op, mg_op **filled, mg_op **reverse)
{
    mg_op *f = mg_arena_alloc(r->arena, sizeof(*f));
    *f = *op;
    *filled = f;
    *reverse = NULL;
    if (mg_replay_trigger_guard(r, op) != 0)
        return -1;
    int rc = mg_op_descs[op->kind].replay(r, op, f, reverse);
    if (rc == 0 && (op->kind == MG_OP_RENAME_TABLE || op->kind == MG_OP_RENAME_COLUMN ||
                    op->kind == MG_OP_RENAME_FUNCTION))
        mg_replay_trigger_follow(r, op); /* triggers name tables, columns and functions */
    return rc;
}

/* CONCURRENTLY index builds and drops cannot run inside a transaction block. */
bool
mg_replay_outside_transaction(const mg_op *op)
{
    return (op->kind == MG_OP_CREATE_INDEX || op->kind == MG_OP_DROP_INDEX) && op->index != NULL &&
           op->index->concurrently;
}

/* Refuses transaction control in the sql steps of a revision that runs in one transaction. */
static int
refuse_txn_control(mg_replay *r, const mg_revision *rev)
{
    int rc = 0;
    for (size_t i = 0; i < rev->ops.len; i++) {
        const mg_op *op = rev->ops.items[i];
        if (op->kind != MG_OP_SQL || op->sql_txn == NULL)
            continue;
        mg_diag_error(r->diag, op->sql_txn_loc,
                      "\"%s\" in a sql step: revision %s runs in one transaction that migc begins "
                      "and commits, so its sql steps may not hold transaction control",
                      op->sql_txn, rev->id);
        rc = -1;
    }
    return rc;
}

/* Refuses a revision that mixes steps that run outside a transaction (CONCURRENTLY) with
 * transactional ones: a failure half-way would leave it part applied (SPEC §4). */
static int
refuse_mix(mg_replay *r, const mg_revision *rev, const mg_vec *filled)
{
    const mg_op *outside = NULL, *inside = NULL;
    for (size_t i = 0; i < filled->len; i++) {
        const mg_op *op = filled->items[i];
        if (op->kind == MG_OP_SQL)
            continue; /* runs on its own in a step-by-step revision, like the index it follows */
        if (!mg_replay_outside_transaction(op))
            inside = inside ? inside : op;
        else if (outside == NULL)
            outside = op;
    }
    if (outside == NULL || inside == NULL)
        return 0;
    mg_diag_error(r->diag, outside->loc,
                  "revision %s mixes %s, which runs outside a transaction (CONCURRENTLY), with "
                  "transactional operations such as %s at %s:%d:%d: a failure half-way would "
                  "leave it part applied; move the concurrent index operations into a revision "
                  "of their own (migc diff writes them that way)",
                  rev->id, mg_op_kind_name(outside->kind), mg_op_kind_name(inside->kind),
                  inside->loc.file, inside->loc.line, inside->loc.col);
    return -1;
}

static int
replay_revision(mg_replay *r, const mg_revision *rev, mg_rev_plan *plan)
{
    mg_vec reverses = {0};
    plan->rev = rev;
    plan->transactional = true;
    plan->reversible = true;
    for (size_t i = 0; i < rev->ops.len; i++) {
        const mg_op *op = rev->ops.items[i];
        mg_op *filled, *reverse;
        if (mg_replay_op(r, op, &filled, &reverse) != 0 ||
            mg_validate_op(r->arena, r->state, op, r->diag) != 0)
            return -1;
        mg_vec_push(r->arena, &plan->up, filled);
        if (reverse)
            mg_vec_push(r->arena, &reverses, reverse);
        if (reverse && mg_replay_outside_transaction(reverse))
            plan->transactional = false;
        if ((op->kind == MG_OP_SQL && op->sql_down == NULL) || op->irreversible)
            plan->reversible = false;
        if (mg_replay_outside_transaction(filled))
            plan->transactional = false;
    }
    if (plan->transactional ? refuse_txn_control(r, rev) != 0 : refuse_mix(r, rev, &plan->up) != 0)
        return -1;
    for (size_t i = reverses.len; plan->reversible && i > 0; i--)
        mg_vec_push(r->arena, &plan->down, reverses.items[i - 1]);
    return 0;
}

/* Replays rev into r->state; with plans, appends its plan holding a snapshot of the state. */
static int
replay_step(mg_replay *r, const mg_revision *rev, mg_vec *plans)
{
    mg_rev_plan *plan = mg_arena_alloc(r->arena, sizeof(*plan));
    if (replay_revision(r, rev, plan) != 0)
        return -1;
    if (plans != NULL) {
        const mg_rev_plan *prev = plans->len ? plans->items[plans->len - 1] : NULL;
        plan->state = mg_replay_snapshot(r->arena, prev ? prev->state : NULL, r->state);
        mg_vec_push(r->arena, plans, plan);
    }
    return 0;
}

int
mg_replay_module(mg_arena *a, const mg_module *m, mg_schema **state_out, mg_vec *plans, mg_diag *d)
{
    mg_schema *state = mg_arena_alloc(a, sizeof(*state));
    mg_replay r = {a, state, &m->settings, d};
    *state_out = state;
    for (size_t i = 0; i < m->revisions.len; i++)
        if (replay_step(&r, m->revisions.items[i], plans) != 0)
            return -1;
    return 0;
}

int
mg_replay_next(mg_arena *a, const mg_settings *settings, mg_schema *state, const mg_revision *rev,
               mg_vec *plans, mg_diag *d)
{
    mg_replay r = {a, state, settings, d};
    return replay_step(&r, rev, plans);
}
