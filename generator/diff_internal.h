/* migc generator: shared state of the diff phases.
 * Private to diff.c, diff_tables.c and diff_enums.c. */
#ifndef MIGC_DIFF_INTERNAL_H
#define MIGC_DIFF_INTERNAL_H

#include "diff.h"
#include "replay.h"

typedef struct differ {
    mg_arena *a;
    const mg_schema *want; /* desired schema */
    mg_schema *work;       /* the state with every emitted operation applied */
    mg_diff_result *out;
    mg_diag *d;
    mg_replay r;         /* replays onto work */
    mg_vec deferred_fks; /* mg_op *: add_foreign_key ops that wait for all tables */
} differ;

mg_op *mg_diff_op(differ *df, mg_op_kind kind, mg_loc loc);
/* Appends op to the result and applies it to the working state. */
int mg_diff_emit(differ *df, mg_op *op);
/* Records a destructive operation; fmt takes two strings. */
void mg_diff_destructive(differ *df, const char *fmt, const char *x, const char *y);

int mg_diff_enums_create(differ *df);
int mg_diff_enums_drop(differ *df);
int mg_diff_tables_rename(differ *df);
int mg_diff_tables_drop_objects(differ *df);
int mg_diff_tables_alter(differ *df);
int mg_diff_tables_create(differ *df);
int mg_diff_tables_add_fks(differ *df);

#endif
