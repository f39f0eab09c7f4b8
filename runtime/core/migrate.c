/* migc runtime: the embedding API's commands (upgrade, downgrade, stamp) over a PGconn.
 * Each takes the module lock, verifies the version table, then moves along the chain. */
#include "migc/migc.h"

#include "migrate.h"

#include "apply.h"
#include "build.h"
#include "clock.h"
#include "dataloss.h"
#include "error.h"
#include "fresh.h"
#include "lock.h"
#include "query.h"
#include "session.h"
#include "target.h"
#include "version.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

/* One command's inputs and outputs, so helpers take one argument for all of them. */
typedef struct job {
    PGconn *conn;
    const migc_module *m;
    const migc_progress *progress; /* may be NULL */
    migc_run *run;
    migc_error *err;
    migc_state st;
    const migc_verify *verify;     /* non-NULL: compare the schema after a run that moved */
    const migc_row_report *report; /* stamp --force and repair: each version row changed */
    int allow_destructive;         /* downgrade: run even when it deletes data */
    int tx_per_revision;           /* --transaction-per-revision: no shared transactions */
    int tenant_lock;               /* --targets: the lock keyed by the tenant's schema too */
    int replay;                    /* --replay: never the fresh-database path */
    /* a shared transaction ran out of lock slots (SQLSTATE 53200): one per revision from then */
    int no_share;
    enum { JOB_MOVE, JOB_FORCE, JOB_REPAIR } kind;
    /* The moves of upgrade and downgrade: n revisions from chain position from, upwards or
     * downwards; done of them are committed; failed and failed_ms: the one that failed. */
    int up;
    size_t from, n, done;
    const migc_revision *failed;
    long failed_ms;
} job;

/* A whole-number module setting (lock_retries, batch_revisions, batch_seconds); def when unset. */
static long
setting(const char *v, long def)
{
    long n = 0;

    if (v == NULL)
        return def;
    for (; *v >= '0' && *v <= '9' && n < 100000; v++)
        n = n * 10 + (*v - '0');
    return n;
}

/* The module's lock_retries (default 5). */
static int
lock_retries(const job *j)
{
    return (int)setting(j->m->lock_retries, 5);
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
lock_retry(job *j, int attempt, char *why, size_t size)
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
                      j->failed->id, attempt, attempt == 1 ? "" : "s", retries, why);
    return 0;
}

/* Chain index of the k-th revision of the move. */
static size_t
rev_index(const job *j, size_t k)
{
    return j->up ? j->from + k : j->from - 1 - k;
}

/* True when the k-th revision of the move runs in a transaction of its own. */
static int
runs_alone(const job *j, size_t k)
{
    const migc_revision *rev = j->m->revisions[rev_index(j, k)];

    return j->tx_per_revision || j->no_share || j->m->commit_before == NULL ||
           setting(j->m->batch_revisions, 50) <= 1 || migc_apply_alone(rev, j->up);
}

/* True when a shared transaction must commit before the k-th revision of the move. */
static int
commit_before(const job *j, size_t k)
{
    return runs_alone(j, k) || (j->m->commit_before[rev_index(j, k)] &
                                (j->up ? MIGC_COMMIT_BEFORE_UP : MIGC_COMMIT_BEFORE_DOWN));
}

/* Runs the k-th revision of the move, alone (in its own transaction or step by step) or in the
 * open shared transaction, between the progress callbacks; resumed: after a lock_timeout, its
 * begin line is already printed. On failure, leaves the end line to the caller (a retry). */
static int
move_one(job *j, size_t k, int alone, int resumed)
{
    size_t index = rev_index(j, k);
    const migc_revision *rev = j->m->revisions[index];
    const migc_progress *p = j->progress;
    migc_apply_ctx ctx = {NULL, NULL, NULL};
    long ms = 0;
    int rc;

    if (!j->up)
        ctx.kept = j->st.rows[index].kept;
    if (p != NULL) {
        ctx.on_kept = p->kept;
        ctx.user = p->user;
    }
    if (p != NULL && p->begin != NULL && !resumed)
        p->begin(p->user, j->up ? "upgrade" : "downgrade", rev);
    rc = (alone ? migc_apply_revision : migc_apply_in_batch)(j->conn, j->m, rev, j->up, &ctx, &ms,
                                                             j->err);
    j->run->ms += ms;
    if (rc != 0) {
        j->failed = rev;
        j->failed_ms = ms;
    } else if (p != NULL && p->end != NULL)
        p->end(p->user, j->up ? "upgrade" : "downgrade", rev, ms, 1);
    return rc;
}

/* Marks the first *done revisions of the move committed. */
static void
committed(job *j, size_t done)
{
    j->done = done;
    j->run->after = j->up ? j->from + done : j->from - done;
}

/* Runs revisions k.. of the move in one shared transaction until a commit point, the module's
 * batch_revisions or batch_seconds; *next is one past the last one committed. On failure rolls
 * back to the last commit. */
static int
move_shared(job *j, size_t k, int resumed, size_t *next)
{
    long limit = setting(j->m->batch_revisions, 50);
    long start = migc_clock_ms(), seconds = setting(j->m->batch_seconds, 5);
    size_t i = k;

    j->failed = j->m->revisions[rev_index(j, k)];
    j->failed_ms = 0;
    if (migc_q_command(j->conn, "BEGIN", 0, NULL, j->err) != 0)
        return -1;
    do {
        if (move_one(j, i, 0, resumed && i == k) != 0) {
            PQclear(PQexec(j->conn, "ROLLBACK"));
            return -1;
        }
        i++;
    } while (i < j->n && !commit_before(j, i) && (long)(i - k) < limit &&
             migc_clock_ms() - start < seconds * 1000);
    if (migc_q_command(j->conn, "COMMIT", 0, NULL, j->err) != 0) {
        j->failed = j->m->revisions[rev_index(j, i - 1)];
        j->err->revision = j->failed->id;
        migc_error_prefix(j->err, "the commit after revision %s failed: ", j->failed->id);
        PQclear(PQexec(j->conn, "ROLLBACK"));
        return -1;
    }
    *next = i;
    return 0;
}

/* After a shared transaction from the k-th revision ran out of lock slots (SQLSTATE 53200: the
 * batch takes more locks than max_locks_per_transaction lets one transaction hold), and was
 * rolled back: says so, and makes every later revision of the move run alone. */
static void
unshare(job *j, size_t k)
{
    const migc_progress *p = j->progress;
    char text[400];

    if (p != NULL && p->end != NULL)
        p->end(p->user, j->up ? "upgrade" : "downgrade", j->failed, j->failed_ms, 0);
    snprintf(text, sizeof text,
             "the revisions from %s take more locks than one transaction can hold "
             "(max_locks_per_transaction): rolled back, and run again in a transaction each",
             j->m->revisions[rev_index(j, k)]->id);
    if (p != NULL && p->note != NULL)
        p->note(p->user, text);
    j->no_share = 1;
    migc_error_clear(j->err);
}

/* Runs the next batch of the move from its k-th revision (one revision when it runs alone),
 * retrying it from its start (the last commit) when it hits lock_timeout (SQLSTATE 55P03), up
 * to the module's lock_retries. */
static int
move_batch(job *j, size_t k)
{
    const migc_revision *first = j->m->revisions[rev_index(j, k)];
    const migc_progress *p = j->progress;
    char why[1024];
    size_t next = k + 1;
    int rc;

    for (int attempt = 1, resumed = 0;; attempt++) {
        int alone = runs_alone(j, k);
        rc = alone ? move_one(j, k, 1, resumed) : move_shared(j, k, resumed, &next);
        if (rc != 0 && !alone && strcmp(j->err->sqlstate, "53200") == 0) {
            unshare(j, k); /* rolled back: run the batch again, a transaction per revision */
            resumed = 0;
            continue;
        }
        if (rc == 0 || strcmp(j->err->sqlstate, "55P03") != 0 ||
            !lock_retry(j, attempt, why, sizeof why))
            break;
        resumed = 1;
        long wait = backoff_ms(attempt);
        if (p != NULL && p->retry != NULL) /* prints the line of the revision it restarts at */
            p->retry(p->user, first, attempt, lock_retries(j) + 1, wait, why);
        migc_sleep_ms(wait);
        migc_error_clear(j->err);
    }
    if (rc != 0 && p != NULL && p->end != NULL)
        p->end(p->user, j->up ? "upgrade" : "downgrade", j->failed, j->failed_ms, 0);
    if (rc == 0)
        committed(j, next);
    return rc;
}

/* The id of the k-th revision of the move. */
static const char *
move_id(const job *j, size_t k)
{
    return j->m->revisions[rev_index(j, k)]->id;
}

/* Appends to err which revisions of the move stayed applied (committed) before it failed: all of
 * them when they are few, else the first and the last. */
static void
note_committed(job *j)
{
    char list[800] = "none";
    size_t used = 0, len = strlen(j->err->message);

    if (j->done > 10)
        snprintf(list, sizeof list, "%s, ..., %s (%zu revisions)", move_id(j, 0),
                 move_id(j, j->done - 1), j->done);
    for (size_t k = 0; k < j->done && j->done <= 10; k++) { /* ids are at most 63 bytes */
        int n = snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", move_id(j, k));
        used += n > 0 ? (size_t)n : 0;
    }
    snprintf(j->err->message + len, sizeof j->err->message - len,
             "\n%s and committed before the failure: %s; the database is at %s",
             j->up ? "applied" : "reverted", list, migc_position_name(j->m, j->run->after));
}

/* When a step failed because a type does not exist (42704) and module.yaml lists it under
 * external_types, says what that means: the type comes from outside the module and must exist
 * before the migrator runs. */
static void
external_hint(const migc_module *m, migc_error *err)
{
    const char *at = strstr(err->message, "type \""), *end;
    size_t used = strlen(err->message), n;

    if (strcmp(err->sqlstate, "42704") != 0 || at == NULL || (end = strchr(at + 6, '"')) == NULL)
        return;
    at += 6;
    n = (size_t)(end - at);
    for (size_t i = 0; i < m->n_external_types; i++) {
        const char *e = m->external_types[i], *dot = strrchr(e, '.');
        if ((strlen(e) == n && strncmp(e, at, n) == 0) ||
            (dot != NULL && strlen(dot + 1) == n && strncmp(dot + 1, at, n) == 0)) {
            snprintf(err->message + used, sizeof err->message - used,
                     "\nhint: %s is listed under external_types in module.yaml: it comes from "
                     "outside this module and must exist before the migrator runs; create it "
                     "(or what makes it) first",
                     e);
            return;
        }
    }
}

/* Runs the move batch by batch; on failure says what stayed committed. */
static int
move(job *j)
{
    size_t k = 0;

    j->done = 0;
    while (k < j->n) {
        if (move_batch(j, k) != 0) {
            external_hint(j->m, j->err);
            note_committed(j);
            return -1;
        }
        k = j->done;
    }
    return 0;
}

/* The fresh-database path (SPEC §7): on an upgrade from base to head of a database holding none
 * of the module's objects, builds the head from the snapshot (*done = 1) unless a sql step of
 * the history stands in the way (then says so) or the run must replay (--replay,
 * --transaction-per-revision, an older generated module without a snapshot). */
static int
try_fresh(job *j, size_t pos, int *done)
{
    const migc_snapshot *snap = j->m->snapshot;
    const migc_progress *p = j->progress;
    const migc_revision *head;
    int empty = 0, rc;
    long ms = 0;

    *done = 0;
    if (snap == NULL || j->replay || j->tx_per_revision || j->run->before != 0 ||
        j->st.partial != NULL || pos == 0 || pos != j->m->n_revisions)
        return 0;
    if (migc_fresh_empty(j->conn, j->m, &empty, j->err) != 0)
        return -1;
    if (!empty)
        return 0;
    head = j->m->revisions[pos - 1];
    if (snap->blocked != NULL) {
        if (p != NULL && p->fresh != NULL)
            p->fresh(p->user, head, pos, 0, 0, 1, snap->blocked);
        return 0;
    }
    rc = migc_fresh_build(j->conn, j->m, &ms, j->err);
    j->run->ms += ms;
    if (rc == 1) { /* too big for one transaction: rolled back, so replay in batches */
        migc_error_clear(j->err);
        if (p != NULL && p->fresh != NULL)
            p->fresh(p->user, head, pos, 0, ms, 1,
                     "it creates more objects than one transaction can lock; raise "
                     "max_locks_per_transaction to build it at once");
        return 0;
    }
    if (p != NULL && p->fresh != NULL)
        p->fresh(p->user, head, pos, snap->n_steps, ms, rc == 0, NULL);
    if (rc != 0) {
        external_hint(j->m, j->err);
        return -1;
    }
    j->run->after = pos;
    j->run->snapshot = 1;
    *done = 1;
    return 0;
}

/* Applies revisions current..pos-1. */
static int
go_up(job *j, size_t pos)
{
    size_t cur = j->run->before;
    int done = 0;

    if (pos < cur)
        return migc_fail(j->err, MIGC_EUSAGE,
                         "upgrade target %s is behind the current revision %s; use downgrade",
                         migc_position_name(j->m, pos), migc_position_name(j->m, cur));
    if (try_fresh(j, pos, &done) != 0 || done)
        return done ? 0 : -1;
    j->up = 1;
    j->from = cur;
    j->n = pos - cur;
    return move(j);
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
                             "operation without down, or a change written irreversible); nothing "
                             "was changed",
                             j->m->revisions[i - 1]->id);
        }
    if (!j->allow_destructive && migc_downgrade_loss(j->conn, j->m, &j->st, cur, pos, j->err))
        return -1;
    j->up = 0;
    j->from = cur;
    j->n = cur - pos;
    return move(j);
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
    if (j->verify == NULL || j->run->after == j->run->before)
        return 0; /* nothing ran: nothing to verify, so a no-op run stays cheap */
    if (j->verify->fn(j->conn, j->m, j->run->after, j->verify->drift, j->err) == 0)
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
        migc_lock_acquire(j->conn, j->m, j->tenant_lock, j->err) != 0)
        return -1;
    rc = locked_body(j, target, dir);
    migc_state_free(&j->st);
    migc_error_clear(&unlock_err);
    if (migc_lock_release(j->conn, j->m, j->tenant_lock, rc == 0 ? j->err : &unlock_err) != 0)
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
    migc_run local_run = {0};
    migc_flat flat;
    int rc;

    j->conn = conn;
    j->run = run != NULL ? run : &local_run;
    j->err = err != NULL ? err : &local_err;
    migc_error_clear(j->err);
    j->run->before = j->run->after = 0;
    j->run->ms = 0;
    j->run->snapshot = 0;
    if (PQstatus(conn) != CONNECTION_OK)
        return migc_fail(j->err, MIGC_ECONNECT, "the connection is not open");
    if (migc_flat_init(&flat, m, j->err) != 0)
        return -1;
    j->m = &flat.m;
    rc = locked_run(j, target, dir);
    migc_flat_free(&flat);
    return rc;
}

/* Sets up an upgrade, downgrade or stamp and runs it; flags: MIGC_MOVE_* (the direction aside). */
static int
run_command(PGconn *conn, const migc_module *m, const char *target, migc_direction dir, int flags,
            const migc_progress *progress, migc_run *run, const migc_verify *verify,
            migc_error *err)
{
    job j = {0};

    j.progress = progress;
    j.verify = verify;
    j.allow_destructive = (flags & MIGC_MOVE_ALLOW_DESTRUCTIVE) != 0;
    j.tx_per_revision = (flags & MIGC_MOVE_TX_PER_REVISION) != 0;
    j.tenant_lock = (flags & MIGC_MOVE_TENANT_LOCK) != 0;
    j.replay = (flags & MIGC_MOVE_REPLAY) != 0;
    if (verify != NULL)
        memset(verify->drift, 0, sizeof *verify->drift);
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

/* The MIGC_MOVE_* flags of public MIGC_OPT_* options. */
static int
move_flags(int options)
{
    return (options & MIGC_OPT_TX_PER_REVISION ? MIGC_MOVE_TX_PER_REVISION : 0) |
           (options & MIGC_OPT_REPLAY ? MIGC_MOVE_REPLAY : 0) |
           (options & MIGC_OPT_ALLOW_DESTRUCTIVE ? MIGC_MOVE_ALLOW_DESTRUCTIVE : 0);
}

int
migc_upgrade_with(PGconn *conn, const migc_module *m, const char *target, int options,
                  const migc_progress *progress, migc_run *run, migc_error *err)
{
    return run_command(conn, m, target ? target : "head", MIGC_DIR_UP, move_flags(options),
                       progress, run, NULL, err);
}

int
migc_downgrade_with(PGconn *conn, const migc_module *m, const char *target, int options,
                    const migc_progress *progress, migc_run *run, migc_error *err)
{
    return run_command(conn, m, target, MIGC_DIR_DOWN, move_flags(options), progress, run, NULL,
                       err);
}

int
migc_stamp(PGconn *conn, const migc_module *m, const char *target, migc_run *run, migc_error *err)
{
    return run_command(conn, m, target, MIGC_DIR_ANY, 0, NULL, run, NULL, err);
}

int
migc_move_verified(PGconn *conn, const migc_module *m, const char *target, int flags,
                   const migc_progress *progress, migc_run *run, const migc_verify *verify,
                   migc_error *err)
{
    int up = flags & MIGC_MOVE_UP;

    if (up)
        target = target ? target : "head";
    return run_command(conn, m, target, up ? MIGC_DIR_UP : MIGC_DIR_DOWN, flags, progress, run,
                       verify, err);
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
