/* migc generator: inspect of sequences (SPEC §3.1).
 * Every sequence of the schema but those of identity columns and extensions, with the options
 * that differ from PostgreSQL's defaults, OWNED BY and its comment. */
#include "inspect_internal.h"

#include <inttypes.h>
#include <string.h>

#include "ignore.h"
#include "sequence.h"

/* 0 name, 1 type, 2 increment, 3 min, 4 max, 5 start, 6 cache, 7 cycle, 8 owner table, 9 owner
 * column, 10 comment. */
const char mg_inspect_sequences_sql[] =
    "SELECT c.relname, pg_catalog.format_type(q.seqtypid, NULL), q.seqincrement, q.seqmin,\n"
    "       q.seqmax, q.seqstart, q.seqcache, q.seqcycle, o.tab, o.col,\n"
    "       ds.description\n"
    "FROM pg_catalog.pg_class c\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "JOIN pg_catalog.pg_sequence q ON q.seqrelid = c.oid\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_class", "c.oid",
        "0") "LEFT JOIN LATERAL (\n"
             "  SELECT t.relname::text AS tab, a.attname::text AS col FROM pg_catalog.pg_depend d\n"
             "  JOIN pg_catalog.pg_class t ON t.oid = d.refobjid AND t.relnamespace = "
             "c.relnamespace\n"
             "  JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid\n"
             "  WHERE d.deptype = 'a' AND d.objid = c.oid\n"
             "    AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid\n"
             "  LIMIT 1) o ON true\n"
             "WHERE n.nspname = $1 AND c.relkind = 'S'\n"
             "  AND " MG_INSPECT_NOT_EXT_MEMBER(
                 "pg_catalog.pg_class",
                 "c.oid") "\n"
                          "  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d\n"
                          "    WHERE d.classid = "
                          "'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid\n"
                          "      AND d.objid = c.oid AND d.deptype = 'i')\n"
                          "ORDER BY c.relname COLLATE \"C\"";

/* text when it differs from the default value def, else NULL (the option is left out). */
static const char *
unless_default(mg_inspect *in, const char *text, int64_t def)
{
    int64_t v;
    if (mg_seq_parse(text, &v) != 0 || v == def)
        return NULL;
    return mg_arena_strdup(in->a, text);
}

/* The options of row i that are not PostgreSQL's defaults, in the order defaults depend on. */
static void
read_options(mg_inspect *in, const PGresult *r, int i, mg_sequence *q)
{
    mg_seq_values v;
    const char *type = in->pq->getvalue(r, i, 1);
    q->type = strcmp(type, "bigint") == 0 ? NULL : mg_arena_strdup(in->a, type);
    q->increment = unless_default(in, in->pq->getvalue(r, i, 2), 1);
    mg_seq_values_of(q, &v);
    q->min_value = unless_default(in, in->pq->getvalue(r, i, 3), v.min);
    q->max_value = unless_default(in, in->pq->getvalue(r, i, 4), v.max);
    mg_seq_values_of(q, &v);
    q->start = unless_default(in, in->pq->getvalue(r, i, 5), v.start);
    q->cache = unless_default(in, in->pq->getvalue(r, i, 6), 1);
    q->cycle = mg_inspect_true(in, r, i, 7);
}

/* OWNED BY a column of a table the output declares; any other owner is noted. */
static void
read_owner(mg_inspect *in, const PGresult *r, int i, mg_sequence *q)
{
    const char *tab = mg_inspect_value(in, r, i, 8), *col = mg_inspect_value(in, r, i, 9);
    const mg_table *t = tab ? mg_inspect_table(in, tab) : NULL;
    if (tab == NULL)
        return;
    if (t == NULL || mg_table_column(t, col) == NULL) {
        mg_inspect_unmanaged(in, "OWNED BY of sequence %s (column %s.%s is not written)", q->name,
                             tab, col);
        return;
    }
    q->owned_table = tab;
    q->owned_column = col;
}

int
mg_inspect_read_sequences(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_sequences_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *name = mg_inspect_value(in, r, i, 0);
        if (!in->pq->getisnull(r, i, 8) &&
            mg_inspect_table_left_out(in, in->pq->getvalue(r, i, 8))) {
            mg_inspect_leave_out(in, "sequence", name, "its table is left out");
            continue;
        }
        if (mg_inspect_ignored(in, "sequence", in->schema, name))
            continue;
        mg_sequence *q = mg_arena_alloc(in->a, sizeof(*q));
        q->name = name;
        read_options(in, r, i, q);
        read_owner(in, r, i, q);
        q->comment = mg_inspect_value(in, r, i, 10);
        mg_vec_push(in->a, &in->s->sequences, q);
    }
    in->pq->clear(r);
    return 0;
}
