/* migc runtime: the enum rebuild of remove_enum_value (MIGC_BUILD_ENUM_REMOVE). */
#ifndef MIGC_ENUM_REMOVE_H
#define MIGC_ENUM_REMOVE_H

#include <stddef.h>

/* True when parts are exactly schema, enum and value, none holding the block's dollar quote. */
int migc_enum_remove_ok(const char *const *parts);

/* Writes the DO block that removes value parts[2] from enum parts[1] of schema parts[0] into dst
 * (NULL: only counts; else it must hold the count plus a NUL); returns its length. */
size_t migc_enum_remove_sql(const char *const *parts, char *dst);

#endif
