/* migc generator: semantic validation of the desired schema.
 * Everything SPEC §3 lists that needs more than one node to decide; runs before anything is
 * written. */
#ifndef MIGC_VALIDATE_H
#define MIGC_VALIDATE_H

#include "model.h"

/* Checks s against itself and the module settings; every error goes to d.
 * Returns 0 when clean, -1 otherwise. */
int mg_validate_schema(mg_arena *a, const mg_schema *s, const mg_settings *settings, mg_diag *d);

/* Checks what an operation of a revision writes into a table against state, the state just after
 * the operation was replayed: the expressions of add_check and create_index, the defaults of
 * add_column and alter_column, all of these in create_table, and index operator classes (SPEC
 * §4, soundness rules). Returns 0, or -1 with diagnostics at op->loc. */
int mg_validate_op(mg_arena *a, const mg_schema *state, const mg_op *op, mg_diag *d);

/* Internal (validate_expr.c): the expressions of table t of s, the desired schema or a replayed
 * state. Column names inside checks, index expressions, keys and where clauses, and defaults;
 * enum defaults among the values; operator classes of PostgreSQL or a declared extension. With
 * op, errors go to op->loc prefixed with its kind; without, to each object's location. */
void mg_validate_table_exprs(mg_arena *a, const mg_schema *s, const mg_table *t, const mg_op *op,
                             mg_diag *d);

#endif
