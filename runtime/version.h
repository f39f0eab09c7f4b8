/* migc runtime: the version table <schema>.<version_table>, one row per applied revision.
 * Reading it also verifies it against the module (unknown ids, checksums, chain prefix). */
#ifndef MIGC_VERSION_H
#define MIGC_VERSION_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Query ($1 schema, $2 table) giving the version table's owner, the session's role and why
 * the table must not be used (NULL when it may), or no row when the table is absent. */
extern const char migc_version_trust_sql[];

/* Creates the version table when absent (the caller holds the module lock). */
int migc_version_ensure(PGconn *conn, const migc_module *m, migc_error *err);

/* Records rev as applied; ms < 0 stores a NULL execution_ms. */
int migc_version_insert(PGconn *conn, const migc_module *m, const migc_revision *rev, long ms,
                        migc_error *err);

/* Removes rev's row. */
int migc_version_delete(PGconn *conn, const migc_module *m, const migc_revision *rev,
                        migc_error *err);

#endif
