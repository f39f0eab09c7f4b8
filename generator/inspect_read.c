/* migc generator: inspect, reading extensions, enums, tables and columns.
 * One set-based catalog query per kind of object, all for the schema given as $1. */
#include "inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "types.h"

/* ------------------------------------------------------------------------------------------ */
/* Extensions and enums                                                                       */
/* ------------------------------------------------------------------------------------------ */

const char mg_inspect_extensions_sql[] =
    "SELECT e.extname, n.nspname, n.nspname = $1\n"
    "FROM pg_catalog.pg_extension e\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace\n"
    "WHERE e.extname <> 'plpgsql'\n"
    "ORDER BY e.extname::text COLLATE \"C\"";

int
mg_inspect_read_extensions(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_extensions_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *name = mg_inspect_value(in, r, i, 0);
        if (mg_inspect_ignored(in, "extension", in->pq->getvalue(r, i, 1), name))
            continue;
        mg_ext *e = mg_arena_alloc(in->a, sizeof(*e));
        e->name = name;
        if (!mg_inspect_true(in, r, i, 2)) /* installed in a schema of its own */
            e->schema = mg_inspect_value(in, r, i, 1);
        mg_vec_push(in->a, &in->s->extensions, e);
    }
    in->pq->clear(r);
    return 0;
}

const char mg_inspect_enums_sql[] =
    "SELECT t.typname, e.enumlabel, ds.description\n"
    "FROM pg_catalog.pg_type t\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_type", "t.oid",
        "0") "WHERE n.nspname = $1 AND t.typtype = 'e' "
             "AND " MG_INSPECT_NOT_EXT_MEMBER("pg_catalog.pg_type",
                                              "t.oid") "\n"
                                                       "ORDER BY t.typname::text "
                                                       "COLLATE \"C\", "
                                                       "e.enumsortorder";

int
mg_inspect_read_enums(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_enums_sql);
    if (r == NULL)
        return -1;
    mg_enum *e = NULL;
    bool left = false; /* the enum of this row is left out */
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *name = in->pq->getvalue(r, i, 0);
        if (i == 0 || strcmp(name, in->pq->getvalue(r, i - 1, 0)) != 0) /* an enum's first row */
            left = mg_inspect_ignored(in, "enum", in->schema, name);
        if (left)
            continue;
        if (in->pq->getisnull(r, i, 1)) {
            mg_inspect_unmanaged(in, "enum %s (it has no values; schema.yaml needs at least one)",
                                 in->pq->getvalue(r, i, 0));
            continue;
        }
        if (e == NULL || strcmp(e->name, in->pq->getvalue(r, i, 0)) != 0) {
            e = mg_arena_alloc(in->a, sizeof(*e));
            e->name = mg_inspect_value(in, r, i, 0);
            e->comment = mg_inspect_value(in, r, i, 2);
            mg_vec_push(in->a, &in->s->enums, e);
        }
        mg_vec_push(in->a, &e->values, (void *)mg_inspect_value(in, r, i, 1));
    }
    in->pq->clear(r);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Tables                                                                                     */
/* ------------------------------------------------------------------------------------------ */

/* SQL condition: table c has a column revision of type text, without which it is no version
 * table (is_version_table): the column list is only built for those. */
#define HAS_REVISION                                                                               \
    "EXISTS (SELECT 1 FROM pg_catalog.pg_attribute r\n"                                            \
    "                     WHERE r.attrelid OPERATOR(pg_catalog.=) c.oid\n"                         \
    "                       AND r.attname OPERATOR(pg_catalog.=) 'revision'::pg_catalog.name\n"    \
    "                       AND r.atttypid OPERATOR(pg_catalog.=) "                                \
    "'pg_catalog.text'::pg_catalog.regtype::pg_catalog.oid\n"                                      \
    "                       AND r.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2\n"              \
    "                       AND NOT r.attisdropped)"
/* 0 name, 1 comment, 2 unlogged, 3 row security, 4 inherited from, 5 "name type" of every column
 * (only when it may be a version table), 6 storage parameters, 7 partition key, 8 partition of,
 * 9 partition bounds. */
const char mg_inspect_tables_sql[] =
    "SELECT c.relname, ds.description,\n"
    "       c.relpersistence = 'u', c.relrowsecurity,\n"
    "       (SELECT pg_catalog.string_agg(p.relname, ', ' ORDER BY p.relname)\n"
    "        FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent\n"
    "        WHERE h.inhrelid = c.oid AND NOT c.relispartition),\n"
    "       (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' ' ||\n"
    "                                     pg_catalog.format_type(a.atttypid, a.atttypmod), ', '\n"
    "                                     ORDER BY a.attnum)\n"
    "        FROM pg_catalog.pg_attribute a\n"
    "        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
    "          AND " HAS_REVISION "),\n"
    "       pg_catalog.array_to_string(c.reloptions, E'\\n'),\n"
    "       CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,\n"
    "       (SELECT p.relname FROM pg_catalog.pg_inherits h\n"
    "        JOIN pg_catalog.pg_class p ON p.oid = h.inhparent\n"
    "        WHERE h.inhrelid = c.oid AND c.relispartition),\n"
    "       CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END\n"
    "FROM pg_catalog.pg_class c\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_class", "c.oid",
        "0") "WHERE n.nspname = $1 AND " MG_INSPECT_TABLE_REL "\n"
             "  AND " MG_INSPECT_NOT_EXT_MEMBER("pg_catalog.pg_class",
                                                "c.oid") "\n"
                                                         "ORDER BY c.relname::text COLLATE \"C\"";

/* True when cols, the "name type" of every column of a table in order, are those of a migc version
 * table of any module (SPEC §7): revision, checksum, applied_at and execution_ms, with or without
 * the later module, kept and partial columns; any order, nothing else. Names are as quote_ident
 * prints them, so a name holding ", " is quoted and matches none. */
static bool
is_version_table(const char *cols)
{
    static const char *const columns[] = {
        "revision text",        "checksum text", "applied_at timestamp with time zone",
        "execution_ms integer", "module text",   "kept text",
        "partial text"};
    const unsigned count = sizeof(columns) / sizeof(columns[0]), required = 0xFu; /* the first 4 */
    unsigned seen = 0;
    for (const char *p = cols; *p != '\0';) {
        const char *end = strstr(p, ", ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        unsigned k = 0;
        while (k < count && !(strlen(columns[k]) == len && strncmp(columns[k], p, len) == 0))
            k++;
        if (k == count || (seen & (1u << k)) != 0)
            return false;
        seen |= 1u << k;
        p += end ? len + 2 : len;
    }
    return (seen & required) == required;
}

/* Table properties schema.yaml has no key for. */
static void
table_extras(mg_inspect *in, const PGresult *r, int i, const char *name)
{
    if (mg_inspect_true(in, r, i, 2))
        mg_inspect_unmanaged(in, "UNLOGGED of table %s (created as a logged table)", name);
    if (mg_inspect_true(in, r, i, 3))
        mg_inspect_unmanaged(in, "row level security of table %s", name);
    if (!in->pq->getisnull(r, i, 4))
        mg_inspect_unmanaged(in, "inheritance of table %s from %s (created as a plain table)", name,
                             in->pq->getvalue(r, i, 4));
}

void
mg_inspect_with(mg_inspect *in, const PGresult *r, int row, int col, mg_vec *out)
{
    const char *p = in->pq->getisnull(r, row, col) ? "" : mg_inspect_value(in, r, row, col);
    while (*p != '\0') {
        const char *end = strchr(p, '\n'), *eq = strchr(p, '=');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (eq != NULL && eq < p + n) {
            mg_check *c = mg_arena_alloc(in->a, sizeof(*c));
            c->name = mg_arena_strndup(in->a, p, (size_t)(eq - p));
            c->expr = mg_arena_strndup(in->a, eq + 1, n - (size_t)(eq - p) - 1);
            mg_with_put(in->a, out, c);
        }
        p += end ? n + 1 : n;
    }
}

int
mg_inspect_read_tables(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_tables_sql);
    if (r == NULL)
        return -1;
    for (int i = 0; i < in->pq->ntuples(r); i++) {
        const char *name = mg_inspect_value(in, r, i, 0);
        bool version = is_version_table(in->pq->getvalue(r, i, 5));
        if (version)
            mg_inspect_leave_out(in, "table", name, "a migc version table");
        if (version || mg_inspect_ignored(in, "table", in->schema, name)) {
            mg_vec_push(in->a, &in->left_tables, (void *)name);
            continue;
        }
        mg_table *t = mg_arena_alloc(in->a, sizeof(*t));
        t->name = name;
        t->comment = mg_inspect_value(in, r, i, 1);
        t->partition_by = mg_inspect_value(in, r, i, 7);
        t->partition_of = mg_inspect_value(in, r, i, 8);
        t->bounds = mg_inspect_value(in, r, i, 9);
        mg_inspect_with(in, r, i, 6, &t->with);
        table_extras(in, r, i, name);
        mg_vec_push(in->a, &in->s->tables, t);
        mg_strmap_put(in->a, &in->tables, t->name, in->s->tables.len - 1);
    }
    in->pq->clear(r);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Columns                                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* Columns 0-1 name the column; 2 type, 3 not null, 4 default or generation expression (a default
 * holds no column reference, so it is printed without the table's deparse context, which costs
 * more than the printing; pg_attrdef is only looked at for the columns that have one), 5 identity,
 * 6 generated, 7 comment, 8 non-default collation, 9 element type is a domain, 10 identity sequence
 * with options other than the defaults, 11 SET STATISTICS target (NULL: the default), 12 SET
 * STORAGE (NULL: the type's), 13 attnum. Unsorted: column_order puts the rows in order. */
const char mg_inspect_columns_sql[] =
    "SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),\n"
    "       a.attnotnull,\n"
    "       CASE WHEN a.atthasdef THEN\n"
    "           (SELECT CASE WHEN a.attgenerated OPERATOR(pg_catalog.=) '' THEN\n"
    "                   pg_catalog.pg_get_expr(d.adbin, 0::pg_catalog.oid, true)\n"
    "                   ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) END\n"
    "            FROM pg_catalog.pg_attrdef d\n"
    "            WHERE d.adrelid OPERATOR(pg_catalog.=) a.attrelid\n"
    "              AND d.adnum OPERATOR(pg_catalog.=) a.attnum) END, a.attidentity,\n"
    "       a.attgenerated, ds.description,\n"
    "       CASE WHEN a.attcollation <> t.typcollation THEN\n"
    "           (SELECT CASE WHEN ln.nspname = 'pg_catalog' THEN l.collname::text\n"
    "                   ELSE pg_catalog.concat(ln.nspname, '.', l.collname) END\n"
    "            FROM pg_catalog.pg_collation l\n"
    "            JOIN pg_catalog.pg_namespace ln ON ln.oid = l.collnamespace\n"
    "            WHERE l.oid = a.attcollation) END, et.typtype = 'd',\n"
    "       EXISTS (SELECT 1 FROM pg_catalog.pg_depend i\n"
    "               JOIN pg_catalog.pg_sequence s ON s.seqrelid = i.objid\n"
    "               WHERE i.refobjid = c.oid AND i.refobjsubid = a.attnum AND i.deptype = 'i'\n"
    "                 AND i.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid\n"
    "                 AND (s.seqstart <> 1 OR s.seqincrement <> 1 OR s.seqmin <> 1\n"
    "                      OR s.seqcache <> 1 OR s.seqcycle)),\n"
    "       NULLIF(a.attstattarget, -1),\n"
    "       CASE WHEN a.attstorage <> t.typstorage THEN CASE a.attstorage WHEN 'p' THEN 'PLAIN'\n"
    "            WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' ELSE 'EXTENDED' END END,\n"
    "       a.attnum\n"
    "FROM pg_catalog.pg_attribute a\n"
    "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid\n"
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "JOIN pg_catalog.pg_type t ON t.oid = a.atttypid\n"
    "JOIN pg_catalog.pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' THEN t.typelem\n"
    "                                            ELSE t.oid END\n" MG_INSPECT_COMMENT_JOIN(
        "ds", "pg_catalog.pg_class", "c.oid",
        "a.attnum::pg_catalog.int4") "WHERE n.nspname = $1 AND " MG_INSPECT_OWN_REL
                                     " AND a.attnum > 0 AND NOT a.attisdropped";

/* The type name external_types lists for a type: without [] and modifier. */
static const char *
type_base(mg_inspect *in, const char *type)
{
    size_t n = strcspn(type, "([");
    return mg_arena_strndup(in->a, type, n);
}

/* True when the column's type can be written in schema.yaml; records the names that need
 * external_types. */
static bool
type_writable(mg_inspect *in, const mg_table *t, const mg_column *c, bool domain)
{
    const char *error = NULL;
    const char *norm = mg_type_normalize(in->a, c->type, &error);
    if (norm == NULL || strcmp(norm, c->type) != 0) {
        mg_inspect_unmanaged(in,
                             "column %s.%s of type %s (a type name migc cannot write: "
                             "rename the type to a lower-case name without quotes)",
                             t->name, c->name, c->type);
        return false;
    }
    if (mg_type_known(c->type, in->s, NULL))
        return true;
    const char *base = type_base(in, c->type);
    for (size_t i = 0; i < in->external.len; i++)
        if (strcmp(in->external.items[i], base) == 0)
            return true;
    mg_vec_push(in->a, &in->external, (void *)base);
    mg_inspect_warn(in, "column %s.%s: type %s is %s; list it under external_types in module.yaml",
                    t->name, c->name, c->type,
                    domain ? "a domain, which migc does not create" : "not created by this module");
    return true;
}

/* Column properties schema.yaml has no key for. */
static void
column_extras(mg_inspect *in, const PGresult *r, int i, const mg_table *t, mg_column *c)
{
    if (in->pq->getvalue(r, i, 6)[0] != '\0') { /* GENERATED ALWAYS AS (expr) STORED */
        c->generated = c->default_expr;
        c->default_expr = NULL;
    }
    if (mg_inspect_true(in, r, i, 10))
        mg_inspect_unmanaged(in,
                             "sequence options of identity column %s.%s (START, INCREMENT, "
                             "MINVALUE, CACHE or CYCLE; created with the defaults)",
                             t->name, c->name);
    c->collation = mg_inspect_value(in, r, i, 8);
    if (!in->pq->getisnull(r, i, 11))
        mg_inspect_unmanaged(in, "SET STATISTICS %s of column %s.%s (created with the default)",
                             in->pq->getvalue(r, i, 11), t->name, c->name);
    if (!in->pq->getisnull(r, i, 12))
        mg_inspect_unmanaged(in, "SET STORAGE %s of column %s.%s (created with the type's)",
                             in->pq->getvalue(r, i, 12), t->name, c->name);
}

static mg_column *
column_of_row(mg_inspect *in, const PGresult *r, int i, const mg_table *t)
{
    mg_column *c = mg_arena_alloc(in->a, sizeof(*c));
    c->name = mg_inspect_value(in, r, i, 1);
    c->type = mg_inspect_value(in, r, i, 2);
    c->nullable = !mg_inspect_true(in, r, i, 3);
    c->default_expr = mg_inspect_value(in, r, i, 4);
    const char *identity = in->pq->getvalue(r, i, 5);
    if (identity[0] != '\0') {
        c->identity = identity[0] == 'a' ? "always" : "by_default";
        c->default_expr = NULL; /* an identity column's value comes from its sequence */
    }
    c->comment = mg_inspect_value(in, r, i, 7);
    column_extras(in, r, i, t, c);
    return c;
}

/* Sorts the rows rows[0..n) of one table by attnum (column 13); they mostly come sorted. */
static void
sort_by_attnum(const mg_inspect *in, const PGresult *r, int *rows, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        int row = rows[i], attnum = atoi(in->pq->getvalue(r, row, 13));
        size_t j = i;
        for (; j > 0 && atoi(in->pq->getvalue(r, rows[j - 1], 13)) > attnum; j--)
            rows[j] = rows[j - 1];
        rows[j] = row;
    }
}

/* The rows of r in the order their columns are read: by table in the order of in->s->tables (the
 * names' C order), then by attnum; the rows of tables left out (a version table, or ignored) are
 * not among them. Sorting the rows here costs less than the server's sort of the wide rows.
 * Returns their number; *out in the arena. */
static size_t
column_order(mg_inspect *in, const PGresult *r, int **out)
{
    size_t nt = in->s->tables.len, n = (size_t)in->pq->ntuples(r), k;
    size_t *start = mg_arena_alloc(in->a, (nt + 1) * sizeof(*start)); /* zeroed */
    size_t *table = mg_arena_alloc(in->a, (n + 1) * sizeof(*table));
    int *rows = mg_arena_alloc(in->a, (n + 1) * sizeof(*rows));
    for (size_t i = 0; i < n; i++) {
        table[i] = mg_strmap_get(&in->tables, in->pq->getvalue(r, (int)i, 0), &k) ? k : nt;
        start[table[i]] += table[i] < nt;
    }
    for (size_t t = 0, sum = 0; t <= nt; t++) { /* counts to starts */
        size_t count = start[t];
        start[t] = sum;
        sum += count;
    }
    for (size_t i = 0; i < n; i++) /* start[t] moves to the end of table t */
        if (table[i] < nt)
            rows[start[table[i]]++] = (int)i;
    for (size_t t = 0, from = 0; t < nt; from = start[t++])
        sort_by_attnum(in, r, rows + from, start[t] - from);
    *out = rows;
    return nt > 0 ? start[nt - 1] : 0;
}

int
mg_inspect_read_columns(mg_inspect *in)
{
    PGresult *r = mg_inspect_query(in, mg_inspect_columns_sql);
    if (r == NULL)
        return -1;
    int *rows;
    size_t n = column_order(in, r, &rows);
    for (size_t k = 0; k < n; k++) {
        int i = rows[k];
        mg_table *t = mg_inspect_table(in, in->pq->getvalue(r, i, 0));
        mg_column *c = column_of_row(in, r, i, t);
        if (type_writable(in, t, c, mg_inspect_true(in, r, i, 9)))
            mg_vec_push(in->a, &t->columns, c);
    }
    in->pq->clear(r);
    return 0;
}
