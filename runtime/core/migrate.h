/* migc runtime: upgrade/downgrade with the schema verification the command line runs.
 * The public migc_upgrade / migc_downgrade are this without verification. */
#ifndef MIGC_MIGRATE_H
#define MIGC_MIGRATE_H

#include "migc/migc.h"

#include "version.h"

#include <libpq-fe.h>

/* flags of migc_move_verified; MIGC_MOVE_TX_PER_REVISION: every revision in a transaction of its
 * own (--transaction-per-revision) instead of consecutive ones sharing one (SPEC §7);
 * MIGC_MOVE_TENANT_LOCK: m is retargeted at a tenant's schema (--targets), whose advisory lock
 * is keyed by that schema too */
enum {
    MIGC_MOVE_UP = 1,
    MIGC_MOVE_ALLOW_DESTRUCTIVE = 2,
    MIGC_MOVE_TX_PER_REVISION = 4,
    MIGC_MOVE_TENANT_LOCK = 8,
    MIGC_MOVE_REPLAY = 16 /* --replay: never the fresh-database path (fresh.h) */
};

/* The comparison of the live schema with the expected one at chain position pos, filling *drift:
 * the drift check's migc_check_at (runtime/check/check.h). The core only holds a pointer to it,
 * which its caller supplies, so that an application that only upgrades links no drift check. */
typedef int migc_verify_fn(PGconn *conn, const migc_module *m, size_t pos, migc_drift *drift,
                           migc_error *err);

/* What migc_move_verified runs after a run that moved, and where it puts the differences. */
typedef struct migc_verify {
    migc_verify_fn *fn;
    migc_drift *drift;
} migc_verify;

/* Upgrades (MIGC_MOVE_UP) or downgrades to target like migc_upgrade / migc_downgrade; a downgrade
 * that would delete data is refused (MIGC_EREFUSED) unless MIGC_MOVE_ALLOW_DESTRUCTIVE. When verify
 * is non-NULL and at least one revision ran, then runs verify->fn while the lock is still held,
 * filling *verify->drift (release with migc_drift_free; drift->n > 0 means drift). A run with
 * nothing to do compares nothing. */
int migc_move_verified(PGconn *conn, const migc_module *m, const char *target, int flags,
                       const migc_progress *progress, migc_run *run, const migc_verify *verify,
                       migc_error *err);

/* stamp TARGET --force: under the lock, replaces this module's version rows by the chain up to
 * target (an id, prefix, head or base), also when they name revisions this migrator does not
 * know; report (may be NULL) hears each row removed or recorded. */
int migc_stamp_force(PGconn *conn, const migc_module *m, const char *target,
                     const migc_row_report *report, migc_run *run, migc_error *err);

/* repair: under the lock, re-records the checksums of applied revisions that were edited. */
int migc_repair(PGconn *conn, const migc_module *m, const migc_row_report *report, migc_error *err);

#endif
