/* migc runtime: the live catalog of a module schema, read with a handful of set-based queries.
 * One query per kind of object for the whole schema; the schema name travels as $1. */
#include "catalog.h"

#include "error.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

/* '"' || replace(X, '"', '""') || '"': the qlist encoding of one name. */
#define QUOTED(x) "'\"' || pg_catalog.replace(" x ", '\"', '\"\"') || '\"'"

/* Not a member of an extension (pg_depend deptype 'e'); cls is the catalog, oid the object. */
#define NOT_EXTENSION_MEMBER(cls, oid)                                                             \
    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = '" cls                     \
    "'::pg_catalog.regclass::pg_catalog.oid AND e.objid = " oid " AND e.deptype = 'e')"

#define TABLE_OF_SCHEMA                                                                            \
    "n.nspname = $1 AND c.relkind IN ('r', 'p', 'f') AND " NOT_EXTENSION_MEMBER(                   \
        "pg_catalog.pg_class", "c.oid")

/* Comments and defaults are scalar subqueries on their catalogs' unique indexes: a join lets a
 * stale row estimate pick a nested loop over a sequential scan (seconds on 1,000 tables).
 * A default cannot refer to columns, so it is printed without opening its table (relid 0); a
 * generated column's expression is not read. */
#define COMMENT_OF(oid, subid)                                                                     \
    "(SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = " oid                 \
    " AND d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid AND d.objsubid " \
    "= " subid ")"

/* With the partition key of a partitioned table, and the parent and bounds of a partition. */
static const char tables_sql[] = "SELECT c.relname, " COMMENT_OF(
    "c.oid", "0") ", CASE WHEN c.relkind OPERATOR(pg_catalog.=) 'p'::pg_catalog.\"char\" "
                  "THEN pg_catalog.pg_get_partkeydef(c.oid) END, "
                  "(SELECT pc.relname FROM pg_catalog.pg_inherits h "
                  "JOIN pg_catalog.pg_class pc ON pc.oid OPERATOR(pg_catalog.=) h.inhparent "
                  "WHERE h.inhrelid OPERATOR(pg_catalog.=) c.oid AND c.relispartition), "
                  "CASE WHEN c.relispartition THEN "
                  "pg_catalog.pg_get_expr(c.relpartbound, c.oid) END, "
                  "pg_catalog.array_to_string(c.reloptions, E'\\n') "
                  "FROM pg_catalog.pg_class c "
                  "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE " TABLE_OF_SCHEMA " ORDER BY c.relname COLLATE \"C\"";

/* Sorted in a subquery that carries no text but names, so that the sort stays in memory
 * (work_mem) and the defaults and comments are read after it, in its order. */
static const char columns_sql[] =
    "SELECT s.relname, s.attname, pg_catalog.format_type(s.atttypid, s.atttypmod), s.attnotnull, "
    "s.attidentity, s.attgenerated, "
    "(SELECT pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) FROM pg_catalog.pg_attrdef ad "
    "WHERE ad.adrelid = s.attrelid AND ad.adnum = s.attnum), " COMMENT_OF(
        "s.attrelid",
        "s.attnum") ", CASE WHEN s.attcollation OPERATOR(pg_catalog.<>) s.typcollation THEN "
                    "(SELECT CASE WHEN l.collnamespace OPERATOR(pg_catalog.=) "
                    "'pg_catalog'::pg_catalog.regnamespace::pg_catalog.oid "
                    "THEN l.collname::pg_catalog.text "
                    "ELSE pg_catalog.concat(ln.nspname, '.', l.collname) END "
                    "FROM pg_catalog.pg_collation l JOIN pg_catalog.pg_namespace ln "
                    "ON ln.oid = l.collnamespace WHERE l.oid = s.attcollation) END "
                    "FROM (SELECT c.relname COLLATE \"C\" AS relname, a.attname, a.atttypid, "
                    "a.atttypmod, a.attnotnull, a.attidentity, a.attgenerated, a.attrelid, "
                    "a.attnum, a.attcollation, t.typcollation FROM pg_catalog.pg_attribute a "
                    "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
                    "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE " TABLE_OF_SCHEMA " AND a.attnum > 0 AND NOT a.attisdropped "
                    "AND NOT c.relispartition " /* a partition has its parent's columns */
                    "ORDER BY 1, a.attnum OFFSET 0) s ORDER BY s.relname, s.attnum";

/* The qlist of the attributes of rel numbered by the array keys, in array order: one lookup on
 * pg_attribute's (attrelid, attnum) index per key (a join reads every column of the table). */
#define ATT_QLIST(keys, rel)                                                                       \
    "(SELECT pg_catalog.string_agg((SELECT " QUOTED(                                               \
        "a.attname") " FROM pg_catalog.pg_attribute a WHERE a.attrelid = " rel                     \
                     " AND a.attnum = u.num), ',' ORDER BY u.i) "                                  \
                     "FROM pg_catalog.unnest(" keys ") WITH ORDINALITY u(num, i))"

static const char constraints_sql[] = "SELECT c.relname, k.conname, k.contype, " ATT_QLIST(
    "k.conkey",
    "k.conrelid") ", "
                  "fn.nspname, fc.relname, CASE WHEN k.contype = 'f' THEN " ATT_QLIST(
                      "k.confkey",
                      "k.confrelid") " END, "
                                     "k.confdeltype, k.confupdtype, k.condeferrable, "
                                     "k.condeferred, "
                                     "CASE WHEN k.contype = 'x' THEN "
                                     "pg_catalog.pg_get_constraintdef(k.oid) ELSE "
                                     "pg_catalog.pg_get_expr(k.conbin, k.conrelid) END, "
                                     "k.convalidated, (SELECT x.indnullsnotdistinct FROM "
                                     "pg_catalog.pg_index x WHERE x.indexrelid = k.conindid "
                                     "AND k.contype = 'u'), (SELECT d.description FROM "
                                     "pg_catalog.pg_description d WHERE d.objoid = k.oid AND "
                                     "d.classoid = 'pg_catalog.pg_constraint'::"
                                     "pg_catalog.regclass::pg_catalog.oid AND d.objsubid = 0) "
                                     "FROM pg_catalog.pg_constraint k "
                                     "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid "
                                     "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                                     "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid "
                                     "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = "
                                     "fc.relnamespace "
                                     "WHERE " TABLE_OF_SCHEMA
                                     " AND k.contype IN ('p', 'u', 'c', 'f', 'x') "
                                     /* not the copies on partitions of a parent's */
                                     "AND k.conparentid OPERATOR(pg_catalog.=) 0::pg_catalog.oid "
                                     "AND k.conislocal "
                                     "ORDER BY c.relname COLLATE \"C\", k.conname COLLATE \"C\"";

static const char indexes_sql[] =
    "SELECT c.relname, ic.relname, i.indisunique, am.amname, i.indnkeyatts, "
    "pg_catalog.pg_get_expr(i.indpred, i.indrelid), i.indisvalid, k.i, a.attname, "
    "CASE WHEN i.indkey[k.i - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.i, false) "
    "ELSE pg_catalog.quote_ident(a.attname) END, oc.opcname, oc.opcdefault, "
    "i.indoption[k.i - 1], " COMMENT_OF(
        "i.indexrelid",
        "0") ", pg_catalog.array_to_string(ic.reloptions, E'\\n') FROM pg_catalog.pg_index i "
             "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid "
             "JOIN pg_catalog.pg_class c ON c.oid = i.indrelid "
             "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
             "JOIN pg_catalog.pg_am am ON am.oid = ic.relam "
             "CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::pg_catalog.int4) k(i) "
             "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid "
             "AND a.attnum = i.indkey[k.i - 1] AND a.attnum > 0 "
             "LEFT JOIN pg_catalog.pg_opclass oc ON oc.oid = i.indclass[k.i - 1] AND k.i <= "
             "i.indnkeyatts "
             "WHERE " TABLE_OF_SCHEMA
             " AND NOT ic.relispartition " /* not a parent's index's copy */
             "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint x "
             "WHERE x.conindid = i.indexrelid AND x.conrelid = i.indrelid "
             "AND x.contype IN ('p', 'u', 'x')) "
             "ORDER BY c.relname COLLATE \"C\", ic.relname COLLATE \"C\", k.i";

static const char types_sql[] =
    "SELECT t.typname, t.typtype, (SELECT pg_catalog.string_agg(" QUOTED(
        "e.enumlabel") ", ',' "
                       "ORDER BY e.enumsortorder) FROM pg_catalog.pg_enum e WHERE e.enumtypid = "
                       "t.oid), (SELECT d.description FROM pg_catalog.pg_description d "
                       "WHERE d.objoid = t.oid AND d.classoid = 'pg_catalog.pg_type'::"
                       "pg_catalog.regclass::pg_catalog.oid AND d.objsubid = 0) "
                       "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
                       "t.typnamespace "
                       "WHERE n.nspname = $1 AND t.typtype <> 'm' "
                       "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.typarray = "
                       "t.oid) "
                       "AND (t.typrelid = 0::pg_catalog.oid OR EXISTS (SELECT 1 FROM "
                       "pg_catalog.pg_class r "
                       "WHERE r.oid = t.typrelid AND r.relkind = 'c')) "
                       "AND " NOT_EXTENSION_MEMBER("pg_catalog.pg_type",
                                                   "t.oid") " "
                                                            "ORDER BY t.typname COLLATE \"C\"";

static const char extensions_sql[] =
    "SELECT x.extname, n.nspname FROM pg_catalog.pg_extension x "
    "JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) x.extnamespace "
    "ORDER BY x.extname COLLATE \"C\"";

int
migc_catalog_read(PGconn *conn, const char *schema, migc_catalog *cat, migc_error *err)
{
    const char *params[1] = {schema};

    memset(cat, 0, sizeof *cat);
    if ((cat->tables = migc_q_tuples(conn, tables_sql, 1, params, err)) == NULL ||
        (cat->columns = migc_q_tuples(conn, columns_sql, 1, params, err)) == NULL ||
        (cat->constraints = migc_q_tuples(conn, constraints_sql, 1, params, err)) == NULL ||
        (cat->indexes = migc_q_tuples(conn, indexes_sql, 1, params, err)) == NULL ||
        (cat->types = migc_q_tuples(conn, types_sql, 1, params, err)) == NULL ||
        (cat->extensions = migc_q_tuples(conn, extensions_sql, 0, NULL, err)) == NULL) {
        migc_error_prefix(err, "cannot read the catalog of schema %s: ", schema);
        migc_catalog_free(cat);
        return -1;
    }
    return 0;
}

void
migc_catalog_free(migc_catalog *cat)
{
    if (cat == NULL)
        return;
    PQclear(cat->tables);
    PQclear(cat->columns);
    PQclear(cat->constraints);
    PQclear(cat->indexes);
    PQclear(cat->types);
    PQclear(cat->extensions);
    memset(cat, 0, sizeof *cat);
}

void
migc_catalog_rows(const PGresult *res, int col, int *cursor, const char *name, int *begin, int *end)
{
    int n = PQntuples(res);

    while (*cursor < n && strcmp(PQgetvalue(res, *cursor, col), name) < 0)
        (*cursor)++;
    *begin = *cursor;
    while (*cursor < n && strcmp(PQgetvalue(res, *cursor, col), name) == 0)
        (*cursor)++;
    *end = *cursor;
}

char *
migc_catalog_qlist(const char *const *names, size_t n)
{
    size_t size = 1;
    char *out, *p;

    for (size_t i = 0; i < n; i++)
        size += 2 * strlen(names[i]) + 3;
    if ((out = malloc(size)) == NULL)
        return NULL;
    p = out;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            *p++ = ',';
        *p++ = '"';
        for (const char *s = names[i]; *s != '\0'; s++) {
            if (*s == '"')
                *p++ = '"';
            *p++ = *s;
        }
        *p++ = '"';
    }
    *p = '\0';
    return out;
}

char *
migc_catalog_qlist_show(const char *qlist)
{
    char *out = malloc(2 * strlen(qlist) + 1), *p = out;
    int quoted = 0;

    if (out == NULL)
        return NULL;
    for (const char *s = qlist; *s != '\0'; s++) {
        if (*s == '"' && quoted && s[1] == '"')
            *p++ = *s++; /* a doubled quote inside a name */
        else if (*s == '"')
            quoted = !quoted;
        else if (*s == ',' && !quoted) {
            *p++ = ',';
            *p++ = ' ';
        } else
            *p++ = *s;
    }
    *p = '\0';
    return out;
}
