/* migc generator: replay of revisions into a schema state.
 * Each operation is checked against the state, completed from it, reversed, then applied. */
#ifndef MIGC_REPLAY_H
#define MIGC_REPLAY_H

#include "model.h"
#include "op_desc.h"
#include "plan.h"

/* Replay context: everything one replay run needs. */
typedef struct mg_replay {
    mg_arena *arena;
    mg_schema *state;            /* mutated in place */
    const mg_settings *settings; /* for type checks */
    mg_diag *diag;
} mg_replay;

/* Replays every revision of m into a new empty state (*state_out, arena-owned).
 * plans receives one mg_rev_plan * per revision when non-NULL. Returns 0, or -1 with diagnostics.
 */
int mg_replay_module(mg_arena *a, const mg_module *m, mg_schema **state_out, mg_vec *plans,
                     mg_diag *d);
/* Replays one more revision on top of state, the state after the revisions before it (as
 * mg_replay_module left it), and appends its plan to plans, which holds theirs (for `migc diff`,
 * which has just written rev). Returns 0, or -1 with diagnostics. */
int mg_replay_next(mg_arena *a, const mg_settings *settings, mg_schema *state,
                   const mg_revision *rev, mg_vec *plans, mg_diag *d);

/* Applies one operation to r->state. *filled receives a copy of op completed from the state
 * (drop definitions), *reverse its inverse (NULL when op is irreversible, or when its inverse
 * does nothing). Returns 0, or -1 with a diagnostic at op->loc. */
int mg_replay_op(mg_replay *r, const mg_op *op, mg_op **filled, mg_op **reverse);

/* True when op (as replay filled it) runs outside a transaction: a CONCURRENTLY index build or
 * drop. (A created table's indexes are built in its transaction: nobody sees the table yet.) */
bool mg_replay_outside_transaction(const mg_op *op);

/* Internal. The replayer of each kind (op_kinds.h's replay column) is declared by op_desc.h: the
 * extension, table, comment and sql operations (replay.c), the column operations
 * (replay_column.c), the constraints, indexes and enum types (replay_objects.c: mg_replay_pk_op,
 * mg_replay_unique_op, _check_op, _fk_op, _index_op, _excl_op, mg_replay_rename_object,
 * mg_replay_enum_op), validate_constraint (replay_online.c: mg_replay_validate), and those
 * below. */
/* replay_seq.c: the sequence operations; seq_owned refuses (-1, reported at op) dropping table
 * (column: one of its columns, NULL: any) while a sequence is owned by it; seq_follow moves OWNED
 * BY along a rename of table (column NULL) or of one of its columns. */
int mg_replay_seq_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
int mg_replay_seq_owned(mg_replay *r, const mg_op *op, const char *table, const char *column);
void mg_replay_seq_follow(mg_replay *r, const char *table, const char *to_table, const char *column,
                          const char *to_column);
/* replay_domain.c: the domain operations. */
int mg_replay_domain_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
/* replay_ctype.c: the composite type operations. */
int mg_replay_ctype_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
/* replay_view.c: the view and materialized view operations. */
int mg_replay_view_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
/* Follows a rename of relation from into the queries (and depends_on) of every view, as
 * PostgreSQL shows them after it. */
void mg_replay_view_follow(mg_replay *r, const char *from, const char *to);
/* A column, domain or composite type attribute that uses type name (or an array of it),
 * described for a message ("column t.c"); NULL when none does. */
const char *mg_replay_type_user_of(mg_replay *r, const char *name);
/* replay_storage.c: alter_table and alter_index (storage parameters). */
int mg_replay_storage_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
/* replay_func.c: the function operations. */
int mg_replay_func_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
/* replay_trigger.c: the trigger operations; the guard refuses a drop_table, drop_column or
 * drop_function that a trigger still uses (0 or -1 after reporting); follow carries a
 * rename_table, rename_column or rename_function into the triggers. */
int mg_replay_trigger_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);
int mg_replay_trigger_guard(mg_replay *r, const mg_op *op);
void mg_replay_trigger_follow(mg_replay *r, const mg_op *op);
/* A column whose type is the enum or domain name (or an array of it); *owner is its table. */
const mg_column *mg_replay_type_user(const mg_schema *s, const char *name, const mg_table **owner);
/* Follows a rename of an enum or domain into the columns (and domains) of that type. */
void mg_replay_retype(mg_replay *r, const char *from, const char *to);
mg_op *mg_replay_new_op(mg_replay *r, mg_op_kind kind, const mg_op *from);
mg_table *mg_replay_table(mg_replay *r, const mg_op *op, const char *name);
bool mg_replay_columns_exist(mg_replay *r, const mg_op *op, const mg_table *t, const mg_vec *cols);
/* True when type is known at this point of the replay; reports the column otherwise. */
bool mg_replay_type_ok(mg_replay *r, const mg_op *op, const mg_column *c, const char *type);
/* True when v (names) holds name. */
bool mg_replay_list_has(const mg_vec *v, const char *name);
/* A foreign key that targets table (column NULL: from another table; else that column), and
 * the table that has it in *owner; NULL when none. */
const mg_fk *mg_replay_referencing_fk(const mg_schema *s, const char *table, const char *column,
                                      const mg_table **owner);
/* Before table tbl or its column c is renamed (to new_tbl.new_col): keeps the name c's identity
 * sequence has now, and forgets it again once the names give it back. */
void mg_replay_keep_identity_seq(mg_replay *r, const char *tbl, mg_column *c, const char *new_tbl,
                                 const char *new_col);
/* Checks a foreign key of table t against the state (columns, referenced key, identical types). */
bool mg_replay_fk_ok(mg_replay *r, const mg_op *op, const mg_table *t, const mg_fk *fk);

/* replay_online.c: validate_constraint (mg_replay_validate) checks that table op->table has the
 * check or foreign key op->name (no reverse). take_index removes from t the unique index
 * op->using_index that add_unique / set_primary_key turns into a constraint (*taken: a copy, NULL
 * without using_index); keep_index hands it to the reverse drop, which builds it again. */
int mg_replay_take_index(mg_replay *r, const mg_op *op, mg_table *t, mg_index **taken);
void mg_replay_keep_index(mg_op *reverse, const mg_op *op, mg_index *taken);

/* The state as it is now, frozen (replay_snapshot.c): a table or enum equal to its version in
 * prev, the previous snapshot (NULL for none), is that version (the same pointer); the others
 * are copies, and the lists are new. Equal pointers across snapshots therefore mean equal
 * content (a foreign key's default referenced primary key included). Allocated in a. */
const mg_schema *mg_replay_snapshot(mg_arena *a, const mg_schema *prev, const mg_schema *state);

#endif
