/* migc runtime: drift of composite types (SPEC §3.1 `types:`): attributes (missing, unexpected,
 * type, collation) and the comment. Attribute order is not compared (ADD ATTRIBUTE appends). */
#include "check.h"

#include "query.h"

#include <stdio.h>
#include <string.h>

enum { CT_TYPE, CT_COMMENT, CT_ATTR, CT_ATTR_TYPE, CT_COLLATION };

/* One row per attribute of every composite type of the schema (a type without attributes has
 * one row with NULL attribute). */
static const char ctypes_sql[] =
    "SELECT t.typname, pg_catalog.obj_description(t.oid, 'pg_type'), a.attname, "
    "pg_catalog.format_type(a.atttypid, a.atttypmod), "
    "(SELECT l.collname FROM pg_catalog.pg_collation l JOIN pg_catalog.pg_type b "
    "ON b.oid OPERATOR(pg_catalog.=) a.atttypid WHERE l.oid OPERATOR(pg_catalog.=) "
    "a.attcollation AND a.attcollation OPERATOR(pg_catalog.<>) b.typcollation) "
    "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_class r "
    "ON r.oid OPERATOR(pg_catalog.=) t.typrelid "
    "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) r.oid "
    "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
    "WHERE t.typnamespace OPERATOR(pg_catalog.=) "
    "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "
    "AND t.typtype OPERATOR(pg_catalog.=) 'c' AND r.relkind OPERATOR(pg_catalog.=) 'c' "
    "ORDER BY t.typname COLLATE \"C\", a.attnum";

/* "<what> is L, expected E" of the type when they differ. */
static void
compare_value(migc_chk *c, const char *name, const char *what, const char *live, const char *exp)
{
    migc_chk_compare(c, "type", name, what, live, exp);
}

/* The rows of type name: [*first, *end). */
static void
rows_of(const PGresult *res, const char *name, int *first, int *end)
{
    int n = PQntuples(res);
    *first = 0;
    while (*first < n && strcmp(PQgetvalue(res, *first, CT_TYPE), name) != 0)
        (*first)++;
    *end = *first;
    while (*end < n && strcmp(PQgetvalue(res, *end, CT_TYPE), name) == 0)
        (*end)++;
}

static void
compare_attrs(migc_chk *c, const migc_expected_ctype *t, const PGresult *res, int first, int end)
{
    char what[160];
    for (size_t i = 0; i < t->n_attrs; i++) {
        const migc_expected_attribute *x = &t->attrs[i];
        int row = first;
        while (row < end && !migc_chk_same(migc_chk_value(res, row, CT_ATTR), x->name))
            row++;
        snprintf(what, sizeof what, "attribute %s", x->name);
        if (row == end) {
            migc_chk_diff(c, "type", t->name, "%s missing", what);
            continue;
        }
        snprintf(what, sizeof what, "attribute %s type", x->name);
        compare_value(c, t->name, what, PQgetvalue(res, row, CT_ATTR_TYPE), x->type);
        snprintf(what, sizeof what, "attribute %s collation", x->name);
        compare_value(c, t->name, what, migc_chk_value(res, row, CT_COLLATION), x->collation);
    }
    for (int row = first; row < end; row++) {
        const char *live = migc_chk_value(res, row, CT_ATTR);
        size_t i = 0;
        while (live != NULL && i < t->n_attrs && strcmp(t->attrs[i].name, live) != 0)
            i++;
        if (live != NULL && i == t->n_attrs)
            migc_chk_diff(c, "type", t->name, "attribute %s unexpected", live);
    }
}

static void
compare_ctype(migc_chk *c, const migc_expected_ctype *t, const PGresult *res, int first, int end)
{
    const char *lc = migc_chk_value(res, first, CT_COMMENT);
    char b1[512], b2[512];

    compare_attrs(c, t, res, first, end);
    snprintf(b1, sizeof b1, "'%s'", lc ? lc : "");
    snprintf(b2, sizeof b2, "'%s'", t->comment ? t->comment : "");
    compare_value(c, t->name, "comment", lc ? b1 : NULL, t->comment ? b2 : NULL);
}

int
migc_chk_ctypes(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};
    PGresult *res;

    if (c->cts == NULL || c->cts->n_types == 0)
        return 0;
    if ((res = migc_q_tuples(c->conn, ctypes_sql, 1, params, err)) == NULL)
        return -1;
    for (size_t i = 0; i < c->cts->n_types; i++) {
        const migc_expected_ctype *t = c->cts->types[i];
        int first, end;
        rows_of(res, t->name, &first, &end);
        if (first == end)
            migc_chk_diff(c, "type", t->name, "missing");
        else
            compare_ctype(c, t, res, first, end);
    }
    PQclear(res);
    return 0;
}
