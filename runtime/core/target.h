/* migc runtime: turning a TARGET argument into a position in the revision chain.
 * Positions count applied revisions: 0 is base, n_revisions is head. */
#ifndef MIGC_TARGET_H
#define MIGC_TARGET_H

#include "migc/migc.h"

typedef enum migc_direction {
    MIGC_DIR_UP,   /* upgrade: id, prefix, +N, head */
    MIGC_DIR_DOWN, /* downgrade: id, prefix, -N, base */
    MIGC_DIR_ANY   /* stamp: any of them */
} migc_direction;

/* Resolves target relative to the current position into *pos; MIGC_EUSAGE on errors. */
int migc_target_resolve(const migc_module *m, const char *target, migc_direction dir,
                        size_t current, size_t *pos, migc_error *err);

/* The id at position pos ("base" for 0). */
const char *migc_position_name(const migc_module *m, size_t pos);

#endif
