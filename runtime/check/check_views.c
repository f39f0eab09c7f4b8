/* migc runtime: drift of views and materialized views (SPEC §3.1): presence and kind, query,
 * each option, comment, with_data (relispopulated) and the indexes of materialized views. The
 * expected query and index definitions are put in the server's normal form by building them as
 * scratch objects (temporary views, tables and indexes) in a transaction that is rolled back. */
#include "check.h"

#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { VW_NAME, VW_KIND, VW_DEF, VW_BARRIER, VW_CHECK, VW_INVOKER, VW_COMMENT, VW_POPULATED };
enum { VX_VIEW, VX_NAME, VX_DEF };

#define OPTION(o)                                                                                  \
    "(SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o "                  \
    "WHERE o.option_name OPERATOR(pg_catalog.=) '" o "'), "
#define REL_OF_SCHEMA                                                                              \
    "c.relnamespace OPERATOR(pg_catalog.=) "                                                       \
    "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "

static const char views_sql[] =
    "SELECT c.relname, c.relkind, pg_catalog.pg_get_viewdef(c.oid), " OPTION("security_barrier")
        OPTION("check_option") OPTION(
            "security_invoker") "pg_catalog.obj_description(c.oid, 'pg_class'), c.relispopulated "
                                "FROM pg_catalog.pg_class c WHERE " REL_OF_SCHEMA
                                "AND c.relkind IN ('v', 'm') "
                                "ORDER BY c.relname COLLATE \"C\"";

static const char indexes_sql[] =
    "SELECT c.relname, i.relname, pg_catalog.pg_get_indexdef(i.oid) "
    "FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) "
    "x.indrelid JOIN pg_catalog.pg_class i ON i.oid OPERATOR(pg_catalog.=) x.indexrelid "
    "WHERE " REL_OF_SCHEMA "AND c.relkind OPERATOR(pg_catalog.=) 'm' "
    "ORDER BY c.relname COLLATE \"C\", i.relname COLLATE \"C\"";

static const char *
kind_of(int materialized)
{
    return materialized ? "materialized view" : "view";
}

/* Row of the result whose column col is name, or -1. */
static int
row_named(const PGresult *res, int col, const char *name, int from)
{
    for (int i = from; i < PQntuples(res); i++)
        if (strcmp(PQgetvalue(res, i, col), name) == 0)
            return i;
    return -1;
}

/* Runs create in a savepoint, then read (one text value), which is returned malloc'd; NULL when
 * either fails (rolled back) or memory runs out. */
static char *
scratch(PGconn *conn, const char *create, const char *read)
{
    migc_error e;
    char *out = NULL;
    PGresult *res;

    migc_error_clear(&e);
    if (migc_q_script(conn, "SAVEPOINT migc_view", &e) != 0)
        return NULL;
    if (migc_q_script(conn, create, &e) == 0 && (res = migc_q_tuples(conn, read, 0, NULL, &e))) {
        if (PQntuples(res) == 1 && !PQgetisnull(res, 0, 0))
            out = migc_str_dup(PQgetvalue(res, 0, 0));
        PQclear(res);
    }
    migc_q_script(conn,
                  out ? "RELEASE SAVEPOINT migc_view"
                      : "ROLLBACK TO SAVEPOINT migc_view; RELEASE SAVEPOINT migc_view",
                  &e);
    return out;
}

/* The normal form of view v's query: pg_get_viewdef of a temporary view of it. */
static char *
normal_query(migc_chk *c, const migc_expected_view *v, size_t i)
{
    size_t n = strlen(v->query) + 64;
    char *create = malloc(n), read[128];
    if (create == NULL)
        return NULL;
    snprintf(create, n, "CREATE TEMP VIEW migc_vq_%zu AS %s", i, v->query);
    snprintf(read, sizeof read,
             "SELECT pg_catalog.pg_get_viewdef('pg_temp.migc_vq_%zu'::pg_catalog.regclass)", i);
    char *def = scratch(c->conn, create, read);
    free(create);
    return def;
}

/* " USING ..." of an index definition, or the definition itself. */
static const char *
using_part(const char *def)
{
    const char *u = def ? strstr(def, " USING ") : NULL;
    return u ? u : def;
}

/* The normal form of index j of v: pg_get_indexdef of it built on a temporary table like the
 * live materialized view. */
static char *
normal_index(migc_chk *c, const migc_expected_view *v, size_t i, size_t j)
{
    const migc_expected_view_index *x = &v->indexes[j];
    size_t n = strlen(x->body) + 96;
    char *create = malloc(n), read[128];
    if (create == NULL)
        return NULL;
    snprintf(create, n, "CREATE %sINDEX migc_vx_%zu_%zu ON pg_temp.migc_vt_%zu%s",
             x->unique ? "UNIQUE " : "", i, j, i, x->body);
    snprintf(read, sizeof read,
             "SELECT pg_catalog.pg_get_indexdef('pg_temp.migc_vx_%zu_%zu'::pg_catalog.regclass)", i,
             j);
    char *def = scratch(c->conn, create, read);
    free(create);
    return def;
}

/* Index j of v against the live index of that name, if any (rows of idx). */
static void
compare_index(migc_chk *c, const migc_expected_view *v, size_t i, size_t j, const PGresult *idx)
{
    const migc_expected_view_index *x = &v->indexes[j];
    int row = -1;
    while ((row = row_named(idx, VX_NAME, x->name, row + 1)) >= 0 &&
           strcmp(PQgetvalue(idx, row, VX_VIEW), v->name) != 0)
        ;
    if (row < 0) {
        migc_chk_diff(c, kind_of(1), v->name, "index %s missing", x->name);
        return;
    }
    const char *live = PQgetvalue(idx, row, VX_DEF);
    char *exp = normal_index(c, v, i, j);
    int unique = strncmp(live, "CREATE UNIQUE ", 14) == 0;
    if (unique != x->unique || strcmp(using_part(live), exp ? using_part(exp) : x->body) != 0)
        migc_chk_diff(c, kind_of(1), v->name, "index %s is%s%s, expected%s%s", x->name,
                      unique ? " UNIQUE" : "", using_part(live), x->unique ? " UNIQUE" : "",
                      exp ? using_part(exp) : x->body);
    free(exp);
}

/* The indexes of materialized view v: each expected one, then the unexpected. */
static void
compare_indexes(migc_chk *c, const migc_expected_view *v, size_t i, const PGresult *idx)
{
    char qs[160], qv[160], create[400];
    if (migc_quote_ident(c->m->schema, qs, sizeof qs) != 0 ||
        migc_quote_ident(v->name, qv, sizeof qv) != 0)
        return;
    snprintf(create, sizeof create, "CREATE TEMP TABLE migc_vt_%zu (LIKE %s.%s)", i, qs, qv);
    free(scratch(c->conn, create, "SELECT 'built'"));
    for (size_t j = 0; j < v->n_indexes; j++)
        compare_index(c, v, i, j, idx);
    for (int row = 0; row < PQntuples(idx); row++) {
        const char *name = PQgetvalue(idx, row, VX_NAME);
        size_t j = 0;
        if (strcmp(PQgetvalue(idx, row, VX_VIEW), v->name) != 0)
            continue;
        while (j < v->n_indexes && strcmp(v->indexes[j].name, name) != 0)
            j++;
        if (j == v->n_indexes)
            migc_chk_diff(c, kind_of(1), v->name, "index %s unexpected", name);
    }
}

/* A boolean option as reloptions hold it: NULL when unset, "false" counting as unset. */
static const char *
option(const PGresult *res, int row, int col)
{
    const char *v = migc_chk_value(res, row, col);
    return v != NULL && strcmp(v, "false") == 0 ? NULL : v;
}

static void
compare_options(migc_chk *c, const migc_expected_view *v, const PGresult *res, int row)
{
    const char *k = kind_of(0);
    migc_chk_compare(c, k, v->name, "security_barrier", option(res, row, VW_BARRIER),
                     v->security_barrier ? "true" : NULL);
    migc_chk_compare(c, k, v->name, "check_option", migc_chk_value(res, row, VW_CHECK),
                     v->check_option);
    migc_chk_compare(c, k, v->name, "security_invoker", option(res, row, VW_INVOKER),
                     v->security_invoker ? "true" : NULL);
}

/* text with every run of blanks and newlines made one space, malloc'd (NULL: out of memory). */
static char *
one_line(const char *text)
{
    char *out = malloc(strlen(text) + 1), *o = out;
    for (const char *p = text; out != NULL && *p; p++) {
        int blank = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
        if (!blank)
            *o++ = *p;
        else if (o > out && o[-1] != ' ')
            *o++ = ' ';
    }
    if (out != NULL)
        *o = '\0';
    return out;
}

/* "query is L, expected E" on one line each, when the texts differ. */
static void
compare_query(migc_chk *c, const migc_expected_view *v, const char *live, const char *exp)
{
    if (strcmp(live, exp) == 0)
        return;
    char *l = one_line(live), *e = one_line(exp);
    if (l == NULL || e == NULL)
        c->oom = 1;
    else
        migc_chk_diff(c, kind_of(v->materialized), v->name, "query is %s, expected %s", l, e);
    free(l);
    free(e);
}

static void
compare_view(migc_chk *c, const migc_expected_view *v, size_t i, const PGresult *res, int row,
             const PGresult *idx)
{
    const char *k = kind_of(v->materialized), *lc = migc_chk_value(res, row, VW_COMMENT);
    char b1[512], b2[512];
    if ((PQgetvalue(res, row, VW_KIND)[0] == 'm') != (v->materialized != 0)) {
        migc_chk_diff(c, k, v->name, "is a %s", kind_of(!v->materialized));
        return;
    }
    char *exp = normal_query(c, v, i);
    compare_query(c, v, PQgetvalue(res, row, VW_DEF), exp ? exp : v->query);
    free(exp);
    if (!v->materialized)
        compare_options(c, v, res, row);
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", v->comment ? v->comment : "");
    migc_chk_compare(c, k, v->name, "comment", lc ? b1 : NULL, v->comment ? b2 : NULL);
    if (v->materialized) {
        migc_chk_compare(c, k, v->name, "with_data",
                         PQgetvalue(res, row, VW_POPULATED)[0] == 't' ? "true" : "false",
                         v->with_data ? "true" : "false");
        compare_indexes(c, v, i, idx);
    }
}

/* Each expected view, then the unexpected ones (exclusive modules). */
static void
walk(migc_chk *c, const PGresult *res, const PGresult *idx)
{
    size_t n = c->views != NULL ? c->views->n_views : 0;
    for (size_t i = 0; i < n; i++) {
        const migc_expected_view *v = c->views->views[i];
        int row = row_named(res, VW_NAME, v->name, 0);
        if (row < 0)
            migc_chk_diff(c, kind_of(v->materialized), v->name, "missing");
        else
            compare_view(c, v, i, res, row, idx);
    }
    for (int row = 0; row < PQntuples(res) && c->m->exclusive; row++) {
        const char *name = PQgetvalue(res, row, VW_NAME);
        size_t i = 0;
        while (i < n && strcmp(c->views->views[i]->name, name) != 0)
            i++;
        if (i == n)
            migc_chk_diff(c, kind_of(PQgetvalue(res, row, VW_KIND)[0] == 'm'), name,
                          "unexpected (exclusive module)");
    }
}

int
migc_chk_views(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};
    int in_txn = PQtransactionStatus(c->conn) == PQTRANS_INTRANS;
    PGresult *res, *idx;

    if ((res = migc_q_tuples(c->conn, views_sql, 1, params, err)) == NULL)
        return -1;
    if ((idx = migc_q_tuples(c->conn, indexes_sql, 1, params, err)) == NULL) {
        PQclear(res);
        return -1;
    }
    int rc = migc_q_script(c->conn, in_txn ? "SAVEPOINT migc_views" : "BEGIN", err);
    if (rc == 0) {
        walk(c, res, idx);
        rc = migc_q_script(c->conn,
                           in_txn ? "ROLLBACK TO SAVEPOINT migc_views; RELEASE SAVEPOINT migc_views"
                                  : "ROLLBACK",
                           err);
    }
    PQclear(idx);
    PQclear(res);
    return rc;
}
