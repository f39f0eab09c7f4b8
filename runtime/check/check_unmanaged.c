/* migc runtime: what schema.yaml cannot express (SPEC §3.1: inspect lists it as "not managed",
 * and check reports it as drift unless `ignore` covers it). On a declared table, view or
 * materialized view: row level security, policies, rules, extended statistics, table
 * inheritance, UNLOGGED, SET STATISTICS and SET STORAGE of a column, sequence options of an
 * identity column, NO INHERIT checks, MATCH FULL foreign keys and column lists on their
 * ON DELETE actions; comments and defaults of view columns, storage parameters of a materialized
 * view and comments on its indexes. In an exclusive module's schema: aggregates and window
 * functions too. Objects of extensions are never drift. */
#include "check.h"

#include "query.h"

#include <stdlib.h>
#include <string.h>

enum { UM_RELATION, UM_KIND, UM_OBJECT, UM_WHAT };

/* Relations of schema $1 that are no extension's members: the name in relname. */
#define UM_OWN_RELATION                                                                            \
    "c.relnamespace OPERATOR(pg_catalog.=) "                                                       \
    "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "                      \
    "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "                                        \
    "WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "           \
    "AND e.objid OPERATOR(pg_catalog.=) c.oid AND e.deptype OPERATOR(pg_catalog.=) 'e') "

/* Rows in the order of their drift lines. */
#define UM_SORTED(q)                                                                               \
    "SELECT * FROM (" q ") u (r, k, o, w) ORDER BY o COLLATE \"C\", w COLLATE \"C\""

/* Each query lists one kind of property, a row each: the relation it belongs to (NULL for an
 * object of the schema), the kind and name of the drift line, and what it is. */
static const char *const unmanaged_sql[] = {
    UM_SORTED("SELECT c.relname, 'table', c.relname, "
              "CASE WHEN c.relforcerowsecurity THEN 'row level security (forced)' "
              "ELSE 'row level security' END "
              "FROM pg_catalog.pg_class c WHERE " UM_OWN_RELATION "AND c.relrowsecurity"),

    UM_SORTED(
        "SELECT c.relname, 'policy', c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
        "p.polname, 'row security policy' "
        "FROM pg_catalog.pg_policy p JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) p.polrelid WHERE " UM_OWN_RELATION),

    UM_SORTED(
        "SELECT c.relname, 'rule', c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
        "w.rulename, 'rewrite rule' "
        "FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) w.ev_class WHERE " UM_OWN_RELATION
        "AND w.rulename OPERATOR(pg_catalog.<>) '_RETURN'"),

    UM_SORTED("SELECT c.relname, 'statistics', c.relname OPERATOR(pg_catalog.||) '.' "
              "OPERATOR(pg_catalog.||) x.stxname, 'extended statistics' "
              "FROM pg_catalog.pg_statistic_ext x JOIN pg_catalog.pg_class c "
              "ON c.oid OPERATOR(pg_catalog.=) x.stxrelid WHERE " UM_OWN_RELATION),

    UM_SORTED("SELECT c.relname, 'table', c.relname, 'inherits from ' OPERATOR(pg_catalog.||) "
              "pc.relname::pg_catalog.text "
              "FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c "
              "ON c.oid OPERATOR(pg_catalog.=) i.inhrelid JOIN pg_catalog.pg_class pc "
              "ON pc.oid OPERATOR(pg_catalog.=) i.inhparent WHERE " UM_OWN_RELATION
              "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog.\"char\"[]) "
              "AND pc.relkind OPERATOR(pg_catalog.=) 'r'"),

    UM_SORTED(
        "SELECT c.relname, 'column', c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
        "a.attname, 'SET STATISTICS ' OPERATOR(pg_catalog.||) a.attstattarget::pg_catalog.text "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) a.attrelid WHERE " UM_OWN_RELATION
        "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
        "AND a.attstattarget OPERATOR(pg_catalog.>=) 0"),

    UM_SORTED(
        "SELECT c.relname, 'column', c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
        "a.attname, 'SET STORAGE ' OPERATOR(pg_catalog.||) CASE "
        "WHEN a.attstorage OPERATOR(pg_catalog.=) 'p' THEN 'PLAIN' "
        "WHEN a.attstorage OPERATOR(pg_catalog.=) 'e' THEN 'EXTERNAL' "
        "WHEN a.attstorage OPERATOR(pg_catalog.=) 'm' THEN 'MAIN' ELSE 'EXTENDED' END "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) a.attrelid JOIN pg_catalog.pg_type t "
        "ON t.oid OPERATOR(pg_catalog.=) a.atttypid WHERE " UM_OWN_RELATION
        "AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped "
        "AND a.attstorage OPERATOR(pg_catalog.<>) t.typstorage"),

    UM_SORTED("SELECT c.relname, 'table', c.relname, 'UNLOGGED' FROM pg_catalog.pg_class c "
              "WHERE " UM_OWN_RELATION "AND c.relpersistence OPERATOR(pg_catalog.=) 'u'"),

    UM_SORTED(
        "SELECT c.relname, CASE WHEN k.contype OPERATOR(pg_catalog.=) 'c' THEN 'check' "
        "ELSE 'foreign key' END, "
        "c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) k.conname, "
        "CASE WHEN k.contype OPERATOR(pg_catalog.=) 'c' THEN 'NO INHERIT' "
        "WHEN k.confmatchtype OPERATOR(pg_catalog.<>) 's' THEN 'MATCH FULL' "
        "ELSE 'a column list on its ON DELETE action' END "
        "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) k.conrelid WHERE " UM_OWN_RELATION
        "AND ((k.connoinherit AND k.contype OPERATOR(pg_catalog.=) 'c') OR (k.contype "
        "OPERATOR(pg_catalog.=) 'f' "
        "AND (k.confmatchtype OPERATOR(pg_catalog.<>) 's' OR k.confdelsetcols IS NOT NULL)))"),

    UM_SORTED(
        "SELECT c.relname, 'column', c.relname OPERATOR(pg_catalog.||) '.' "
        "OPERATOR(pg_catalog.||) a.attname, 'sequence options of its identity' "
        "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) a.attrelid "
        "JOIN pg_catalog.pg_depend d ON d.refobjid OPERATOR(pg_catalog.=) c.oid "
        "AND d.refobjsubid OPERATOR(pg_catalog.=) a.attnum "
        "AND d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass "
        "AND d.deptype OPERATOR(pg_catalog.=) 'i' "
        "JOIN pg_catalog.pg_sequence q ON q.seqrelid OPERATOR(pg_catalog.=) d.objid "
        "WHERE " UM_OWN_RELATION "AND a.attidentity OPERATOR(pg_catalog.<>) '' "
        "AND (q.seqstart OPERATOR(pg_catalog.<>) 1 OR q.seqincrement OPERATOR(pg_catalog.<>) 1 "
        "OR q.seqmin OPERATOR(pg_catalog.<>) 1 OR q.seqcache OPERATOR(pg_catalog.<>) 1 "
        "OR q.seqcycle OR q.seqmax OPERATOR(pg_catalog.<>) CASE "
        "WHEN q.seqtypid OPERATOR(pg_catalog.=) "
        "'pg_catalog.int2'::pg_catalog.regtype::pg_catalog.oid "
        "THEN 32767 "
        "WHEN q.seqtypid OPERATOR(pg_catalog.=) "
        "'pg_catalog.int4'::pg_catalog.regtype::pg_catalog.oid "
        "THEN 2147483647 "
        "ELSE 9223372036854775807 END)"),

    UM_SORTED("SELECT c.relname, 'column', c.relname OPERATOR(pg_catalog.||) '.' "
              "OPERATOR(pg_catalog.||) a.attname, 'comment (on a view column)' "
              "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c "
              "ON c.oid OPERATOR(pg_catalog.=) a.attrelid WHERE " UM_OWN_RELATION
              "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{v,m}'::pg_catalog.\"char\"[]) "
              "AND a.attnum OPERATOR(pg_catalog.>) 0 "
              "AND pg_catalog.col_description(c.oid, a.attnum) IS NOT NULL"),

    UM_SORTED(
        "SELECT c.relname, 'column', c.relname OPERATOR(pg_catalog.||) '.' "
        "OPERATOR(pg_catalog.||) a.attname, 'default (on a view column)' "
        "FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) d.adrelid JOIN pg_catalog.pg_attribute a "
        "ON a.attrelid OPERATOR(pg_catalog.=) c.oid AND a.attnum OPERATOR(pg_catalog.=) d.adnum "
        "WHERE " UM_OWN_RELATION "AND c.relkind OPERATOR(pg_catalog.=) 'v'"),

    UM_SORTED("SELECT c.relname, 'materialized view', c.relname, 'storage parameters (' "
              "OPERATOR(pg_catalog.||) pg_catalog.array_to_string(c.reloptions, ', ') "
              "OPERATOR(pg_catalog.||) ')' FROM pg_catalog.pg_class c WHERE " UM_OWN_RELATION
              "AND c.relkind OPERATOR(pg_catalog.=) 'm' AND c.reloptions IS NOT NULL"),

    UM_SORTED(
        "SELECT c.relname, 'index', c.relname OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) "
        "ic.relname, 'comment (on an index of a materialized "
        "view)' FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) i.indrelid JOIN pg_catalog.pg_class ic "
        "ON ic.oid OPERATOR(pg_catalog.=) i.indexrelid WHERE " UM_OWN_RELATION
        "AND c.relkind OPERATOR(pg_catalog.=) 'm' "
        "AND pg_catalog.obj_description(ic.oid, 'pg_class') IS NOT NULL"),

    UM_SORTED(
        "SELECT NULL, 'function', p.proname OPERATOR(pg_catalog.||) '(' OPERATOR(pg_catalog.||) "
        "pg_catalog.oidvectortypes(p.proargtypes) OPERATOR(pg_catalog.||) ')', "
        "CASE WHEN p.prokind OPERATOR(pg_catalog.=) 'a' THEN 'aggregate' "
        "ELSE 'window function' END "
        "FROM pg_catalog.pg_proc p "
        "WHERE p.pronamespace OPERATOR(pg_catalog.=) "
        "pg_catalog.to_regnamespace(pg_catalog.quote_ident($1))::pg_catalog.oid "
        "AND p.prokind OPERATOR(pg_catalog.=) ANY ('{a,w}'::pg_catalog.\"char\"[]) "
        "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e "
        "WHERE e.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass "
        "AND e.objid OPERATOR(pg_catalog.=) p.oid AND e.deptype OPERATOR(pg_catalog.=) 'e')"),
};

static int
cmp_table(const void *key, const void *elem)
{
    return strcmp(key, (*(const migc_expected_table *const *)elem)->name);
}

static int
cmp_view(const void *key, const void *elem)
{
    return strcmp(key, (*(const migc_expected_view *const *)elem)->name);
}

/* True when the schema expected here declares relation name (lists are sorted by name). */
static int
declared(const migc_chk *c, const char *name)
{
    if (c->exp == NULL)
        return 0;
    if (bsearch(name, c->exp->tables, c->exp->n_tables, sizeof *c->exp->tables, cmp_table))
        return 1;
    return c->views != NULL && bsearch(name, c->views->views, c->views->n_views,
                                       sizeof *c->views->views, cmp_view) != NULL;
}

int
migc_chk_unmanaged(migc_chk *c, migc_error *err)
{
    const char *params[1] = {c->m->schema};

    for (size_t q = 0; q < sizeof unmanaged_sql / sizeof *unmanaged_sql; q++) {
        PGresult *res = migc_q_tuples(c->conn, unmanaged_sql[q], 1, params, err);

        if (res == NULL)
            return -1;
        for (int row = 0; row < PQntuples(res); row++) {
            const char *rel = migc_chk_value(res, row, UM_RELATION);

            if (rel != NULL ? !declared(c, rel) : !c->m->exclusive)
                continue; /* an undeclared table's own drift line says it all */
            migc_chk_diff(c, PQgetvalue(res, row, UM_KIND), PQgetvalue(res, row, UM_OBJECT),
                          "not managed by migc: %s", PQgetvalue(res, row, UM_WHAT));
        }
        PQclear(res);
    }
    return 0;
}
