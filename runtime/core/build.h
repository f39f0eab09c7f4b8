/* migc runtime: the statements the runtime builds (migc_step.build) and the guards revisions.c
 * overrides; everything that reads a step reads it from a module passed through migc_flat_init. */
#ifndef MIGC_BUILD_H
#define MIGC_BUILD_H

#include "migc/migc.h"

/* A module whose every step holds its statement in sql: pass &f->m wherever a module goes. */
typedef struct migc_flat {
    migc_module m;
    migc_snapshot snapshot; /* m.snapshot when its steps needed building */
    void *block; /* owns the copied revisions and steps and the built statements; NULL: none */
} migc_flat;

/* Fills f from base: base itself when no step needs building and no guard is overridden (nothing
 * is allocated), else a copy in which the revisions holding such steps are copied with their
 * statements built and their guard overrides (migc_module.guard_overrides) in place. Revisions,
 * texts and expected schemas not copied are shared with base, which must outlive f. -1 with err
 * filled (MIGC_EFAILED) when memory runs out or a step names an unknown build kind. Release
 * with migc_flat_free. */
int migc_flat_init(migc_flat *f, const migc_module *base, migc_error *err);

/* Releases what migc_flat_init allocated; NULL-safe. */
void migc_flat_free(migc_flat *f);

#endif
