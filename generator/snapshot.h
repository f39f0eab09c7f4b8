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
} mg_snapshot;

/* Fills out from the replayed plans (mg_rev_plan *, chain order): empty ops and no reason for
 * an empty history. Returns 0, or -1 with diagnostics when the diff of the head fails. */
int mg_snapshot_build(mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                      mg_snapshot *out, mg_diag *d);

#endif
