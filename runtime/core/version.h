/* migc runtime: the version table <schema>.<version_table>, one row per applied revision.
 * Reading it also verifies it against the module (unknown ids, checksums, chain prefix). */
#ifndef MIGC_VERSION_H
#define MIGC_VERSION_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Query ($1 schema, $2 table) giving the version table's owner, the session's role and why
 * the table must not be used (NULL when it may), or no row when the table is absent. */
extern const char migc_version_trust_sql[];

/* Creates the version table when absent, or adds the `module` column to one written before it
 * had one (refusing rows of revisions this module does not know unless force). The caller
 * holds the module lock. */
int migc_version_ensure(PGconn *conn, const migc_module *m, int force, migc_error *err);

/* Records rev as applied (partial NULL), or as applied half-way (partial: what happened, e.g.
 * "upgrade stopped at step 3"); a row already there is updated, keeping the kept objects the
 * first attempt recorded. ms < 0 stores a NULL execution_ms. */
int migc_version_insert(PGconn *conn, const migc_module *m, const migc_revision *rev, long ms,
                        const char *partial, migc_error *err);

/* Removes rev's row. */
int migc_version_delete(PGconn *conn, const migc_module *m, const migc_revision *rev,
                        migc_error *err);

/* Called for each version row a repair or forced stamp changes: old NULL for a row recorded,
 * new NULL for a row removed, both set for a checksum re-recorded. */
typedef struct migc_row_report {
    void (*row)(void *user, const char *revision, const char *old_checksum,
                const char *new_checksum);
    void *user;
} migc_row_report;

/* In one transaction, re-records the checksum of every applied revision whose checksum differs
 * from the migrator's (an edited revision), reporting each. Unknown ids are MIGC_EUNKNOWN. */
int migc_version_repair(PGconn *conn, const migc_module *m, const migc_row_report *report,
                        migc_error *err);

/* In one transaction, replaces this module's rows by the chain up to position pos, whatever
 * they were (unknown ids after a renumber included), reporting what changed. */
int migc_version_replace(PGconn *conn, const migc_module *m, size_t pos,
                         const migc_row_report *report, migc_error *err);

#endif
