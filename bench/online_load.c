/* bench/online_load.c: the bounded load of bench/online. Two threads, each with its own libpq
 * connection: a reader that selects one row of the table by key and a writer that inserts one
 * row, each every 5 ms, until the stop file appears. Prints the longest single wait of each
 * (milliseconds), how many statements each ran and how many failed.
 *
 * Usage: online_load CONNINFO STOPFILE KEYS FIRST_N
 *   KEYS     the reader picks ids in 1..KEYS
 *   FIRST_N  the writer inserts n = FIRST_N, FIRST_N + 1, ... (unique, for add_unique)
 */
#define _POSIX_C_SOURCE 200809L

#include <libpq-fe.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { PERIOD_NS = 5 * 1000 * 1000 };

struct worker {
    const char *conninfo;
    const char *stopfile;
    int writer;
    long long keys;
    long long first_n;
    double max_ms;
    long ops;
    long errors;
    char first_error[200];
    int failed;
};

static double
now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
sleep_until(const struct timespec *when)
{
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, when, NULL) != 0) {
    }
}

static void
advance(struct timespec *ts)
{
    ts->tv_nsec += PERIOD_NS;
    while (ts->tv_nsec >= 1000000000L) {
        ts->tv_nsec -= 1000000000L;
        ts->tv_sec += 1;
    }
}

/* xorshift64: the reader's keys, one state per thread. */
static unsigned long long
next_random(unsigned long long *state)
{
    unsigned long long x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

static void *
run(void *arg)
{
    struct worker *w = arg;
    PGconn *conn = PQconnectdb(w->conninfo);
    if (PQstatus(conn) != CONNECTION_OK) {
        snprintf(w->first_error, sizeof w->first_error, "%s", PQerrorMessage(conn));
        w->failed = 1;
        PQfinish(conn);
        return NULL;
    }
    PGresult *res = PQexec(conn, w->writer ? "SET application_name = 'migc-bench-writer'"
                                           : "SET application_name = 'migc-bench-reader'");
    PQclear(res);
    const char *sql = w->writer ? "INSERT INTO items (n, ref_id, note) VALUES ($1::integer, "
                                  "1 + $1::integer % 1000, 'load')"
                                : "SELECT id, note FROM items WHERE id = $1::bigint";
    res = PQprepare(conn, "op", sql, 1, NULL);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        snprintf(w->first_error, sizeof w->first_error, "%s", PQerrorMessage(conn));
        w->failed = 1;
        PQclear(res);
        PQfinish(conn);
        return NULL;
    }
    PQclear(res);

    unsigned long long state = w->writer ? 0x9e3779b97f4a7c15ULL : 0x2545f4914f6cdd1dULL;
    struct timespec tick;
    clock_gettime(CLOCK_MONOTONIC, &tick);
    long long i = 0;
    while (access(w->stopfile, F_OK) != 0) {
        char value[32];
        long long v = w->writer
                          ? w->first_n + i
                          : 1 + (long long)(next_random(&state) % (unsigned long long)w->keys);
        snprintf(value, sizeof value, "%lld", v);
        const char *params[1] = {value};
        double start = now_ms();
        res = PQexecPrepared(conn, "op", 1, params, NULL, NULL, 0);
        double took = now_ms() - start;
        ExecStatusType st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            if (w->errors == 0)
                snprintf(w->first_error, sizeof w->first_error, "%s", PQerrorMessage(conn));
            w->errors++;
        }
        PQclear(res);
        if (took > w->max_ms)
            w->max_ms = took;
        w->ops++;
        i++;
        advance(&tick);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > tick.tv_sec || (now.tv_sec == tick.tv_sec && now.tv_nsec > tick.tv_nsec))
            tick = now; /* late after a wait: start the 5 ms over rather than catch up */
        else
            sleep_until(&tick);
    }
    PQfinish(conn);
    return NULL;
}

int
main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: online_load CONNINFO STOPFILE KEYS FIRST_N\n");
        return 2;
    }
    struct worker workers[2];
    memset(workers, 0, sizeof workers);
    for (int k = 0; k < 2; k++) {
        workers[k].conninfo = argv[1];
        workers[k].stopfile = argv[2];
        workers[k].keys = atoll(argv[3]);
        workers[k].first_n = atoll(argv[4]);
        workers[k].writer = k;
    }
    if (workers[0].keys < 1) {
        fprintf(stderr, "online_load: KEYS must be at least 1\n");
        return 2;
    }
    pthread_t threads[2];
    for (int k = 0; k < 2; k++) {
        if (pthread_create(&threads[k], NULL, run, &workers[k]) != 0) {
            fprintf(stderr, "online_load: cannot start a thread\n");
            return 1;
        }
    }
    for (int k = 0; k < 2; k++)
        pthread_join(threads[k], NULL);
    int status = 0;
    for (int k = 0; k < 2; k++) {
        const char *who = workers[k].writer ? "writer" : "reader";
        if (workers[k].failed) {
            fprintf(stderr, "online_load: %s: %s", who, workers[k].first_error);
            status = 1;
        } else if (workers[k].errors > 0) {
            fprintf(stderr, "online_load: %s: %ld failed, first: %s", who, workers[k].errors,
                    workers[k].first_error);
        }
    }
    printf("reader_max_ms=%.1f writer_max_ms=%.1f reader_ops=%ld writer_ops=%ld "
           "reader_errors=%ld writer_errors=%ld\n",
           workers[0].max_ms, workers[1].max_ms, workers[0].ops, workers[1].ops, workers[0].errors,
           workers[1].errors);
    return status;
}
