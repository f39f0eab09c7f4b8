/* migc generator: schema loader.
 * Extensions and tables of schema.yaml (enums: load_enum.c; foreign keys and indexes: load_keys.c);
 * column shorthands fold into table objects. */
#include "load_schema.h"

#include <string.h>

#include "types.h"

static const char *const root_keys[] = {
    "extensions", "enums", "sequences",          "domains", "types", "functions",
    "tables",     "views", "materialized_views", NULL};
static const char *const ext_keys[] = {"name", "schema", NULL};
static const char *const table_keys[] = {
    "columns",    "primary_key", "unique",       "checks",       "foreign_keys", "indexes",
    "exclusions", "comment",     "renamed_from", "partition_by", "partition_of", "bounds",
    "with",       NULL};
/* What a partition cannot declare: it has its parent's columns, keys and indexes. */
static const char *const partition_not[] = {"columns",      "primary_key", "unique",     "checks",
                                            "foreign_keys", "indexes",     "exclusions", NULL};
static const char *const pk_keys[] = {"name",    "columns", "deferrable", "initially_deferred",
                                      "comment", NULL};
static const char *const unique_keys[] = {
    "columns", "nulls_not_distinct", "deferrable", "initially_deferred", "comment", NULL};
static const char *const check_keys[] = {"expression", "comment", NULL};
static const char *const column_keys[] = {"type",       "nullable",   "default",     "identity",
                                          "collation",  "generated",  "comment",     "renamed_from",
                                          "using",      "down_using", "primary_key", "unique",
                                          "references", "on_delete",  "on_update",   NULL};
static const char *const constraint_keys[] = {"primary_key", "unique",    "references",
                                              "on_delete",   "on_update", NULL};

/* The column keys that make constraints, seen while reading one column. */
typedef struct shorthand {
    const mg_node *pk;         /* key node of primary_key: true, or NULL */
    const mg_node *unique;     /* key node of unique: true, or NULL */
    const mg_node *references; /* value of references, or NULL */
    const mg_node *ref_key;
    const char *on_delete;
    const char *on_update;
} shorthand;

/* Reads and normalises a type node into c->type. */
static void
column_type(mg_loader *ld, mg_column *c, const mg_node *n)
{
    const char *written = mg_load_str(ld, n, "\"type\"");
    if (written == NULL)
        return;
    const char *error = NULL;
    c->type = mg_load_type(ld, written, &error);
    c->type_written = written;
    c->type_loc = n->loc;
    if (c->type == NULL) {
        const char *why =
            mg_arena_printf(ld->a, "%s%s", error, mg_load_comma_hint(written, n->quoted));
        if (ld->schema_files)    /* reported by mg_load_schema_enum_types unless an enum has the */
            c->type_error = why; /* name as written */
        else
            mg_diag_error(ld->d, n->loc, "%s", why);
    }
}

/* A stored generated column computes its value: it has no default and no identity. */
static void
generated_ok(mg_loader *ld, const mg_column *c, const mg_node *map)
{
    const mg_node *g = mg_node_key(map, "generated");
    if (c->generated == NULL)
        return;
    if (c->generated[0] == '\0')
        mg_diag_error(ld->d, g->loc, "\"generated\" needs an expression");
    else if (c->default_expr != NULL)
        mg_diag_error(ld->d, g->loc,
                      "a generated column has no default: give \"generated\" or \"default\"");
    else if (c->identity != NULL)
        mg_diag_error(ld->d, g->loc,
                      "a generated column cannot be an identity: give \"generated\" or "
                      "\"identity\"");
}

/* Reads the column's own keys (not the constraint shorthands). */
static void
column_attrs(mg_loader *ld, mg_column *c, const mg_node *map)
{
    const mg_node *type = mg_node_get(map, "type");
    if (type == NULL)
        mg_diag_error(ld->d, map->loc, "missing required key \"type\"");
    else
        column_type(ld, c, type);
    mg_load_key_bool(ld, map, "nullable", &c->nullable);
    c->default_expr = mg_load_key_str(ld, map, "default", false);
    const mg_node *identity = mg_node_get(map, "identity");
    if (identity != NULL && !mg_node_is_null(identity))
        c->identity = mg_load_one_of(ld, identity, "identity",
                                     (const char *const[]){"always", "by_default", NULL},
                                     "always or by_default");
    c->collation = mg_load_key_str(ld, map, "collation", false);
    c->generated = mg_load_key_str(ld, map, "generated", false);
    generated_ok(ld, c, map);
    c->comment = mg_load_key_str(ld, map, "comment", false);
    c->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
    c->renamed_from_loc = mg_load_hint_loc(map, "renamed_from");
    c->using_expr = mg_load_key_str(ld, map, "using", false);
    c->using_loc = mg_load_hint_loc(map, "using");
    c->down_using = mg_load_key_str(ld, map, "down_using", false);
    c->down_using_loc = mg_load_hint_loc(map, "down_using");
}

/* Reports the constraint shorthands, which add_column does not take. */
static void
refuse_constraints(mg_loader *ld, const mg_node *map)
{
    static const char *const instead[] = {"set_primary_key", "add_unique", "add_foreign_key",
                                          "add_foreign_key", "add_foreign_key"};
    for (size_t i = 0; constraint_keys[i] != NULL; i++) {
        const mg_node *key = mg_node_key(map, constraint_keys[i]);
        if (key != NULL)
            mg_diag_error(ld->d, key->loc,
                          "\"%s\" is not allowed in add_column; write a separate %s operation",
                          key->scalar, instead[i]);
    }
}

/* Records which constraint shorthands a column map sets. */
static void
read_shorthand(mg_loader *ld, const mg_node *map, shorthand *sh)
{
    bool flag = false;
    if (mg_load_key_bool(ld, map, "primary_key", &flag) == 0 && flag)
        sh->pk = mg_node_key(map, "primary_key");
    flag = false;
    if (mg_load_key_bool(ld, map, "unique", &flag) == 0 && flag)
        sh->unique = mg_node_key(map, "unique");
    sh->references = mg_node_get(map, "references");
    sh->ref_key = mg_node_key(map, "references");
}

/* Reads one column; constraint keys go to sh (refused when sh is NULL). */
static mg_column *
column(mg_loader *ld, const char *name, mg_loc loc, const mg_node *n, const char *const *extra,
       shorthand *sh)
{
    mg_column *c = mg_arena_alloc(ld->a, sizeof(*c));
    c->name = name;
    c->loc = loc;
    if (n->kind == MG_NODE_SCALAR && !mg_node_is_null(n)) { /* shorthand: type only */
        column_type(ld, c, n);
        return c;
    }
    const char *hint = mg_node_is_null(n) ? mg_load_comma_hint(name, false) : "";
    if (*hint != '\0') { /* "2)" of numeric(12,2) cut in two inside { } */
        mg_diag_error(ld->d, loc, "column \"%s\" has no type%s", name, hint);
        return c;
    }
    if (!mg_load_is_mapf(ld, n, "column \"%s\"", name))
        return c;
    mg_load_check_keys(ld, n, column_keys, extra);
    column_attrs(ld, c, n);
    if (sh == NULL)
        refuse_constraints(ld, n);
    else
        read_shorthand(ld, n, sh);
    return c;
}

mg_column *
mg_load_column(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
               const char *const *extra)
{
    if (!mg_load_is_map(ld, map, "add_column"))
        return NULL;
    return column(ld, name, loc, map, extra, NULL);
}

/* Folds a column's references/on_delete/on_update into a foreign key <table>_<col>_fkey. */
static void
fold_fk(mg_loader *ld, mg_table *t, const mg_column *c, const mg_node *map, const shorthand *sh)
{
    bool has_ref = sh->references != NULL && !mg_node_is_null(sh->references);
    if (!has_ref) {
        const mg_node *k = mg_node_key(map, "on_delete");
        k = k ? k : mg_node_key(map, "on_update");
        if (k != NULL)
            mg_diag_error(ld->d, k->loc, "\"%s\" needs \"references\"", k->scalar);
        return;
    }
    mg_fk *fk = mg_arena_alloc(ld->a, sizeof(*fk));
    fk->name = mg_arena_printf(ld->a, "%s_%s_fkey", t->name, c->name);
    fk->loc = sh->ref_key->loc;
    mg_load_derived_ok(ld, fk->loc, fk->name, "foreign key");
    mg_vec_push(ld->a, &fk->columns, (void *)c->name);
    mg_load_references(ld, sh->references, fk);
    mg_load_fk_action(ld, map, "on_delete", &fk->on_delete);
    mg_load_fk_action(ld, map, "on_update", &fk->on_update);
    mg_vec_push(ld->a, &t->fks, fk);
}

/* Folds unique: true into a key <table>_<col>_key. */
static void
fold_unique(mg_loader *ld, mg_table *t, const mg_column *c, const mg_node *key)
{
    mg_key *k = mg_arena_alloc(ld->a, sizeof(*k));
    k->name = mg_arena_printf(ld->a, "%s_%s_key", t->name, c->name);
    k->loc = key->loc;
    mg_load_derived_ok(ld, k->loc, k->name, "unique constraint");
    mg_vec_push(ld->a, &k->columns, (void *)c->name);
    mg_vec_push(ld->a, &t->uniques, k);
}

/* Reads the columns of a table; shorthand primary keys are collected in pk_cols. */
static void
table_columns(mg_loader *ld, mg_table *t, const mg_node *cols, mg_key *pk_cols)
{
    if (!mg_load_is_map(ld, cols, "\"columns\""))
        return;
    for (size_t i = 0; i < cols->keys.len; i++) {
        const mg_node *key = cols->keys.items[i], *val = cols->values.items[i];
        mg_load_name_ok(ld, key, "column");
        shorthand sh = {0};
        mg_column *c = column(ld, key->scalar, key->loc, val, NULL, &sh);
        mg_vec_push(ld->a, &t->columns, c);
        if (sh.pk != NULL) {
            if (pk_cols->columns.len == 0)
                pk_cols->loc = sh.pk->loc;
            mg_vec_push(ld->a, &pk_cols->columns, (void *)c->name);
        }
        if (sh.unique != NULL)
            fold_unique(ld, t, c, sh.unique);
        if (val->kind == MG_NODE_MAP)
            fold_fk(ld, t, c, val, &sh);
    }
}

/* Reads the table-level primary_key, or builds <table>_pkey from the column shorthands. */
static void
table_pk(mg_loader *ld, mg_table *t, const mg_node *map, mg_key *from_cols)
{
    const mg_node *key = mg_node_key(map, "primary_key");
    const mg_node *n = mg_node_get(map, "primary_key");
    if (key != NULL && from_cols->columns.len > 0) {
        mg_diag_error(ld->d, key->loc,
                      "primary key given both on columns (first at %s) and for "
                      "the table; keep one",
                      mg_load_where(ld, from_cols->loc));
        return;
    }
    mg_key *pk = mg_arena_alloc(ld->a, sizeof(*pk));
    pk->name = mg_arena_printf(ld->a, "%s_pkey", t->name);
    if (key == NULL) {
        if (from_cols->columns.len == 0)
            return;
        pk->loc = from_cols->loc;
        pk->columns = from_cols->columns;
    } else {
        pk->loc = key->loc;
        if (n->kind == MG_NODE_MAP) {
            mg_load_check_keys(ld, n, pk_keys, NULL);
            const char *name = mg_load_key_ident(ld, n, "name", false);
            pk->name = name ? name : pk->name;
            mg_load_key_strlist(ld, n, "columns", true, true, &pk->columns);
            mg_load_key_props(ld, pk, n, false);
        } else {
            mg_load_strlist(ld, n, "\"primary_key\"", true, &pk->columns);
        }
    }
    if (mg_node_get(n, "name") == NULL)
        mg_load_derived_ok(ld, pk->loc, pk->name, "primary key");
    t->pk = pk;
}

/* Reads a mapping of name -> object with reader, for unique, checks, foreign_keys, indexes. */
static void
named_map(mg_loader *ld, mg_table *t, const mg_node *map, const char *key,
          void (*reader)(mg_loader *, mg_table *, const mg_node *, const mg_node *))
{
    const mg_node *n = mg_node_get(map, key);
    if (n == NULL || mg_node_is_null(n))
        return;
    if (!mg_load_is_mapf(ld, n, "\"%s\"", key))
        return;
    for (size_t i = 0; i < n->keys.len; i++)
        if (mg_load_name_ok(ld, n->keys.items[i], key[0] == 'i' ? "index" : "constraint"))
            reader(ld, t, n->keys.items[i], n->values.items[i]);
}

/* A unique constraint: its column list, or { columns, nulls_not_distinct, deferrable,
 * initially_deferred }. */
static void
read_unique(mg_loader *ld, mg_table *t, const mg_node *key, const mg_node *val)
{
    mg_key *k = mg_arena_alloc(ld->a, sizeof(*k));
    k->name = key->scalar;
    k->loc = key->loc;
    if (val->kind == MG_NODE_MAP) {
        mg_load_check_keys(ld, val, unique_keys, NULL);
        mg_load_key_strlist(ld, val, "columns", true, true, &k->columns);
        mg_load_key_props(ld, k, val, true);
    } else {
        mg_load_strlist(ld, val, mg_arena_printf(ld->a, "unique \"%s\"", k->name), true,
                        &k->columns);
    }
    mg_vec_push(ld->a, &t->uniques, k);
}

static void
read_check(mg_loader *ld, mg_table *t, const mg_node *key, const mg_node *val)
{
    mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
    c->name = key->scalar;
    c->loc = key->loc;
    if (val->kind == MG_NODE_MAP) { /* the long form: { expression, comment } */
        mg_load_check_keys(ld, val, check_keys, NULL);
        c->expr = mg_load_key_str(ld, val, "expression", true);
        c->comment = mg_load_key_str(ld, val, "comment", false);
    } else {
        c->expr = mg_load_str(ld, val, mg_arena_printf(ld->a, "check \"%s\"", c->name));
    }
    mg_vec_push(ld->a, &t->checks, c);
}

static void
read_exclusion(mg_loader *ld, mg_table *t, const mg_node *key, const mg_node *val)
{
    mg_exclusion *x = mg_load_exclusion(ld, key->scalar, key->loc, val, NULL);
    if (x != NULL)
        mg_vec_push(ld->a, &t->excls, x);
}

static void
read_fk(mg_loader *ld, mg_table *t, const mg_node *key, const mg_node *val)
{
    mg_fk *fk = mg_load_fk(ld, key->scalar, key->loc, val, NULL);
    if (fk != NULL)
        mg_vec_push(ld->a, &t->fks, fk);
}

static void
read_index(mg_loader *ld, mg_table *t, const mg_node *key, const mg_node *val)
{
    mg_index *x = mg_load_index(ld, key->scalar, key->loc, val, NULL);
    if (x != NULL)
        mg_vec_push(ld->a, &t->indexes, x);
}

/* True when text starts with word (any case) followed by a space or "(". */
static bool
starts_with_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < n; i++)
        if (text[i] == '\0' || (text[i] | 0x20) != (word[i] | 0x20))
            return false;
    return text[n] == ' ' || text[n] == '(';
}

/* partition_by: RANGE, LIST or HASH and the key in parentheses. */
static void
partition_by_ok(mg_loader *ld, const mg_table *t, const mg_node *map)
{
    const char *p = t->partition_by;
    if (p != NULL && !starts_with_word(p, "RANGE") && !starts_with_word(p, "LIST") &&
        !starts_with_word(p, "HASH"))
        mg_diag_error(ld->d, mg_node_get(map, "partition_by")->loc,
                      "\"partition_by\" is RANGE (...), LIST (...) or HASH (...)");
}

/* A partition names its parent and its bounds, and declares nothing a table of its own would:
 * it has its parent's columns, keys, foreign keys and indexes. */
static void
partition_ok(mg_loader *ld, const mg_table *t, const mg_node *map)
{
    const mg_node *b = mg_node_get(map, "bounds");
    if (t->partition_by != NULL)
        mg_diag_error(ld->d, mg_node_key(map, "partition_by")->loc,
                      "a partition is not partitioned again here: give \"partition_by\" or "
                      "\"partition_of\" (sub-partitioning is not supported)");
    if (t->bounds == NULL && b == NULL)
        mg_diag_error(ld->d, map->loc,
                      "partition \"%s\" needs \"bounds\" (FOR VALUES ... or DEFAULT)", t->name);
    else if (t->bounds != NULL && strcmp(t->bounds, "DEFAULT") != 0 &&
             !starts_with_word(t->bounds, "FOR VALUES"))
        mg_diag_error(ld->d, b->loc, "\"bounds\" is FOR VALUES ... or DEFAULT");
    for (const char *const *k = partition_not; *k != NULL; k++)
        if (mg_node_key(map, *k) != NULL)
            mg_diag_error(ld->d, mg_node_key(map, *k)->loc,
                          "a partition declares no \"%s\": it has those of its parent \"%s\"", *k,
                          t->partition_of);
}

/* Reads partition_by, partition_of and bounds; 1 when t is a partition (nothing else to read
 * but its comment), else 0. */
static int
table_partition(mg_loader *ld, mg_table *t, const mg_node *map)
{
    t->partition_by = mg_load_key_str(ld, map, "partition_by", false);
    t->partition_of = mg_load_key_ident(ld, map, "partition_of", false);
    t->bounds = mg_load_key_str(ld, map, "bounds", false);
    t->partition_loc = mg_load_hint_loc(map, t->partition_of ? "partition_of" : "partition_by");
    partition_by_ok(ld, t, map);
    mg_load_with(ld, map, "with", &t->with);
    if (t->partition_by != NULL && t->with.len > 0) /* PostgreSQL 15 refuses them */
        mg_diag_error(ld->d, mg_node_key(map, "with")->loc,
                      "a partitioned table has no storage parameters (give them to its "
                      "partitions)");
    if (t->partition_of == NULL) {
        if (t->bounds != NULL)
            mg_diag_error(ld->d, mg_node_key(map, "bounds")->loc,
                          "\"bounds\" belongs to a partition: give \"partition_of\" too");
        return 0;
    }
    partition_ok(ld, t, map);
    t->comment = mg_load_key_str(ld, map, "comment", false);
    t->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
    t->renamed_from_loc = mg_load_hint_loc(map, "renamed_from");
    return 1;
}

mg_table *
mg_load_table(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
              const char *const *extra)
{
    if (!mg_load_is_mapf(ld, map, "table \"%s\"", name))
        return NULL;
    mg_table *t = mg_arena_alloc(ld->a, sizeof(*t));
    t->name = name;
    t->loc = loc;
    mg_load_check_keys(ld, map, table_keys, extra);
    if (table_partition(ld, t, map) > 0)
        return t;
    mg_key pk_cols = {0};
    const mg_node *cols = mg_node_get(map, "columns");
    if (cols == NULL)
        mg_diag_error(ld->d, map->loc, "missing required key \"columns\"");
    else
        table_columns(ld, t, cols, &pk_cols);
    table_pk(ld, t, map, &pk_cols);
    named_map(ld, t, map, "unique", read_unique);
    named_map(ld, t, map, "checks", read_check);
    named_map(ld, t, map, "foreign_keys", read_fk);
    named_map(ld, t, map, "indexes", read_index);
    named_map(ld, t, map, "exclusions", read_exclusion);
    if (t->partition_by != NULL && t->excls.len > 0) /* PostgreSQL 17 is the first that can */
        mg_diag_error(ld->d, mg_node_key(map, "exclusions")->loc,
                      "a partitioned table cannot have exclusion constraints in PostgreSQL 15");
    t->comment = mg_load_key_str(ld, map, "comment", false);
    t->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
    t->renamed_from_loc = mg_load_hint_loc(map, "renamed_from");
    return t;
}

/* Reports a name defined twice; true when it is new. */
static bool
first_definition(mg_loader *ld, const char *what, const char *name, mg_loc loc, const void *prev,
                 mg_loc prev_loc)
{
    if (prev == NULL)
        return true;
    mg_diag_error(ld->d, loc, "%s \"%s\" is defined twice (first at %s)", what, name,
                  mg_load_where(ld, prev_loc));
    return false;
}

static void
root_extensions(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_seq(ld, n, "\"extensions\""))
        return;
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        const char *name = NULL, *schema = NULL;
        if (item->kind == MG_NODE_MAP) { /* { name: pg_partman, schema: partman } */
            if (!mg_load_check_keys(ld, item, ext_keys, NULL))
                continue;
            name = mg_load_key_ident(ld, item, "name", true);
            schema = mg_load_key_ident(ld, item, "schema", false);
        } else {
            name = mg_load_ident(ld, item, "extension name");
        }
        if (name == NULL)
            continue;
        mg_ext *prev = mg_schema_extension(s, name);
        if (!first_definition(ld, "extension", name, item->loc, prev, prev ? prev->loc : item->loc))
            continue;
        mg_ext *e = mg_arena_alloc(ld->a, sizeof(*e));
        e->name = name;
        e->schema = schema;
        e->loc = item->loc;
        mg_vec_push(ld->a, &s->extensions, e);
    }
}

static void
root_enums(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_map(ld, n, "\"enums\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "enum"))
            continue;
        mg_enum *prev = mg_schema_enum(s, key->scalar);
        if (first_definition(ld, "enum", key->scalar, key->loc, prev, prev ? prev->loc : key->loc))
            mg_vec_push(ld->a, &s->enums, mg_load_schema_enum(ld, key, n->values.items[i]));
    }
}

/* tables.<t>.triggers: name -> trigger. */
static void
table_triggers(mg_loader *ld, const char *table, const mg_node *map, mg_schema *s)
{
    const mg_node *n = mg_node_get(map, "triggers");
    if (n == NULL || mg_node_is_null(n) || !mg_load_is_map(ld, n, "\"triggers\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "trigger"))
            continue;
        mg_trigger *prev = mg_schema_trigger(s, table, key->scalar);
        if (!first_definition(ld, "trigger", key->scalar, key->loc, prev,
                              prev ? prev->loc : key->loc))
            continue;
        mg_trigger *g = mg_load_trigger(ld, table, key->scalar, key->loc, n->values.items[i], NULL);
        if (g != NULL)
            mg_vec_push(ld->a, &s->triggers, g);
    }
}

static void
root_tables(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    static const char *const schema_only[] = {"triggers", NULL};
    if (!mg_load_is_map(ld, n, "\"tables\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "table"))
            continue;
        mg_table *prev = mg_schema_table(s, key->scalar);
        if (!first_definition(ld, "table", key->scalar, key->loc, prev,
                              prev ? prev->loc : key->loc))
            continue;
        mg_table *t = mg_load_table(ld, key->scalar, key->loc, n->values.items[i], schema_only);
        if (t != NULL)
            mg_vec_push(ld->a, &s->tables, t);
        if (t != NULL)
            table_triggers(ld, t->name, n->values.items[i], s);
    }
}

static void
root_sequences(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_map(ld, n, "\"sequences\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "sequence"))
            continue;
        mg_sequence *prev = mg_schema_sequence(s, key->scalar);
        if (!first_definition(ld, "sequence", key->scalar, key->loc, prev,
                              prev ? prev->loc : key->loc))
            continue;
        mg_sequence *q =
            mg_load_sequence(ld, key->scalar, key->loc, n->values.items[i], NULL, true, NULL);
        if (q != NULL)
            mg_vec_push(ld->a, &s->sequences, q);
    }
}

static void
root_domains(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_map(ld, n, "\"domains\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "domain"))
            continue;
        mg_domain *prev = mg_schema_domain(s, key->scalar);
        if (!first_definition(ld, "domain", key->scalar, key->loc, prev,
                              prev ? prev->loc : key->loc))
            continue;
        mg_domain *d =
            mg_load_domain(ld, key->scalar, key->loc, n->values.items[i], NULL, true, NULL);
        if (d != NULL)
            mg_vec_push(ld->a, &s->domains, d);
    }
}

static void
root_types(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_map(ld, n, "\"types\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "type"))
            continue;
        mg_ctype *prev = mg_schema_ctype(s, key->scalar);
        if (!first_definition(ld, "type", key->scalar, key->loc, prev, prev ? prev->loc : key->loc))
            continue;
        mg_ctype *t =
            mg_load_ctype(ld, key->scalar, key->loc, n->values.items[i], NULL, true, NULL);
        if (t != NULL)
            mg_vec_push(ld->a, &s->types, t);
    }
}

static void
root_functions(mg_loader *ld, const mg_node *n, mg_schema *s)
{
    if (!mg_load_is_map(ld, n, "\"functions\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        mg_func *f = mg_load_func(ld, key->scalar, key->loc, n->values.items[i], NULL, true);
        if (f == NULL)
            continue;
        mg_func *prev = mg_schema_func(s, f->name);
        if (first_definition(ld, "function", f->name, key->loc, prev, prev ? prev->loc : key->loc))
            mg_vec_push(ld->a, &s->funcs, f);
    }
}

static void
root_views(mg_loader *ld, const mg_node *n, mg_schema *s, bool materialized)
{
    const char *what = materialized ? "materialized view" : "view";
    if (!mg_load_is_map(ld, n, materialized ? "\"materialized_views\"" : "\"views\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, what))
            continue;
        mg_view *prev = mg_schema_view(s, key->scalar);
        if (!first_definition(ld, "view", key->scalar, key->loc, prev, prev ? prev->loc : key->loc))
            continue;
        mg_view *v = mg_load_view(ld, key->scalar, key->loc, n->values.items[i], materialized, NULL,
                                  true, NULL);
        if (v != NULL)
            mg_vec_push(ld->a, &s->views, v);
    }
}

/* The name of enum (k < enums.len), domain or composite type k of s. */
static const char *
type_name_at(const mg_schema *s, size_t k)
{
    if (k < s->enums.len)
        return ((const mg_enum *)s->enums.items[k])->name;
    if ((k -= s->enums.len) < s->domains.len)
        return ((const mg_domain *)s->domains.items[k])->name;
    return ((const mg_ctype *)s->types.items[k - s->domains.len])->name;
}

/* Gives c the format_type spelling of the enum or domain its type is written as, if any. */
static void
enum_type(mg_arena *a, const mg_schema *s, mg_column *c)
{
    size_t n = c->type_written ? strlen(c->type_written) : 0;

    for (size_t k = 0; k < s->enums.len + s->domains.len + s->types.len && n > 0; k++) {
        const char *name = type_name_at(s, k);
        size_t len = strlen(name);
        int array = n == len + 2 && strcmp(c->type_written + len, "[]") == 0;
        if (strncmp(c->type_written, name, len) == 0 && (n == len || array)) {
            c->type = mg_arena_printf(a, "%s%s", mg_type_ident(a, name), array ? "[]" : "");
            c->type_error = NULL;
        }
    }
}

void
mg_load_schema_enum_types(mg_loader *ld, mg_schema *s)
{
    for (size_t t = 0; s != NULL && t < s->tables.len; t++) {
        const mg_table *table = s->tables.items[t];
        for (size_t i = 0; i < table->columns.len; i++) {
            mg_column *c = table->columns.items[i];
            enum_type(ld->a, s, c);
            if (c->type_error != NULL)
                mg_diag_error(ld->d, c->type_loc, "%s", c->type_error);
        }
    }
}

int
mg_load_schema_root(mg_loader *ld, const mg_node *root, mg_schema *s)
{
    size_t errors = mg_diag_count(ld->d);
    if (mg_node_is_null(root))
        return 0; /* an empty file declares nothing */
    if (!mg_load_is_map(ld, root, "a schema file"))
        return -1;
    mg_load_check_keys(ld, root, root_keys, NULL);
    const mg_node *n;
    if ((n = mg_node_get(root, "extensions")) != NULL && !mg_node_is_null(n))
        root_extensions(ld, n, s);
    if ((n = mg_node_get(root, "enums")) != NULL && !mg_node_is_null(n))
        root_enums(ld, n, s);
    if ((n = mg_node_get(root, "sequences")) != NULL && !mg_node_is_null(n))
        root_sequences(ld, n, s);
    if ((n = mg_node_get(root, "domains")) != NULL && !mg_node_is_null(n))
        root_domains(ld, n, s);
    if ((n = mg_node_get(root, "types")) != NULL && !mg_node_is_null(n))
        root_types(ld, n, s);
    if ((n = mg_node_get(root, "functions")) != NULL && !mg_node_is_null(n))
        root_functions(ld, n, s);
    if ((n = mg_node_get(root, "tables")) != NULL && !mg_node_is_null(n))
        root_tables(ld, n, s);
    if ((n = mg_node_get(root, "views")) != NULL && !mg_node_is_null(n))
        root_views(ld, n, s, false);
    if ((n = mg_node_get(root, "materialized_views")) != NULL && !mg_node_is_null(n))
        root_views(ld, n, s, true);
    return mg_diag_count(ld->d) > errors ? -1 : 0;
}
