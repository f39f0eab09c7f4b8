/* migc generator: inspect, properties schema.yaml has no key for that the other readers do not
 * meet (SPEC §3.1: inspect never drops a property silently): comments on constraints other than
 * keys, checks, foreign keys and exclusion constraints, storage parameters of the index of a
 * primary key or unique constraint, NULLS NOT DISTINCT of a unique index that backs no constraint.
 * Each is one "not managed" note. */
#include "ignore.h"
#include "inspect_internal.h"

/* One row per property: 0 the table it belongs to (NULL for a type), 1 the type (NULL for a
 * table's), 2 the note. */
const char mg_inspect_props_sql[] =
    "SELECT t, ty, what FROM (\n"
    "  SELECT 1 AS o, c.relname::text AS t, NULL::text AS ty, k.conname::text AS n,\n"
    "         pg_catalog.format('comment on constraint %s of table %s', k.conname, c.relname)\n"
    "           AS what\n"
    "  FROM pg_catalog.pg_constraint k\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "  JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace\n"
    "  WHERE s.nspname = $1 AND c.relkind = 'r' AND k.contype NOT IN ('p', 'u', 'c', 'f', 'x')\n"
    "    AND pg_catalog.obj_description(k.oid, 'pg_constraint') IS NOT NULL\n"
    "  UNION ALL\n"
    "  SELECT 3, c.relname::text, NULL, ic.relname::text,\n"
    "         pg_catalog.format('storage parameters of index %s of constraint %s (%s; created "
    "without them)',\n"
    "                           ic.relname, k.conname,\n"
    "                           pg_catalog.array_to_string(ic.reloptions, ', '))\n"
    "  FROM pg_catalog.pg_constraint k\n"
    "  JOIN pg_catalog.pg_class ic ON ic.oid = k.conindid\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "  JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace\n"
    "  WHERE s.nspname = $1 AND c.relkind = 'r' AND k.contype IN ('p', 'u')\n"
    "    AND ic.reloptions IS NOT NULL\n"
    "  UNION ALL\n"
    "  SELECT 4, c.relname::text, NULL, ic.relname::text,\n"
    "         pg_catalog.format('NULLS NOT DISTINCT of index %s (created with "
    "distinct NULLs)',\n"
    "                           ic.relname)\n"
    "  FROM pg_catalog.pg_index i\n"
    "  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid\n"
    "  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid\n"
    "  JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace\n"
    "  WHERE s.nspname = $1 AND c.relkind = 'r' AND i.indnullsnotdistinct\n"
    "    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k\n"
    "                    WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', "
    "'x'))\n"
    ") p ORDER BY o, t COLLATE \"C\", n COLLATE \"C\"";

int
mg_inspect_read_props(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_props_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *table = in->pq->getisnull(r, i, 0) ? NULL : in->pq->getvalue(r, i, 0);
        const char *type = in->pq->getisnull(r, i, 1) ? NULL : in->pq->getvalue(r, i, 1);
        if (mg_inspect_table_left_out(in, table) ||
            (type != NULL && mg_ignore_match(in->ignore, in->schema, type) != NULL))
            continue; /* left out whole, and said so */
        mg_inspect_unmanaged(in, "%s", in->pq->getvalue(r, i, 2));
    }
    in->pq->clear(r);
    return 0;
}
