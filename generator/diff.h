/* migc generator: the diff of a desired schema against the replayed state.
 * Produces operations (never text) in an order that is safe for dependencies. */
#ifndef MIGC_DIFF_H
#define MIGC_DIFF_H

#include "model.h"

typedef struct mg_diff_result {
    mg_vec ops;         /* mg_op *, in execution order */
    mg_vec destructive; /* const char *: one description per destructive operation */
} mg_diff_result;

/* Compares desired with state (neither is modified) and fills out.
 * Returns 0, or -1 with diagnostics for changes migc cannot express. */
int mg_diff_run(mg_arena *a, const mg_schema *state, const mg_schema *desired,
                const mg_settings *settings, mg_diff_result *out, mg_diag *d);

/* True when changing a column from type `from` to `to` cannot lose data (SPEC §4 widenings). */
bool mg_diff_type_widens(const char *from, const char *to);

#endif
