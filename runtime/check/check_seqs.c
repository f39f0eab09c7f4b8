/* migc runtime: drift of sequences (SPEC §3.1): every option as pg_sequence holds it, OWNED BY
 * and the comment. Sequences of identity columns and of extensions are never drift. */
#include "check.h"

#include "query.h"

#include <stdio.h>
#include <string.h>

enum {
    SQ_NAME,
    SQ_TYPE,
    SQ_INCREMENT,
    SQ_MIN,
    SQ_MAX,
    SQ_START,
    SQ_CACHE,
    SQ_CYCLE,
    SQ_OWNED_TABLE,
    SQ_OWNED_COLUMN,
    SQ_COMMENT
};

/* The OWNED BY dependency (deptype 'a') of sequence c, as a relation and column: one row. */
#define OWNER_OF(what)                                                                             \
    "(SELECT " what " FROM pg_catalog.pg_depend d "                                                \
    "JOIN pg_catalog.pg_class oc ON oc.oid OPERATOR(pg_catalog.=) d.refobjid "                     \
    "JOIN pg_catalog.pg_attribute oa ON oa.attrelid OPERATOR(pg_catalog.=) d.refobjid "            \
    "AND oa.attnum OPERATOR(pg_catalog.=) d.refobjsubid "                                          \
    "WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "           \
    "AND d.objid OPERATOR(pg_catalog.=) c.oid AND d.deptype OPERATOR(pg_catalog.=) 'a' "           \
    "AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass LIMIT 1)"

static const char sequences_sql[] =
    "SELECT c.relname, pg_catalog.format_type(q.seqtypid, NULL), q.seqincrement::pg_catalog.text, "
    "q.seqmin::pg_catalog.text, q.seqmax::pg_catalog.text, q.seqstart::pg_catalog.text, "
    "q.seqcache::pg_catalog.text, q.seqcycle, " OWNER_OF("oc.relname") ", " OWNER_OF(
        "oa.attname") ", pg_catalog.obj_description(c.oid, 'pg_class') "
                      "FROM pg_catalog.pg_class c "
                      "JOIN pg_catalog.pg_sequence q ON q.seqrelid OPERATOR(pg_catalog.=) c.oid "
                      "WHERE c.relnamespace OPERATOR(pg_catalog.=) "
                      "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "
                      "AND c.relkind OPERATOR(pg_catalog.=) 'S' "
                      "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "
                      "WHERE e.classid OPERATOR(pg_catalog.=) "
                      "'pg_catalog.pg_class'::pg_catalog.regclass "
                      "AND e.objid OPERATOR(pg_catalog.=) c.oid "
                      "AND e.deptype OPERATOR(pg_catalog.=) ANY ('{i,e}'::pg_catalog.\"char\"[])) "
                      "ORDER BY c.relname COLLATE \"C\"";

/* "<what> is L, expected E" of the sequence when they differ. */
static void
compare_value(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    migc_chk_compare(c, "sequence", name, what, live, exp);
}

/* OWNED BY: "t.c" or none on both sides. */
static void
compare_owner(migc_chk *c, const migc_expected_sequence *q, const PGresult *res, int row)
{
    const char *lt = migc_chk_value(res, row, SQ_OWNED_TABLE),
               *lc = migc_chk_value(res, row, SQ_OWNED_COLUMN);
    char live[300], exp[300];

    snprintf(live, sizeof live, "%s.%s", lt ? lt : "", lc ? lc : "");
    snprintf(exp, sizeof exp, "%s.%s", q->owned_table ? q->owned_table : "",
             q->owned_column ? q->owned_column : "");
    compare_value(c, q->name, "owned_by", lt ? live : NULL, q->owned_table ? exp : NULL);
}

static void
compare_sequence(migc_chk *c, const migc_expected_sequence *q, const PGresult *res, int row)
{
    const char *cycle = strcmp(PQgetvalue(res, row, SQ_CYCLE), "t") == 0 ? "true" : "false";
    char b1[512], b2[512];
    const char *lc = migc_chk_value(res, row, SQ_COMMENT);

    compare_value(c, q->name, "type", PQgetvalue(res, row, SQ_TYPE), q->type);
    compare_value(c, q->name, "increment", PQgetvalue(res, row, SQ_INCREMENT), q->increment);
    compare_value(c, q->name, "min_value", PQgetvalue(res, row, SQ_MIN), q->min_value);
    compare_value(c, q->name, "max_value", PQgetvalue(res, row, SQ_MAX), q->max_value);
    compare_value(c, q->name, "start", PQgetvalue(res, row, SQ_START), q->start);
    compare_value(c, q->name, "cache", PQgetvalue(res, row, SQ_CACHE), q->cache);
    compare_value(c, q->name, "cycle", cycle, q->cycle ? "true" : "false");
    compare_owner(c, q, res, row);
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", q->comment ? q->comment : "");
    compare_value(c, q->name, "comment", lc ? b1 : NULL, q->comment ? b2 : NULL);
}

/* Expected and live sequences side by side, both in name order. */
static void
walk(migc_chk *c, const migc_expected_sequences *exp, const PGresult *res)
{
    size_t n_exp = exp ? exp->n_sequences : 0, i = 0;
    int n_live = PQntuples(res), j = 0;

    while (i < n_exp || j < n_live) {
        const char *live = j < n_live ? PQgetvalue(res, j, SQ_NAME) : NULL;
        const migc_expected_sequence *q = i < n_exp ? exp->sequences[i] : NULL;
        int cmp = q == NULL ? 1 : live == NULL ? -1 : strcmp(q->name, live);

        if (cmp == 0) {
            compare_sequence(c, q, res, j++);
            i++;
        } else if (cmp < 0) {
            migc_chk_diff(c, "sequence", q->name, "missing");
            i++;
        } else {
            if (c->m->exclusive)
                migc_chk_diff(c, "sequence", live, "unexpected (exclusive module)");
            j++;
        }
    }
}

int
migc_chk_sequences(migc_chk *c, migc_error *err)
{
    const migc_expected_sequences *exp = c->exp != NULL ? c->exp->sequences : NULL;
    const char *params[1] = {c->m->schema};
    PGresult *res;

    if ((res = migc_q_tuples(c->conn, sequences_sql, 1, params, err)) == NULL)
        return -1;
    walk(c, exp, res);
    PQclear(res);
    return 0;
}
