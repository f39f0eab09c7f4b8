/* migc runtime: running one revision's steps (up or down) with their guards.
 * A guard returns one boolean: false skips its step (the object is already as wanted). */
#include "apply.h"

#include "clock.h"
#include "error.h"
#include "query.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

/* Runs a step: its guard first when it has one, then its SQL unless the guard said no. */
static int
run_step(PGconn *conn, const migc_step *step, migc_error *err)
{
    int needed = 1;

    if (step->guard != NULL && migc_q_bool(conn, step->guard, 0, NULL, &needed, err) != 0) {
        migc_error_prefix(err, "guard: ");
        return -1;
    }
    if (!needed)
        return 0;
    return migc_q_script(conn, step->sql, err);
}

/* Inside a transaction: commits what ran so far and opens the next transaction. */
static int
commit_point(PGconn *conn, migc_error *err)
{
    if (migc_q_command(conn, "COMMIT", 0, NULL, err) != 0)
        return -1;
    return migc_q_command(conn, "BEGIN", 0, NULL, err);
}

/* Runs every step of the direction; on failure names revision and step in err. */
static int
run_steps(PGconn *conn, const migc_revision *rev, int up, int in_tx, migc_error *err)
{
    const migc_step *steps = up ? rev->up : rev->down;
    size_t n = up ? rev->n_up : rev->n_down;

    for (size_t i = 0; i < n; i++) {
        int rc = run_step(conn, &steps[i], err);
        if (rc == 0 && in_tx && (steps[i].flags & MIGC_STEP_COMMIT_AFTER))
            rc = commit_point(conn, err);
        if (rc == 0)
            continue;
        err->revision = rev->id;
        err->step = i + 1;
        migc_error_prefix(
            err, "%srevision %s failed at step %zu (%s, %s): ", up ? "" : "downgrade of ", rev->id,
            i + 1, steps[i].label ? steps[i].label : "?", steps[i].source ? steps[i].source : "?");
        return -1;
    }
    return 0;
}

/* Rolls back after a failure, keeping the original error in err. */
static void
rollback(PGconn *conn)
{
    PGresult *res = PQexec(conn, "ROLLBACK");

    PQclear(res);
}

/* Writes (upgrade) or removes (downgrade) the version row of rev. */
static int
record(PGconn *conn, const migc_module *m, const migc_revision *rev, int up, long ms,
       migc_error *err)
{
    int rc =
        up ? migc_version_insert(conn, m, rev, ms, err) : migc_version_delete(conn, m, rev, err);

    if (rc != 0)
        err->revision = rev->id;
    return rc;
}

/* Runs a transactional revision: BEGIN, steps, version row, COMMIT. */
static int
apply_in_transaction(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                     long start, migc_error *err)
{
    if (migc_q_command(conn, "BEGIN", 0, NULL, err) != 0)
        return -1;
    if (run_steps(conn, rev, up, 1, err) != 0 ||
        record(conn, m, rev, up, migc_clock_ms() - start, err) != 0) {
        rollback(conn);
        return -1;
    }
    if (migc_q_command(conn, "COMMIT", 0, NULL, err) != 0) {
        err->revision = rev->id;
        migc_error_prefix(err, "revision %s failed at commit: ", rev->id);
        rollback(conn);
        return -1;
    }
    return 0;
}

/* Runs a non-transactional revision step by step in autocommit, then records it. */
static int
apply_step_by_step(PGconn *conn, const migc_module *m, const migc_revision *rev, int up, long start,
                   migc_error *err)
{
    if (run_steps(conn, rev, up, 0, err) != 0 ||
        record(conn, m, rev, up, migc_clock_ms() - start, err) != 0) {
        size_t len = strlen(err->message);
        snprintf(err->message + len, sizeof err->message - len,
                 "\nnote: revision %s is not transactional: the steps before the failing one "
                 "stay done; its guards make running the command again safe",
                 rev->id);
        return -1;
    }
    return 0;
}

int
migc_apply_revision(PGconn *conn, const migc_module *m, const migc_revision *rev, int up, long *ms,
                    migc_error *err)
{
    long start = migc_clock_ms();
    int rc = rev->transactional ? apply_in_transaction(conn, m, rev, up, start, err)
                                : apply_step_by_step(conn, m, rev, up, start, err);

    *ms = migc_clock_ms() - start;
    if (rc != 0 && err->status == MIGC_OK)
        err->status = MIGC_EFAILED;
    return rc;
}
