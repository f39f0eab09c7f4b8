/* migc generator: inspect of views and materialized views (SPEC §3.1 `views:`,
 * `materialized_views:`). Every view of the schema but extension members: its query as
 * pg_get_viewdef prints it (with search_path the schema, so its names are the module's), the
 * options of a view, with_data of a materialized view (its indexes are read with the tables')
 * and the comment. */
#include "inspect_internal.h"

#include <string.h>

#define OPTION(o)                                                                                  \
    "       (SELECT o.option_value FROM pg_catalog.pg_options_to_table(c.reloptions) o\n"          \
    "        WHERE o.option_name = '" o "'),\n"

/* 0 name, 1 materialized, 2 query, 3 security_barrier, 4 check_option, 5 security_invoker,
 * 6 comment, 7 populated. */
const char mg_inspect_views_sql[] =
    "SELECT c.relname, c.relkind = 'm', pg_catalog.pg_get_viewdef(c.oid),\n" OPTION(
        "security_barrier") OPTION("check_option")
        OPTION("security_invoker") "       pg_catalog.obj_description(c.oid, 'pg_class'), "
                                   "c.relispopulated\n"
                                   "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
                                   "n.oid = c.relnamespace\n"
                                   "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')\n"
                                   "  AND " MG_INSPECT_NOT_EXT_MEMBER(
                                       "pg_catalog.pg_class",
                                       "c.oid") "\n"
                                                "ORDER BY c.relname COLLATE \"C\"";

/* What a view or materialized view has that schema.yaml cannot say: 0 what, as a note. */
const char mg_inspect_view_extras_sql[] =
    "SELECT 'comment on column ' || c.relname || '.' || a.attname\n"
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0\n"
    "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')\n"
    "  AND pg_catalog.col_description(c.oid, a.attnum) IS NOT NULL\n"
    "UNION ALL\n"
    "SELECT 'default of column ' || c.relname || '.' || a.attname\n"
    "FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_class c ON c.oid = d.adrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.adnum\n"
    "WHERE n.nspname = $1 AND c.relkind = 'v'\n"
    "UNION ALL\n"
    "SELECT 'storage parameters of materialized view ' || c.relname\n"
    "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "WHERE n.nspname = $1 AND c.relkind = 'm' AND c.reloptions IS NOT NULL\n"
    "ORDER BY 1";

/* Notes what the views written have that schema.yaml cannot say. */
static int
read_extras(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_view_extras_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++)
        mg_inspect_unmanaged(in, "%s", in->pq->getvalue(r, i, 0));
    in->pq->clear(r);
    return 0;
}

/* The query without the blanks and final semicolon pg_get_viewdef writes around it. */
static const char *
trimmed(mg_inspect *in, const char *q)
{
    while (*q == ' ' || *q == '\n')
        q++;
    size_t n = strlen(q);
    while (n > 0 && strchr(" \n;", q[n - 1]) != NULL)
        n--;
    return mg_arena_strndup(in->a, q, n);
}

static bool
option_true(const mg_inspect *in, const PGresult *r, int i, int col)
{
    return !in->pq->getisnull(r, i, col) && strcmp(in->pq->getvalue(r, i, col), "true") == 0;
}

int
mg_inspect_read_views(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_views_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        mg_view *v = mg_arena_alloc(in->a, sizeof(*v));
        v->name = mg_inspect_value(in, r, i, 0);
        v->materialized = mg_inspect_true(in, r, i, 1);
        v->query = trimmed(in, in->pq->getvalue(r, i, 2));
        v->security_barrier = option_true(in, r, i, 3);
        v->check_option = mg_inspect_value(in, r, i, 4);
        v->security_invoker = option_true(in, r, i, 5);
        v->comment = mg_inspect_value(in, r, i, 6);
        v->with_data = mg_inspect_true(in, r, i, 7);
        if (!mg_inspect_ignored(in, v->materialized ? "materialized view" : "view", in->schema,
                                v->name))
            mg_vec_push(in->a, &in->s->views, v);
    }
    in->pq->clear(r);
    return read_extras(in);
}
