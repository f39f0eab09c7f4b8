/* migc generator: inspect of composite types (SPEC §3.1 `types:`).
 * Every composite type of the schema but extension members: attributes in order (type, collation
 * when not the type's) and comment. Read after the domains and before the columns. */
#include "inspect_internal.h"

#include <string.h>

#include "types.h"

/* 0 type, 1 comment, 2 attribute, 3 its type, 4 its collation (NULL: the type's). */
const char mg_inspect_ctypes_sql[] =
    "SELECT t.typname, ds.description, a.attname,\n"
    "       pg_catalog.format_type(a.atttypid, a.atttypmod),\n"
    "       (SELECT l.collname FROM pg_catalog.pg_collation l\n"
    "        JOIN pg_catalog.pg_type b ON b.oid = a.atttypid\n"
    "        WHERE l.oid = a.attcollation AND a.attcollation <> b.typcollation)\n"
    "FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "JOIN pg_catalog.pg_class r ON r.oid = t.typrelid AND r.relkind = 'c'\n"
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0\n"
    "  AND NOT a.attisdropped\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_type", "t.oid",
        "0") "WHERE n.nspname = $1 AND t.typtype = 'c'\n"
             "  AND " MG_INSPECT_NOT_EXT_MEMBER(
                 "pg_catalog.pg_type", "t.oid") "\n"
                                                "ORDER BY t.typname COLLATE \"C\", a.attnum";

/* True when the attribute type of row i can be written (a type migc knows, as it spells it). */
static bool
writable(mg_inspect *in, const PGresult *r, int i)
{
    const char *type = in->pq->getvalue(r, i, 3), *error = NULL;
    const char *norm = mg_type_normalize(in->a, type, &error);
    return norm != NULL && strcmp(norm, type) == 0 && mg_type_known(type, in->s, NULL);
}

/* The attributes of the type whose rows start at i; returns the row after them. A type with an
 * attribute migc cannot write is noted and left out. */
static int
read_one(mg_inspect *in, const PGresult *r, int i)
{
    mg_ctype *t = mg_arena_alloc(in->a, sizeof(*t));
    const char *bad = NULL;
    int n = in->pq->ntuples(r);
    t->name = mg_inspect_value(in, r, i, 0);
    t->comment = mg_inspect_value(in, r, i, 1);
    for (; i < n && strcmp(in->pq->getvalue(r, i, 0), t->name) == 0; i++) {
        mg_attr *x = mg_arena_alloc(in->a, sizeof(*x));
        x->name = mg_inspect_value(in, r, i, 2);
        x->type = mg_inspect_value(in, r, i, 3);
        x->collation = mg_inspect_value(in, r, i, 4);
        if (bad == NULL && !writable(in, r, i))
            bad = x->type;
        mg_vec_push(in->a, &t->attrs, x);
    }
    if (bad != NULL)
        mg_inspect_unmanaged(in, "composite type %s (attribute type %s is not one migc can write)",
                             t->name, bad);
    else if (!mg_inspect_ignored(in, "composite type", in->schema, t->name))
        mg_vec_push(in->a, &in->s->types, t);
    return i;
}

int
mg_inspect_read_ctypes(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_ctypes_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r);)
        i = read_one(in, r, i);
    in->pq->clear(r);
    return 0;
}
