/* migc generator: `migc inspect`, adoption of an existing database.
 * Loads libpq (pq_load.h) and connects with it, reads the catalog in one read-only snapshot (every
 * query sent at once in a pipeline), prints schema.yaml. */
#include "inspect.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "ignore.h"
#include "inspect_internal.h"
#include "load.h"

static const char usage[] =
    "usage: migc inspect [--url URL] [--schema NAME] [-C DIR] [--ignore PATTERN]...\n"
    "\n"
    "Prints a schema.yaml for the objects of schema NAME (default public) of a live database.\n"
    "Without --url: DATABASE_URL, else libpq's defaults (PGHOST, PGDATABASE, ...).\n"
    "Left out, and named on stderr: migc version tables (of any module), and what an ignore\n"
    "pattern matches: those of DIR/module.yaml with -C DIR (which also gives the default\n"
    "schema) and each --ignore PATTERN (`name` or `schema.name`, * and ? as wildcards).\n"
    "Exit codes: 0 written, 2 usage, 3 invalid module.yaml, 4 cannot connect, no such schema\n"
    "or catalog failure.\n";

typedef struct args {
    const char *url;
    const char *schema; /* NULL: module.yaml's with -C, else public */
    const char *dir;    /* -C DIR, or NULL */
    mg_vec ignore;      /* const char *: --ignore patterns */
} args;

/* ------------------------------------------------------------------------------------------ */
/* Shared helpers                                                                             */
/* ------------------------------------------------------------------------------------------ */

/* The result of the next query of the pipeline, which must be sql; NULL (recorded) when it is
 * not, or when the connection gives none. */
static PGresult *
queued_result(mg_inspect *in, const char *sql)
{
    if (in->next_queued >= in->n_queued || in->queued[in->next_queued] != sql) {
        mg_diag_fail(in->d, "internal error: catalog query out of the pipeline's order");
        return NULL;
    }
    in->next_queued++;
    PGresult *r = in->pq->getResult(in->conn), *end;
    if (r != NULL && (end = in->pq->getResult(in->conn)) != NULL) { /* the NULL after each query */
        in->pq->clear(end);
        in->pq->clear(r);
        mg_diag_fail(in->d, "catalog query failed: unexpected result in the pipeline");
        return NULL;
    }
    if (r == NULL)
        mg_diag_fail(in->d, "catalog query failed: %s", in->pq->conn.errorMessage(in->conn));
    return r;
}

PGresult *
mg_inspect_query(mg_inspect *in, const char *sql)
{
    const char *params[1] = {in->schema};
    PGresult *r;
    if (in->queued != NULL) {
        if ((r = queued_result(in, sql)) == NULL)
            return NULL;
    } else
        r = in->pq->execParams(in->conn, sql, 1, NULL, params, NULL, NULL, 0);
    if (in->pq->resultStatus(r) == PGRES_TUPLES_OK)
        return r;
    const char *state = in->pq->resultErrorField(r, PG_DIAG_SQLSTATE);
    mg_diag_fail(in->d, "catalog query failed (SQLSTATE %s): %s", state ? state : "none",
                 r ? in->pq->resultErrorMessage(r) : in->pq->conn.errorMessage(in->conn));
    in->pq->clear(r);
    return NULL;
}

const char *
mg_inspect_value(mg_inspect *in, const PGresult *r, int row, int col)
{
    if (in->pq->getisnull(r, row, col))
        return NULL;
    return mg_arena_strdup(in->a, in->pq->getvalue(r, row, col));
}

bool
mg_inspect_true(const mg_inspect *in, const PGresult *r, int row, int col)
{
    return !in->pq->getisnull(r, row, col) && strcmp(in->pq->getvalue(r, row, col), "t") == 0;
}

void
mg_inspect_warn(mg_inspect *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mg_vec_push(in->a, &in->warnings, mg_arena_vprintf(in->a, fmt, ap));
    va_end(ap);
}

void
mg_inspect_leave_out(mg_inspect *in, const char *what, const char *name, const char *why)
{
    mg_vec_push(in->a, &in->left_out, mg_arena_printf(in->a, "%s %s (%s)", what, name, why));
}

bool
mg_inspect_ignored(mg_inspect *in, const char *what, const char *schema, const char *name)
{
    const char *pattern = mg_ignore_match(in->ignore, schema, name);
    if (pattern != NULL)
        mg_inspect_leave_out(in, what, name, mg_arena_printf(in->a, "ignore: %s", pattern));
    return pattern != NULL;
}

mg_table *
mg_inspect_table(const mg_inspect *in, const char *name)
{
    size_t i;
    return mg_strmap_get(&in->tables, name, &i) ? in->s->tables.items[i] : NULL;
}

bool
mg_inspect_table_left_out(const mg_inspect *in, const char *table)
{
    for (size_t i = 0; table && i < in->left_tables.len; i++)
        if (strcmp(in->left_tables.items[i], table) == 0)
            return true;
    return false;
}

void
mg_inspect_unmanaged(mg_inspect *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = mg_arena_vprintf(in->a, fmt, ap);
    va_end(ap);
    mg_vec_push(in->a, &in->notes, what);
    mg_inspect_warn(in, "not managed by migc: %s", what);
}

/* ------------------------------------------------------------------------------------------ */
/* Connection                                                                                 */
/* ------------------------------------------------------------------------------------------ */

/* Loads libpq into pq; -1 after recording why it cannot (exit code 4, as a failed connection). */
static int
load_libpq(mg_pq *pq, mg_diag *d)
{
    char err[512];

    if (mg_pq_open(pq, err, sizeof err) == 0)
        return 0;
    mg_diag_fail(d, "%s", err);
    return -1;
}

/* Connects to url (NULL: DATABASE_URL, else libpq's defaults) as the migrator does, with the same
 * password-free messages; NULL after recording the error. */
static PGconn *
connect_db(const mg_pq *pq, mg_diag *d, const char *url)
{
    migc_error err;
    PGconn *conn;

    if (migc_connect_with(&pq->conn, url, "migc inspect", &conn, &err) == 0)
        return conn;
    mg_diag_fail(d, "%s", err.message);
    return NULL;
}

/* One read-only snapshot for every query, search_path = the schema (so format_type and
 * pg_get_expr print the schema's own names unqualified, as the migrator will resolve them). */
static int
begin_session(mg_inspect *in)
{
    PGresult *r = in->pq->exec(in->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    bool ok = in->pq->resultStatus(r) == PGRES_COMMAND_OK;
    in->pq->clear(r);
    if (!ok) {
        mg_diag_fail(in->d, "cannot start a read-only transaction: %s",
                     in->pq->conn.errorMessage(in->conn));
        return -1;
    }
    r = mg_inspect_query(in, "SELECT pg_catalog.set_config('search_path', "
                             "pg_catalog.quote_ident($1), false), "
                             "pg_catalog.set_config('jit', 'off', false), " /* see session.c */
                             "EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)");
    if (r == NULL)
        return -1;
    bool exists = mg_inspect_true(in, r, 0, 2);
    in->pq->clear(r);
    if (!exists) {
        mg_diag_fail(in->d, "schema \"%s\" does not exist in this database", in->schema);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The command                                                                                */
/* ------------------------------------------------------------------------------------------ */

/* Every query of the readers, in the order read_all's readers run them. */
static const char *const reader_queries[] = {
    mg_inspect_extensions_sql,    mg_inspect_enums_sql,     mg_inspect_domains_sql,
    mg_inspect_domain_checks_sql, mg_inspect_ctypes_sql,    mg_inspect_tables_sql,
    mg_inspect_columns_sql,       mg_inspect_checks_sql,    mg_inspect_excl_sql,
    mg_inspect_keys_sql,          mg_inspect_views_sql,     mg_inspect_view_extras_sql,
    mg_inspect_indexes_sql,       mg_inspect_sequences_sql, mg_inspect_funcs_sql,
    mg_inspect_func_config_sql,   mg_inspect_triggers_sql,  mg_inspect_others_sql,
    mg_inspect_partition_own_sql, mg_inspect_props_sql,
};

#ifdef LIBPQ_HAS_PIPELINING
/* Sends every reader query at once in a pipeline, each followed by a flush request so its rows
 * come as soon as they are ready: the server works through the queries while the readers take
 * the earlier results apart, and no query waits for a round trip. (libpq reads while it waits
 * to send, so the server's results cannot block the sending.) */
static int
send_queries(mg_inspect *in)
{
    const size_t n = sizeof(reader_queries) / sizeof(reader_queries[0]);
    const char *params[1] = {in->schema};
    const mg_pq *pq = in->pq;
    bool ok = pq->enterPipelineMode(in->conn) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        ok = pq->sendQueryParams(in->conn, reader_queries[i], 1, NULL, params, NULL, NULL, 0) == 1;
        ok = ok && pq->sendFlushRequest(in->conn) == 1;
    }
    if (!ok || pq->pipelineSync(in->conn) != 1) {
        mg_diag_fail(in->d, "cannot send the catalog queries: %s", pq->conn.errorMessage(in->conn));
        return -1;
    }
    in->queued = reader_queries;
    in->n_queued = n;
    return 0;
}

/* Takes the end of the pipeline once every reader has had its results. */
static int
end_queries(mg_inspect *in)
{
    PGresult *r = in->pq->getResult(in->conn);
    bool ok = in->next_queued == in->n_queued && in->pq->resultStatus(r) == PGRES_PIPELINE_SYNC;
    in->pq->clear(r);
    in->queued = NULL;
    if (!ok || in->pq->exitPipelineMode(in->conn) != 1) {
        mg_diag_fail(in->d, "catalog queries: cannot end the pipeline: %s",
                     in->pq->conn.errorMessage(in->conn));
        return -1;
    }
    return 0;
}
#else
/* libpq before 14 has no pipeline mode: each reader runs its query when it needs it. */
static int
send_queries(mg_inspect *in)
{
    (void)in;
    return 0;
}

static int
end_queries(mg_inspect *in)
{
    (void)in;
    return 0;
}
#endif

static int
read_all(mg_inspect *in)
{
    int (*const readers[])(mg_inspect *) = {
        mg_inspect_read_extensions, mg_inspect_read_enums,      mg_inspect_read_domains,
        mg_inspect_read_ctypes,     mg_inspect_read_tables,     mg_inspect_read_columns,
        mg_inspect_read_checks,     mg_inspect_read_exclusions, mg_inspect_read_keys,
        mg_inspect_read_views,      mg_inspect_read_indexes,    mg_inspect_read_sequences,
        mg_inspect_read_funcs,      mg_inspect_read_triggers,   mg_inspect_read_others,
        mg_inspect_read_props,
    };
    if (begin_session(in) != 0 || send_queries(in) != 0)
        return -1;
    for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
        if (readers[i](in) != 0)
            return -1;
    return end_queries(in);
}

/* What was left out, warnings, then the module.yaml settings the output needs (the schema only
 * when it is not the module's already: module_schema is module.yaml's, or NULL). */
static void
print_hints(const mg_inspect *in, const char *module_schema, FILE *err)
{
    for (size_t i = 0; i < in->left_out.len; i++)
        fprintf(err, "migc: left out: %s\n", (const char *)in->left_out.items[i]);
    for (size_t i = 0; i < in->warnings.len; i++)
        fprintf(err, "migc: warning: %s\n", (const char *)in->warnings.items[i]);
    if (in->external.len) {
        fputs("migc: hint: these types are not created by the module; list them in module.yaml "
              "as\n  external_types: [",
              err);
        for (size_t i = 0; i < in->external.len; i++)
            fprintf(err, "%s%s", i ? ", " : "", (const char *)in->external.items[i]);
        fputs("]\n", err);
    }
    if (strcmp(in->schema, module_schema ? module_schema : "public") != 0)
        fprintf(err, "migc: hint: set `schema: %s` in module.yaml\n", in->schema);
}

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "migc: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return 2;
}

static int
parse_args(mg_arena *a, int argc, char **argv, args *o)
{
    for (int i = 0; i < argc; i++) {
        const char **slot = NULL, *pattern = NULL, *why;
        if (strcmp(argv[i], "--url") == 0)
            slot = &o->url;
        else if (strcmp(argv[i], "--schema") == 0)
            slot = &o->schema;
        else if (strcmp(argv[i], "-C") == 0)
            slot = &o->dir;
        else if (strcmp(argv[i], "--ignore") == 0)
            slot = &pattern;
        else
            return usage_error("inspect: unknown argument \"%s\"", argv[i]);
        if (i + 1 >= argc)
            return usage_error("inspect: option %s needs a value", argv[i]);
        *slot = argv[++i];
        if (pattern != NULL && (why = mg_ignore_invalid(pattern)) != NULL) {
            fprintf(stderr, "migc: inspect: --ignore \"%s\": %s\n\n%s", pattern, why, usage);
            return 2;
        }
        if (pattern != NULL)
            mg_vec_push(a, &o->ignore, (void *)pattern);
    }
    if (o->schema != NULL && o->schema[0] == '\0')
        return usage_error("%s", "inspect: --schema must not be empty");
    return 0;
}

/* With -C DIR: module.yaml's schema (unless --schema), and its ignore patterns before those of
 * --ignore. 0, or -1 with the errors in d. */
static int
module_settings(mg_arena *a, args *o, mg_settings *st, mg_diag *d)
{
    if (o->dir == NULL) {
        o->schema = o->schema ? o->schema : "public";
        return 0;
    }
    if (mg_load_settings(a, o->dir, st, d) != 0)
        return -1;
    o->schema = o->schema ? o->schema : st->schema;
    for (size_t i = 0; i < o->ignore.len; i++)
        mg_vec_push(a, &st->ignore, o->ignore.items[i]);
    o->ignore = st->ignore;
    return 0;
}

/* Reads the database and prints schema.yaml, then what stderr should say. */
static void
run_inspect(mg_inspect *in, const args *o, const mg_settings *st)
{
    in->conn = connect_db(in->pq, in->d, o->url);
    if (in->conn == NULL || read_all(in) != 0)
        return;
    mg_sb b;
    mg_sb_init(&b, in->a);
    mg_inspect_write(in, &b);
    fputs(mg_sb_str(&b), stdout);
    if (fflush(stdout) != 0)
        mg_diag_fail(in->d, "cannot write the output");
    print_hints(in, o->dir ? st->schema : NULL, stderr);
}

int
mg_inspect_main(int argc, char **argv)
{
    if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    mg_arena a;
    mg_arena_init(&a);
    args o = {0};
    int rc = parse_args(&a, argc, argv, &o);
    if (rc != 0) {
        mg_arena_free(&a);
        return rc;
    }
    if (o.url == NULL)
        o.url = getenv("DATABASE_URL");
    mg_diag d;
    mg_diag_init(&d, &a);
    mg_settings st;
    mg_pq pq = {0}; /* closed unless loaded */
    mg_inspect in = {.a = &a, .d = &d, .pq = &pq};
    if (module_settings(&a, &o, &st, &d) == 0 && load_libpq(&pq, &d) == 0) {
        in.schema = o.schema;
        in.ignore = &o.ignore;
        in.s = mg_arena_alloc(&a, sizeof(*in.s));
        run_inspect(&in, &o, &st);
    }
    if (in.conn != NULL)
        pq.conn.finish(in.conn);
    mg_pq_close(&pq);
    mg_diag_print(&d, stderr);
    rc = mg_diag_count(&d) ? d.exit_code : 0;
    mg_arena_free(&a);
    return rc;
}
