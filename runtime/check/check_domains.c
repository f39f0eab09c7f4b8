/* migc runtime: drift of domains (SPEC §3.1): base type, NOT NULL, default, collation, named
 * checks and comment. Defaults and checks are compared in the server's normal form. */
#include "check.h"

#include "query.h"

#include <stdio.h>
#include <string.h>

enum { DM_NAME, DM_TYPE, DM_NOTNULL, DM_DEFAULT, DM_COLLATION, DM_COMMENT };
enum { DK_DOMAIN, DK_NAME, DK_EXPR, DK_VALIDATED };

#define DOMAIN_OF_SCHEMA                                                                           \
    "t.typnamespace OPERATOR(pg_catalog.=) "                                                       \
    "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "                      \
    "AND t.typtype OPERATOR(pg_catalog.=) 'd' "

static const char domains_sql[] =
    "SELECT t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
    "pg_catalog.pg_get_expr(t.typdefaultbin, 0), "
    "(SELECT l.collname FROM pg_catalog.pg_collation l JOIN pg_catalog.pg_type b "
    "ON b.oid OPERATOR(pg_catalog.=) t.typbasetype WHERE l.oid OPERATOR(pg_catalog.=) "
    "t.typcollation AND t.typcollation OPERATOR(pg_catalog.<>) b.typcollation), "
    "pg_catalog.obj_description(t.oid, 'pg_type') "
    "FROM pg_catalog.pg_type t WHERE " DOMAIN_OF_SCHEMA "ORDER BY t.typname COLLATE \"C\"";

static const char checks_sql[] =
    "SELECT t.typname, k.conname, pg_catalog.pg_get_expr(k.conbin, 0), k.convalidated "
    "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t "
    "ON t.oid OPERATOR(pg_catalog.=) k.contypid WHERE " DOMAIN_OF_SCHEMA
    "AND k.contype OPERATOR(pg_catalog.=) 'c' "
    "ORDER BY t.typname COLLATE \"C\", k.conname COLLATE \"C\"";

/* "<what> is L, expected E" of the domain when they differ. */
static void
compare_value(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    migc_chk_compare(c, "domain", name, what, live, exp);
}

int
migc_chk_domain_expected(const migc_chk *c, const char *name)
{
    for (size_t i = 0; c->doms != NULL && i < c->doms->n_domains; i++)
        if (strcmp(c->doms->domains[i]->name, name) == 0)
            return 1;
    for (size_t i = 0; c->cts != NULL && i < c->cts->n_types; i++)
        if (strcmp(c->cts->types[i]->name, name) == 0)
            return 1;
    return 0;
}

/* The default: none on either side, or the same normal form. */
static void
compare_default(migc_chk *c, const migc_expected_domain *d, const char *live, int same_type)
{
    migc_norm_req req = {NORM_DEFAULT, NULL, d->type, NULL, NULL, d->default_expr, NULL};
    if (live == NULL || d->default_expr == NULL)
        compare_value(c, d->name, "default", live, d->default_expr);
    else
        migc_chk_expr(c, "domain", d->name, "default", live, &req, same_type);
}

/* The checks of d against the rows of checks (sorted by domain) that belong to it. */
static void
compare_checks(migc_chk *c, const migc_expected_domain *d, const PGresult *checks)
{
    int n = PQntuples(checks);
    char what[160];

    for (size_t i = 0; i < d->n_checks; i++) {
        const migc_expected_constraint *k = &d->checks[i];
        int row = 0;
        while (row < n && !(strcmp(PQgetvalue(checks, row, DK_DOMAIN), d->name) == 0 &&
                            strcmp(PQgetvalue(checks, row, DK_NAME), k->name) == 0))
            row++;
        snprintf(what, sizeof what, "check %s", k->name);
        if (row == n) {
            migc_chk_diff(c, "domain", d->name, "%s missing", what);
            continue;
        }
        migc_norm_req req = {NORM_DOMAIN_CHECK, NULL, d->type, NULL, NULL, k->expr, NULL};
        migc_chk_expr(c, "domain", d->name, what, PQgetvalue(checks, row, DK_EXPR), &req, 0);
        if (strcmp(PQgetvalue(checks, row, DK_VALIDATED), "f") == 0)
            migc_chk_diff(c, "domain", d->name,
                          "%s NOT VALID: existing values were never checked (VALIDATE "
                          "CONSTRAINT)",
                          what);
    }
    for (int row = 0; row < n; row++) {
        const char *name = PQgetvalue(checks, row, DK_NAME);
        size_t i = 0;
        if (strcmp(PQgetvalue(checks, row, DK_DOMAIN), d->name) != 0)
            continue;
        while (i < d->n_checks && strcmp(d->checks[i].name, name) != 0)
            i++;
        if (i == d->n_checks)
            migc_chk_diff(c, "domain", d->name, "check %s unexpected", name);
    }
}

static void
compare_domain(migc_chk *c, const migc_expected_domain *d, const PGresult *res, int row,
               const PGresult *checks)
{
    const char *type = PQgetvalue(res, row, DM_TYPE), *lc = migc_chk_value(res, row, DM_COMMENT);
    int notnull = PQgetvalue(res, row, DM_NOTNULL)[0] == 't';
    char b1[512], b2[512];

    compare_value(c, d->name, "type", type, d->type);
    compare_value(c, d->name, "nullable", notnull ? "false" : "true",
                  d->not_null ? "false" : "true");
    compare_default(c, d, migc_chk_value(res, row, DM_DEFAULT), strcmp(type, d->type) == 0);
    compare_value(c, d->name, "collation", migc_chk_value(res, row, DM_COLLATION), d->collation);
    compare_checks(c, d, checks);
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", d->comment ? d->comment : "");
    compare_value(c, d->name, "comment", lc ? b1 : NULL, d->comment ? b2 : NULL);
}

/* Every expected domain against its live row; live domains nobody expects are left to
 * migc_chk_types ("type X: unexpected"). */
static void
walk(migc_chk *c, const PGresult *res, const PGresult *checks)
{
    for (size_t i = 0; c->doms != NULL && i < c->doms->n_domains; i++) {
        const migc_expected_domain *d = c->doms->domains[i];
        int row = 0, n = PQntuples(res);
        while (row < n && strcmp(PQgetvalue(res, row, DM_NAME), d->name) != 0)
            row++;
        if (row == n)
            migc_chk_diff(c, "domain", d->name, "missing");
        else
            compare_domain(c, d, res, row, checks);
    }
}

int
migc_chk_domains(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};
    PGresult *res, *checks;

    if (c->doms == NULL || c->doms->n_domains == 0)
        return 0;
    if ((res = migc_q_tuples(c->conn, domains_sql, 1, params, err)) == NULL)
        return -1;
    if ((checks = migc_q_tuples(c->conn, checks_sql, 1, params, err)) == NULL) {
        PQclear(res);
        return -1;
    }
    walk(c, res, checks);
    PQclear(checks);
    PQclear(res);
    return 0;
}
