/* migc generator: inspect, reading exclusion constraints.
 * pg_get_constraintdef's "EXCLUDE USING m (elements) [WHERE (p)] [DEFERRABLE ...]" is taken
 * apart into using, elements and where; what schema.yaml cannot say is noted as not managed. */
#include "inspect_internal.h"

#include <string.h>

/* 0 table, 1 name, 2 definition, 3 deferrable, 4 initially deferred, 5 comment. */
const char mg_inspect_excl_sql[] =
    "SELECT c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid, true),\n"
    "       k.condeferrable, k.condeferred, ds.description\n"
    "FROM pg_catalog.pg_constraint k\n"
    "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_constraint", "k.oid",
        "0") "WHERE n.nspname = $1 AND k.contype = 'x' AND " MG_INSPECT_OWN_REL "\n"
             "ORDER BY c.relname::text COLLATE \"C\", k.conname::text COLLATE \"C\"";

/* Past the parenthesised group that starts at p ("(" ... ")", quotes followed), or NULL. */
static const char *
group_end(const char *p)
{
    int depth = 0;
    char quote = 0;
    for (; *p != '\0'; p++) {
        if (quote != 0)
            quote = *p == quote ? 0 : quote; /* a doubled quote closes and reopens */
        else if (*p == '\'' || *p == '"')
            quote = *p;
        else if (*p == '(')
            depth++;
        else if (*p == ')' && --depth == 0)
            return p + 1;
    }
    return NULL;
}

/* Splits the element list s[0..n) at its top-level commas into x->elements. */
static void
split_elements(mg_inspect *in, mg_exclusion *x, const char *s, size_t n)
{
    int depth = 0;
    char quote = 0;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        char ch = i < n ? s[i] : ',';
        if (quote != 0)
            quote = ch == quote ? 0 : quote;
        else if (ch == '\'' || ch == '"')
            quote = ch;
        else if (ch == '(')
            depth++;
        else if (ch == ')')
            depth--;
        else if (ch == ',' && depth == 0) {
            while (start < i && s[start] == ' ')
                start++;
            mg_vec_push(in->a, &x->elements, mg_arena_strndup(in->a, s + start, i - start));
            start = i + 1;
        }
    }
}

/* Fills x from def; false when def holds what schema.yaml cannot say (INCLUDE, WITH (...),
 * USING INDEX TABLESPACE). The deferral is read from its own columns. */
static bool
parse_def(mg_inspect *in, mg_exclusion *x, const char *def)
{
    static const char head[] = "EXCLUDE USING ";
    if (strncmp(def, head, sizeof head - 1) != 0)
        return false;
    const char *m = def + sizeof head - 1, *open = strchr(m, ' ');
    if (open == NULL || open[1] != '(')
        return false;
    x->method = mg_arena_strndup(in->a, m, (size_t)(open - m));
    const char *end = group_end(open + 1);
    if (end == NULL)
        return false;
    split_elements(in, x, open + 2, (size_t)(end - open - 3));
    if (strncmp(end, " WHERE (", 8) == 0) {
        const char *w_end = group_end(end + 7);
        if (w_end == NULL)
            return false;
        x->where = mg_arena_strndup(in->a, end + 8, (size_t)(w_end - end - 9));
        end = w_end;
    }
    if (strncmp(end, " INITIALLY DEFERRED", 19) == 0 || strncmp(end, " DEFERRABLE", 11) == 0)
        return true;
    return *end == '\0';
}

int
mg_inspect_read_exclusions(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_excl_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        mg_table *t = mg_inspect_table(in, in->pq->getvalue(r, i, 0));
        if (t == NULL)
            continue;
        mg_exclusion *x = mg_arena_alloc(in->a, sizeof(*x));
        x->name = mg_inspect_value(in, r, i, 1);
        x->deferrable = in->pq->getvalue(r, i, 3)[0] == 't';
        x->initially_deferred = in->pq->getvalue(r, i, 4)[0] == 't';
        x->comment = mg_inspect_value(in, r, i, 5);
        if (parse_def(in, x, in->pq->getvalue(r, i, 2)))
            mg_vec_push(in->a, &t->excls, x);
        else
            mg_inspect_unmanaged(in, "exclusion constraint %s on %s (%s)", x->name, t->name,
                                 in->pq->getvalue(r, i, 2));
    }
    in->pq->clear(r);
    return 0;
}
