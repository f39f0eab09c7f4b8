/* migc runtime: drift detection, the live schema compared with the expected one.
 * Read the catalog, walk expected and live side by side in name order, normalise the
 * expressions whose text differs in one batch, then return the differences in walk order. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "pattern.h"
#include "query.h"
#include "session.h"

/* ---- collecting differences ---- */

/* Appends a difference with output position seq; takes kind as a static string. */
static void
add_item(migc_chk *c, size_t seq, const char *kind, const char *object, const char *message)
{
    migc_chk_item *it;

    if (c->n_items == c->cap_items) {
        size_t cap = c->cap_items ? 2 * c->cap_items : 16;
        migc_chk_item *p = realloc(c->items, cap * sizeof *p);
        if (p == NULL) {
            c->oom = 1;
            return;
        }
        c->items = p;
        c->cap_items = cap;
    }
    it = &c->items[c->n_items];
    it->seq = seq;
    it->d.kind = kind;
    it->d.object = migc_str_dup(object);
    it->d.message = migc_str_dup(message);
    if (it->d.object == NULL || it->d.message == NULL) {
        free(it->d.object);
        free(it->d.message);
        c->oom = 1;
        return;
    }
    c->n_items++;
}

/* Formats "<kind> <object>: <detail>" and records it at position seq. */
/* True when module.yaml `ignore:` covers object: by its whole name or, for a part of a table
 * ("users.email", "users.users_pkey"), by its table's. */
static int
ignored(const migc_chk *c, const char *object)
{
    const migc_module *m = c->m;
    const char *dot = strchr(object, '.');
    char top[256];

    if (m->n_ignore == 0)
        return 0;
    if (migc_ignore_match(m->ignore, m->n_ignore, m->schema, object) != NULL)
        return 1;
    if (dot == NULL || (size_t)(dot - object) >= sizeof top)
        return 0;
    memcpy(top, object, (size_t)(dot - object));
    top[dot - object] = '\0';
    return migc_ignore_match(m->ignore, m->n_ignore, m->schema, top) != NULL;
}

static void
add_formatted(migc_chk *c, size_t seq, const char *kind, const char *object, const char *fmt,
              va_list ap)
{
    char detail[1536], *message;
    size_t size;

    if (ignored(c, object))
        return;
    vsnprintf(detail, sizeof detail, fmt, ap);
    size = strlen(kind) + strlen(object) + strlen(detail) + 4;
    if ((message = malloc(size)) == NULL) {
        c->oom = 1;
        return;
    }
    snprintf(message, size, "%s %s: %s", kind, object, detail);
    add_item(c, seq, kind, object, message);
    free(message);
}

void
migc_chk_diff(migc_chk *c, const char *kind, const char *object, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_formatted(c, c->seq++, kind, object, fmt, ap);
    va_end(ap);
}

/* Same as migc_chk_diff at a reserved position. */
static void diff_at(migc_chk *c, size_t seq, const char *kind, const char *object, const char *fmt,
                    ...) MIGC_PRINTF(5, 6);

static void
diff_at(migc_chk *c, size_t seq, const char *kind, const char *object, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    add_formatted(c, seq, kind, object, fmt, ap);
    va_end(ap);
}

char *
migc_chk_join(migc_chk *c, const char *a, const char *sep, const char *b)
{
    size_t size = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *s = malloc(size);

    if (s == NULL)
        c->oom = 1;
    else
        snprintf(s, size, "%s%s%s", a, sep, b);
    return s;
}

void
migc_chk_expr(migc_chk *c, const char *kind, const char *object, const char *what, const char *live,
              const migc_norm_req *req, int same_context)
{
    migc_chk_deferred *d;
    size_t r;

    if (strcmp(live, req->expr) == 0)
        return; /* the live text is the expected text: nothing to ask the server */
    if (same_context && migc_norm_wrapped(live, req->expr))
        return; /* "(expr)": the server would print expr's normal form as live */
    if (c->n_defs == c->cap_defs) {
        size_t cap = c->cap_defs ? 2 * c->cap_defs : 16;
        migc_chk_deferred *p = realloc(c->defs, cap * sizeof *p);
        if (p == NULL) {
            c->oom = 1;
            return;
        }
        c->defs = p;
        c->cap_defs = cap;
    }
    if ((r = migc_norm_add(&c->norm, req)) == (size_t)-1) {
        c->oom = 1;
        return;
    }
    d = &c->defs[c->n_defs];
    *d = (migc_chk_deferred){c->seq++,          r, kind, migc_str_dup(object), migc_str_dup(what),
                             migc_str_dup(live)};
    if (d->object == NULL || d->what == NULL || d->live == NULL) {
        free(d->object);
        free(d->what);
        free(d->live);
        c->oom = 1;
        return;
    }
    c->n_defs++;
}

/* Decides every deferred comparison with the normal forms the server gave. */
static void
resolve_deferred(migc_chk *c)
{
    for (size_t i = 0; i < c->n_defs; i++) {
        const migc_chk_deferred *d = &c->defs[i];
        const migc_norm_req *r = &c->norm.reqs[d->req];
        if (r->result != NULL && strcmp(r->result, d->live) == 0)
            continue;
        if (r->result != NULL)
            diff_at(c, d->seq, d->kind, d->object, "%s is %s, expected %s", d->what, d->live,
                    r->result);
        else
            diff_at(c, d->seq, d->kind, d->object,
                    "%s is %s, expected %s (which the server cannot build here)", d->what, d->live,
                    r->expr);
    }
}

/* ---- tables and columns ---- */

const char *
migc_chk_value(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

int
migc_chk_same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

void
migc_chk_compare(migc_chk *c, const char *kind, const char *object, const char *what,
                 const char *live, const char *exp)
{
    if (!migc_chk_same(live, exp))
        migc_chk_diff(c, kind, object, "%s is %s, expected %s", what, live ? live : "none",
                      exp ? exp : "none");
}

/* The value of parameter name (len bytes) in lines ("name=value" lines, NULL for none), its
 * length in *vlen; NULL when lines does not set it. */
static const char *
param_value(const char *lines, const char *name, size_t len, int *vlen)
{
    for (const char *p = lines; p != NULL && *p != '\0';) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > len && p[len] == '=' && strncmp(p, name, len) == 0) {
            *vlen = (int)(n - len - 1);
            return p + len + 1;
        }
        p = end ? end + 1 : p + n;
    }
    return NULL;
}

/* Each parameter of lines missing from or different in other: one difference line; live tells
 * which side lines is. */
static void
compare_params(migc_chk *c, const char *kind, const char *object, const char *lines,
               const char *other, int live)
{
    for (const char *p = lines; p != NULL && *p != '\0';) {
        const char *end = strchr(p, '\n'), *eq = strchr(p, '=');
        int n = (int)(end ? (size_t)(end - p) : strlen(p)), len, olen = 0;
        len = eq != NULL && eq < p + n ? (int)(eq - p) : n;
        const char *v = p + (len < n ? len + 1 : n), *o = param_value(other, p, (size_t)len, &olen);
        int vlen = n - (int)(v - p);
        if (o == NULL && live)
            migc_chk_diff(c, kind, object, "storage parameter %.*s is %.*s, expected not set", len,
                          p, vlen, v);
        else if (o == NULL)
            migc_chk_diff(c, kind, object, "storage parameter %.*s is not set, expected %.*s", len,
                          p, vlen, v);
        else if (!live && (olen != vlen || strncmp(o, v, (size_t)vlen) != 0))
            migc_chk_diff(c, kind, object, "storage parameter %.*s is %.*s, expected %.*s", len, p,
                          olen, o, vlen, v);
        p = end ? end + 1 : p + n;
    }
}

void
migc_chk_params(migc_chk *c, const char *kind, const char *object, const char *live,
                const char *exp)
{
    compare_params(c, kind, object, exp, live, 0);
    compare_params(c, kind, object, live, exp, 1);
}

/* 'text' for a message, or none. The buffer is truncated on overflow. */
static const char *
quoted(const char *s, char *buf, size_t size)
{
    if (s == NULL)
        return "none";
    snprintf(buf, size, "'%s'", s);
    return buf;
}

static const char *
identity_name(char id)
{
    return id == 'a' ? "always" : id == 'd' ? "by default" : "none";
}

/* Compares one column's comment. */
static void
compare_comment(migc_chk *c, const char *kind, const char *object, const char *live,
                const char *exp)
{
    char b1[512], b2[512];

    if (!migc_chk_same(live, exp))
        migc_chk_diff(c, kind, object, "comment is %s, expected %s", quoted(live, b1, sizeof b1),
                      quoted(exp, b2, sizeof b2));
}

/* Compares a column's default (none, equal text, or the server's normal form). */
static void
compare_default(migc_chk *c, const char *object, const migc_expected_column *col, const char *live,
                int same_type)
{
    migc_norm_req req = {NORM_DEFAULT, NULL, col->type, NULL, NULL, col->default_expr, NULL};

    if (live == NULL && col->default_expr == NULL)
        return;
    if (live == NULL || col->default_expr == NULL)
        migc_chk_diff(c, "column", object, "default is %s, expected %s", live ? live : "none",
                      col->default_expr ? col->default_expr : "none");
    else
        migc_chk_expr(c, "column", object, "default", live, &req, same_type);
}

/* Compares the default, or the generation expression of a generated column, of row. */
static void
compare_generated(migc_chk *c, const migc_expected_table *t, const char *object,
                  const migc_expected_column *col, int row, int same_type)
{
    const PGresult *res = c->cat.columns;
    const char *expr = migc_chk_value(res, row, CAT_C_DEFAULT);
    int generated = PQgetvalue(res, row, CAT_C_GENERATED)[0] != '\0';
    migc_norm_req req = {NORM_GENERATED, t, col->type, NULL, NULL, col->generated, NULL};

    if (!generated && col->generated == NULL)
        compare_default(c, object, col, expr, same_type);
    else if (col->generated == NULL)
        migc_chk_diff(c, "column", object, "generated column, expected a plain column");
    else if (!generated)
        migc_chk_diff(c, "column", object, "plain column, expected one generated as (%s)",
                      col->generated);
    else if (expr != NULL)
        migc_chk_expr(c, "column", object, "generation expression", expr, &req,
                      same_type && c->cols_match);
}

/* Compares the column's collation (NULL: its type's; "default" and pg_catalog's names as the
 * catalog query prints them). */
static void
compare_collation(migc_chk *c, const char *object, const migc_expected_column *col,
                  const char *live)
{
    const char *want = col->collation;

    if (want != NULL && strncmp(want, "pg_catalog.", 11) == 0)
        want += 11;
    if (want != NULL && strcmp(want, "default") == 0)
        want = NULL;
    migc_chk_compare(c, "column", object, "collation", live, want);
}

/* Compares one expected column with live row `row` of the columns result. */
static void
compare_column(migc_chk *c, const migc_expected_table *t, const char *object,
               const migc_expected_column *col, int row)
{
    const PGresult *res = c->cat.columns;
    const char *type = PQgetvalue(res, row, CAT_C_TYPE);
    int notnull = PQgetvalue(res, row, CAT_C_NOTNULL)[0] == 't';
    char identity = PQgetvalue(res, row, CAT_C_IDENTITY)[0];

    int same_type = strcmp(type, col->type) == 0;

    if (!same_type) {
        migc_chk_diff(c, "column", object, "type is %s, expected %s", type, col->type);
        c->cols_match = 0;
    }
    if (notnull == col->nullable)
        migc_chk_diff(c, "column", object,
                      notnull ? "NOT NULL, expected nullable" : "nullable, expected NOT NULL");
    if (identity != col->identity)
        migc_chk_diff(c, "column", object, "identity is %s, expected %s", identity_name(identity),
                      identity_name(col->identity));
    compare_generated(c, t, object, col, row, same_type);
    compare_collation(c, object, col, migc_chk_value(res, row, CAT_C_COLLATION));
    compare_comment(c, "column", object, migc_chk_value(res, row, CAT_C_COMMENT), col->comment);
}

/* The columns of t against live rows [begin, end): each expected one, then the unexpected. */
static void
compare_columns(migc_chk *c, const migc_expected_table *t, int begin, int end)
{
    const PGresult *res = c->cat.columns;
    char *seen = calloc((size_t)(end - begin) + 1, 1);

    c->cols_match = 1; /* until a column is missing, unexpected or of another type */
    if (seen == NULL) {
        c->oom = 1;
        c->cols_match = 0;
        return;
    }
    for (size_t i = 0; i < t->n_columns; i++) {
        char *object = migc_chk_join(c, t->name, ".", t->columns[i].name);
        int row = begin;
        while (row < end && strcmp(PQgetvalue(res, row, CAT_C_NAME), t->columns[i].name) != 0)
            row++;
        if (row == end)
            c->cols_match = 0;
        if (object != NULL && row == end)
            migc_chk_diff(c, "column", object, "missing");
        else if (object != NULL) {
            seen[row - begin] = 1;
            compare_column(c, t, object, &t->columns[i], row);
        }
        free(object);
    }
    for (int row = begin; row < end; row++) {
        char *object =
            seen[row - begin] ? NULL : migc_chk_join(c, t->name, ".", PQgetvalue(res, row, 1));
        if (!seen[row - begin])
            c->cols_match = 0;
        if (object != NULL)
            migc_chk_diff(c, "column", object, "unexpected");
        free(object);
    }
    free(seen);
}

/* The next character of a partition key or bound that counts: spaces outside quotes skipped,
 * letters outside quotes folded to upper case; *q tracks the quote we are in (0 when none). */
static const char *
loose_next(const char *s, char *q, char *ch)
{
    while (*q == 0 && (*s == ' ' || *s == '\n' || *s == '\t'))
        s++;
    *ch = *s;
    if (*s == '\0')
        return s;
    if (*q == 0 && (*s == '\'' || *s == '"'))
        *q = *s;
    else if (*q != 0 && *s == *q)
        *q = 0;
    else if (*q == 0 && *s >= 'a' && *s <= 'z')
        *ch = (char)(*s - 'a' + 'A');
    return s + 1;
}

/* A and b are the same but for spacing and the case of keywords and plain names (the server
 * prints partition keys and bounds upper-cased, as schema.yaml may not spell them). */
static int
loose_same(const char *a, const char *b)
{
    char qa = 0, qb = 0, ca, cb;

    if (a == NULL || b == NULL)
        return a == b;
    do {
        a = loose_next(a, &qa, &ca);
        b = loose_next(b, &qb, &cb);
    } while (ca == cb && ca != '\0');
    return ca == cb;
}

/* A partitioned table's key, a partition's parent and bounds (as the server prints them). */
static void
compare_partition(migc_chk *c, const migc_expected_table *t, int row)
{
    const char *key = migc_chk_value(c->cat.tables, row, CAT_T_PARTKEY);
    const char *parent = migc_chk_value(c->cat.tables, row, CAT_T_PARENT);
    const char *bounds = migc_chk_value(c->cat.tables, row, CAT_T_BOUNDS);

    if (!loose_same(key, t->partition_by))
        migc_chk_diff(c, "table", t->name, "partition key is %s, expected %s", key ? key : "none",
                      t->partition_by ? t->partition_by : "none");
    if (!migc_chk_same(parent, t->partition_of))
        migc_chk_diff(c, "table", t->name, "partition of %s, expected %s",
                      parent ? parent : "nothing", t->partition_of ? t->partition_of : "nothing");
    else if (parent != NULL && !loose_same(bounds, t->bounds))
        migc_chk_diff(c, "table", t->name, "bounds are %s, expected %s", bounds, t->bounds);
}

/* One expected table that exists: comment, partitioning, columns, constraints, indexes. */
static void
compare_table(migc_chk *c, const migc_expected_table *t, int row)
{
    int begin, end;

    compare_comment(c, "table", t->name, migc_chk_value(c->cat.tables, row, CAT_T_COMMENT),
                    t->comment);
    compare_partition(c, t, row);
    migc_chk_params(c, "table", t->name, migc_chk_value(c->cat.tables, row, CAT_T_WITH), t->with);
    migc_catalog_rows(c->cat.columns, CAT_C_TABLE, &c->cur[CUR_COLUMNS], t->name, &begin, &end);
    compare_columns(c, t, begin, end);
    migc_catalog_rows(c->cat.constraints, CAT_K_TABLE, &c->cur[CUR_CONSTRAINTS], t->name, &begin,
                      &end);
    migc_chk_constraints(c, t, begin, end);
    migc_catalog_rows(c->cat.indexes, CAT_X_TABLE, &c->cur[CUR_INDEXES], t->name, &begin, &end);
    migc_chk_indexes(c, t, begin, end);
}

/* Expected tables and live tables side by side, both in name order. */
static void
compare_tables(migc_chk *c)
{
    const PGresult *res = c->cat.tables;
    size_t n_exp = c->exp ? c->exp->n_tables : 0, i = 0;
    int n_live = PQntuples(res), j = 0;

    while (i < n_exp || j < n_live) {
        const char *live = j < n_live ? PQgetvalue(res, j, CAT_T_NAME) : NULL;
        const migc_expected_table *t = i < n_exp ? c->exp->tables[i] : NULL;
        int cmp = t == NULL ? 1 : live == NULL ? -1 : strcmp(t->name, live);

        if (live != NULL && strcmp(live, c->m->version_table) == 0) {
            j++; /* the version table is never drift */
        } else if (cmp == 0) {
            compare_table(c, t, j++);
            i++;
        } else if (cmp < 0) {
            migc_chk_diff(c, "table", t->name, "missing");
            i++;
        } else {
            if (c->m->exclusive)
                migc_chk_diff(c, "table", live, "unexpected (exclusive module)");
            j++;
        }
    }
}

/* ---- the run ---- */

static int
cmp_item_seq(const void *x, const void *y)
{
    const migc_chk_item *a = x, *b = y;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Moves the differences, in walk order, into drift. */
static int
finish(migc_chk *c, migc_drift *drift, migc_error *err)
{
    if (c->oom)
        return migc_fail(err, MIGC_EFAILED, "check: out of memory");
    if (c->n_items > 1)
        qsort(c->items, c->n_items, sizeof *c->items, cmp_item_seq);
    drift->items = c->n_items ? malloc(c->n_items * sizeof *drift->items) : NULL;
    if (c->n_items && drift->items == NULL)
        return migc_fail(err, MIGC_EFAILED, "check: out of memory");
    for (size_t i = 0; i < c->n_items; i++)
        drift->items[i] = c->items[i].d;
    drift->n = c->n_items;
    c->n_items = 0;
    return 0;
}

static void
chk_free(migc_chk *c)
{
    for (size_t i = 0; i < c->n_items; i++) {
        free(c->items[i].d.object);
        free(c->items[i].d.message);
    }
    free(c->items);
    for (size_t i = 0; i < c->n_defs; i++) {
        free(c->defs[i].object);
        free(c->defs[i].what);
        free(c->defs[i].live);
    }
    free(c->defs);
    migc_norm_free(&c->norm);
    migc_catalog_free(&c->cat);
}

int
migc_check_at(PGconn *conn, const migc_module *m, size_t pos, migc_drift *drift, migc_error *err)
{
    static const migc_expected_functions no_functions = {NULL, 0}; /* at base */
    static const migc_expected_triggers no_triggers = {NULL, 0};
    const migc_expected_schema *head =
        m->n_revisions > 0 ? m->revisions[m->n_revisions - 1]->expected : NULL;
    migc_chk c;
    int rc = -1;

    memset(&c, 0, sizeof c);
    memset(drift, 0, sizeof *drift);
    drift->revision = pos;
    if (pos > 0 && m->revisions[pos - 1]->expected == NULL)
        return migc_fail(err, MIGC_EUSAGE,
                         "check: this migrator carries no expected schema; regenerate its "
                         "module with a migc that writes it (migc generate)");
    c.conn = conn;
    c.m = m;
    c.exp = pos > 0 ? m->revisions[pos - 1]->expected : NULL;
    c.doms = c.exp != NULL ? c.exp->domains : NULL;
    c.cts = c.exp != NULL ? c.exp->types : NULL;
    c.views = c.exp != NULL ? c.exp->views : NULL;
    /* unexpected functions and triggers count once the module has declared any (the head's
     * schema then lists them, maybe empty) */
    if (head != NULL && head->functions != NULL)
        c.fns = c.exp != NULL && c.exp->functions != NULL ? c.exp->functions : &no_functions;
    if (head != NULL && head->triggers != NULL)
        c.trgs = c.exp != NULL && c.exp->triggers != NULL ? c.exp->triggers : &no_triggers;
    if (migc_catalog_read(conn, m->schema, &c.cat, err) != 0)
        return -1;
    migc_chk_extensions(&c);
    migc_chk_types(&c);
    compare_tables(&c);
    if (migc_chk_sequences(&c, err) != 0 || migc_chk_domains(&c, err) != 0 ||
        migc_chk_ctypes(&c, err) != 0 || migc_chk_functions(&c, err) != 0 ||
        migc_chk_triggers(&c, err) != 0 || migc_chk_views(&c, err) != 0 ||
        migc_chk_unmanaged(&c, err) != 0) {
        chk_free(&c);
        return -1;
    }
    if (c.oom || migc_norm_run(conn, &c.norm, err) == 0) {
        resolve_deferred(&c);
        rc = finish(&c, drift, err);
    }
    chk_free(&c);
    return rc;
}

/* Appends "revision <id>: partially applied (...)" to drift: a step-by-step revision stopped
 * half-way leaves the schema between two revisions. */
static int
add_partial(migc_drift *drift, const migc_state *st)
{
    migc_difference *items = realloc(drift->items, (drift->n + 1) * sizeof *items);
    size_t size = strlen(st->partial->id) + strlen(st->partial_note) + 100;
    migc_difference *d;

    if (items == NULL)
        return -1;
    drift->items = items;
    d = &items[drift->n];
    d->kind = "revision";
    d->object = migc_str_dup(st->partial->id);
    d->message = malloc(size);
    if (d->object == NULL || d->message == NULL) {
        free(d->object);
        free(d->message);
        return -1;
    }
    snprintf(d->message, size,
             "revision %s: partially applied (%s); the next upgrade or downgrade resumes it",
             st->partial->id, st->partial_note);
    drift->n++;
    return 0;
}

int
migc_check(PGconn *conn, const migc_module *m, migc_drift *drift, migc_error *err)
{
    migc_error local_err;
    migc_state st;
    int rc;

    if (err == NULL)
        err = &local_err;
    migc_error_clear(err);
    memset(drift, 0, sizeof *drift);
    if (PQstatus(conn) != CONNECTION_OK)
        return migc_fail(err, MIGC_ECONNECT, "the connection is not open");
    if (migc_session_init(conn, m, err) != 0 || migc_state_read(conn, m, &st, err) != 0)
        return -1;
    rc = migc_check_at(conn, m, st.n_applied, drift, err);
    if (rc == 0 && st.partial != NULL && add_partial(drift, &st) != 0)
        rc = migc_fail(err, MIGC_EFAILED, "out of memory");
    migc_state_free(&st);
    return rc;
}

void
migc_drift_free(migc_drift *drift)
{
    if (drift == NULL)
        return;
    for (size_t i = 0; i < drift->n; i++) {
        free(drift->items[i].object);
        free(drift->items[i].message);
    }
    free(drift->items);
    memset(drift, 0, sizeof *drift);
}
