/* migc runtime: offline SQL, the script of a path between two revisions for psql, guarded
 * (migc_sql_script in migc.h) or plain (below). Written from the static step tables alone. */
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

/* Writes to out the plain DDL of the path spec (`MIGRATOR sql --unguarded`), for review and SQL
 * linters: pinned settings, search_path and timeouts as SETs, the schema and version table
 * created when absent (from base), then every step's statement in order (a hand-written sql step
 * and the enum rebuild's DO block as written), each transactional revision in BEGIN/COMMIT with its
 * version row INSERT or DELETE. No guards, advisory lock, version-table checks or psql
 * commands: right only on a database exactly at FROM. Errors as migc_sql_script. */
int migc_sql_unguarded(const migc_module *m, const char *spec, FILE *out, migc_error *err);

#endif
