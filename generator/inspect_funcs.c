/* migc generator: inspect of functions and procedures (SPEC §3.1 `functions:`).
 * Every function and procedure of the schema but extension members, written by its key
 * "name(argument types)"; those migc cannot write (C or internal language, a SQL-standard body)
 * are noted as not managed. Aggregates and window functions are noted by the others reader. */
#include "inspect_internal.h"

#include "ignore.h"

#include <stdlib.h>
#include <string.h>

/* 0 key, 1 kind, 2 arguments, 3 result, 4 language, 5 volatility, 6 strict, 7 security definer,
 * 8 parallel, 9 leakproof, 10 cost, 11 rows, 12 set returning, 13 body, 14 comment,
 * 15 SQL-standard body, 16 bare name. */
const char mg_inspect_funcs_sql[] =
    "SELECT pg_catalog.concat(p.proname, '(', pg_catalog.oidvectortypes(p.proargtypes), ')'),\n"
    "       p.prokind,\n"
    "       pg_catalog.pg_get_function_arguments(p.oid),\n"
    "       CASE WHEN p.prokind OPERATOR(pg_catalog.<>) 'p' THEN "
    "pg_catalog.pg_get_function_result(p.oid) END,\n"
    "       l.lanname, p.provolatile, p.proisstrict, p.prosecdef, p.proparallel,\n"
    "       p.proleakproof, p.procost, p.prorows, p.proretset, p.prosrc,\n"
    "       ds.description, p.prosqlbody IS NOT NULL,\n"
    "       p.proname::text\n"
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
    "JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_proc", "p.oid",
        "0") "WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')\n"
             "  AND " MG_INSPECT_NOT_EXT_MEMBER(
                 "pg_catalog.pg_proc",
                 "p.oid") "\n"
                          "ORDER BY p.proname COLLATE \"C\", "
                          "pg_catalog.oidvectortypes(p.proargtypes) COLLATE \"C\"";

/* 0 key, 1 setting name, 2 value: one row per proconfig entry. */
const char mg_inspect_func_config_sql[] =
    "SELECT pg_catalog.concat(p.proname, '(', pg_catalog.oidvectortypes(p.proargtypes), ')'),\n"
    "       pg_catalog.split_part(c.c, '=', 1), pg_catalog.substr(c.c,\n"
    "       pg_catalog.strpos(c.c, '=') OPERATOR(pg_catalog.+) 1)\n"
    "FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace,\n"
    "     pg_catalog.unnest(p.proconfig) WITH ORDINALITY AS c(c, i)\n"
    "WHERE n.nspname = $1 AND p.prokind IN ('f', 'p')\n"
    "ORDER BY p.oid, c.i";

static const char *
word_of(char c, const char *letters, const char *const *words)
{
    const char *p = strchr(letters, c);
    return p != NULL && c != '\0' ? words[p - letters] : words[0];
}

/* cost or rows unless it is the default. */
static const char *
number(mg_inspect *in, const PGresult *r, int i, int col, double dflt)
{
    double value = strtod(in->pq->getvalue(r, i, col), NULL);
    return value == dflt ? NULL : mg_inspect_value(in, r, i, col);
}

static mg_func *
read_one(mg_inspect *in, const PGresult *r, int i)
{
    static const char *const vols[] = {"volatile", "immutable", "stable"};
    static const char *const pars[] = {"unsafe", "safe", "restricted"};
    mg_func *f = mg_arena_alloc(in->a, sizeof(*f));
    f->name = mg_inspect_value(in, r, i, 0);
    f->proname = mg_inspect_value(in, r, i, 16);
    f->procedure = in->pq->getvalue(r, i, 1)[0] == 'p';
    f->arguments = mg_inspect_value(in, r, i, 2);
    f->returns = mg_inspect_value(in, r, i, 3);
    f->language = mg_inspect_value(in, r, i, 4);
    f->volatility = word_of(in->pq->getvalue(r, i, 5)[0], "vis", vols);
    f->strict = mg_inspect_true(in, r, i, 6);
    f->security_definer = mg_inspect_true(in, r, i, 7);
    f->parallel = word_of(in->pq->getvalue(r, i, 8)[0], "usr", pars);
    f->leakproof = mg_inspect_true(in, r, i, 9);
    if (!f->procedure) {
        f->cost = number(in, r, i, 10, 100);
        f->rows = number(in, r, i, 11, mg_inspect_true(in, r, i, 12) ? 1000 : 0);
    }
    f->body = mg_inspect_value(in, r, i, 13);
    f->comment = mg_inspect_value(in, r, i, 14);
    return f;
}

/* Adds the proconfig entries to the functions read. */
static int
read_config(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_func_config_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        mg_func *f = mg_schema_func(in->s, in->pq->getvalue(r, i, 0));
        if (f == NULL)
            continue;
        mg_check *c = mg_arena_alloc(in->a, sizeof(*c));
        c->name = mg_inspect_value(in, r, i, 1);
        c->expr = mg_inspect_value(in, r, i, 2);
        mg_vec_push(in->a, &f->set, c);
    }
    in->pq->clear(r);
    return 0;
}

int
mg_inspect_read_funcs(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_funcs_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *key = in->pq->getvalue(r, i, 0), *lang = in->pq->getvalue(r, i, 4), *pattern;
        if (strcmp(lang, "c") == 0 || strcmp(lang, "internal") == 0)
            mg_inspect_unmanaged(in, "function %s (language %s)", key, lang);
        else if (mg_inspect_true(in, r, i, 15))
            mg_inspect_unmanaged(in, "function %s (a SQL-standard body)", key);
        else if ((pattern = mg_ignore_match(in->ignore, in->schema, in->pq->getvalue(r, i, 16))))
            mg_inspect_leave_out(in, "function", key,
                                 mg_arena_printf(in->a, "ignore: %s", pattern));
        else
            mg_vec_push(in->a, &in->s->funcs, read_one(in, r, i));
    }
    in->pq->clear(r);
    return read_config(in);
}
