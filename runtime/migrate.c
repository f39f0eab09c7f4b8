/* migc runtime: the embedding API's commands (upgrade, downgrade, stamp) over a PGconn.
 * Each takes the module lock, verifies the version table, then moves along the chain. */
#include "migc/migc.h"

#include "migrate.h"

#include "apply.h"
#include "check.h"
#include "clock.h"
#include "dataloss.h"
#include "error.h"
#include "lock.h"
#include "query.h"
#include "session.h"
#include "target.h"
#include "version.h"

#include <libpq-fe.h>
#include <string.h>

/* One command's inputs and outputs, so helpers take one argument for all of them. */
typedef struct job {
    PGconn *conn;
    const migc_module *m;
    const migc_progress *progress; /* may be NULL */
    migc_run *run;
    migc_error *err;
    migc_state st;
    migc_drift *drift;             /* non-NULL: compare the schema after a run that moved */
    const migc_row_report *report; /* stamp --force and repair: each version row changed */
    int allow_destructive;         /* downgrade: run even when it deletes data */
    enum { JOB_MOVE, JOB_FORCE, JOB_REPAIR } kind;
} job;

/* The module's lock_retries (default 5). */
static int
lock_retries(const job *j)
{
    const char *v = j->m->lock_retries;
    int n = 0;

    if (v == NULL)
        return 5;
    for (; *v >= '0' && *v <= '9' && n < 1000; v++)
        n = n * 10 + (*v - '0');
    return n;
}

/* Backoff before retry `attempt` (1-based): 1 s, 2 s, 4 s, ... (at most 30 s), each within
 * +-25% (jitter from the clock, so that migrators started together spread out). */
static long
backoff_ms(int attempt)
{
    unsigned long x = (unsigned long)migc_clock_ms() * 2654435761UL + (unsigned long)attempt;
    long base = attempt >= 6 ? 30000 : 1000L << (attempt - 1);

    x ^= x >> 13;
    x *= 0x5bd1e995UL;
    x ^= x >> 15;
    return base * 3 / 4 + (long)(x % (unsigned long)(base / 2 + 1));
}

/* After a lock_timeout: decides whether to retry (1), filling why with the lock holders; on
 * the last attempt turns err into MIGC_ELOCK naming them (0). */
static int
lock_retry(job *j, const migc_revision *rev, int attempt, char *why, size_t size)
{
    int retries = lock_retries(j);
    migc_error e;

    migc_error_clear(&e);
    if (migc_lock_holders(j->conn, j->m, why, size, &e) != 0 || why[0] == '\0')
        snprintf(why, size, "no session holds a lock in schema %s any more", j->m->schema);
    if (attempt <= retries)
        return 1;
    j->err->status = MIGC_ELOCK;
    migc_error_prefix(j->err,
                      "revision %s could not take its locks within lock_timeout (%d attempt%s; "
                      "lock_retries %d); held by: %s\n",
                      rev->id, attempt, attempt == 1 ? "" : "s", retries, why);
    return 0;
}

/* Runs one revision up or down between the progress callbacks, retrying it (rolled back) when
 * it hits lock_timeout (SQLSTATE 55P03), up to the module's lock_retries. */
static int
step_revision(job *j, size_t index, int up)
{
    const migc_revision *rev = j->m->revisions[index];
    const char *verb = up ? "upgrade" : "downgrade";
    const migc_progress *p = j->progress;
    migc_apply_ctx ctx = {NULL, NULL, NULL};
    char why[1024];
    long ms = 0;
    int rc;

    if (!up)
        ctx.kept = j->st.rows[index].kept;
    if (p != NULL) {
        ctx.on_kept = p->kept;
        ctx.user = p->user;
    }

    if (p != NULL && p->begin != NULL)
        p->begin(p->user, verb, rev);
    for (int attempt = 1;; attempt++) {
        rc = migc_apply_revision(j->conn, j->m, rev, up, &ctx, &ms, j->err);
        j->run->ms += ms;
        if (rc == 0 || strcmp(j->err->sqlstate, "55P03") != 0 ||
            !lock_retry(j, rev, attempt, why, sizeof why))
            break;
        long wait = backoff_ms(attempt);
        if (p != NULL && p->retry != NULL)
            p->retry(p->user, rev, attempt, lock_retries(j) + 1, wait, why);
        migc_sleep_ms(wait);
        migc_error_clear(j->err);
    }
    if (p != NULL && p->end != NULL)
        p->end(p->user, verb, rev, ms, rc == 0);
    return rc;
}

/* Applies revisions current..pos-1. */
static int
go_up(job *j, size_t pos)
{
    size_t cur = j->run->before;

    if (pos < cur)
        return migc_fail(j->err, MIGC_EUSAGE,
                         "upgrade target %s is behind the current revision %s; use downgrade",
                         migc_position_name(j->m, pos), migc_position_name(j->m, cur));
    for (size_t i = cur; i < pos; i++) {
        if (step_revision(j, i, 1) != 0)
            return -1;
        j->run->after = i + 1;
    }
    return 0;
}

/* Reverts revisions current-1 down to pos, after checking they are all reversible. */
static int
go_down(job *j, size_t pos)
{
    size_t cur = j->run->before;

    if (pos > cur)
        return migc_fail(j->err, MIGC_EUSAGE,
                         "downgrade target %s is ahead of the current revision %s; use upgrade",
                         migc_position_name(j->m, pos), migc_position_name(j->m, cur));
    cur += j->st.partial != NULL; /* a revision stopped half-way is reverted first */
    for (size_t i = cur; i > pos; i--)
        if (!j->m->revisions[i - 1]->reversible) {
            j->err->revision = j->m->revisions[i - 1]->id;
            return migc_fail(j->err, MIGC_EREFUSED,
                             "cannot downgrade past revision %s: it is irreversible (a sql "
                             "operation without down); nothing was changed",
                             j->m->revisions[i - 1]->id);
        }
    if (!j->allow_destructive && migc_downgrade_loss(j->conn, j->m, &j->st, cur, pos, j->err))
        return -1;
    for (size_t i = cur; i > pos; i--) {
        if (step_revision(j, i - 1, 0) != 0)
            return -1;
        j->run->after = i - 1;
    }
    return 0;
}

/* Rewrites the version rows so that exactly revisions 0..pos-1 are recorded. */
static int
go_stamp(job *j, size_t pos)
{
    size_t cur = j->run->before;
    int rc = migc_q_command(j->conn, "BEGIN", 0, NULL, j->err);

    for (size_t i = pos; rc == 0 && i < cur; i++)
        rc = migc_version_delete(j->conn, j->m, j->m->revisions[i], j->err);
    for (size_t i = cur; rc == 0 && i < pos; i++)
        rc = migc_version_insert(j->conn, j->m, j->m->revisions[i], -1, NULL, j->err);
    if (rc == 0)
        rc = migc_q_command(j->conn, "COMMIT", 0, NULL, j->err);
    if (rc != 0) {
        PQclear(PQexec(j->conn, "ROLLBACK"));
        return -1;
    }
    j->run->after = pos;
    return 0;
}

/* stamp --force and repair: the version rows only, whatever they hold (no state read). */
static int
rewrite_rows(job *j, const char *target)
{
    size_t pos;

    if (j->kind == JOB_REPAIR)
        return migc_version_repair(j->conn, j->m, j->report, j->err);
    if (migc_target_resolve(j->m, target, MIGC_DIR_ANY, 0, &pos, j->err) != 0)
        return -1;
    j->run->after = pos;
    return migc_version_replace(j->conn, j->m, pos, j->report, j->err);
}

/* Everything after the lock: version table, verification, target, the moves. */
static int
locked_body(job *j, const char *target, migc_direction dir)
{
    size_t pos;

    if (migc_session_ensure_schema(j->conn, j->m, j->err) != 0 ||
        migc_version_ensure(j->conn, j->m, j->kind == JOB_FORCE, j->err) != 0)
        return -1;
    if (j->kind != JOB_MOVE)
        return rewrite_rows(j, target);
    if (migc_state_read(j->conn, j->m, &j->st, j->err) != 0)
        return -1;
    j->run->before = j->run->after = j->st.n_applied;
    if (migc_target_resolve(j->m, target, dir, j->st.n_applied, &pos, j->err) != 0)
        return -1;
    if (dir == MIGC_DIR_UP && go_up(j, pos) != 0)
        return -1;
    if (dir == MIGC_DIR_DOWN && go_down(j, pos) != 0)
        return -1;
    if (dir == MIGC_DIR_ANY)
        return go_stamp(j, pos);
    if (j->drift == NULL || j->run->after == j->run->before)
        return 0; /* nothing ran: nothing to verify, so a no-op run stays cheap */
    if (migc_check_at(j->conn, j->m, j->run->after, j->drift, j->err) == 0)
        return 0;
    j->err->status = MIGC_EVERIFY; /* what ran is committed: only the comparison failed */
    migc_error_prefix(j->err, "the revisions were applied and committed, but the verification "
                              "after them could not run (--no-verify skips it; `check` runs "
                              "it alone): ");
    return -1;
}

/* Shared frame of the three commands: session, lock held around locked_body. */
static int
locked_run(job *j, const char *target, migc_direction dir)
{
    migc_error unlock_err;
    int rc;

    if (migc_session_init(j->conn, j->m, j->err) != 0 ||
        migc_lock_acquire(j->conn, j->m, j->err) != 0)
        return -1;
    rc = locked_body(j, target, dir);
    migc_state_free(&j->st);
    migc_error_clear(&unlock_err);
    if (migc_lock_release(j->conn, j->m, rc == 0 ? j->err : &unlock_err) != 0)
        rc = -1;
    return rc;
}

/* Fills the fields every command shares (local fallbacks for NULL outputs) and runs j's command
 * under the lock. */
static int
start_job(job *j, PGconn *conn, const migc_module *m, const char *target, migc_direction dir,
          migc_run *run, migc_error *err)
{
    migc_error local_err;
    migc_run local_run = {0, 0, 0};

    j->conn = conn;
    j->m = m;
    j->run = run != NULL ? run : &local_run;
    j->err = err != NULL ? err : &local_err;
    migc_error_clear(j->err);
    j->run->before = j->run->after = 0;
    j->run->ms = 0;
    if (PQstatus(conn) != CONNECTION_OK)
        return migc_fail(j->err, MIGC_ECONNECT, "the connection is not open");
    return locked_run(j, target, dir);
}

/* Sets up an upgrade, downgrade or stamp and runs it. */
static int
run_command(PGconn *conn, const migc_module *m, const char *target, migc_direction dir,
            int allow_destructive, const migc_progress *progress, migc_run *run, migc_drift *drift,
            migc_error *err)
{
    job j = {0};

    j.progress = progress;
    j.drift = drift;
    j.allow_destructive = allow_destructive;
    if (drift != NULL)
        memset(drift, 0, sizeof *drift);
    return start_job(&j, conn, m, target, dir, run, err);
}

int
migc_upgrade(PGconn *conn, const migc_module *m, const char *target, const migc_progress *progress,
             migc_run *run, migc_error *err)
{
    return run_command(conn, m, target ? target : "head", MIGC_DIR_UP, 0, progress, run, NULL, err);
}

int
migc_downgrade(PGconn *conn, const migc_module *m, const char *target,
               const migc_progress *progress, migc_run *run, migc_error *err)
{
    return run_command(conn, m, target, MIGC_DIR_DOWN, 0, progress, run, NULL, err);
}

int
migc_stamp(PGconn *conn, const migc_module *m, const char *target, migc_run *run, migc_error *err)
{
    return run_command(conn, m, target, MIGC_DIR_ANY, 0, NULL, run, NULL, err);
}

int
migc_move_verified(PGconn *conn, const migc_module *m, const char *target, int flags,
                   const migc_progress *progress, migc_run *run, migc_drift *drift, migc_error *err)
{
    int up = flags & MIGC_MOVE_UP;

    if (up)
        target = target ? target : "head";
    return run_command(conn, m, target, up ? MIGC_DIR_UP : MIGC_DIR_DOWN,
                       flags & MIGC_MOVE_ALLOW_DESTRUCTIVE, progress, run, drift, err);
}

/* Runs a version-row rewrite (stamp --force, repair) under the lock. */
static int
run_rewrite(PGconn *conn, const migc_module *m, const char *target, int kind,
            const migc_row_report *report, migc_run *run, migc_error *err)
{
    job j = {0};

    j.report = report;
    j.kind = kind;
    return start_job(&j, conn, m, target, MIGC_DIR_ANY, run, err);
}

int
migc_stamp_force(PGconn *conn, const migc_module *m, const char *target,
                 const migc_row_report *report, migc_run *run, migc_error *err)
{
    return run_rewrite(conn, m, target, JOB_FORCE, report, run, err);
}

int
migc_repair(PGconn *conn, const migc_module *m, const migc_row_report *report, migc_error *err)
{
    return run_rewrite(conn, m, NULL, JOB_REPAIR, report, NULL, err);
}
