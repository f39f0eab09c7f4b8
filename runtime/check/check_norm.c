/* migc runtime: PostgreSQL's normal form of expected expressions, for drift detection.
 * Defaults become columns of shared scratch tables (one per distinct type and text); checks,
 * index predicates and index expressions go to "bins" (check_bins.c): scratch tables carrying
 * the columns that many expressions name, with their types, so a few statements serve a schema.
 * The server parses each expression exactly as the migration did (same search_path, same
 * column types) and prints it with the functions check reads the live schema with. */
#include "check_norm.h"

#include "catalog.h"
#include "check_bins.h"
#include "error.h"
#include "query.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEFAULTS 1000 /* columns per scratch table of defaults (PostgreSQL allows 1600) */
#define MAX_INDEX_KEYS 32 /* INDEX_MAX_KEYS */

/* Growable text; oom set on allocation failure (further appends are dropped). */
typedef struct sbuf {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

/* What one run builds. */
typedef struct norm_run {
    migc_norm *nm;
    size_t *order;  /* request indexes, sorted for grouping */
    size_t *leader; /* per request: the request whose result it shares */
    size_t *bin_of; /* per request: its bin (CHECK, INDEX_EXPR) */
    migc_bins bins;
    size_t *xreq; /* requests of scratch index keys, index after index */
    size_t n_xreq;
    size_t *xstart; /* first xreq entry of scratch index j */
    size_t n_index;
    sbuf sql;
} norm_run;

static void
sb_put(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    char *p;

    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        if ((p = realloc(b->p, cap)) == NULL) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void sb_printf(sbuf *b, const char *fmt, ...) MIGC_PRINTF(2, 3);

static void
sb_printf(sbuf *b, const char *fmt, ...)
{
    char small[64];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(small, sizeof small, fmt, ap); /* only numbers and short names go through here */
    va_end(ap);
    sb_put(b, small);
}

/* Appends name as a quoted identifier. */
static void
sb_ident(sbuf *b, const char *name)
{
    sb_put(b, "\"");
    for (const char *s = name; *s != '\0'; s++)
        sb_put(b, *s == '"' ? "\"\"" : (char[2]){*s, '\0'});
    sb_put(b, "\"");
}

/* True when s is balanced: parentheses outside quotes never close more than they opened and end
 * closed, quotes end closed, and nothing the scan does not follow is there (backslash escapes,
 * dollar quotes or parameters, comments, statement ends). */
static int
balanced(const char *s)
{
    int depth = 0;
    char quote = 0;

    for (; *s != '\0'; s++) {
        if (*s == '\\' || *s == '$' || *s == ';')
            return 0;
        if (quote != 0) {
            if (*s == quote)
                quote = 0; /* a doubled quote closes and reopens: the same thing */
        } else if (*s == '\'' || *s == '"') {
            quote = *s;
        } else if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*')) {
            return 0;
        } else if (*s == '(') {
            depth++;
        } else if (*s == ')' && --depth < 0) {
            return 0;
        }
    }
    return quote == 0 && depth == 0;
}

int
migc_norm_wrapped(const char *live, const char *expr)
{
    size_t n = strlen(expr);

    return live[0] == '(' && strncmp(live + 1, expr, n) == 0 && strcmp(live + 1 + n, ")") == 0 &&
           balanced(expr);
}

size_t
migc_norm_add(migc_norm *nm, const migc_norm_req *req)
{
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? 2 * nm->cap : 64;
        migc_norm_req *p = realloc(nm->reqs, cap * sizeof *p);
        if (p == NULL)
            return (size_t)-1;
        nm->reqs = p;
        nm->cap = cap;
    }
    nm->reqs[nm->n] = *req;
    nm->reqs[nm->n].result = NULL;
    return nm->n++;
}

void
migc_norm_free(migc_norm *nm)
{
    if (nm == NULL)
        return;
    for (size_t i = 0; i < nm->n; i++)
        free(nm->reqs[i].result);
    free(nm->reqs);
    memset(nm, 0, sizeof *nm);
}

/* ---- grouping ---- */

static int
str_cmp0(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

/* qsort_r is not C11: the requests travel in a wrapper per element instead. */
typedef struct sort_item {
    const migc_norm_req *r;
    size_t i;
    size_t bin; /* share_in_bins only */
} sort_item;

/* Defaults first, by (type, text); then checks and index expressions by table, so that a
 * table is placed in a bin once; ties by position. */
static int
cmp_items(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    int da = a->r->kind == NORM_DEFAULT, db = b->r->kind == NORM_DEFAULT;
    int c = db - da;

    if (c == 0 && da) {
        c = str_cmp0(a->r->type, b->r->type);
        if (c == 0)
            c = str_cmp0(a->r->expr, b->r->expr);
    } else if (c == 0) {
        uintptr_t ta = (uintptr_t)a->r->table, tb = (uintptr_t)b->r->table;
        c = (ta > tb) - (ta < tb);
    }
    return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

/* Fills run->order (defaults first, grouped) and run->leader. */
static int
group_requests(norm_run *run)
{
    migc_norm *nm = run->nm;
    sort_item *items = malloc((nm->n + 1) * sizeof *items);

    if (items == NULL)
        return -1;
    for (size_t i = 0; i < nm->n; i++)
        items[i] = (sort_item){&nm->reqs[i], i, 0};
    qsort(items, nm->n, sizeof *items, cmp_items);
    for (size_t k = 0; k < nm->n; k++) {
        size_t i = items[k].i;
        const migc_norm_req *r = &nm->reqs[i], *p = k > 0 ? items[k - 1].r : NULL;
        run->order[k] = i;
        run->leader[i] = i;
        if (r->kind == NORM_DEFAULT && p != NULL && p->kind == NORM_DEFAULT &&
            str_cmp0(p->type, r->type) == 0 && str_cmp0(p->expr, r->expr) == 0)
            run->leader[i] = run->leader[items[k - 1].i];
    }
    free(items);
    return 0;
}

/* ---- bins ---- */

/* Places every CHECK and INDEX_EXPR request in a bin (check_bins.c). */
static int
assign_bins(norm_run *run)
{
    for (size_t k = 0; k < run->nm->n; k++) {
        size_t i = run->order[k];
        if (run->nm->reqs[i].kind == NORM_DEFAULT || run->nm->reqs[i].kind == NORM_DOMAIN_CHECK)
            continue;
        if ((run->bin_of[i] = migc_bins_place(&run->bins, &run->nm->reqs[i])) == (size_t)-1)
            return -1;
    }
    return 0;
}

/* Checks, generation expressions and index expressions by bin, kind, type, method, operator
 * class and text. */
static int
cmp_in_bin(const void *x, const void *y)
{
    const sort_item *a = x, *b = y;
    int c = (a->bin > b->bin) - (a->bin < b->bin);

    if (c == 0)
        c = (a->r->kind > b->r->kind) - (a->r->kind < b->r->kind);
    if (c == 0)
        c = str_cmp0(a->r->type, b->r->type);
    if (c == 0)
        c = str_cmp0(a->r->method, b->r->method);
    if (c == 0)
        c = str_cmp0(a->r->opclass, b->r->opclass);
    if (c == 0)
        c = strcmp(a->r->expr, b->r->expr);
    return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

/* In one bin the same text parses the same way (same column types): such requests share one
 * scratch object, the first one's. Schemas repeat checks and predicates a lot. */
static int
share_in_bins(norm_run *run)
{
    migc_norm *nm = run->nm;
    sort_item *items = malloc((nm->n + 1) * sizeof *items);
    size_t n = 0;

    if (items == NULL)
        return -1;
    for (size_t i = 0; i < nm->n; i++)
        if (nm->reqs[i].kind != NORM_DEFAULT && nm->reqs[i].kind != NORM_DOMAIN_CHECK)
            items[n++] = (sort_item){&nm->reqs[i], i, run->bin_of[i]};
    qsort(items, n, sizeof *items, cmp_in_bin);
    for (size_t k = 1; k < n; k++) {
        sort_item p = items[k - 1];
        p.i = items[k].i; /* compare everything but the position */
        if (cmp_in_bin(&p, &items[k]) == 0)
            run->leader[items[k].i] = run->leader[items[k - 1].i];
    }
    free(items);
    return 0;
}

/* ---- the scratch script ---- */

/* Appends the column list of a bin or table: "a" type, "b" type. */
static void
emit_columns(sbuf *b, const char *const *names, const char *const *types, size_t n,
             const migc_expected_column *cols)
{
    int first = 1;

    for (size_t i = 0; i < n; i++) {
        if (cols == NULL && types[i] == NULL)
            continue; /* a word the bin's expressions use as no column */
        if (!first)
            sb_put(b, ", ");
        first = 0;
        sb_ident(b, cols ? cols[i].name : names[i]);
        sb_put(b, " ");
        sb_put(b, cols ? cols[i].type : types[i]);
    }
}

/* One scratch table per MAX_DEFAULTS distinct defaults: "r<i>" type DEFAULT (expr). */
static void
emit_defaults(norm_run *run)
{
    size_t in_table = 0, tables = 0;

    for (size_t k = 0; k < run->nm->n; k++) {
        size_t i = run->order[k];
        const migc_norm_req *r = &run->nm->reqs[i];
        if (r->kind != NORM_DEFAULT || run->leader[i] != i)
            continue;
        if (in_table == MAX_DEFAULTS) {
            sb_put(&run->sql, ");\n");
            in_table = 0;
        }
        if (in_table == 0)
            sb_printf(&run->sql, "CREATE TEMP TABLE migc_d%zu (", ++tables);
        sb_printf(&run->sql, in_table++ ? ", r%zu " : "r%zu ", i);
        sb_put(&run->sql, r->type);
        sb_put(&run->sql, " DEFAULT (");
        sb_put(&run->sql, r->expr);
        sb_put(&run->sql, ")");
    }
    if (in_table > 0)
        sb_put(&run->sql, ");\n");
}

/* ", CONSTRAINT r<i> CHECK (expr)" or ", r<i> type GENERATED ALWAYS AS (expr) STORED" (no
 * comma when first). */
static void
emit_bin_item(sbuf *b, const migc_norm_req *r, size_t i, int sep)
{
    if (sep)
        sb_put(b, ", ");
    if (r->kind == NORM_CHECK) {
        sb_printf(b, "CONSTRAINT r%zu CHECK (", i);
        sb_put(b, r->expr);
        sb_put(b, ")");
        return;
    }
    if (r->kind == NORM_EXCLUSION) { /* its index is named r<i> too: no scratch index's name */
        sb_printf(b, "CONSTRAINT r%zu ", i);
        sb_put(b, r->expr);
        return;
    }
    sb_printf(b, "r%zu ", i);
    sb_put(b, r->type);
    sb_put(b, " GENERATED ALWAYS AS (");
    sb_put(b, r->expr);
    sb_put(b, ") STORED");
}

/* CREATE TEMP TABLE migc_b<k> (columns, CONSTRAINT r<i> CHECK (expr), r<j> type GENERATED ...,
 * ...) for every bin. */
static void
emit_bins(norm_run *run)
{
    for (size_t k = 0; k < run->bins.n; k++) {
        const migc_bin *b = &run->bins.bins[k];
        sb_printf(&run->sql, "CREATE TEMP TABLE migc_b%zu (", k);
        int sep = b->n_columns > 0; /* a bin may have no column: CHECK (now() > 'epoch') */
        emit_columns(&run->sql, b->names, b->types, b->n, NULL);
        for (size_t i = 0; i < run->nm->n; i++) {
            const migc_norm_req *r = &run->nm->reqs[i];
            if ((r->kind != NORM_CHECK && r->kind != NORM_GENERATED && r->kind != NORM_EXCLUSION) ||
                run->bin_of[i] != k || run->leader[i] != i)
                continue;
            emit_bin_item(&run->sql, r, i, sep++);
        }
        sb_put(&run->sql, ");\n");
    }
}

/* CREATE DOMAIN pg_temp.migc_v<i> AS type CONSTRAINT r<i> CHECK (expr) of a domain check. */
static void
emit_domain_check(sbuf *b, const migc_norm_req *r, size_t i)
{
    sb_printf(b, "CREATE DOMAIN pg_temp.migc_v%zu AS ", i);
    sb_put(b, r->type);
    sb_printf(b, " CONSTRAINT r%zu CHECK (", i);
    sb_put(b, r->expr);
    sb_put(b, ");\n");
}

/* One scratch domain per domain check. */
static void
emit_domain_checks(norm_run *run)
{
    for (size_t i = 0; i < run->nm->n; i++)
        if (run->nm->reqs[i].kind == NORM_DOMAIN_CHECK)
            emit_domain_check(&run->sql, &run->nm->reqs[i], i);
}

/* "(expr) opclass" of an index expression request. */
static void
emit_index_key(sbuf *b, const migc_norm_req *r)
{
    sb_put(b, "(");
    sb_put(b, r->expr);
    sb_put(b, ")");
    if (r->opclass != NULL) {
        sb_put(b, " ");
        sb_put(b, r->opclass);
    }
}

/* True when index expression requests a and b can share one scratch index. */
static int
same_index(const migc_norm_req *a, const migc_norm_req *b)
{
    return strcmp(a->method, b->method) == 0 && str_cmp0(a->opclass, b->opclass) == 0;
}

/* Starts scratch index j at request i and adds the compatible requests of its bin after it. */
static void
emit_one_index(norm_run *run, size_t i, char *done)
{
    const migc_norm_req *r = &run->nm->reqs[i];
    int single = strcmp(r->method, "hash") == 0 || strcmp(r->method, "spgist") == 0;
    size_t keys = 0;

    run->xstart[run->n_index] = run->n_xreq;
    sb_printf(&run->sql, "CREATE INDEX migc_x%zu ON migc_b%zu USING ", run->n_index++,
              run->bin_of[i]);
    sb_put(&run->sql, r->method);
    sb_put(&run->sql, " (");
    for (size_t j = i; j < run->nm->n && keys < (single ? 1 : MAX_INDEX_KEYS); j++) {
        const migc_norm_req *o = &run->nm->reqs[j];
        if (done[j] || o->kind != NORM_INDEX_EXPR || run->bin_of[j] != run->bin_of[i] ||
            run->leader[j] != j || !same_index(r, o))
            continue;
        done[j] = 1;
        if (keys++ > 0)
            sb_put(&run->sql, ", ");
        emit_index_key(&run->sql, o);
        run->xreq[run->n_xreq++] = j;
    }
    sb_put(&run->sql, ");\n");
}

/* Scratch indexes on the bins, up to MAX_INDEX_KEYS expressions each. */
static int
emit_indexes(norm_run *run)
{
    char *done = calloc(run->nm->n + 1, 1);

    if (done == NULL)
        return -1;
    for (size_t i = 0; i < run->nm->n; i++)
        if (!done[i] && run->nm->reqs[i].kind == NORM_INDEX_EXPR && run->leader[i] == i)
            emit_one_index(run, i, done);
    free(done);
    return 0;
}

/* The scratch objects of request i alone (the fallback when the batch fails). */
static void
emit_single(sbuf *b, const migc_norm_req *r, size_t i)
{
    if (r->kind == NORM_DOMAIN_CHECK) {
        emit_domain_check(b, r, i);
        return;
    }
    if (r->kind == NORM_DEFAULT) {
        sb_printf(b, "CREATE TEMP TABLE migc_f%zu (r%zu ", i, i);
        sb_put(b, r->type);
        sb_put(b, " DEFAULT (");
        sb_put(b, r->expr);
        sb_put(b, "));");
        return;
    }
    sb_printf(b, "CREATE TEMP TABLE migc_f%zu (", i);
    emit_columns(b, NULL, NULL, r->table->n_columns, r->table->columns);
    if (r->kind == NORM_CHECK || r->kind == NORM_GENERATED || r->kind == NORM_EXCLUSION)
        emit_bin_item(b, r, i, r->table->n_columns > 0);
    sb_put(b, ");");
    if (r->kind == NORM_INDEX_EXPR) {
        sb_printf(b, " CREATE INDEX migc_r%zu ON migc_f%zu USING ", i, i);
        sb_put(b, r->method);
        sb_put(b, " (");
        emit_index_key(b, r);
        sb_put(b, ");");
    }
}

/* ---- running it ---- */

static const char readback_sql[] =
    "SELECT 'd', a.attname::pg_catalog.text, 0, pg_catalog.pg_get_expr(d.adbin, d.adrelid) "
    "FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_class c ON c.oid = d.adrelid "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
    "WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relname OPERATOR(pg_catalog.~~) "
    "'migc\\_%' "
    "UNION ALL SELECT 'c', k.conname::pg_catalog.text, 0, "
    "CASE WHEN k.contype = 'x' THEN pg_catalog.pg_get_constraintdef(k.oid) "
    "ELSE pg_catalog.pg_get_expr(k.conbin, k.conrelid) END FROM pg_catalog.pg_constraint k "
    "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
    "WHERE c.relnamespace = pg_catalog.pg_my_temp_schema() AND c.relname OPERATOR(pg_catalog.~~) "
    "'migc\\_%' "
    "AND k.contype IN ('c', 'x') "
    "UNION ALL SELECT 'c', k.conname::pg_catalog.text, 0, pg_catalog.pg_get_expr(k.conbin, 0) "
    "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t ON t.oid = k.contypid "
    "WHERE t.typnamespace = pg_catalog.pg_my_temp_schema() AND t.typname OPERATOR(pg_catalog.~~) "
    "'migc\\_%' "
    "UNION ALL SELECT 'x', ic.relname::pg_catalog.text, k.i, "
    "pg_catalog.pg_get_indexdef(i.indexrelid, k.i, false) FROM pg_catalog.pg_index i "
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
    "CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnkeyatts::pg_catalog.int4) k(i) "
    "WHERE ic.relnamespace = pg_catalog.pg_my_temp_schema() AND ic.relname OPERATOR(pg_catalog.~~) "
    "'migc\\_%'";

/* The request a read-back row belongs to, or (size_t)-1. */
static size_t
row_request(const norm_run *run, const char *kind, const char *name, long pos)
{
    unsigned long long v;
    char tail;

    if ((kind[0] == 'd' || kind[0] == 'c') && sscanf(name, "r%llu%c", &v, &tail) == 1)
        return v < run->nm->n ? (size_t)v : (size_t)-1;
    if (kind[0] != 'x' || pos < 1)
        return (size_t)-1;
    if (sscanf(name, "migc_r%llu%c", &v, &tail) == 1)
        return v < run->nm->n && pos == 1 ? (size_t)v : (size_t)-1;
    if (sscanf(name, "migc_x%llu%c", &v, &tail) != 1 || v >= run->n_index)
        return (size_t)-1;
    size_t at = run->xstart[v] + (size_t)pos - 1;
    size_t end = v + 1 < run->n_index ? run->xstart[v + 1] : run->n_xreq;
    return at < end ? run->xreq[at] : (size_t)-1;
}

/* Reads the normal forms of everything built so far into the requests. */
static int
read_back(PGconn *conn, norm_run *run, migc_error *err)
{
    PGresult *res = migc_q_tuples(conn, readback_sql, 0, NULL, err);

    if (res == NULL)
        return -1;
    for (int row = 0; row < PQntuples(res); row++) {
        size_t i = row_request(run, PQgetvalue(res, row, 0), PQgetvalue(res, row, 1),
                               atol(PQgetvalue(res, row, 2)));
        if (i == (size_t)-1 || PQgetisnull(res, row, 3) || run->nm->reqs[i].result != NULL)
            continue;
        if ((run->nm->reqs[i].result = migc_str_dup(PQgetvalue(res, row, 3))) == NULL) {
            PQclear(res);
            return migc_fail(err, MIGC_EFAILED, "out of memory");
        }
    }
    PQclear(res);
    return 0;
}

/* Runs sql in a savepoint; a failure is rolled back. Returns 1 built, 0 refused, -1 on a
 * failure that no expression explains (connection, read-only server, no temp privilege). */
static int
try_single(PGconn *conn, const char *sql, migc_error *err)
{
    migc_error e;
    int rc;

    migc_error_clear(&e);
    if (migc_q_script(conn, "SAVEPOINT migc_one", err) != 0)
        return -1;
    rc = migc_q_script(conn, sql, &e) == 0 ? 1 : 0;
    if (rc == 0 && (strcmp(e.sqlstate, "25006") == 0 || strcmp(e.sqlstate, "42501") == 0 ||
                    PQstatus(conn) != CONNECTION_OK)) {
        *err = e;
        migc_error_prefix(err, "check cannot create its temporary scratch tables: ");
        return -1;
    }
    if (migc_q_script(conn,
                      rc ? "RELEASE SAVEPOINT migc_one"
                         : "ROLLBACK TO SAVEPOINT migc_one; RELEASE SAVEPOINT migc_one",
                      err) != 0)
        return -1;
    return rc;
}

/* The batch failed: builds each leading request alone, so one bad expression costs only its
 * own normal form. */
static int
run_singles(PGconn *conn, norm_run *run, migc_error *err)
{
    for (size_t i = 0; i < run->nm->n; i++) {
        sbuf one = {0};
        if (run->leader[i] != i)
            continue;
        emit_single(&one, &run->nm->reqs[i], i);
        int rc = one.oom ? -1 : try_single(conn, one.p, err);
        free(one.p);
        if (one.oom)
            return migc_fail(err, MIGC_EFAILED, "out of memory");
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Builds the batch (or, when it fails, each request alone), reads back, and undoes it all. */
static int
build_and_read(PGconn *conn, norm_run *run, int in_txn, migc_error *err)
{
    const char *begin = in_txn ? "SAVEPOINT migc_check" : "BEGIN";
    const char *undo =
        in_txn ? "ROLLBACK TO SAVEPOINT migc_check; RELEASE SAVEPOINT migc_check" : "ROLLBACK";
    migc_error batch_err;

    if (migc_q_script(conn, begin, err) != 0)
        return -1;
    if (migc_q_script(conn, run->sql.p, &batch_err) != 0) {
        if (migc_q_script(conn, undo, err) != 0 || migc_q_script(conn, begin, err) != 0)
            return -1;
        if (run_singles(conn, run, err) != 0)
            goto fail;
    }
    if (read_back(conn, run, err) != 0)
        goto fail;
    return migc_q_script(conn, undo, err);
fail:
    PQclear(PQexec(conn, undo));
    return -1;
}

/* Requests that share a leader's (type, text) get a copy of its result. */
static int
share_results(migc_norm *nm, const size_t *leader)
{
    for (size_t i = 0; i < nm->n; i++) {
        const char *r = nm->reqs[leader[i]].result;
        if (leader[i] == i || r == NULL)
            continue;
        if ((nm->reqs[i].result = migc_str_dup(r)) == NULL)
            return -1;
    }
    return 0;
}

/* Groups the requests, places tables in bins and writes the batch script. */
static int
prepare(norm_run *run)
{
    size_t n = run->nm->n + 1;

    run->order = malloc(n * sizeof(size_t));
    run->leader = malloc(n * sizeof(size_t));
    run->bin_of = calloc(n, sizeof(size_t));
    run->xreq = malloc(n * sizeof(size_t));
    run->xstart = malloc(n * sizeof(size_t));
    if (!run->order || !run->leader || !run->bin_of || !run->xreq || !run->xstart ||
        group_requests(run) != 0 || assign_bins(run) != 0 || share_in_bins(run) != 0)
        return -1;
    emit_defaults(run);
    emit_bins(run);
    emit_domain_checks(run);
    if (emit_indexes(run) != 0)
        return -1;
    return run->sql.oom ? -1 : 0;
}

int
migc_norm_run(PGconn *conn, migc_norm *nm, migc_error *err)
{
    norm_run run;
    int rc;

    if (nm->n == 0)
        return 0;
    memset(&run, 0, sizeof run);
    run.nm = nm;
    if (prepare(&run) != 0)
        rc = migc_fail(err, MIGC_EFAILED, "out of memory");
    else
        rc = build_and_read(conn, &run, PQtransactionStatus(conn) == PQTRANS_INTRANS, err);
    if (rc == 0 && share_results(nm, run.leader) != 0)
        rc = migc_fail(err, MIGC_EFAILED, "out of memory");
    migc_bins_free(&run.bins);
    free(run.order);
    free(run.leader);
    free(run.bin_of);
    free(run.xreq);
    free(run.xstart);
    free(run.sql.p);
    return rc;
}
