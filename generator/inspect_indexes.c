/* migc generator: inspect, reading indexes and the objects migc does not manage.
 * Indexes that back a constraint belong to it; everything else inexpressible becomes a note. */
#include "inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ignore.h"

/* ------------------------------------------------------------------------------------------ */
/* Indexes                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* One row per index column: 0 table, 1 index, 2 unique, 3 method, 4 position, 5 key (not
 * INCLUDE), 6 column name (NULL for an expression), 7 key text (NULL when 6 is a name
 * bare_key_name takes: deparsing is the costly part), 8 indoption, 9 opclass, 10 opclass is the
 * default, 11 predicate, 12 non-default collation, 13 comment, 14 valid, 15 storage parameters
 * ("name=value" lines). The indexes are chosen before their columns are (the first OFFSET 0
 * keeps the planner from looking up the columns of the constraints' indexes, which are left out),
 * and the columns are looked up one by one (the second keeps it from hashing the whole of
 * pg_attribute for them). */
const char mg_inspect_indexes_sql[] =
    "SELECT i.tab, ic.relname, i.indisunique, am.amname, u.k, u.k <= i.indnkeyatts,\n"
    "       a.attname,\n"
    "       CASE WHEN a.attname IS NULL OR a.attname::pg_catalog.text COLLATE \"C\"\n"
    "                                      OPERATOR(pg_catalog.~) '[^a-z0-9_]'\n"
    "            THEN pg_catalog.pg_get_indexdef(i.indexrelid, u.k, true) END,\n"
    "       i.indoption[u.k - 1], oc.opcname, oc.opcdefault,\n"
    "       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true),\n"
    "       i.indcollation[u.k - 1] <> a.attcollation,\n"
    "       ds.description, i.indisvalid,\n"
    "       pg_catalog.array_to_string(ic.reloptions, E'\\n')\n"
    "FROM (SELECT i.*, c.relname AS tab FROM pg_catalog.pg_index i\n"
    "      JOIN pg_catalog.pg_class c ON c.oid = i.indrelid\n"
    "      JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "      WHERE n.nspname = $1 AND (c.relkind = 'm' OR (" MG_INSPECT_OWN_REL "))\n"
    "        AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k\n"
    "                        WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))\n"
    "      OFFSET 0) i\n"
    "JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid\n"
    "JOIN pg_catalog.pg_am am ON am.oid = ic.relam\n"
    "CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::integer) AS u(k)\n"
    "LEFT JOIN LATERAL (SELECT a.attname, a.attcollation FROM pg_catalog.pg_attribute a\n"
    "                   WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[u.k - 1]\n"
    "                     AND a.attnum > 0 OFFSET 0) a ON true\n"
    "LEFT JOIN pg_catalog.pg_opclass oc\n"
    "       ON oc.oid = i.indclass[u.k - 1] AND u.k <= i.indnkeyatts\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_class", "ic.oid",
        "0") "ORDER BY i.tab::text COLLATE \"C\", ic.relname::text COLLATE \"C\", u.k";

/* An index being assembled from its rows. */
typedef struct index_build {
    mg_table *table; /* NULL: its table is not written (or it is a materialized view's) */
    mg_vec *target;  /* the indexes of its table or materialized view; NULL: skipped */
    mg_index *x;
    const char *first_expr; /* the first key when it is an expression without ordering */
    mg_vec columns;         /* const char *: column names used, checked at the end */
} index_build;

/* A column name the templates can take bare in an index key: no spaces, quotes or parens. */
static bool
bare_key_name(const char *s)
{
    return s[0] != '\0' && strpbrk(s, " \t\n\r\"()") == NULL;
}

/* " DESC", " DESC NULLS LAST", " NULLS FIRST" or "" for an indoption value. */
static const char *
ordering(const char *indoption)
{
    int opt = atoi(indoption);
    bool desc = (opt & 1) != 0, nulls_first = (opt & 2) != 0;
    if (desc)
        return nulls_first ? " DESC" : " DESC NULLS LAST";
    return nulls_first ? " NULLS FIRST" : "";
}

/* Adds the key or INCLUDE column of row i. */
static void
index_column(mg_inspect *in, index_build *b, const PGresult *r, int i)
{
    const char *col = mg_inspect_value(in, r, i, 6);
    if (col != NULL)
        mg_vec_push(in->a, &b->columns, (void *)col);
    if (!mg_inspect_true(in, r, i, 5)) {
        mg_vec_push(in->a, &b->x->include, (void *)col);
        return;
    }
    const char *text = col != NULL && bare_key_name(col) ? col : in->pq->getvalue(r, i, 7);
    const char *order = ordering(in->pq->getvalue(r, i, 8));
    if (col == NULL && order[0] == '\0' && b->x->keys.len == 0)
        b->first_expr = mg_inspect_value(in, r, i, 7);
    mg_vec_push(in->a, &b->x->keys, mg_arena_printf(in->a, "%s%s", text, order));
    bool default_opclass = in->pq->getisnull(r, i, 9) || mg_inspect_true(in, r, i, 10);
    mg_vec_push(in->a, &b->x->opclass,
                default_opclass ? NULL : (void *)mg_inspect_value(in, r, i, 9));
    if (mg_inspect_true(in, r, i, 12))
        mg_inspect_unmanaged(in, "collation of key %s of index %s (created with the column's)", col,
                             b->x->name);
}

/* Starts an index at its first row. */
static void
index_start(mg_inspect *in, index_build *b, const PGresult *r, int i)
{
    mg_view *v = mg_schema_view(in->s, in->pq->getvalue(r, i, 0));
    *b = (index_build){.table = mg_inspect_table(in, in->pq->getvalue(r, i, 0))};
    b->target = b->table ? &b->table->indexes : v && v->materialized ? &v->indexes : NULL;
    b->x = mg_arena_alloc(in->a, sizeof(*b->x));
    b->x->name = mg_inspect_value(in, r, i, 1);
    b->x->unique = mg_inspect_true(in, r, i, 2);
    b->x->method = mg_inspect_value(in, r, i, 3);
    b->x->where = mg_inspect_value(in, r, i, 11);
    if (b->target != NULL && mg_inspect_ignored(in, "index", in->schema, b->x->name))
        b->target = NULL;
    if (b->target == NULL)
        return;
    if (!in->pq->getisnull(r, i, 13) && b->table != NULL)
        b->x->comment = mg_inspect_value(in, r, i, 13);
    else if (!in->pq->getisnull(r, i, 13))
        mg_inspect_unmanaged(in, "comment on index %s (of a materialized view)", b->x->name);
    if (b->table != NULL)
        mg_inspect_with(in, r, i, 15, &b->x->with);
    else if (!in->pq->getisnull(r, i, 15))
        mg_inspect_unmanaged(in, "storage parameters of index %s (%s; of a materialized view)",
                             b->x->name, in->pq->getvalue(r, i, 15));
    if (!mg_inspect_true(in, r, i, 14))
        mg_inspect_warn(in,
                        "index %s is INVALID in the database (an interrupted build?); "
                        "written anyway",
                        b->x->name);
}

/* Attaches a complete index to its table. */
static void
index_finish(mg_inspect *in, index_build *b)
{
    mg_index *x = b->x;
    if (b->target == NULL)
        return;
    for (size_t i = 0; b->table != NULL && i < b->columns.len; i++)
        if (mg_table_column(b->table, b->columns.items[i]) == NULL) {
            mg_inspect_unmanaged(in, "index %s (on column %s.%s, which is not written)", x->name,
                                 b->table->name, (const char *)b->columns.items[i]);
            return;
        }
    size_t named = 0;
    for (size_t i = 0; i < x->opclass.len; i++)
        named += x->opclass.items[i] != NULL;
    if (named == 0)
        x->opclass.len = 0;
    if (x->keys.len == 1 && b->first_expr != NULL) {
        x->expression = b->first_expr;
        x->keys.len = 0;
    }
    mg_vec_push(in->a, b->target, x);
}

int
mg_inspect_read_indexes(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_indexes_sql);
    if (r == NULL)
        return -1;
    index_build b = {0};
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        if (strcmp(in->pq->getvalue(r, i, 4), "1") == 0) {
            if (i > 0)
                index_finish(in, &b);
            index_start(in, &b, r, i);
        }
        index_column(in, &b, r, i);
    }
    if (in->pq->ntuples(r) > 0)
        index_finish(in, &b);
    in->pq->clear(r);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Everything else in the schema                                                              */
/* ------------------------------------------------------------------------------------------ */

/* Objects of the schema that schema.yaml has no words for: kind, name as shown, bare name, and the
 * table it belongs to (NULL when none). Row types of tables, array types and extension members
 * are implicit; sequences are read by inspect_seqs.c. */
#define NOT_EXT_CLASS MG_INSPECT_NOT_EXT_MEMBER("pg_catalog.pg_class", "c.oid")
#define NOT_EXT_PROC MG_INSPECT_NOT_EXT_MEMBER("pg_catalog.pg_proc", "p.oid")
#define NOT_EXT_TYPE MG_INSPECT_NOT_EXT_MEMBER("pg_catalog.pg_type", "t.oid")
const char mg_inspect_others_sql[] =
    "SELECT kind, name, bare, tab FROM (\n"
    "  SELECT CASE WHEN c.relkind = 'r' THEN 'partition of a partition'\n"
    "              WHEN c.relkind = 'v' THEN 'view' WHEN c.relkind = 'm' THEN 'materialized view'\n"
    "              WHEN c.relkind = 'p' THEN 'sub-partitioned partition'\n"
    "              WHEN c.relkind = 'f' THEN 'foreign table'\n"
    "              ELSE 'composite type' END AS kind,\n"
    "         pg_catalog.quote_ident(c.relname) AS name, c.relname::text AS bare, NULL AS tab\n"
    "  FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1 AND " NOT_EXT_CLASS "\n"
    "    AND (c.relkind = 'f'\n"
    "         OR (c.relkind IN ('r', 'p') AND c.relispartition AND NOT (" MG_INSPECT_TABLE_REL
    ")))\n"
    "  UNION ALL\n"
    "  SELECT CASE p.prokind WHEN 'a' THEN 'aggregate' ELSE 'window function' END,\n"
    "         p.oid::pg_catalog.regprocedure::text, p.proname::text, NULL\n"
    "  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
    "  WHERE n.nspname = $1 AND p.prokind IN ('a', 'w') AND " NOT_EXT_PROC "\n"
    "  UNION ALL\n"
    "  SELECT CASE t.typtype WHEN 'r' THEN 'range type'\n"
    "              ELSE 'base type' END, pg_catalog.format_type(t.oid, NULL), t.typname::text,\n"
    "         NULL\n"
    "  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "  WHERE n.nspname = $1 AND t.typtype IN ('r', 'b') AND t.typcategory <> 'A'\n"
    "    AND " NOT_EXT_TYPE "\n"
    "  UNION ALL\n"
    "  SELECT 'trigger', pg_catalog.quote_ident(g.tgname) || ' on ' ||\n"
    "         pg_catalog.quote_ident(c.relname), g.tgname::text, c.relname::text\n"
    "  FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid\n"
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1 AND NOT g.tgisinternal AND g.tgparentid = 0::pg_catalog.oid\n"
    "    AND (c.relkind NOT IN ('r', 'p') OR g.tgconstraint <> 0::pg_catalog.oid)\n"
    "  UNION ALL\n"
    "  SELECT 'policy', pg_catalog.quote_ident(y.polname) || ' on ' ||\n"
    "         pg_catalog.quote_ident(c.relname), y.polname::text, c.relname::text\n"
    "  FROM pg_catalog.pg_policy y JOIN pg_catalog.pg_class c ON c.oid = y.polrelid\n"
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1\n"
    "  UNION ALL\n"
    "  SELECT 'rule', pg_catalog.quote_ident(w.rulename) || ' on ' ||\n"
    "         pg_catalog.quote_ident(c.relname), w.rulename::text, c.relname::text\n"
    "  FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class c ON c.oid = w.ev_class\n"
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1 AND w.rulename <> '_RETURN'\n"
    ") o ORDER BY kind COLLATE \"C\", name COLLATE \"C\"";

/* What a partition has of its own (an index or constraint not of its parent's): schema.yaml
 * declares nothing on a partition. Same columns as others_sql. */
const char mg_inspect_partition_own_sql[] =
    "SELECT kind, name, bare, tab FROM (\n"
    "  SELECT 'index of a partition alone' AS kind, pg_catalog.quote_ident(ic.relname) || ' on '\n"
    "         || pg_catalog.quote_ident(c.relname) AS name, ic.relname::text AS bare,\n"
    "         c.relname::text AS tab\n"
    "  FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid\n"
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1 AND c.relispartition AND NOT ic.relispartition\n"
    "    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conindid = "
    "i.indexrelid)\n"
    "  UNION ALL\n"
    "  SELECT 'constraint of a partition alone', pg_catalog.quote_ident(k.conname) || ' on ' ||\n"
    "         pg_catalog.quote_ident(c.relname), k.conname::text, c.relname::text\n"
    "  FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "  WHERE n.nspname = $1 AND c.relispartition AND k.contype IN ('p', 'u', 'c', 'f')\n"
    "    AND k.conparentid = 0::pg_catalog.oid AND k.coninhcount = 0::pg_catalog.int4\n"
    ") o ORDER BY kind COLLATE \"C\", name COLLATE \"C\"";

/* Notes each row of sql (kind, name, bare name, table) as not managed or left out. */
static int
note_others(mg_inspect *in, const char *sql)
{
    PGresult *r = mg_inspect_query(in, sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *kind = in->pq->getvalue(r, i, 0), *name = in->pq->getvalue(r, i, 1);
        const char *table = in->pq->getisnull(r, i, 3) ? NULL : in->pq->getvalue(r, i, 3);
        const char *pattern = mg_ignore_match(in->ignore, in->schema, in->pq->getvalue(r, i, 2));
        if (mg_inspect_table_left_out(in, table))
            mg_inspect_leave_out(in, kind, name, "its table is left out");
        else if (pattern != NULL) /* matched by its bare name, named as shown */
            mg_inspect_leave_out(in, kind, name, mg_arena_printf(in->a, "ignore: %s", pattern));
        else
            mg_inspect_unmanaged(in, "%s %s", kind, name);
    }
    in->pq->clear(r);
    return 0;
}

int
mg_inspect_read_others(mg_inspect *in)
{
    return note_others(in, mg_inspect_others_sql) != 0
               ? -1
               : note_others(in, mg_inspect_partition_own_sql);
}
