/* migc generator: the revisions a diff's operations are written in.
 * CONCURRENTLY index drops and builds run outside a transaction and may not share a revision
 * with transactional operations (SPEC §4): they are written as revisions of their own. */
#ifndef MIGC_SPLIT_H
#define MIGC_SPLIT_H

#include "model.h"

/* The parts of a diff, in the order they are written. */
enum { MG_PART_DROPS, MG_PART_MAIN, MG_PART_BUILDS, MG_PART_COUNT };

/* Splits ops (mg_op *, in diff order, as diffed from state) into parts[]: the concurrent index
 * drops, everything transactional, then the concurrent index builds. Every op lands in one part,
 * in its order; returns -1 (with d filled) if replaying them fails. */
int mg_split_concurrent(mg_arena *a, const mg_schema *state, const mg_settings *settings,
                        const mg_vec *ops, mg_vec parts[MG_PART_COUNT], mg_diag *d);

#endif
