/* migc runtime: running one revision's steps (up or down) with their guards.
 * Transactional revisions run in one transaction together with their version row. */
#ifndef MIGC_APPLY_H
#define MIGC_APPLY_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* What a revision's run needs besides the revision: on the way down, the objects its upgrade
 * found already there (newline-separated keys, see stepobj.h; NULL for none), whose drops are
 * skipped and reported through on_kept (may be NULL). */
typedef struct migc_apply_ctx {
    const char *kept;
    void (*on_kept)(void *user, const migc_revision *rev, const char *object);
    void *user;
} migc_apply_ctx;

/* Runs rev's up steps (up != 0) or down steps and records or removes its version row; the row
 * records the objects the upgrade's creates found already there (kept). On failure the
 * transaction is rolled back and err names the revision and step; *ms receives the time spent. */
int migc_apply_revision(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                        const migc_apply_ctx *ctx, long *ms, migc_error *err);

/* Runs a transactional rev's steps and writes or removes its version row inside the transaction
 * the caller opened, which several revisions may share (SPEC §7). On failure the transaction is
 * left aborted for the caller to roll back, and err names the revision and step; *ms receives
 * the time spent. */
int migc_apply_in_batch(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                        const migc_apply_ctx *ctx, long *ms, migc_error *err);

/* True when rev must run in a transaction of its own in that direction (migc_apply_revision),
 * never in a shared one: it is not transactional, or one of its steps commits (ADD VALUE). */
int migc_apply_alone(const migc_revision *rev, int up);

#endif
