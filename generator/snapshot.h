/* migc generator: the head snapshot (SPEC §7, fresh databases). The operations that build the
 * last revision's schema on an empty database at once, which a migrator runs instead of the
 * whole history when none of the module's objects exist yet. */
#ifndef MIGC_SNAPSHOT_H
#define MIGC_SNAPSHOT_H

#include "model.h"

typedef struct mg_snapshot {
    mg_vec ops; /* mg_op *, in execution order, without source locations */
    /* Why the history cannot be left out, e.g. "revisions/0003_seed.yaml:4:5: a sql step
     * without fresh: skip"; NULL when it can (then ops is the snapshot). */
    const char *blocked;
    /* Per operation of ops, the name of the piece that defines its steps in a unit
     * ("3_t17_0": operation 0 of the table at position 17 of revision 3's state), or NULL for an
     * operation whose steps snapshot.c holds itself. */
    mg_vec pieces;
} mg_snapshot;

/* Fills out from the replayed plans (mg_rev_plan *, chain order): empty ops and no reason for
 * an empty history. Returns 0, or -1 with diagnostics when the diff of the head fails. */
int mg_snapshot_build(mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                      mg_snapshot *out, mg_diag *d);

/* The operations unit i (0-based in plans) defines as pieces of every later head snapshot: those
 * of each table version its state does not share with the previous one (a table the revision
 * creates or changes), and their names (const char *, as in mg_snapshot.pieces). */
void mg_snapshot_unit_pieces(mg_arena *a, const mg_vec *plans, size_t i, mg_vec *ops,
                             mg_vec *names);

#endif
