/* migc generator: inspect of triggers (SPEC §3.1 `tables.<t>.triggers`).
 * Every trigger of a plain table of the schema but constraint triggers (noted by the others
 * reader): timing, events, UPDATE OF columns, row or statement, function and arguments, WHEN and
 * transition tables as pg_get_triggerdef prints them, and comment. */
#include "inspect_internal.h"

#include "ignore.h"

#include <string.h>

/* 0 table, 1 name, 2 timing, 3 events, 4 update_of, 5 row, 6 function, 7 arguments, 8 when,
 * 9 old table, 10 new table, 11 comment, 12 "name on table" for messages. */
const char mg_inspect_triggers_sql[] =
    "SELECT c.relname, g.tgname,\n"
    "       CASE WHEN pg_catalog.int4and(g.tgtype, 2) <> 0 THEN 'before'\n"
    "            WHEN pg_catalog.int4and(g.tgtype, 64) <> 0 THEN 'instead_of' ELSE 'after' END,\n"
    "       pg_catalog.concat_ws(',',\n"
    "            CASE WHEN pg_catalog.int4and(g.tgtype, 4) <> 0 THEN 'insert' END,\n"
    "            CASE WHEN pg_catalog.int4and(g.tgtype, 8) <> 0 THEN 'delete' END,\n"
    "            CASE WHEN pg_catalog.int4and(g.tgtype, 16) <> 0 THEN 'update' END,\n"
    "            CASE WHEN pg_catalog.int4and(g.tgtype, 32) <> 0 THEN 'truncate' END),\n"
    "       (SELECT pg_catalog.string_agg(a.attname, ',' ORDER BY k.i)\n"
    "        FROM pg_catalog.unnest(g.tgattr::pg_catalog.int2[]) WITH ORDINALITY AS k(n, i)\n"
    "        JOIN pg_catalog.pg_attribute a ON a.attrelid = g.tgrelid AND a.attnum = k.n),\n"
    "       pg_catalog.int4and(g.tgtype, 1) <> 0,\n"
    "       CASE WHEN p.pronamespace = c.relnamespace THEN p.proname::text\n"
    "            ELSE pg_catalog.concat(pg_catalog.quote_ident(pn.nspname), '.', p.proname) END,\n"
    "       pg_catalog.substring(gd.def, ' EXECUTE FUNCTION [^(]*\\((.*)\\)$'),\n"
    "       pg_catalog.substring(gd.def, ' WHEN \\((.*)\\) EXECUTE FUNCTION '),\n"
    "       g.tgoldtable, g.tgnewtable, ds.description,\n"
    "       pg_catalog.concat(pg_catalog.quote_ident(g.tgname), ' on ',\n"
    "            pg_catalog.quote_ident(c.relname))\n"
    "FROM pg_catalog.pg_trigger g JOIN pg_catalog.pg_class c ON c.oid = g.tgrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "JOIN pg_catalog.pg_proc p ON p.oid = g.tgfoid\n"
    "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace\n"
    "CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_triggerdef(g.oid) AS def OFFSET 0) "
    "gd\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_trigger", "g.oid",
        "0") "WHERE n.nspname = $1 AND NOT g.tgisinternal AND c.relkind IN ('r', 'p')\n"
             "  AND g.tgconstraint = 0::pg_catalog.oid\n"
             "  AND g.tgparentid = 0::pg_catalog.oid\n" /* not a partition's copy of its parent's */
             "ORDER BY c.relname COLLATE \"C\", g.tgname COLLATE \"C\"";

/* The names of a comma-separated list (names hold no comma: they are catalog names). */
static void
split_list(mg_inspect *in, const char *text, mg_vec *out)
{
    while (text != NULL && *text != '\0') {
        size_t n = strcspn(text, ",");
        mg_vec_push(in->a, out, mg_arena_strndup(in->a, text, n));
        text += n + (text[n] == ',');
    }
}

static mg_trigger *
read_one(mg_inspect *in, const PGresult *r, int i)
{
    mg_trigger *g = mg_arena_alloc(in->a, sizeof(*g));
    g->table = mg_inspect_value(in, r, i, 0);
    g->name = mg_inspect_value(in, r, i, 1);
    g->timing = mg_inspect_value(in, r, i, 2);
    split_list(in, in->pq->getvalue(r, i, 3), &g->events);
    split_list(in, mg_inspect_value(in, r, i, 4), &g->update_of);
    g->row = mg_inspect_true(in, r, i, 5);
    g->func = mg_inspect_value(in, r, i, 6);
    g->args = in->pq->getisnull(r, i, 7) ? "" : mg_inspect_value(in, r, i, 7);
    g->when = mg_inspect_value(in, r, i, 8);
    g->old_table = mg_inspect_value(in, r, i, 9);
    g->new_table = mg_inspect_value(in, r, i, 10);
    g->comment = mg_inspect_value(in, r, i, 11);
    return g;
}

int
mg_inspect_read_triggers(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_triggers_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *table = in->pq->getvalue(r, i, 0), *name = in->pq->getvalue(r, i, 1);
        const char *shown = in->pq->getvalue(r, i, 12), *pattern;
        if (mg_inspect_table_left_out(in, table))
            mg_inspect_leave_out(in, "trigger", shown, "its table is left out");
        else if ((pattern = mg_ignore_match(in->ignore, in->schema, name)))
            mg_inspect_leave_out(in, "trigger", shown,
                                 mg_arena_printf(in->a, "ignore: %s", pattern));
        else
            mg_vec_push(in->a, &in->s->triggers, read_one(in, r, i));
    }
    in->pq->clear(r);
    return 0;
}
