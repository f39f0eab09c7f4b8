/* migc runtime: drift of functions and procedures (SPEC §3.1 `functions:`): missing, unexpected
 * (exclusive module), and each attribute against pg_proc: arguments and result as
 * pg_get_function_arguments / pg_get_function_result print them, language, volatility, strict,
 * security definer, parallel, leakproof, cost, rows, configuration, body (trimmed) and comment. */
#include "check.h"
#include "pattern.h"

#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    FN_KEY,
    FN_KIND,
    FN_ARGS,
    FN_RESULT,
    FN_LANG,
    FN_VOLATILE,
    FN_PARALLEL,
    FN_STRICT,
    FN_SECDEF,
    FN_LEAKPROOF,
    FN_COST,
    FN_ROWS,
    FN_CONFIG,
    FN_BODY,
    FN_COMMENT
};

/* Every function and procedure of the schema that no extension owns, by key. */
static const char funcs_sql[] =
    "SELECT p.proname OPERATOR(pg_catalog.||) '(' OPERATOR(pg_catalog.||) "
    "pg_catalog.oidvectortypes(p.proargtypes) OPERATOR(pg_catalog.||) ')', p.prokind, "
    "pg_catalog.pg_get_function_arguments(p.oid), "
    "CASE WHEN p.prokind OPERATOR(pg_catalog.<>) 'p' "
    "THEN pg_catalog.pg_get_function_result(p.oid) END, l.lanname, p.provolatile, "
    "p.proparallel, p.proisstrict, p.prosecdef, p.proleakproof, p.procost, p.prorows, "
    "pg_catalog.array_to_string(p.proconfig, E'\\n'), p.prosrc, "
    "pg_catalog.obj_description(p.oid, 'pg_proc') "
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l "
    "ON l.oid OPERATOR(pg_catalog.=) p.prolang "
    "WHERE p.pronamespace OPERATOR(pg_catalog.=) "
    "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "
    "AND p.prokind OPERATOR(pg_catalog.=) ANY ('{f,p}'::pg_catalog.\"char\"[]) "
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d "
    "WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass "
    "AND d.objid OPERATOR(pg_catalog.=) p.oid AND d.deptype OPERATOR(pg_catalog.=) 'e')";

static void
compare_value(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    migc_chk_compare(c, "function", name, what, live, exp);
}

/* A flag column ("t" / "f") against the expected value. */
static void
compare_flag(migc_chk *c, const char *name, const char *what, const char *live, int exp)
{
    compare_value(c, name, what, strcmp(live, "t") == 0 ? "true" : "false", exp ? "true" : "false");
}

/* A number column (procost, prorows) against the expected text, compared as numbers. */
static void
compare_number(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    if (exp != NULL && strtod(live, NULL) != strtod(exp, NULL))
        compare_value(c, name, what, live, exp);
}

/* The word for a provolatile or proparallel letter (the YAML's), else the letter itself. */
static const char *
letter_word(const char *letter)
{
    static const char *const words[][2] = {{"i", "immutable"}, {"s", "stable"}, {"v", "volatile"}};
    for (size_t i = 0; letter != NULL && i < sizeof words / sizeof words[0]; i++)
        if (strcmp(letter, words[i][0]) == 0)
            return words[i][1];
    return letter;
}

static const char *
parallel_word(const char *letter)
{
    if (letter == NULL || letter[1] != '\0')
        return letter;
    return letter[0] == 's' ? "safe" : letter[0] == 'r' ? "restricted" : "unsafe";
}

static void
compare_attrs(migc_chk *c, const migc_expected_function *f, const PGresult *res, int row)
{
    const char *n = f->name;
    compare_value(c, n, "kind", PQgetvalue(res, row, FN_KIND), f->kind);
    compare_value(c, n, "arguments", PQgetvalue(res, row, FN_ARGS), f->arguments);
    compare_value(c, n, "returns", migc_chk_value(res, row, FN_RESULT), f->result);
    compare_value(c, n, "language", PQgetvalue(res, row, FN_LANG), f->language);
    compare_value(c, n, "volatility", letter_word(PQgetvalue(res, row, FN_VOLATILE)),
                  letter_word(f->volatility));
    compare_value(c, n, "parallel", parallel_word(PQgetvalue(res, row, FN_PARALLEL)),
                  parallel_word(f->parallel));
    compare_flag(c, n, "strict", PQgetvalue(res, row, FN_STRICT), f->strict);
    compare_flag(c, n, "security_definer", PQgetvalue(res, row, FN_SECDEF), f->security_definer);
    compare_flag(c, n, "leakproof", PQgetvalue(res, row, FN_LEAKPROOF), f->leakproof);
    if (f->kind[0] == 'f') {
        compare_number(c, n, "cost", PQgetvalue(res, row, FN_COST), f->cost);
        compare_number(c, n, "rows", PQgetvalue(res, row, FN_ROWS), f->rows);
    }
    compare_value(c, n, "set", migc_chk_value(res, row, FN_CONFIG), f->config);
    if (!migc_same_trimmed(PQgetvalue(res, row, FN_BODY), f->body))
        migc_chk_diff(c, "function", n, "body differs from the expected one");
}

static void
compare_comment(migc_chk *c, const migc_expected_function *f, const PGresult *res, int row)
{
    const char *lc = migc_chk_value(res, row, FN_COMMENT);
    char b1[512], b2[512];
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", f->comment ? f->comment : "");
    compare_value(c, f->name, "comment", lc ? b1 : NULL, f->comment ? b2 : NULL);
}

/* The row of key name, or -1. */
static int
row_of(const PGresult *res, const char *name)
{
    for (int row = 0; row < PQntuples(res); row++)
        if (strcmp(PQgetvalue(res, row, FN_KEY), name) == 0)
            return row;
    return -1;
}

/* Functions of an exclusive module's schema that no revision declares. */
static void
unexpected(migc_chk *c, const PGresult *res)
{
    for (int row = 0; c->m->exclusive && row < PQntuples(res); row++) {
        const char *live = PQgetvalue(res, row, FN_KEY);
        size_t i = 0;
        while (i < c->fns->n_functions && strcmp(c->fns->functions[i]->name, live) != 0)
            i++;
        if (i == c->fns->n_functions)
            migc_chk_diff(c, "function", live, "unexpected (exclusive module)");
    }
}

int
migc_chk_functions(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};
    PGresult *res;

    if (c->fns == NULL)
        return 0;
    if ((res = migc_q_tuples(c->conn, funcs_sql, 1, params, err)) == NULL)
        return -1;
    for (size_t i = 0; i < c->fns->n_functions; i++) {
        const migc_expected_function *f = c->fns->functions[i];
        int row = row_of(res, f->name);
        if (row < 0) {
            migc_chk_diff(c, "function", f->name, "missing");
            continue;
        }
        compare_attrs(c, f, res, row);
        compare_comment(c, f, res, row);
    }
    unexpected(c, res);
    PQclear(res);
    return 0;
}
