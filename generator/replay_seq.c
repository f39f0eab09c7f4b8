/* migc generator: replay of the sequence operations (SPEC §3.1).
 * create, drop, alter and rename, each reversed; OWNED BY follows renames of its column. */
#include "replay.h"

#include <string.h>

#include "sequence.h"

/* The column (and table) whose default calls nextval on sequence name, for messages. */
typedef struct seq_user {
    const char *name;
    const mg_table *table;
    const mg_column *column;
} seq_user;

static int
names_seq(const char *name, void *ctx)
{
    return strcmp(name, ((const seq_user *)ctx)->name) == 0;
}

/* True when a column default calls nextval('name'); *u then names it. */
static bool
seq_used(mg_replay *r, const char *name, seq_user *u)
{
    u->name = name;
    for (size_t i = 0; i < r->state->tables.len; i++) {
        u->table = r->state->tables.items[i];
        for (size_t j = 0; j < u->table->columns.len; j++) {
            u->column = u->table->columns.items[j];
            if (u->column->default_expr != NULL &&
                mg_seq_nextval_names(r->arena, u->column->default_expr, names_seq, u))
                return true;
        }
    }
    return false;
}

/* Checks that the owner of q (if any) is a column of the state. */
static int
owner_exists(mg_replay *r, const mg_op *op, const mg_sequence *q)
{
    const mg_table *t = q->owned_table ? mg_schema_table(r->state, q->owned_table) : NULL;
    if (q->owned_table == NULL || (t != NULL && mg_table_column(t, q->owned_column) != NULL))
        return 0;
    mg_diag_error(r->diag, op->loc, "%s: owned_by %s.%s: no such %s at this revision",
                  mg_op_kind_name(op->kind), q->owned_table, q->owned_column,
                  t == NULL ? "table" : "column");
    return -1;
}

static int
create_sequence(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (mg_schema_sequence(r->state, op->seq->name) != NULL) {
        mg_diag_error(r->diag, op->loc, "create_sequence: sequence \"%s\" already exists",
                      op->seq->name);
        return -1;
    }
    if (owner_exists(r, op, op->seq) != 0)
        return -1;
    mg_sequence *q = mg_sequence_copy(r->arena, op->seq);
    q->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = q->later_names;
    mg_vec_push(r->arena, &r->state->sequences, q);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_SEQUENCE, op);
    (*reverse)->name = op->seq->name;
    return 0;
}

static int
drop_sequence(mg_replay *r, const mg_op *op, mg_sequence *q, mg_op *filled, mg_op **reverse)
{
    seq_user u;
    if (seq_used(r, q->name, &u)) {
        mg_diag_error(r->diag, op->loc,
                      "drop_sequence: sequence \"%s\" is used by the default of column %s.%s; "
                      "change that first",
                      q->name, u.table->name, u.column->name);
        return -1;
    }
    filled->seq = mg_sequence_copy(r->arena, q);
    for (size_t i = 0; i < r->state->sequences.len; i++)
        if (r->state->sequences.items[i] == q)
            mg_vec_remove(&r->state->sequences, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_SEQUENCE, op);
    (*reverse)->name = q->name;
    (*reverse)->seq = filled->seq;
    return 0;
}

static int
alter_sequence(mg_replay *r, const mg_op *op, mg_sequence *q, mg_op *filled, mg_op **reverse)
{
    mg_sequence after = *q;
    mg_seq_assign(&after, op->seq, op->seq_set);
    const char *problem = mg_seq_problem(r->arena, &after);
    if (problem != NULL) {
        mg_diag_error(r->diag, op->loc, "alter_sequence: sequence \"%s\": %s", q->name, problem);
        return -1;
    }
    if (owner_exists(r, op, &after) != 0)
        return -1;
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_SEQUENCE, op);
    (*reverse)->name = q->name;
    (*reverse)->seq_set = op->seq_set;
    (*reverse)->seq = mg_sequence_copy(r->arena, q);
    filled->seq_before = (*reverse)->seq;
    *q = after;
    filled->seq = mg_sequence_copy(r->arena, q);
    (*reverse)->seq_before = filled->seq;
    return 0;
}

/* Every nextval('from') default now names to: PostgreSQL keeps the sequence's oid. */
static void
rename_in_defaults(mg_replay *r, const char *from, const char *to)
{
    for (size_t i = 0; i < r->state->tables.len; i++) {
        const mg_table *t = r->state->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            mg_column *c = t->columns.items[j];
            c->default_expr = mg_seq_nextval_rename(r->arena, c->default_expr, from, to);
        }
    }
}

static int
rename_sequence(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_sequence *q = mg_schema_sequence(r->state, op->from);
    if (q == NULL || mg_schema_sequence(r->state, op->to) != NULL) {
        mg_diag_error(r->diag, op->loc, "rename_sequence: sequence \"%s\" %s",
                      q ? op->to : op->from, q ? "already exists" : "does not exist");
        return -1;
    }
    q->name = op->to;
    if (q->later_names)
        mg_vec_push(r->arena, q->later_names, (void *)op->to);
    rename_in_defaults(r, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_SEQUENCE, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

int
mg_replay_seq_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_SEQUENCE)
        return create_sequence(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_SEQUENCE)
        return rename_sequence(r, op, reverse);
    mg_sequence *q = mg_schema_sequence(r->state, op->name);
    if (q == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: sequence \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->name);
        return -1;
    }
    if (op->kind == MG_OP_DROP_SEQUENCE)
        return drop_sequence(r, op, q, filled, reverse);
    return alter_sequence(r, op, q, filled, reverse);
}

int
mg_replay_seq_owned(mg_replay *r, const mg_op *op, const char *table, const char *column)
{
    for (size_t i = 0; i < r->state->sequences.len; i++) {
        const mg_sequence *q = r->state->sequences.items[i];
        if (q->owned_table == NULL || strcmp(q->owned_table, table) != 0 ||
            (column != NULL && strcmp(q->owned_column, column) != 0))
            continue;
        mg_diag_error(r->diag, op->loc,
                      "%s: sequence \"%s\" is owned by %s.%s, and PostgreSQL would drop it too; "
                      "alter_sequence it to owned_by null (or drop it) first",
                      mg_op_kind_name(op->kind), q->name, q->owned_table, q->owned_column);
        return -1;
    }
    return 0;
}

void
mg_replay_seq_follow(mg_replay *r, const char *table, const char *to_table, const char *column,
                     const char *to_column)
{
    for (size_t i = 0; i < r->state->sequences.len; i++) {
        mg_sequence *q = r->state->sequences.items[i];
        if (q->owned_table == NULL || strcmp(q->owned_table, table) != 0)
            continue;
        if (column == NULL)
            q->owned_table = to_table;
        else if (strcmp(q->owned_column, column) == 0)
            q->owned_column = to_column;
    }
}
