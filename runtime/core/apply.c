/* migc runtime: running one revision's steps (up or down) with their guards.
 * A guard returns one boolean: false skips its step (the object is already as wanted). */
#include "apply.h"

#include "clock.h"
#include "error.h"
#include "query.h"
#include "stepobj.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Batching. A guard costs nothing but server time when it runs in the same statement as its
 * step: "DO $tag$ BEGIN IF (guard) THEN EXECUTE $sql$...$sql$; END IF; END $tag$" checks the live
 * catalog right before the step, exactly like a separate round trip would. Inside a revision's
 * transaction such blocks are sent in libpq pipeline mode, BATCH_MAX at a time, and the results
 * read after one sync: one round trip per batch instead of two per step. The first failing
 * block aborts the rest of the pipeline, and the transaction is rolled back as before.
 * Unguarded steps (raw `sql`) keep the simple protocol: they may hold several statements. */
enum { BATCH_MAX = 64 };

/* The statement that adds key to the transaction's list of kept objects (migc.kept, newline-
 * separated), read back when the version row is written; "" when the step creates nothing.
 * Caller frees; NULL when out of memory. */
static char *
keep_statement(const migc_step *step)
{
    static const char head[] =
        "PERFORM pg_catalog.set_config('migc.kept', pg_catalog.concat_ws(E'\\n', "
        "NULLIF(pg_catalog.current_setting('migc.kept', true), ''), '";
    char key[512], *buf, *p;

    if (migc_step_object(step, key, sizeof key) != MIGC_STEP_MAKES)
        key[0] = '\0';
    if ((buf = malloc(sizeof head + 2 * strlen(key) + 16)) == NULL || key[0] == '\0')
        return buf != NULL ? (buf[0] = '\0', buf) : NULL;
    p = buf + sprintf(buf, "%s", head);
    for (const char *k = key; *k != '\0'; k++) /* a standard literal: quotes doubled */
        p += sprintf(p, *k == '\'' ? "''" : "%c", *k);
    sprintf(p, "'), true);");
    return buf;
}

/* True when step drops an object listed in kept (the upgrade found it already there). */
static int
is_kept(const migc_step *step, const char *kept)
{
    char key[512];

    return kept != NULL && migc_step_object(step, key, sizeof key) == MIGC_STEP_REMOVES &&
           migc_key_listed(kept, key);
}

#ifdef LIBPQ_HAS_PIPELINING
/* The step as one statement: a DO block running its SQL when its guard is true; else failing
 * with the message of its conflict query when that gives one (neither before nor after), or
 * noting the object a create found already there (keep_statement). Caller frees; NULL when out
 * of memory. The IF is on line 2 of the block (see failed_in_guard). */
static char *
guarded_block(const migc_step *step)
{
    static const char raise[] = "migc_c := (%s);\nIF migc_c IS NOT NULL THEN RAISE EXCEPTION "
                                "'%%', migc_c; END IF;\n";
    char inner[MIGC_TAG_SIZE], outer[MIGC_TAG_SIZE];
    char *keep = keep_statement(step), *buf = NULL, *conflict = NULL;
    const char *texts[5] = {step->sql, step->guard, inner, keep, step->conflict};
    size_t size;

    if (keep == NULL)
        return NULL;
    size = step->conflict ? strlen(step->conflict) + sizeof raise : 1;
    if ((conflict = malloc(size)) == NULL) {
        free(keep);
        return NULL;
    }
    if (step->conflict)
        snprintf(conflict, size, raise, step->conflict);
    else
        conflict[0] = '\0';
    migc_dollar_tag(inner, "migc_sql", texts, 1);
    migc_dollar_tag(outer, "migc", texts, 5);
    size = strlen(step->guard) + strlen(step->sql) + strlen(keep) + strlen(conflict) +
           4 * MIGC_TAG_SIZE + 96;
    if ((buf = malloc(size)) != NULL)
        snprintf(buf, size, "DO %s %sBEGIN\nIF (%s) THEN\nEXECUTE %s%s%s;\n%s%s%s\nEND IF;\nEND %s",
                 outer, step->conflict ? "DECLARE migc_c text; " : "", step->guard, inner,
                 step->sql, inner, *keep || *conflict ? "ELSE\n" : "", conflict, keep, outer);
    free(keep);
    free(conflict);
    return buf;
}

/* True when the error was raised by the guard: the outermost CONTEXT line is our IF. */
static int
failed_in_guard(const PGresult *res)
{
    const char *ctx = PQresultErrorField(res, PG_DIAG_CONTEXT);
    const char *last = ctx != NULL ? strrchr(ctx, '\n') : NULL;

    if (ctx == NULL)
        return 0;
    return strstr(last != NULL ? last : ctx, "line 2 at IF") != NULL;
}

/* Fills err for a failed block of step, naming the guard or the SQL that failed. */
static int
block_failed(PGconn *conn, const PGresult *res, const migc_step *step, migc_error *err)
{
    int guard = res != NULL && failed_in_guard(res);

    migc_q_fail(conn, res, guard ? step->guard : step->sql, err);
    if (guard)
        migc_error_prefix(err, "guard: ");
    return -1;
}

/* Queues steps [from, to) and a sync; *sent is one past the last step queued. */
static int
send_batch(PGconn *conn, const migc_step *steps, size_t from, size_t to, size_t *sent,
           migc_error *err)
{
    int rc = 0;

    for (*sent = from; *sent < to && rc == 0; (*sent)++) {
        char *text = guarded_block(&steps[*sent]);
        if (text == NULL)
            rc = migc_fail(err, MIGC_EFAILED, "out of memory");
        else if (PQsendQueryParams(conn, text, 0, NULL, NULL, NULL, NULL, 0) != 1)
            rc = block_failed(conn, NULL, &steps[*sent], err);
        free(text);
        if (rc != 0)
            break;
    }
    if (PQpipelineSync(conn) != 1 && rc == 0)
        rc = migc_q_fail(conn, NULL, "(pipeline sync)", err);
    return rc;
}

/* Reads the results of steps [from, sent) up to the sync; the first error names its step. */
static int
read_batch(PGconn *conn, const migc_step *steps, size_t from, size_t sent, size_t *failed,
           migc_error *err)
{
    size_t k = from;
    int rc = 0;

    for (;;) {
        PGresult *res = PQgetResult(conn);
        ExecStatusType st = res != NULL ? PQresultStatus(res) : PGRES_EMPTY_QUERY;
        if (res == NULL && (k >= sent || PQstatus(conn) == CONNECTION_BAD))
            break; /* nothing more will come */
        if (res == NULL)
            k++; /* end of step k's results */
        if (st == PGRES_FATAL_ERROR && rc == 0) {
            /* k == sent: the connection failed after the last step, before the sync */
            *failed = k < sent ? k : (sent > from ? sent - 1 : from);
            rc = block_failed(conn, res, &steps[*failed], err);
        }
        PQclear(res);
        if (st == PGRES_PIPELINE_SYNC)
            break;
    }
    if (rc == 0 && k < sent) {
        *failed = k;
        rc = block_failed(conn, NULL, &steps[k], err);
    }
    return rc;
}

/* Runs guarded steps [from, to) in one pipeline; on failure *failed is the failing step. */
static int
run_batch(PGconn *conn, const migc_step *steps, size_t from, size_t to, size_t *failed,
          migc_error *err)
{
    size_t sent;
    int rc;

    if (PQenterPipelineMode(conn) != 1)
        return migc_q_fail(conn, NULL, "(pipeline mode)", err);
    rc = send_batch(conn, steps, from, to, &sent, err);
    if (rc != 0)
        *failed = sent < to ? sent : to - 1;
    if (read_batch(conn, steps, from, sent, failed, rc == 0 ? err : &(migc_error){0}) != 0)
        rc = -1;
    if (PQexitPipelineMode(conn) != 1 && rc == 0)
        rc = migc_q_fail(conn, NULL, "(pipeline mode)", err);
    return rc;
}

/* One past the last step of the batch starting at i: guarded steps, at most BATCH_MAX, ending
 * after a step that commits. i itself when step i cannot be batched. */
static size_t
batch_end(const migc_step *steps, size_t i, size_t n, const char *kept)
{
    size_t j = i;

    while (j < n && j - i < BATCH_MAX && steps[j].guard != NULL && !is_kept(&steps[j], kept))
        if (steps[j++].flags & MIGC_STEP_COMMIT_AFTER)
            break;
    return j;
}
#else
/* libpq before 14 has no pipeline mode: every step takes the one-by-one path. */
static size_t
batch_end(const migc_step *steps, size_t i, size_t n, const char *kept)
{
    (void)steps, (void)n, (void)kept;
    return i;
}

static int
run_batch(PGconn *conn, const migc_step *steps, size_t from, size_t to, size_t *failed,
          migc_error *err)
{
    (void)conn, (void)steps, (void)from, (void)to, (void)failed;
    return migc_fail(err, MIGC_EFAILED, "pipeline mode needs libpq 14 or later");
}
#endif

/* After a guard said no: fails when the step's conflict query gives a message (the database is
 * neither before nor after the step). */
static int
check_conflict(PGconn *conn, const migc_step *step, migc_error *err)
{
    PGresult *res = migc_q_tuples(conn, step->conflict, 0, NULL, err);
    int rc = 0;

    if (res == NULL)
        return -1;
    if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
        rc = migc_fail(err, MIGC_EFAILED, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return rc;
}

/* Runs a step: its guard first when it has one, then its SQL unless the guard said no; a
 * create whose object is already there is noted as kept (for the session outside a
 * transaction: apply_step_by_step clears the note once the version row holds it). */
static int
run_step(PGconn *conn, const migc_step *step, int in_tx, migc_error *err)
{
    static const char note_sql[] =
        "SELECT pg_catalog.set_config('migc.kept', pg_catalog.concat_ws(E'\\n', "
        "NULLIF(pg_catalog.current_setting('migc.kept', true), ''), $1::pg_catalog.text), "
        "$2::pg_catalog.bool)";
    char key[512];
    const char *params[2] = {key, in_tx ? "true" : "false"};
    int needed = 1;
    PGresult *res;

    if (step->guard != NULL && migc_q_bool(conn, step->guard, 0, NULL, &needed, err) != 0) {
        migc_error_prefix(err, "guard: ");
        return -1;
    }
    if (needed)
        return migc_q_script(conn, step->sql, err);
    if (step->conflict != NULL && check_conflict(conn, step, err) != 0)
        return -1;
    if (migc_step_object(step, key, sizeof key) != MIGC_STEP_MAKES)
        return 0;
    if ((res = migc_q_tuples(conn, note_sql, 2, params, err)) == NULL)
        return -1;
    PQclear(res);
    return 0;
}

/* Inside a transaction: commits what ran so far and opens the next transaction. */
static int
commit_point(PGconn *conn, migc_error *err)
{
    if (migc_q_command(conn, "COMMIT", 0, NULL, err) != 0)
        return -1;
    return migc_q_command(conn, "BEGIN", 0, NULL, err);
}

/* Names revision and step (its operation's number) in err after step i failed. */
static int
step_error(const migc_revision *rev, int up, const migc_step *steps, size_t i, migc_error *err)
{
    char where[512];
    err->revision = rev->id;
    err->step = migc_step_number(steps, i);
    migc_error_prefix(err, "%srevision %s failed at step %zu (%s, %s): ", up ? "" : "downgrade of ",
                      rev->id, err->step, steps[i].label ? steps[i].label : "?",
                      migc_step_where(rev, &steps[i], where, sizeof where));
    return -1;
}

/* Runs every step of the direction; on failure names revision and step in err and sets *at to
 * the failing step's index. Inside a transaction, runs of guarded steps go as one pipelined batch
 * (see batch_end). On the way down, a drop of an object the upgrade found already there (kept)
 * is skipped and reported. */
static int
run_steps(PGconn *conn, const migc_revision *rev, int up, int in_tx, const migc_apply_ctx *ctx,
          size_t *at, migc_error *err)
{
    const migc_step *steps = up ? rev->up : rev->down;
    size_t n = up ? rev->n_up : rev->n_down;
    const char *kept = up ? NULL : ctx->kept;
    size_t i = 0;

    while (i < n) {
        if (is_kept(&steps[i], kept)) {
            char key[512];
            migc_step_object(&steps[i++], key, sizeof key);
            if (ctx->on_kept != NULL)
                ctx->on_kept(ctx->user, rev, key);
            continue;
        }
        size_t end = in_tx ? batch_end(steps, i, n, kept) : i, failed = i;
        int rc = end > i ? run_batch(conn, steps, i, end, &failed, err)
                         : run_step(conn, &steps[i], in_tx, err);
        i = end > i ? end : i + 1;
        if (rc == 0 && in_tx && (steps[i - 1].flags & MIGC_STEP_COMMIT_AFTER)) {
            rc = commit_point(conn, err);
            failed = i - 1;
        }
        if (rc != 0) {
            *at = failed;
            return step_error(rev, up, steps, failed, err);
        }
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
    int rc = up ? migc_version_insert(conn, m, rev, ms, NULL, err)
                : migc_version_delete(conn, m, rev, err);

    if (rc != 0)
        err->revision = rev->id;
    return rc;
}

/* Runs a transactional revision: BEGIN, steps, version row, COMMIT. */
static int
apply_in_transaction(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                     const migc_apply_ctx *ctx, long start, migc_error *err)
{
    if (migc_q_command(conn, "BEGIN", 0, NULL, err) != 0)
        return -1;
    size_t at;

    if (run_steps(conn, rev, up, 1, ctx, &at, err) != 0 ||
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

/* After step at of a step-by-step revision failed, the steps before it stay done: records the
 * revision as partial (SPEC §7), so that status, history and check say so and the next upgrade
 * or downgrade resumes it, and says so in err. */
static void
record_partial(PGconn *conn, const migc_module *m, const migc_revision *rev, int up, size_t at,
               migc_error *err)
{
    const migc_step *steps = up ? rev->up : rev->down;
    char note[400];
    migc_error e;
    size_t len;

    snprintf(note, sizeof note, "%s stopped at step %zu of %zu (%s)", up ? "upgrade" : "downgrade",
             migc_step_number(steps, at), migc_step_count(steps, up ? rev->n_up : rev->n_down),
             steps[at].label);
    migc_error_clear(&e);
    if (migc_version_insert(conn, m, rev, -1, note, &e) != 0)
        snprintf(note, sizeof note, "could not be recorded as partial: %.300s", e.message);
    len = strlen(err->message);
    snprintf(err->message + len, sizeof err->message - len,
             "\nnote: revision %s is not transactional: the steps before the failing one stay "
             "done, and it is recorded as partially applied (%s); the next upgrade or downgrade "
             "resumes it, its guards skipping what is done",
             rev->id, note);
}

/* Runs a non-transactional revision step by step in autocommit, then records it. Outside a
 * transaction the kept note (run_step) is the session's: cleared afterwards, whatever happened. */
static int
apply_step_by_step(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                   const migc_apply_ctx *ctx, long start, migc_error *err)
{
    static const char clear_sql[] = "SELECT pg_catalog.set_config('migc.kept', '', false)";
    size_t at = 0;
    int rc = run_steps(conn, rev, up, 0, ctx, &at, err);
    migc_error ignored;

    if (rc == 0)
        rc = record(conn, m, rev, up, migc_clock_ms() - start, err);
    else if (at > 0)
        record_partial(conn, m, rev, up, at, err);
    if (migc_q_script(conn, clear_sql, rc == 0 ? err : &ignored) != 0 && rc == 0)
        return -1;
    return rc;
}

int
migc_apply_revision(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                    const migc_apply_ctx *ctx, long *ms, migc_error *err)
{
    long start = migc_clock_ms();
    int rc = rev->transactional ? apply_in_transaction(conn, m, rev, up, ctx, start, err)
                                : apply_step_by_step(conn, m, rev, up, ctx, start, err);

    *ms = migc_clock_ms() - start;
    if (rc != 0 && err->status == MIGC_OK)
        err->status = MIGC_EFAILED;
    return rc;
}

int
migc_apply_in_batch(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                    const migc_apply_ctx *ctx, long *ms, migc_error *err)
{
    long start = migc_clock_ms();
    size_t at;
    int rc = run_steps(conn, rev, up, 1, ctx, &at, err);

    if (rc == 0)
        rc = record(conn, m, rev, up, migc_clock_ms() - start, err);
    *ms = migc_clock_ms() - start;
    if (rc != 0 && err->status == MIGC_OK)
        err->status = MIGC_EFAILED;
    return rc;
}

int
migc_apply_alone(const migc_revision *rev, int up)
{
    const migc_step *steps = up ? rev->up : rev->down;
    size_t n = up ? rev->n_up : rev->n_down;

    if (!rev->transactional)
        return 1;
    for (size_t i = 0; i < n; i++)
        if (steps[i].flags & MIGC_STEP_COMMIT_AFTER)
            return 1;
    return 0;
}
