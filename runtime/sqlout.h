/* migc runtime: offline SQL, the script of a path between two revisions for psql.
 * Written from the static step tables alone; nothing here talks to a server. */
#ifndef MIGC_SQLOUT_H
#define MIGC_SQLOUT_H

#include "migc/migc.h"

#include <stddef.h>

/* A resolved path: chain positions (0 is base, n_revisions is head). */
typedef struct migc_sql_path {
    size_t from;
    size_t to;
} migc_sql_path;

/* Resolves "[FROM:]TO" into *path. A bare TO means base:TO, except "base" (head:base) and
 * "-N" (head:-N). FROM is an id, unique prefix, head or base; TO may also be +N/-N relative
 * to FROM. Refuses a downgrade past an irreversible revision. MIGC_EUSAGE / MIGC_EFAILED. */
int migc_sql_path_resolve(const migc_module *m, const char *spec, migc_sql_path *path,
                          migc_error *err);

#endif
