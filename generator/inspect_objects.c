/* migc generator: inspect, reading constraints and indexes.
 * Keys, foreign keys and indexes come one row per column and are grouped here in order. */
#include "inspect_internal.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------------ */
/* Checks                                                                                     */
/* ------------------------------------------------------------------------------------------ */

const char mg_inspect_checks_sql[] =
    "SELECT c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid, true),\n"
    "       k.convalidated, k.connoinherit, ds.description\n"
    "FROM pg_catalog.pg_constraint k\n"
    "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_constraint", "k.oid",
        "0") "WHERE n.nspname = $1 AND k.contype = 'c' AND " MG_INSPECT_OWN_REL "\n"
             "ORDER BY c.relname::text COLLATE \"C\", k.conname::text COLLATE \"C\"";

/* Removes suffix from the end of s[0..*n) when it is there. */
static bool
strip_suffix(const char *s, size_t *n, const char *suffix)
{
    size_t len = strlen(suffix);
    if (*n < len || strncmp(s + *n - len, suffix, len) != 0)
        return false;
    *n -= len;
    return true;
}

/* The expression of "CHECK (expr) [NO INHERIT] [NOT VALID]", or NULL. */
static const char *
check_expr(mg_inspect *in, const char *def, const char *table, const char *name)
{
    size_t n = strlen(def);
    if (strip_suffix(def, &n, " NOT VALID"))
        mg_inspect_unmanaged(in,
                             "NOT VALID of check %s on %s (created validated: rows that "
                             "violate it make the upgrade fail)",
                             name, table);
    if (strip_suffix(def, &n, " NO INHERIT"))
        mg_inspect_unmanaged(in, "NO INHERIT of check %s on %s", name, table);
    if (n < 8 || strncmp(def, "CHECK (", 7) != 0 || def[n - 1] != ')')
        return NULL;
    return mg_arena_strndup(in->a, def + 7, n - 8);
}

int
mg_inspect_read_checks(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_checks_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        mg_table *t = mg_inspect_table(in, in->pq->getvalue(r, i, 0));
        if (t == NULL)
            continue;
        mg_check *c = mg_arena_alloc(in->a, sizeof(*c));
        c->name = mg_inspect_value(in, r, i, 1);
        c->expr = check_expr(in, in->pq->getvalue(r, i, 2), t->name, c->name);
        c->comment = mg_inspect_value(in, r, i, 5);
        if (c->expr == NULL)
            mg_inspect_unmanaged(in, "check %s on %s (%s)", c->name, t->name,
                                 in->pq->getvalue(r, i, 2));
        else
            mg_vec_push(in->a, &t->checks, c);
    }
    in->pq->clear(r);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Primary keys, unique constraints, foreign keys                                             */
/* ------------------------------------------------------------------------------------------ */

/* One row per constraint column: 0 table, 1 name, 2 contype, 3 column, 4 referenced table,
 * 5 its schema, 6 referenced column, 7 on delete, 8 on update, 9 deferrable, 10 deferred,
 * 11 match type, 12 validated, 13 definition, 14 ordinal, 15 comment, 16 NULLS NOT DISTINCT.
 * The definition (on the first row) is only read for what key_extras and fk_fill look for in it
 * that the other columns do not say: INCLUDE columns, the column list of ON DELETE SET NULL or
 * SET DEFAULT, or a quoted name holding what they look for (all of it holds a blank). Else it is
 * NULL: deparsing every constraint costs more than the rest of the query. The columns are looked
 * up one by one (OFFSET 0 keeps the planner from hashing the whole of pg_attribute for them). */
const char mg_inspect_keys_sql[] =
    "SELECT c.relname, k.conname, k.contype, a.attname, fc.relname, fn.nspname, fa.attname,\n"
    "       k.confdeltype, k.confupdtype, k.condeferrable, k.condeferred, k.confmatchtype,\n"
    "       k.convalidated,\n"
    "       CASE WHEN u.ord OPERATOR(pg_catalog.=) 1::pg_catalog.int8\n"
    "             AND (ki.indnatts OPERATOR(pg_catalog.>) ki.indnkeyatts\n"
    "                  OR k.confdelsetcols IS NOT NULL\n"
    "                  OR pg_catalog.bool_or(pg_catalog.strpos(pg_catalog.concat(a.attname,\n"
    "                         fa.attname, fc.relname, fn.nspname), ' ') OPERATOR(pg_catalog.>) 0)\n"
    "                     OVER (PARTITION BY k.oid))\n"
    "            THEN pg_catalog.pg_get_constraintdef(k.oid) END, u.ord, ds.description,\n"
    "       k.contype OPERATOR(pg_catalog.=) 'u' AND ki.indnullsnotdistinct\n"
    "FROM pg_catalog.pg_constraint k\n"
    "JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "CROSS JOIN LATERAL pg_catalog.unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)\n"
    "JOIN LATERAL (SELECT a.attname FROM pg_catalog.pg_attribute a\n"
    "              WHERE a.attrelid = k.conrelid AND a.attnum = u.attnum OFFSET 0) a ON true\n"
    "LEFT JOIN pg_catalog.pg_class fc ON fc.oid = k.confrelid\n"
    "LEFT JOIN pg_catalog.pg_namespace fn ON fn.oid = fc.relnamespace\n"
    "LEFT JOIN pg_catalog.pg_index ki ON ki.indexrelid OPERATOR(pg_catalog.=) k.conindid\n"
    "                                AND k.contype OPERATOR(pg_catalog.<>) 'f'\n"
    "LEFT JOIN LATERAL (SELECT fa.attname FROM pg_catalog.pg_attribute fa\n"
    "                   WHERE fa.attrelid = k.confrelid AND fa.attnum = k.confkey[u.ord]\n"
    "                   OFFSET 0) fa ON true\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_constraint", "k.oid",
        "0") "WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'f') AND " MG_INSPECT_OWN_REL "\n"
             "  AND k.conparentid = 0::pg_catalog.oid\n"
             "ORDER BY c.relname::text COLLATE \"C\", k.contype, k.conname::text COLLATE \"C\", "
             "u.ord";

/* A constraint being assembled from its rows. */
typedef struct key_build {
    mg_table *table; /* NULL: its table is not written; the constraint is skipped */
    char type;       /* 'p', 'u' or 'f' */
    const char *name;
    mg_vec columns;     /* const char * */
    mg_vec ref_columns; /* const char * */
    const char *def;    /* pg_get_constraintdef, or NULL when it says nothing more */
    const PGresult *r;  /* the first row, for the foreign key attributes */
    int row;
} key_build;

static const char *
fk_action(char code)
{
    switch (code) {
    case 'r':
        return "restrict";
    case 'c':
        return "cascade";
    case 'n':
        return "set null";
    case 'd':
        return "set default";
    default:
        return "no action";
    }
}

/* True when every column of cols exists in t (a column of an unwritable type may be missing). */
static bool
columns_written(mg_inspect *in, const mg_table *t, const mg_vec *cols, const char *what)
{
    for (size_t i = 0; i < cols->len; i++)
        if (mg_table_column(t, cols->items[i]) == NULL) {
            mg_inspect_unmanaged(in, "%s (on column %s.%s, which is not written)", what, t->name,
                                 (const char *)cols->items[i]);
            return false;
        }
    return true;
}

/* Variants of primary and unique keys: deferral and NULLS NOT DISTINCT into key, and a note for
 * what schema.yaml cannot express. */
static void
key_extras(mg_inspect *in, const key_build *k, const char *what, mg_key *key)
{
    key->deferrable = mg_inspect_true(in, k->r, k->row, 9);
    key->initially_deferred = mg_inspect_true(in, k->r, k->row, 10);
    key->nulls_not_distinct = k->def ? strstr(k->def, "NULLS NOT DISTINCT") != NULL
                                     : mg_inspect_true(in, k->r, k->row, 16);
    if (k->def && strstr(k->def, " INCLUDE (") != NULL)
        mg_inspect_unmanaged(in, "INCLUDE columns of %s (created without them)", what);
}

/* Foreign key attributes; false when its target is not written. */
static bool
fk_fill(mg_inspect *in, const key_build *k, mg_fk *fk, const char *what)
{
    const PGresult *r = k->r;
    const char *target = in->pq->getvalue(r, k->row, 4);
    if (strcmp(in->pq->getvalue(r, k->row, 5), in->schema) != 0) {
        mg_inspect_unmanaged(in, "%s (references %s.%s in another schema)", what,
                             in->pq->getvalue(r, k->row, 5), target);
        return false;
    }
    fk->ref_table = mg_arena_strdup(in->a, target);
    const mg_table *t = mg_inspect_table(in, fk->ref_table);
    if (t == NULL) {
        mg_inspect_unmanaged(in, "%s (references %s, which is not written)", what, target);
        return false;
    }
    fk->on_delete = fk_action(in->pq->getvalue(r, k->row, 7)[0]);
    fk->on_update = fk_action(in->pq->getvalue(r, k->row, 8)[0]);
    fk->deferrable = mg_inspect_true(in, r, k->row, 9);
    fk->initially_deferred = mg_inspect_true(in, r, k->row, 10);
    if (in->pq->getvalue(r, k->row, 11)[0] == 'f')
        mg_inspect_unmanaged(in, "MATCH FULL of %s (created MATCH SIMPLE)", what);
    if (!mg_inspect_true(in, r, k->row, 12))
        mg_inspect_unmanaged(in, "NOT VALID of %s (created validated)", what);
    if (k->def && (strstr(k->def, "SET NULL (") != NULL || strstr(k->def, "SET DEFAULT (") != NULL))
        mg_inspect_unmanaged(in, "column list of the ON DELETE action of %s", what);
    return columns_written(in, t, &fk->ref_columns, what);
}

static void
add_fk(mg_inspect *in, const key_build *k, const char *what)
{
    mg_fk *fk = mg_arena_alloc(in->a, sizeof(*fk));
    fk->name = k->name;
    fk->columns = k->columns;
    fk->ref_columns = k->ref_columns;
    fk->comment = mg_inspect_value(in, k->r, k->row, 15);
    if (fk_fill(in, k, fk, what))
        mg_vec_push(in->a, &k->table->fks, fk);
}

/* Attaches a complete constraint to its table. */
static void
key_finish(mg_inspect *in, const key_build *k)
{
    if (k->table == NULL)
        return;
    const char *kind = k->type == 'p' ? "primary key" : k->type == 'u' ? "unique" : "foreign key";
    const char *what = mg_arena_printf(in->a, "%s %s on %s", kind, k->name, k->table->name);
    if (!columns_written(in, k->table, &k->columns, what))
        return;
    if (k->type == 'f') {
        add_fk(in, k, what);
        return;
    }
    mg_key *key = mg_arena_alloc(in->a, sizeof(*key));
    key->name = k->name;
    key->columns = k->columns;
    key->comment = mg_inspect_value(in, k->r, k->row, 15);
    key_extras(in, k, what, key);
    if (k->type == 'p')
        k->table->pk = key;
    else
        mg_vec_push(in->a, &k->table->uniques, key);
}

/* True when cols are the primary key or a unique constraint of t. */
static bool
is_key_of(const mg_table *t, const mg_vec *cols)
{
    if (t->pk != NULL && mg_strvec_equal(&t->pk->columns, cols))
        return true;
    for (size_t i = 0; i < t->uniques.len; i++)
        if (mg_strvec_equal(&((const mg_key *)t->uniques.items[i])->columns, cols))
            return true;
    return false;
}

/* Drops, with a note, the foreign keys of t whose target columns are only covered by a unique
 * index: schema.yaml wants a primary key or unique constraint there (run after every key). */
static void
fk_targets(mg_inspect *in, mg_table *t)
{
    for (size_t i = 0; i < t->fks.len;) {
        const mg_fk *fk = t->fks.items[i];
        if (is_key_of(mg_inspect_table(in, fk->ref_table), &fk->ref_columns)) {
            i++;
            continue;
        }
        mg_inspect_unmanaged(in,
                             "foreign key %s on %s (references columns of %s that a unique "
                             "index covers, not a primary key or unique constraint)",
                             fk->name, t->name, fk->ref_table);
        mg_vec_remove(&t->fks, i);
    }
}

int
mg_inspect_read_keys(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_keys_sql);
    if (r == NULL)
        return -1;
    key_build k = {0};
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        if (strcmp(in->pq->getvalue(r, i, 14), "1") == 0) {
            if (i > 0)
                key_finish(in, &k);
            k = (key_build){.table = mg_inspect_table(in, in->pq->getvalue(r, i, 0)),
                            .type = in->pq->getvalue(r, i, 2)[0],
                            .name = mg_inspect_value(in, r, i, 1),
                            .def = mg_inspect_value(in, r, i, 13),
                            .r = r,
                            .row = i};
        }
        mg_vec_push(in->a, &k.columns, (void *)mg_inspect_value(in, r, i, 3));
        if (k.type == 'f')
            mg_vec_push(in->a, &k.ref_columns, (void *)mg_inspect_value(in, r, i, 6));
    }
    if (in->pq->ntuples(r) > 0)
        key_finish(in, &k);
    in->pq->clear(r);
    for (size_t i = 0; i < in->s->tables.len; i++)
        fk_targets(in, in->s->tables.items[i]);
    return 0;
}
