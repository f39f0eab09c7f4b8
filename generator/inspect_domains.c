/* migc generator: inspect of domains (SPEC §3.1).
 * Every domain of the schema but extension members: base type, NOT NULL, default, collation when
 * not the base type's, named checks and comment. Read before the columns that may use them. */
#include "inspect_internal.h"

#include <string.h>

#include "types.h"

/* 0 name, 1 base type, 2 not null, 3 default, 4 collation (NULL: the base type's), 5 comment. */
const char mg_inspect_domains_sql[] =
    "SELECT t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), t.typnotnull,\n"
    "       pg_catalog.pg_get_expr(t.typdefaultbin, 0, true),\n"
    "       (SELECT l.collname FROM pg_catalog.pg_collation l\n"
    "        JOIN pg_catalog.pg_type b ON b.oid = t.typbasetype\n"
    "        WHERE l.oid = t.typcollation AND t.typcollation <> b.typcollation),\n"
    "       ds.description\n"
    "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
    "t.typnamespace\n" MG_INSPECT_COMMENT_JOIN("ds", "pg_catalog.pg_type", "t.oid",
                                               "0") "WHERE n.nspname = $1 AND t.typtype = 'd'\n"
                                                    "  AND " MG_INSPECT_NOT_EXT_MEMBER(
                                                        "pg_catalog.pg_type",
                                                        "t.oid") "\n"
                                                                 "ORDER BY t.typname COLLATE \"C\"";

/* 0 domain, 1 check name, 2 expression, 3 validated. */
const char mg_inspect_domain_checks_sql[] =
    "SELECT t.typname, k.conname, pg_catalog.pg_get_expr(k.conbin, 0, true), k.convalidated\n"
    "FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_type t ON t.oid = k.contypid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "WHERE n.nspname = $1 AND t.typtype = 'd' AND k.contype = 'c'\n"
    "ORDER BY t.typname COLLATE \"C\", k.conname COLLATE \"C\"";

/* The domain of row i, or NULL (noted) when its base type cannot be written. */
static mg_domain *
domain_of_row(mg_inspect *in, const PGresult *r, int i)
{
    mg_domain *d = mg_arena_alloc(in->a, sizeof(*d));
    const char *error = NULL, *norm;
    d->name = mg_inspect_value(in, r, i, 0);
    d->type = mg_inspect_value(in, r, i, 1);
    norm = mg_type_normalize(in->a, d->type, &error);
    if (norm == NULL || strcmp(norm, d->type) != 0 || !mg_type_known(d->type, in->s, NULL)) {
        mg_inspect_unmanaged(in, "domain %s (its base type %s is not one migc can write)", d->name,
                             d->type);
        return NULL;
    }
    d->not_null = mg_inspect_true(in, r, i, 2);
    d->default_expr = mg_inspect_value(in, r, i, 3);
    d->collation = mg_inspect_value(in, r, i, 4);
    d->comment = mg_inspect_value(in, r, i, 5);
    return d;
}

/* The checks of every domain read; NOT VALID ones are noted (they are written as valid). */
static int
read_checks(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_domain_checks_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        mg_domain *d = mg_schema_domain(in->s, in->pq->getvalue(r, i, 0));
        if (d == NULL)
            continue;
        mg_check *c = mg_arena_alloc(in->a, sizeof(*c));
        c->name = mg_inspect_value(in, r, i, 1);
        c->expr = mg_inspect_value(in, r, i, 2);
        if (!mg_inspect_true(in, r, i, 3))
            mg_inspect_unmanaged(in, "NOT VALID of check %s of domain %s (written as valid)",
                                 c->name, d->name);
        mg_vec_push(in->a, &d->checks, c);
    }
    in->pq->clear(r);
    return 0;
}

int
mg_inspect_read_domains(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_domains_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        if (mg_inspect_ignored(in, "domain", in->schema, in->pq->getvalue(r, i, 0)))
            continue;
        mg_domain *d = domain_of_row(in, r, i);
        if (d != NULL)
            mg_vec_push(in->a, &in->s->domains, d);
    }
    in->pq->clear(r);
    return read_checks(in);
}
