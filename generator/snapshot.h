/* migc generator: the head snapshot (SPEC §7, fresh databases). The operations that build the
 * last revision's schema on an empty database at once, which a migrator runs instead of the
 * whole history when none of the module's objects exist yet. */
#ifndef MIGC_SNAPSHOT_H
#define MIGC_SNAPSHOT_H

#include <pthread.h>
#include <stdbool.h>

#include "diag.h"
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

/* mg_snapshot_build on a second thread, into an arena and diagnostics of its own, while the
 * caller renders the units (both only read the plans). */
typedef struct mg_snapshot_job {
    const mg_settings *settings;
    const mg_vec *plans;
    mg_arena arena;
    mg_diag diag;
    mg_snapshot snapshot;
    int rc;
    pthread_t thread;
    bool running; /* the thread is still to be joined */
} mg_snapshot_job;

/* Starts building the snapshot of plans in job (at once, on this thread, when no thread can
 * start). */
void mg_snapshot_start(mg_snapshot_job *job, const mg_settings *settings, const mg_vec *plans);
/* Waits for the build and returns its snapshot, or NULL when it failed; may be called again. */
const mg_snapshot *mg_snapshot_wait(mg_snapshot_job *job);
/* Waits for the build, hands its memory to a (the snapshot then lives as long as a) and its
 * diagnostics to d; 0, or -1 when it failed. */
int mg_snapshot_finish(mg_snapshot_job *job, mg_arena *a, mg_diag *d);

/* The operations unit i (0-based in plans) defines as pieces of every later head snapshot: those
 * of each table version its state does not share with the previous one (a table the revision
 * creates or changes), and their names (const char *, as in mg_snapshot.pieces). */
void mg_snapshot_unit_pieces(mg_arena *a, const mg_vec *plans, size_t i, mg_vec *ops,
                             mg_vec *names);

#endif
