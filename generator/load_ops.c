/* migc generator: operation loader.
 * Each item is `kind: {keys}`; its kind's spec (op_kinds.h) lists its keys, its name fields and a
 * reader. */
#include "load_ops.h"

#include <stddef.h>
#include <string.h>

#include "func_sig.h"
#include "load_schema.h"
#include "op_desc.h"
#include "sqlscan.h"
#include "types.h"

typedef void (*op_reader)(mg_loader *ld, mg_op *op, const mg_node *map);

/* A key whose value is a name stored in a const char * member of mg_op. */
typedef struct field {
    const char *key;
    size_t offset;
    bool required;
} field;

/* The loading of one operation kind (op_kinds.h's load column). */
struct mg_ld_spec {
    const char *keys[16]; /* every allowed key (NULL-ended), when the reader does not check them */
    field fields[4];      /* names read before the reader runs */
    op_reader read;       /* the other keys, or NULL */
    bool own_keys;        /* the reader checks keys (create_table, add_column, ...) */
};
typedef struct mg_ld_spec op_spec;

#define NAME(k, m)                                                                                 \
    {                                                                                              \
        k, offsetof(mg_op, m), true                                                                \
    }
#define OPT_NAME(k, m)                                                                             \
    {                                                                                              \
        k, offsetof(mg_op, m), false                                                               \
    }

static const char *const table_name_keys[] = {"table", "name", NULL};
static const char *const fk_op_keys[] = {"table", "name", "not_valid", NULL};
static const char *const name_keys[] = {"name", NULL};

/* create_enum: values. */
static void
read_create_enum(mg_loader *ld, mg_op *op, const mg_node *map)
{
    const mg_node *values = mg_node_get(map, "values");
    if (values == NULL)
        mg_diag_error(ld->d, map->loc, "missing required key \"values\"");
    else
        mg_load_enum_values(ld, values, &op->values);
    op->comment = mg_load_key_str(ld, map, "comment", false);
}

/* add_enum_value: before and after exclude each other. */
static void
read_add_enum_value(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->before != NULL && op->after != NULL)
        mg_diag_error(ld->d, mg_node_key(map, "after")->loc,
                      "give either \"before\" or \"after\", not both");
}

/* Location of the value of key, or of the map when it is absent. */
static mg_loc
loc_of(const mg_node *map, const char *key)
{
    const mg_node *n = mg_node_get(map, key);
    return n ? n->loc : map->loc;
}

static void
read_create_table(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->table_def = mg_load_table(ld, op->name, loc_of(map, "name"), map, name_keys);
}

static void
read_add_column(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->column_def = mg_load_column(ld, op->name, loc_of(map, "name"), map, table_name_keys);
}

/* alter_column's downgrade of a type change: down_using (its USING) or irreversible: true. */
static void
read_downgrade(mg_loader *ld, mg_op *op, const mg_node *map, bool has_type)
{
    op->down_using = mg_load_key_str(ld, map, "down_using", false);
    mg_load_key_bool(ld, map, "irreversible", &op->irreversible);
    const mg_node *down = mg_node_key(map, "down_using"), *irr = mg_node_key(map, "irreversible");
    if (!has_type && (down != NULL || irr != NULL))
        mg_diag_error(ld->d, (down ? down : irr)->loc, "\"%s\" needs \"type\"",
                      (down ? down : irr)->scalar);
    else if (op->down_using != NULL && op->irreversible)
        mg_diag_error(ld->d, irr->loc,
                      "give either \"down_using\" or \"irreversible: true\", not both");
}

/* alter_column: any of type (+ using, down_using or irreversible), nullable, default (null drops
 * it). */
/* alter_column's collation (null: back to the type's) and generated (only null: the column
 * keeps its values and stops being computed, DROP EXPRESSION). */
static void
read_alter_collation(mg_loader *ld, mg_op *op, const mg_node *map)
{
    const mg_node *coll = mg_node_get(map, "collation"), *gen = mg_node_get(map, "generated");
    if (coll != NULL) {
        op->collation_set = true;
        if (!mg_node_is_null(coll))
            op->collation = mg_load_str(ld, coll, "\"collation\"");
    }
    if (gen != NULL && !mg_node_is_null(gen))
        mg_diag_error(ld->d, gen->loc,
                      "alter_column takes only \"generated: null\" (the column stops being "
                      "computed); PostgreSQL 15 cannot give an existing column a generation "
                      "expression: drop the column and add it again");
    op->drop_expression = gen != NULL && mg_node_is_null(gen);
    if (op->drop_expression)
        op->irreversible = true;
}

static void
read_alter_column(mg_loader *ld, mg_op *op, const mg_node *map)
{
    const mg_node *type = mg_node_get(map, "type");
    if (type != NULL) {
        const char *written = mg_load_str(ld, type, "\"type\""), *error = NULL;
        op->type = written ? mg_type_normalize(ld->a, written, &error) : NULL;
        if (written != NULL && op->type == NULL)
            mg_diag_error(ld->d, type->loc, "%s%s", error,
                          mg_load_comma_hint(written, type->quoted));
        op->has_type = true;
    }
    op->using_expr = mg_load_key_str(ld, map, "using", false);
    if (op->using_expr != NULL && type == NULL)
        mg_diag_error(ld->d, mg_node_key(map, "using")->loc, "\"using\" needs \"type\"");
    read_downgrade(ld, op, map, type != NULL);
    const mg_node *nullable = mg_node_get(map, "nullable");
    if (nullable != NULL)
        op->nullable_set = mg_load_bool(ld, nullable, "\"nullable\"", &op->nullable) == 0;
    const mg_node *def = mg_node_get(map, "default");
    if (def != NULL) {
        op->default_set = true;
        if (!mg_node_is_null(def))
            op->default_expr = mg_load_str(ld, def, "\"default\"");
    }
    read_alter_collation(ld, op, map);
    if (type == NULL && nullable == NULL && def == NULL && !op->collation_set &&
        mg_node_get(map, "generated") == NULL)
        mg_diag_error(ld->d, map->loc,
                      "alter_column needs \"type\", \"nullable\", \"default\", \"collation\" "
                      "or \"generated\"");
}

/* set_primary_key / add_unique: name (default <table>_pkey for a primary key), columns. */
static void
read_key(mg_loader *ld, mg_op *op, const mg_node *map)
{
    mg_key *k = mg_arena_alloc(ld->a, sizeof(*k));
    k->name = op->name;
    k->loc = op->loc;
    if (k->name == NULL && op->kind == MG_OP_SET_PRIMARY_KEY && op->table != NULL) {
        k->name = mg_arena_printf(ld->a, "%s_pkey", op->table);
        mg_load_derived_ok(ld, op->loc, k->name, "primary key");
    }
    mg_load_key_strlist(ld, map, "columns", true, true, &k->columns);
    mg_load_key_props(ld, k, map, op->kind == MG_OP_ADD_UNIQUE);
    op->key = k;
    op->using_index = mg_load_key_ident(ld, map, "using_index", false);
}

static void
read_check(mg_loader *ld, mg_op *op, const mg_node *map)
{
    mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
    c->name = op->name;
    c->loc = op->loc;
    c->expr = mg_load_key_str(ld, map, "expression", true);
    c->comment = mg_load_key_str(ld, map, "comment", false);
    op->check = c;
    mg_load_key_bool(ld, map, "not_valid", &op->not_valid);
}

static void
read_fk(mg_loader *ld, mg_op *op, const mg_node *map)
{
    op->fk = mg_load_fk(ld, op->name, op->loc, map, fk_op_keys);
    mg_load_key_bool(ld, map, "not_valid", &op->not_valid);
}

/* drop_index: concurrently: true drops it CONCURRENTLY however it was built. */
static void
read_drop_index(mg_loader *ld, mg_op *op, const mg_node *map)
{
    mg_load_key_bool(ld, map, "concurrently", &op->concurrently);
}

static void
read_index(mg_loader *ld, mg_op *op, const mg_node *map)
{
    op->index = mg_load_index(ld, op->name, op->loc, map, table_name_keys);
}

static void
read_exclusion(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name != NULL)
        op->excl = mg_load_exclusion(ld, op->name, op->loc, map, table_name_keys);
}

/* set_comment: comment is required; null removes the comment. index names an index of the
 * table, constraint one of its constraints, instead of the table or a column; enum an enum type
 * instead of a table. */
static void
read_set_comment(mg_loader *ld, mg_op *op, const mg_node *map)
{
    const mg_node *c = mg_node_get(map, "comment");
    op->index_name = mg_load_key_ident(ld, map, "index", false);
    op->constraint = mg_load_key_ident(ld, map, "constraint", false);
    if ((op->index_name != NULL) + (op->constraint != NULL) + (op->column != NULL) > 1)
        mg_diag_error(ld->d, map->loc,
                      "set_comment takes one of \"column\", \"index\" or \"constraint\"");
    if ((op->table != NULL) == (op->enum_name != NULL))
        mg_diag_error(ld->d, map->loc, "set_comment takes \"table\" or \"enum\" (one of them)");
    else if (op->enum_name != NULL && (op->index_name || op->constraint || op->column))
        mg_diag_error(ld->d, map->loc,
                      "set_comment of an enum takes only \"enum\" and \"comment\"");
    if (c == NULL)
        mg_diag_error(ld->d, map->loc, "missing required key \"comment\" (null removes it)");
    else if (!mg_node_is_null(c))
        op->comment = mg_load_str(ld, c, "\"comment\"");
}

/* Reports what the SQL text of node n (sql) may hold in no revision: a psql meta-command, a
 * quote or comment left open; keeps its first transaction control statement on op. */
static void
scan_sql(mg_loader *ld, mg_op *op, const mg_node *n, const char *sql)
{
    mg_sqlscan_result r;
    mg_sqlscan_run(sql, &r);
    if (r.meta != MG_SQLSCAN_NONE)
        mg_diag_error(ld->d, mg_node_text_loc(n, r.meta),
                      "\"%s\" in a sql step: psql would take it for a meta-command; a sql "
                      "step holds SQL only (a backslash may stand in a string, but not first on "
                      "a line)",
                      r.meta_word);
    if (r.open_what != NULL)
        mg_diag_error(ld->d, mg_node_text_loc(n, r.open), "unterminated %s in a sql step",
                      r.open_what);
    if (r.txn != MG_SQLSCAN_NONE && op->sql_txn == NULL) {
        op->sql_txn = mg_arena_strdup(ld->a, r.txn_word);
        op->sql_txn_loc = mg_node_text_loc(n, r.txn);
    }
}

/* sql: up, optional down (absent or null: irreversible; "" does nothing on the way down). */
static void
read_sql(mg_loader *ld, mg_op *op, const mg_node *map)
{
    op->sql_up = mg_load_key_str(ld, map, "up", true);
    if (op->sql_up != NULL)
        scan_sql(ld, op, mg_node_get(map, "up"), op->sql_up);
    const mg_node *down = mg_node_get(map, "down");
    if (down != NULL && !mg_node_is_null(down))
        op->sql_down = mg_load_str(ld, down, "\"down\"");
    if (op->sql_down != NULL)
        scan_sql(ld, op, down, op->sql_down);
    const mg_node *fresh = mg_node_get(map, "fresh");
    if (fresh != NULL && (op->sql_fresh = mg_load_str(ld, fresh, "\"fresh\"")) != NULL &&
        strcmp(op->sql_fresh, "skip") != 0)
        mg_diag_error(ld->d, fresh->loc,
                      "\"fresh\" of a sql step is \"skip\" (the step has nothing to do on a "
                      "database built from nothing), not \"%s\"",
                      op->sql_fresh);
}

static void
read_create_sequence(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name != NULL)
        op->seq = mg_load_sequence(ld, op->name, loc_of(map, "name"), map, name_keys, false, NULL);
}

/* alter_sequence: the keys given, each a change (null: back to PostgreSQL's default). */
static void
read_alter_sequence(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->seq =
        mg_load_sequence(ld, op->name, loc_of(map, "name"), map, name_keys, false, &op->seq_set);
    if (op->seq != NULL && op->seq_set == 0)
        mg_diag_error(ld->d, map->loc, "alter_sequence changes nothing: give at least one key");
}

static void
read_create_domain(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name != NULL)
        op->domain = mg_load_domain(ld, op->name, loc_of(map, "name"), map, name_keys, false, NULL);
}

/* alter_domain: the keys given, each a change (null: back to PostgreSQL's default). */
static void
read_alter_domain(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->domain =
        mg_load_domain(ld, op->name, loc_of(map, "name"), map, name_keys, false, &op->dom_set);
    if (op->domain != NULL && op->dom_set == 0 && mg_node_get(map, "type") == NULL &&
        mg_node_get(map, "collation") == NULL) /* those two are refused already */
        mg_diag_error(ld->d, map->loc, "alter_domain changes nothing: give at least one key");
}

static void
read_create_type(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name != NULL)
        op->ctype = mg_load_ctype(ld, op->name, loc_of(map, "name"), map, name_keys, false, NULL);
}

/* alter_type: columns (the whole new list) and/or comment. */
static void
read_alter_type(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->ctype =
        mg_load_ctype(ld, op->name, loc_of(map, "name"), map, name_keys, false, &op->ct_set);
    if (op->ctype != NULL && op->ct_set == 0)
        mg_diag_error(ld->d, map->loc, "alter_type changes nothing: give columns or comment");
}

/* A function key (name, from, to): "name(argument types)", normalised. */
static const char *
func_key(mg_loader *ld, const mg_node *map, const char *key)
{
    const char *written = mg_load_key_str(ld, map, key, true), *proname, *error = NULL, *k;
    if (written == NULL)
        return NULL;
    if ((k = mg_func_key(ld->a, written, &proname, &error)) == NULL)
        mg_diag_error(ld->d, mg_node_get(map, key)->loc, "\"%s\": %s", key, error);
    return k;
}

/* create_function, alter_function: name and the whole definition. */
static void
read_function(mg_loader *ld, mg_op *op, const mg_node *map)
{
    const mg_node *n = mg_node_get(map, "name");
    if (n == NULL) {
        mg_diag_error(ld->d, map->loc, "missing required key \"name\"");
        return;
    }
    const char *written = mg_load_str(ld, n, "\"name\"");
    if (written != NULL && (op->func = mg_load_func(ld, written, n->loc, map, name_keys, false)))
        op->name = op->func->name;
}

/* drop_function: name; rename_function: from, to. */
static void
read_function_names(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->kind == MG_OP_DROP_FUNCTION) {
        op->name = func_key(ld, map, "name");
        return;
    }
    op->from = func_key(ld, map, "from");
    op->to = func_key(ld, map, "to");
    if (op->from == NULL || op->to == NULL)
        return;
    const char *f = strchr(op->from, '('), *t = strchr(op->to, '(');
    if (strcmp(f, t) != 0)
        mg_diag_error(ld->d, map->loc,
                      "rename_function keeps the argument types: \"%s\" and \"%s\" differ",
                      op->from, op->to);
}

/* create_trigger, alter_trigger: table, name and the whole definition. */
static void
read_trigger(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->table != NULL && op->name != NULL)
        op->trigger =
            mg_load_trigger(ld, op->table, op->name, loc_of(map, "name"), map, table_name_keys);
}

static void
read_create_view(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name != NULL)
        op->view = mg_load_view(ld, op->name, loc_of(map, "name"), map,
                                op->kind == MG_OP_CREATE_MATERIALIZED_VIEW, name_keys, false, NULL);
}

/* alter_view: query (CREATE OR REPLACE: columns may only be appended), options, comment. */
static void
read_alter_view(mg_loader *ld, mg_op *op, const mg_node *map)
{
    if (op->name == NULL)
        return;
    op->view = mg_load_view(ld, op->name, loc_of(map, "name"), map, false, name_keys, false,
                            &op->view_set);
    if (op->view != NULL && op->view_set == 0)
        mg_diag_error(ld->d, map->loc,
                      "alter_view changes nothing: give query, options or comment");
}

/* alter_table, alter_index: set (parameter: value) and reset (names); at least one, and no
 * parameter in both. */
static void
read_alter_storage(mg_loader *ld, mg_op *op, const mg_node *map)
{
    size_t errors = mg_diag_count(ld->d);
    mg_load_with(ld, map, "set", &op->with_set);
    mg_load_with_names(ld, map, "reset", &op->with_reset);
    for (size_t i = 0; i < op->with_reset.len; i++) {
        const mg_check *c = op->with_reset.items[i];
        if (mg_with_get(&op->with_set, c->name) != NULL)
            mg_diag_error(ld->d, c->loc, "storage parameter \"%s\" is both set and reset", c->name);
    }
    if (op->with_set.len == 0 && op->with_reset.len == 0 && mg_diag_count(ld->d) == errors)
        mg_diag_error(ld->d, map->loc, "%s changes nothing: give set or reset",
                      mg_op_kind_name(op->kind));
}

/* The loading of each kind, named by its row in op_kinds.h; specs shared by several kinds first
 * (name, from/to, table + name, table + from/to, table). */
const struct mg_ld_spec mg_ld_name = {{"name"}, {NAME("name", name)}, NULL, false};
const struct mg_ld_spec mg_ld_from_to = {
    {"from", "to"}, {NAME("from", from), NAME("to", to)}, NULL, false};
const struct mg_ld_spec mg_ld_table_name = {
    {"table", "name"}, {NAME("table", table), NAME("name", name)}, NULL, false};
const struct mg_ld_spec mg_ld_table_from_to = {
    {"table", "from", "to"},
    {NAME("table", table), NAME("from", from), NAME("to", to)},
    NULL,
    false};
const struct mg_ld_spec mg_ld_table = {{"table"}, {NAME("table", table)}, NULL, false};
const struct mg_ld_spec mg_ld_create_extension = {
    {"name", "schema"}, {NAME("name", name), OPT_NAME("schema", ext_schema)}, NULL, false};
const struct mg_ld_spec mg_ld_create_enum = {
    {"name", "values", "comment"}, {NAME("name", name)}, read_create_enum, false};
const struct mg_ld_spec mg_ld_add_enum_value = {{"enum", "value", "before", "after"},
                                                {NAME("enum", enum_name), NAME("value", value),
                                                 OPT_NAME("before", before),
                                                 OPT_NAME("after", after)},
                                                read_add_enum_value,
                                                false};
const struct mg_ld_spec mg_ld_rename_enum_value = {
    {"enum", "from", "to"},
    {NAME("enum", enum_name), NAME("from", from), NAME("to", to)},
    NULL,
    false};
const struct mg_ld_spec mg_ld_remove_enum_value = {
    {"enum", "value"}, {NAME("enum", enum_name), NAME("value", value)}, NULL, false};
const struct mg_ld_spec mg_ld_create_table = {
    {NULL}, {NAME("name", name)}, read_create_table, true};
const struct mg_ld_spec mg_ld_add_column = {
    {NULL}, {NAME("table", table), NAME("name", name)}, read_add_column, true};
const struct mg_ld_spec mg_ld_alter_column = {{"table", "name", "type", "using", "down_using",
                                               "irreversible", "nullable", "default", "collation",
                                               "generated"},
                                              {NAME("table", table), NAME("name", name)},
                                              read_alter_column,
                                              false};
const struct mg_ld_spec mg_ld_set_primary_key = {
    {"table", "name", "columns", "using_index", "deferrable", "initially_deferred", "comment"},
    {NAME("table", table), OPT_NAME("name", name)},
    read_key,
    false};
const struct mg_ld_spec mg_ld_add_unique = {{"table", "name", "columns", "using_index",
                                             "nulls_not_distinct", "deferrable",
                                             "initially_deferred", "comment"},
                                            {NAME("table", table), NAME("name", name)},
                                            read_key,
                                            false};
const struct mg_ld_spec mg_ld_add_check = {{"table", "name", "expression", "not_valid", "comment"},
                                           {NAME("table", table), NAME("name", name)},
                                           read_check,
                                           false};
const struct mg_ld_spec mg_ld_add_foreign_key = {
    {NULL}, {NAME("table", table), NAME("name", name)}, read_fk, true};
const struct mg_ld_spec mg_ld_create_index = {
    {NULL}, {NAME("table", table), NAME("name", name)}, read_index, true};
const struct mg_ld_spec mg_ld_drop_index = {
    {"name", "concurrently"}, {NAME("name", name)}, read_drop_index, false};
const struct mg_ld_spec mg_ld_set_comment = {
    {"table", "column", "index", "constraint", "enum", "comment"},
    {OPT_NAME("table", table), OPT_NAME("column", column), OPT_NAME("enum", enum_name)},
    read_set_comment,
    false};
const struct mg_ld_spec mg_ld_sql = {{"up", "down", "fresh"}, {{NULL, 0, false}}, read_sql, false};
const struct mg_ld_spec mg_ld_create_sequence = {
    {NULL}, {NAME("name", name)}, read_create_sequence, true};
const struct mg_ld_spec mg_ld_alter_sequence = {
    {NULL}, {NAME("name", name)}, read_alter_sequence, true};
const struct mg_ld_spec mg_ld_create_domain = {
    {NULL}, {NAME("name", name)}, read_create_domain, true};
const struct mg_ld_spec mg_ld_alter_domain = {
    {NULL}, {NAME("name", name)}, read_alter_domain, true};
const struct mg_ld_spec mg_ld_create_type = {{NULL}, {NAME("name", name)}, read_create_type, true};
const struct mg_ld_spec mg_ld_alter_type = {{NULL}, {NAME("name", name)}, read_alter_type, true};
/* create_function, alter_function. */
const struct mg_ld_spec mg_ld_function = {{NULL}, {{NULL, 0, false}}, read_function, true};
const struct mg_ld_spec mg_ld_drop_function = {
    {"name"}, {{NULL, 0, false}}, read_function_names, false};
const struct mg_ld_spec mg_ld_rename_function = {
    {"from", "to"}, {{NULL, 0, false}}, read_function_names, false};
/* create_trigger, alter_trigger. */
const struct mg_ld_spec mg_ld_trigger = {
    {NULL}, {NAME("table", table), NAME("name", name)}, read_trigger, true};
/* create_view, create_materialized_view. */
const struct mg_ld_spec mg_ld_create_view = {{NULL}, {NAME("name", name)}, read_create_view, true};
const struct mg_ld_spec mg_ld_alter_view = {{NULL}, {NAME("name", name)}, read_alter_view, true};
/* alter_table, alter_index. */
const struct mg_ld_spec mg_ld_alter_storage = {
    {"name", "set", "reset"}, {NAME("name", name)}, read_alter_storage, false};
const struct mg_ld_spec mg_ld_add_exclusion = {
    {NULL}, {NAME("table", table), NAME("name", name)}, read_exclusion, true};

/* Reads the name fields of an operation. */
static void
read_fields(mg_loader *ld, mg_op *op, const op_spec *spec, const mg_node *map)
{
    for (size_t i = 0; i < sizeof(spec->fields) / sizeof(spec->fields[0]); i++) {
        const field *f = &spec->fields[i];
        if (f->key == NULL)
            break;
        const char *v = mg_load_key_ident(ld, map, f->key, f->required);
        *(const char **)((char *)op + f->offset) = v;
    }
}

/* Reports an unknown operation kind, suggesting the nearest one. */
static void
unknown_kind(mg_loader *ld, const mg_node *key)
{
    const char *names[MG_OP_COUNT + 1];
    for (int i = 0; i < MG_OP_COUNT; i++)
        names[i] = mg_op_kind_name((mg_op_kind)i);
    names[MG_OP_COUNT] = NULL;
    const char *hint = mg_load_suggest(key->scalar, names, NULL);
    if (hint != NULL)
        mg_diag_error(ld->d, key->loc, "unknown operation \"%s\" (did you mean \"%s\"?)",
                      key->scalar, hint);
    else
        mg_diag_error(ld->d, key->loc, "unknown operation \"%s\"", key->scalar);
}

/* Reads one `kind: {keys}` item; NULL after reporting. */
static mg_op *
read_op(mg_loader *ld, const mg_node *item)
{
    if (!mg_load_is_map(ld, item, "an operation"))
        return NULL;
    if (item->keys.len != 1) {
        mg_diag_error(ld->d, item->loc,
                      "an operation is a mapping with one key, its kind (found %zu keys); "
                      "start each operation with \"- \"",
                      item->keys.len);
        return NULL;
    }
    const mg_node *key = item->keys.items[0], *map = item->values.items[0];
    int kind = mg_op_kind_from_name(key->scalar);
    if (kind < 0) {
        unknown_kind(ld, key);
        return NULL;
    }
    if (!mg_load_is_mapf(ld, map, "\"%s\"", key->scalar))
        return NULL;
    const op_spec *spec = mg_op_descs[kind].load;
    mg_op *op = mg_arena_alloc(ld->a, sizeof(*op));
    op->kind = (mg_op_kind)kind;
    op->loc = key->loc;
    if (!spec->own_keys)
        mg_load_check_keys(ld, map, spec->keys, NULL);
    read_fields(ld, op, spec, map);
    if (spec->read != NULL)
        spec->read(ld, op, map);
    return op;
}

int
mg_load_ops(mg_loader *ld, const mg_node *n, mg_vec *out)
{
    size_t errors = mg_diag_count(ld->d);
    if (!mg_load_is_seq(ld, n, "\"operations\""))
        return -1;
    for (size_t i = 0; i < n->items.len; i++) {
        mg_op *op = read_op(ld, n->items.items[i]);
        if (op != NULL)
            mg_vec_push(ld->a, out, op);
    }
    return mg_diag_count(ld->d) > errors ? -1 : 0;
}

bool
mg_load_ops_specs_ok(void)
{
    for (int k = 0; k < MG_OP_COUNT; k++) {
        const op_spec *s = mg_op_descs[k].load;
        if (s == NULL || s->keys[sizeof s->keys / sizeof s->keys[0] - 1] != NULL)
            return false;
    }
    return true;
}
