/* migc runtime: drift of triggers (SPEC §3.1 `tables.<t>.triggers`): missing, unexpected (on a
 * table of the module, exclusive module), and each attribute against pg_trigger: timing, events,
 * UPDATE OF columns, row or statement, function, arguments and WHEN (both as pg_get_triggerdef
 * prints them, compared without blanks, parentheses or case), transition tables and comment. */
#include "check.h"

#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    TG_TABLE,
    TG_NAME,
    TG_TIMING,
    TG_EVENTS,
    TG_UPDATE_OF,
    TG_ROW,
    TG_FUNCTION,
    TG_ARGS,
    TG_WHEN,
    TG_OLD,
    TG_NEW,
    TG_COMMENT,
    TG_ENABLED
};

#define BIT(n) "(g.tgtype::pg_catalog.int4 OPERATOR(pg_catalog.&) " #n ") OPERATOR(pg_catalog.<>) 0"

/* Every user trigger on a table of the schema. */
static const char triggers_sql[] =
    "SELECT c.relname, g.tgname, CASE WHEN " BIT(2) " THEN 'before' WHEN " BIT(
        64) " THEN "
            "'instead_of' ELSE 'after' END, pg_catalog.concat_ws(',', CASE WHEN " BIT(
                4) " THEN 'insert' "
                   "END, CASE WHEN " BIT(8) " THEN 'delete' END, CASE WHEN " BIT(
                       16) " THEN 'update' END, "
                           "CASE WHEN " BIT(
                               32) " THEN 'truncate' END), "
                                   "(SELECT pg_catalog.string_agg(a.attname, ',' ORDER BY k.i) "
                                   "FROM "
                                   "pg_catalog.unnest(g.tgattr::pg_catalog.int2[]) WITH ORDINALITY "
                                   "AS k(n, i) "
                                   "JOIN pg_catalog.pg_attribute a ON a.attrelid "
                                   "OPERATOR(pg_catalog.=) g.tgrelid "
                                   "AND a.attnum OPERATOR(pg_catalog.=) k.n), " BIT(
                                       1) ", "
                                          "CASE WHEN p.pronamespace OPERATOR(pg_catalog.=) "
                                          "c.relnamespace THEN p.proname::pg_catalog.text "
                                          "ELSE pg_catalog.quote_ident(pn.nspname) "
                                          "OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
                                          "p.proname END, "
                                          "pg_catalog.substring(pg_catalog.pg_get_triggerdef(g.oid)"
                                          ", "
                                          "' EXECUTE FUNCTION [^(]*\\((.*)\\)$'), "
                                          "pg_catalog.substring(pg_catalog.pg_get_triggerdef(g.oid)"
                                          ", ' WHEN \\((.*)\\) EXECUTE FUNCTION '), "
                                          "g.tgoldtable, g.tgnewtable, "
                                          "pg_catalog.obj_description(g.oid, 'pg_trigger'), "
                                          "g.tgenabled "
                                          "FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c "
                                          "ON c.oid OPERATOR(pg_catalog.=) g.tgrelid "
                                          "JOIN pg_catalog.pg_proc p ON p.oid "
                                          "OPERATOR(pg_catalog.=) g.tgfoid "
                                          "JOIN pg_catalog.pg_namespace pn ON pn.oid "
                                          "OPERATOR(pg_catalog.=) p.pronamespace "
                                          "WHERE c.relnamespace OPERATOR(pg_catalog.=) "
                                          "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::"
                                          "pg_catalog.oid "
                                          "AND NOT g.tgisinternal "
                                          /* not a partition's copy of its parent's */
                                          "AND g.tgparentid OPERATOR(pg_catalog.=) "
                                          "0::pg_catalog.oid";

static void
compare_value(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    migc_chk_compare(c, "trigger", name, what, live, exp);
}

/* Equal once blanks and parentheses outside quotes are left out and case outside quotes is
 * ignored (how pg_get_triggerdef reprints an argument list or a WHEN condition). */
static int
same_loose(const char *x, const char *y)
{
    char qx = 0, qy = 0;
    if (x == NULL || y == NULL)
        return x == y;
    for (;;) {
        while (*x && !qx && (isspace((unsigned char)*x) || *x == '(' || *x == ')'))
            x++;
        while (*y && !qy && (isspace((unsigned char)*y) || *y == '(' || *y == ')'))
            y++;
        if (*x == '\0' || *y == '\0')
            return *x == *y;
        char cx = qx ? *x : (char)tolower((unsigned char)*x);
        char cy = qy ? *y : (char)tolower((unsigned char)*y);
        if (cx != cy)
            return 0;
        if (*x == '\'' || *x == '"')
            qx = qx == *x ? 0 : qx ? qx : *x;
        if (*y == '\'' || *y == '"')
            qy = qy == *y ? 0 : qy ? qy : *y;
        x++;
        y++;
    }
}

static void
compare_trigger(migc_chk *c, const migc_expected_trigger *g, const PGresult *res, int row,
                const char *n)
{
    char b1[512], b2[512];
    compare_value(c, n, "timing", PQgetvalue(res, row, TG_TIMING), g->timing);
    compare_value(c, n, "events", PQgetvalue(res, row, TG_EVENTS), g->events);
    compare_value(c, n, "update_of", migc_chk_value(res, row, TG_UPDATE_OF), g->update_of);
    compare_value(c, n, "for_each", strcmp(PQgetvalue(res, row, TG_ROW), "t") ? "statement" : "row",
                  g->row ? "row" : "statement");
    compare_value(c, n, "function", PQgetvalue(res, row, TG_FUNCTION), g->function);
    if (!same_loose(migc_chk_value(res, row, TG_ARGS), g->args ? g->args : ""))
        compare_value(c, n, "arguments", migc_chk_value(res, row, TG_ARGS), g->args);
    if (!same_loose(migc_chk_value(res, row, TG_WHEN), g->when))
        compare_value(c, n, "when", migc_chk_value(res, row, TG_WHEN), g->when);
    compare_value(c, n, "old_table", migc_chk_value(res, row, TG_OLD), g->old_table);
    compare_value(c, n, "new_table", migc_chk_value(res, row, TG_NEW), g->new_table);
    const char *lc = migc_chk_value(res, row, TG_COMMENT);
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", g->comment ? g->comment : "");
    compare_value(c, n, "comment", lc ? b1 : NULL, g->comment ? b2 : NULL);
    if (strcmp(PQgetvalue(res, row, TG_ENABLED), "O") != 0)
        migc_chk_diff(c, "trigger", n, "is not enabled (tgenabled %s), expected enabled",
                      PQgetvalue(res, row, TG_ENABLED));
}

/* The row of trigger name on table, or -1. */
static int
row_of(const PGresult *res, const char *table, const char *name)
{
    for (int row = 0; row < PQntuples(res); row++)
        if (strcmp(PQgetvalue(res, row, TG_TABLE), table) == 0 &&
            strcmp(PQgetvalue(res, row, TG_NAME), name) == 0)
            return row;
    return -1;
}

/* Triggers on the module's tables that no revision declares (exclusive module). */
static void
unexpected(migc_chk *c, const PGresult *res)
{
    char what[300];
    for (int row = 0; c->m->exclusive && row < PQntuples(res); row++) {
        const char *t = PQgetvalue(res, row, TG_TABLE), *g = PQgetvalue(res, row, TG_NAME);
        size_t i = 0;
        while (i < c->trgs->n_triggers && (strcmp(c->trgs->triggers[i]->table, t) != 0 ||
                                           strcmp(c->trgs->triggers[i]->name, g) != 0))
            i++;
        snprintf(what, sizeof what, "%s.%s", t, g);
        if (i == c->trgs->n_triggers)
            migc_chk_diff(c, "trigger", what, "unexpected (exclusive module)");
    }
}

int
migc_chk_triggers(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};
    char what[300];
    PGresult *res;

    if (c->trgs == NULL)
        return 0;
    if ((res = migc_q_tuples(c->conn, triggers_sql, 1, params, err)) == NULL)
        return -1;
    for (size_t i = 0; i < c->trgs->n_triggers; i++) {
        const migc_expected_trigger *g = c->trgs->triggers[i];
        int row = row_of(res, g->table, g->name);
        snprintf(what, sizeof what, "%s.%s", g->table, g->name);
        if (row < 0)
            migc_chk_diff(c, "trigger", what, "missing");
        else
            compare_trigger(c, g, res, row, what);
    }
    unexpected(c, res);
    PQclear(res);
    return 0;
}
