/* migc runtime: --targets (SPEC §9): the command over every target, N at a time, on threads.
 * Each target has its own connection, lock and (for a tenant) retargeted copy of the module. */
#define _POSIX_C_SOURCE 200809L /* pthreads */

#include "fleet.h"

#include "check.h"
#include "clock.h"
#include "error.h"
#include "migrate.h"
#include "report.h"
#include "session.h"
#include "tenant.h"

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SLOWEST = 5, N_STATUS = 9 };

/* Result names by exit code, and their severity: the run's exit code is the target status of
 * highest severity, from the least: ok, drift, verify, lock, connect, refused, failed, unknown,
 * usage (what a rerun may fix ranks below what needs a person). */
static const char result_names[N_STATUS][10] = {"ok",   "drift",   "usage",   "connect", "failed",
                                                "lock", "unknown", "refused", "verify"};
static const unsigned char severity[N_STATUS] = {0, 1, 8, 4, 6, 3, 7, 5, 2};

/* One run over the list: the work queue and the output, shared by the worker threads. */
typedef struct fleet {
    const migc_module *m;
    const migc_fleet_options *o;
    migc_fleet_list *list;
    size_t *queue; /* target indexes in the order they start */
    size_t n_queue, next;
    pthread_mutex_t mu; /* next, and stdout */
} fleet;

/* Notices would interleave across targets: they are dropped. */
static void
drop_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* A malloc'd copy of s with every line break turned into "; " (one output line per target). */
static char *
one_line(const char *s)
{
    size_t n = 0;
    char *out = malloc(strlen(s) * 2 + 1);

    if (out == NULL)
        return NULL;
    for (; *s != '\0'; s++) {
        if (*s == '\n' && s[1] != '\0') {
            out[n++] = ';';
            out[n++] = ' ';
            while (s[1] == ' ' || s[1] == '\t') /* libpq indents its hints */
                s++;
        } else if (*s != '\n') {
            out[n++] = *s;
        }
    }
    out[n] = '\0';
    return out;
}

/* Records a failure of t. */
static void
record_error(migc_fleet_target *t, const migc_error *err)
{
    t->status = err->status != MIGC_OK ? err->status : MIGC_EFAILED;
    free(t->message);
    t->message = one_line(err->message);
}

/* Records drift differences of t (status 1 when there are any). */
static void
record_drift(migc_fleet_target *t, const migc_drift *drift)
{
    size_t len = 0;

    t->n_diffs = drift->n;
    if (drift->n == 0)
        return;
    t->status = MIGC_EDRIFT;
    for (size_t i = 0; i < drift->n; i++)
        len += strlen(drift->items[i].message) + 1;
    if ((t->diffs = malloc(len + 1)) == NULL)
        return;
    t->diffs[0] = '\0';
    for (size_t i = 0, at = 0; i < drift->n; i++)
        at += (size_t)sprintf(t->diffs + at, "%s\n", drift->items[i].message);
}

/* upgrade / downgrade of one target. */
static void
run_move(const fleet *f, migc_fleet_target *t, const migc_module *m, PGconn *conn, int flags)
{
    const migc_fleet_options *o = f->o;
    migc_drift drift;
    migc_verify verify = {migc_check_at, &drift};
    migc_run run = {0};
    migc_error err;

    flags |= (strcmp(o->command, "upgrade") == 0 ? MIGC_MOVE_UP : 0) |
             (o->allow_destructive ? MIGC_MOVE_ALLOW_DESTRUCTIVE : 0) |
             (o->tx_per_revision ? MIGC_MOVE_TX_PER_REVISION : 0) |
             (o->replay ? MIGC_MOVE_REPLAY : 0);
    if (migc_move_verified(conn, m, o->target, flags, NULL, &run, o->no_verify ? NULL : &verify,
                           &err) != 0)
        record_error(t, &err);
    else if (!o->no_verify)
        record_drift(t, &drift);
    if (!o->no_verify)
        migc_drift_free(&drift);
    t->have_pos = err.status == MIGC_OK || run.after != run.before;
    t->before = run.before;
    t->after = run.after;
    t->snapshot = run.snapshot;
}

/* status / current / check of one target. */
static void
run_read(const fleet *f, migc_fleet_target *t, const migc_module *m, PGconn *conn)
{
    migc_state st;
    migc_drift drift;
    migc_error err;

    if (strcmp(f->o->command, "check") == 0) {
        if (migc_check(conn, m, &drift, &err) != 0) {
            record_error(t, &err);
            return;
        }
        record_drift(t, &drift);
        t->have_pos = 1;
        t->before = t->after = drift.revision;
        migc_drift_free(&drift);
        return;
    }
    if (migc_session_init(conn, m, &err) != 0 || migc_state_read(conn, m, &st, &err) != 0) {
        record_error(t, &err);
        return;
    }
    t->have_pos = 1;
    t->before = t->after = st.n_applied;
    if (st.partial != NULL) {
        t->message = malloc(strlen(st.partial->id) + 32);
        if (t->message != NULL)
            sprintf(t->message, "%s is partially applied", st.partial->id);
    }
    migc_state_free(&st);
}

/* Connects to t and runs the command there with module m. */
static void
run_connected(const fleet *f, migc_fleet_target *t, const migc_module *m, int tenant_lock)
{
    PGconn *conn;
    migc_error err;

    if (migc_connect(t->url, &conn, &err) != 0) {
        record_error(t, &err);
        return;
    }
    PQsetNoticeProcessor(conn, drop_notice, NULL);
    if (strcmp(f->o->command, "upgrade") == 0 || strcmp(f->o->command, "downgrade") == 0)
        run_move(f, t, m, conn, tenant_lock ? MIGC_MOVE_TENANT_LOCK : 0);
    else
        run_read(f, t, m, conn);
    PQfinish(conn);
}

/* Runs the command on one target: its tenant copy of the module, connection, command. */
static void
run_target(const fleet *f, migc_fleet_target *t)
{
    long start = migc_clock_ms();
    int tenant = t->schema != NULL && strcmp(t->schema, f->m->schema) != 0;
    migc_tenant copy;
    migc_error err;

    t->status = MIGC_OK;
    if (tenant && migc_tenant_init(&copy, f->m, t->schema, &err) != 0)
        record_error(t, &err);
    else
        run_connected(f, t, tenant ? &copy.m : f->m, tenant);
    if (tenant)
        migc_tenant_free(&copy);
    t->ms = migc_clock_ms() - start;
}

/* Revisions applied or reverted on t. */
static size_t
moved(const migc_fleet_target *t)
{
    return t->after > t->before ? t->after - t->before : t->before - t->after;
}

/* The id at a chain position, "base" for 0. */
static const char *
pos_name(const migc_module *m, size_t pos)
{
    return pos == 0 ? "base" : m->revisions[pos - 1]->id;
}

/* The name of a target status. */
static const char *
result_name(int status)
{
    return status >= 0 && status < N_STATUS ? result_names[status] : "error";
}

/* Prints where t stands after the command: "base -> 0003_x", "at 0003_x, 2 pending". */
static void
print_position(FILE *out, const fleet *f, const migc_fleet_target *t)
{
    const migc_module *m = f->m;

    if (moved(t) > 0)
        fprintf(out, ": %s -> %s", pos_name(m, t->before), pos_name(m, t->after));
    else
        fprintf(out, ": at %s", pos_name(m, t->after));
    if (t->snapshot)
        fputs(" (built from the head snapshot)", out);
    if (strcmp(f->o->command, "status") == 0)
        fprintf(out, ", %zu pending", m->n_revisions - t->after);
}

/* Prints t's line: "<target> [schema]: <result>, <n> revisions, <ms> ms: <what>". */
static void
print_target(FILE *out, const fleet *f, const migc_fleet_target *t)
{
    size_t n = moved(t);

    fprintf(out, "%s%s%s: %s, %zu revision%s, %ld ms", t->desc, t->schema ? " " : "",
            t->schema ? t->schema : "", result_name(t->status), n, n == 1 ? "" : "s", t->ms);
    if (t->have_pos)
        print_position(out, f, t);
    if (t->message != NULL)
        fprintf(out, ": %s", t->message);
    if (t->n_diffs > 0) {
        fprintf(out, "; %zu difference%s: ", t->n_diffs, t->n_diffs == 1 ? "" : "s");
        for (const char *p = t->diffs; p != NULL && *p != '\0'; p += strcspn(p, "\n") + 1)
            fprintf(out, "%s%.*s", p == t->diffs ? "" : "; ", (int)strcspn(p, "\n"), p);
    }
    fputc('\n', out);
}

/* Worker thread: runs queued targets until none is left, printing each as it ends. */
static void *
worker(void *arg)
{
    fleet *f = arg;

    for (;;) {
        size_t i;
        migc_fleet_target *t;
        pthread_mutex_lock(&f->mu);
        i = f->next < f->n_queue ? f->queue[f->next++] : (size_t)-1;
        pthread_mutex_unlock(&f->mu);
        if (i == (size_t)-1)
            return NULL;
        t = &f->list->items[i];
        run_target(f, t);
        if (f->o->json || (f->o->quiet && t->status == MIGC_OK))
            continue;
        pthread_mutex_lock(&f->mu);
        print_target(stdout, f, t);
        fflush(stdout);
        pthread_mutex_unlock(&f->mu);
    }
}

/* Runs the n targets of queue on up to o->parallel threads; returns when all have ended. */
static void
run_pool(fleet *f, size_t *queue, size_t n)
{
    size_t want = (size_t)f->o->parallel < n ? (size_t)f->o->parallel : n, started = 0;
    pthread_t *threads = malloc(want * sizeof *threads);

    f->queue = queue;
    f->n_queue = n;
    f->next = 0;
    while (threads != NULL && started < want &&
           pthread_create(&threads[started], NULL, worker, f) == 0)
        started++;
    if (started == 0)
        worker(f); /* no thread could start: run them all here, one at a time */
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
}

/* Runs every target. upgrade and downgrade run one target of each database first, alone: what
 * a database holds once for all its tenants (extensions) is then created before they start. */
static int
run_all(fleet *f)
{
    migc_fleet_list *list = f->list;
    size_t *queue = malloc((list->n ? list->n : 1) * sizeof *queue), n_first = 0, n = 0;
    int moves = strcmp(f->o->command, "upgrade") == 0 || strcmp(f->o->command, "downgrade") == 0;

    if (queue == NULL)
        return -1;
    for (size_t i = 0; i < list->n; i++)
        if (moves && list->items[i].first == i)
            queue[n_first++] = i;
    n = n_first;
    for (size_t i = 0; i < list->n; i++)
        if (!moves || list->items[i].first != i)
            queue[n++] = i;
    if (n_first > 0)
        run_pool(f, queue, n_first);
    run_pool(f, queue + n_first, n - n_first);
    free(queue);
    return 0;
}

/* The run's exit code: the status of highest severity among the targets. */
static int
worst_status(const migc_fleet_list *list)
{
    int worst = MIGC_OK;

    for (size_t i = 0; i < list->n; i++) {
        int s = list->items[i].status;
        if (s < 0 || s >= N_STATUS)
            s = MIGC_EFAILED;
        if (severity[s] > severity[worst])
            worst = s;
    }
    return worst;
}

/* The index of the slowest target not yet in taken[0..n_taken), or list->n when none is left. */
static size_t
next_slowest(const migc_fleet_list *list, const size_t *taken, size_t n_taken)
{
    size_t best = list->n;

    for (size_t i = 0; i < list->n; i++) {
        int seen = 0;
        for (size_t k = 0; k < n_taken; k++)
            seen |= taken[k] == i;
        if (!seen && (best == list->n || list->items[i].ms > list->items[best].ms))
            best = i;
    }
    return best;
}

/* Prints the summary: counts per result, then the slowest targets. */
static void
print_summary(FILE *out, const migc_fleet_list *list, long ms)
{
    size_t counts[N_STATUS] = {0}, slow[SLOWEST], n_slow = 0;
    const char *sep = ": ";

    for (size_t i = 0; i < list->n; i++)
        counts[list->items[i].status >= 0 && list->items[i].status < N_STATUS
                   ? list->items[i].status
                   : MIGC_EFAILED]++;
    fprintf(out, "%zu target%s in %.2f s (%.1f targets/s)", list->n, list->n == 1 ? "" : "s",
            (double)ms / 1000.0, ms > 0 ? (double)list->n * 1000.0 / (double)ms : 0.0);
    for (int s = 0; s < N_STATUS; s++)
        if (counts[s] > 0) {
            fprintf(out, "%s%zu %s", sep, counts[s], result_names[s]);
            sep = ", ";
        }
    fprintf(out, "\nslowest:\n");
    while (n_slow < SLOWEST && (slow[n_slow] = next_slowest(list, slow, n_slow)) < list->n) {
        const migc_fleet_target *t = &list->items[slow[n_slow++]];
        fprintf(out, "  %7ld ms  %s%s%s (%s)\n", t->ms, t->desc, t->schema ? " " : "",
                t->schema ? t->schema : "", result_name(t->status));
    }
}

/* Prints the drift differences of t as a JSON array. */
static void
json_diffs(FILE *out, const migc_fleet_target *t)
{
    char line[2048];

    fputc('[', out);
    for (const char *p = t->diffs; p != NULL && *p != '\0'; p += strcspn(p, "\n") + 1) {
        snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
        fputs(p == t->diffs ? "" : ", ", out);
        migc_report_json_str(out, line);
    }
    fputc(']', out);
}

/* Prints one target as a JSON object. */
static void
json_target(FILE *out, const fleet *f, const migc_fleet_target *t)
{
    fputs("    {\"target\": ", out);
    migc_report_json_str(out, t->desc);
    fputs(", \"schema\": ", out);
    migc_report_json_str(out, t->schema);
    fprintf(out,
            ", \"line\": %d, \"result\": \"%s\", \"exit\": %d, \"revisions\": %zu, \"ms\": %ld",
            t->line, result_name(t->status), t->status, moved(t), t->ms);
    fputs(", \"before\": ", out);
    migc_report_json_str(out, t->have_pos ? pos_name(f->m, t->before) : NULL);
    fputs(", \"after\": ", out);
    migc_report_json_str(out, t->have_pos ? pos_name(f->m, t->after) : NULL);
    if (t->have_pos)
        fprintf(out, ", \"pending\": %zu", f->m->n_revisions - t->after);
    fprintf(out, ", \"snapshot\": %s", t->snapshot ? "true" : "false");
    fputs(", \"message\": ", out);
    migc_report_json_str(out, t->message);
    fputs(", \"differences\": ", out);
    json_diffs(out, t);
    fputc('}', out);
}

/* Prints the whole run as one JSON document. */
static void
print_json(FILE *out, const fleet *f, int rc, long ms)
{
    const migc_fleet_list *list = f->list;
    size_t counts[N_STATUS] = {0};
    const char *sep = "";

    fputs("{\"module\": ", out);
    migc_report_json_str(out, f->m->name);
    fprintf(out, ", \"command\": \"%s\", \"exit\": %d, \"ms\": %ld, \"counts\": {", f->o->command,
            rc, ms);
    for (size_t i = 0; i < list->n; i++)
        counts[list->items[i].status >= 0 && list->items[i].status < N_STATUS
                   ? list->items[i].status
                   : MIGC_EFAILED]++;
    for (int s = 0; s < N_STATUS; s++)
        if (counts[s] > 0) {
            fprintf(out, "%s\"%s\": %zu", sep, result_names[s], counts[s]);
            sep = ", ";
        }
    fputs("},\n  \"targets\": [\n", out);
    for (size_t i = 0; i < list->n; i++) {
        json_target(out, f, &list->items[i]);
        fputs(i + 1 < list->n ? ",\n" : "\n", out);
    }
    fputs("  ]}\n", out);
}

int
migc_fleet_main(const migc_module *m, const migc_fleet_options *o)
{
    migc_fleet_list list;
    migc_error err;
    fleet f = {m, o, &list, NULL, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    long start = migc_clock_ms();
    int rc;

    migc_error_clear(&err);
    if (migc_fleet_read(o->file, &list, &err) != 0) {
        fprintf(stderr, "%s\n", err.message);
        migc_fleet_list_free(&list);
        return err.status;
    }
    if (run_all(&f) != 0) {
        fprintf(stderr, "out of memory\n");
        migc_fleet_list_free(&list);
        return MIGC_EFAILED;
    }
    rc = worst_status(&list);
    if (o->json)
        print_json(stdout, &f, rc, migc_clock_ms() - start);
    else if (!o->quiet)
        print_summary(stdout, &list, migc_clock_ms() - start);
    pthread_mutex_destroy(&f.mu);
    migc_fleet_list_free(&list);
    return rc;
}
