/* migc generator: the operations of a revision file, each kind's keys written by the writer its
 * row in op_kinds.h names; a flow map on the entry's line, or block lines under it (create_table,
 * create_function, alter_function). */
#include "emit.h"

#include "op_desc.h"

/* alter_column's changes after its table and name: type (using, down_using, irreversible),
 * nullable, default, collation, generated. */
static void
op_alter(mg_flow *f, const mg_op *op)
{
    if (op->has_type) {
        mg_flow_str(f, "type", op->type);
        mg_flow_str(f, "using", op->using_expr);
        mg_flow_str(f, "down_using", op->down_using);
        if (op->irreversible)
            mg_flow_bool(f, "irreversible", true);
    }
    if (op->nullable_set)
        mg_flow_bool(f, "nullable", op->nullable);
    if (op->default_set) {
        if (op->default_expr)
            mg_flow_str(f, "default", op->default_expr);
        else
            mg_flow_null(f, "default");
    }
    if (op->collation_set && op->collation)
        mg_flow_str(f, "collation", op->collation);
    else if (op->collation_set)
        mg_flow_null(f, "collation");
    if (op->drop_expression)
        mg_flow_null(f, "generated");
}

/* create_enum and the enum value operations. */
static void
op_enum_fields(mg_flow *f, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_CREATE_ENUM:
        mg_flow_str(f, "name", op->name);
        mg_flow_list(f, "values", &op->values);
        mg_flow_str(f, "comment", op->comment);
        break;
    case MG_OP_ADD_ENUM_VALUE:
        mg_flow_str(f, "enum", op->enum_name);
        mg_flow_str(f, "value", op->value);
        mg_flow_str(f, "before", op->before);
        mg_flow_str(f, "after", op->after);
        break;
    case MG_OP_RENAME_ENUM_VALUE:
        mg_flow_str(f, "enum", op->enum_name);
        mg_flow_str(f, "from", op->from);
        mg_flow_str(f, "to", op->to);
        break;
    default: /* MG_OP_REMOVE_ENUM_VALUE */
        mg_flow_str(f, "enum", op->enum_name);
        mg_flow_str(f, "value", op->value);
        break;
    }
}

/* A table's constraint or index: the definition of an add (create_index), the name of a drop. */
static void
op_object_fields(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "table", op->table);
    switch (op->kind) {
    case MG_OP_SET_PRIMARY_KEY:
    case MG_OP_ADD_UNIQUE:
        mg_flow_str(f, "name", op->key->name);
        mg_flow_list(f, "columns", &op->key->columns);
        mg_flow_key_props(f, op->key);
        mg_flow_str(f, "using_index", op->using_index);
        break;
    case MG_OP_ADD_CHECK:
        mg_flow_str(f, "name", op->check->name);
        mg_flow_str(f, "expression", op->check->expr);
        mg_flow_str(f, "comment", op->check->comment);
        if (op->not_valid)
            mg_flow_bool(f, "not_valid", true);
        break;
    case MG_OP_ADD_FOREIGN_KEY:
        mg_flow_str(f, "name", op->fk->name);
        mg_flow_fk_fields(f, op->fk);
        if (op->not_valid)
            mg_flow_bool(f, "not_valid", true);
        break;
    case MG_OP_CREATE_INDEX:
        mg_flow_str(f, "name", op->index->name);
        mg_flow_index_fields(f, op->index);
        break;
    case MG_OP_ADD_EXCLUSION:
        mg_flow_str(f, "name", op->excl->name);
        mg_flow_excl_fields(f, op->excl);
        break;
    default: /* drops name only the object */
        mg_flow_str(f, "name", op->name);
        break;
    }
}

/* Fields of the column operations. */
static void
op_column_fields(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "table", op->table);
    switch (op->kind) {
    case MG_OP_ADD_COLUMN:
        mg_flow_str(f, "name", op->column_def->name);
        mg_flow_column_fields(f, op->column_def);
        break;
    case MG_OP_RENAME_COLUMN:
        mg_flow_str(f, "from", op->from);
        mg_flow_str(f, "to", op->to);
        break;
    case MG_OP_ALTER_COLUMN:
        mg_flow_str(f, "name", op->name);
        op_alter(f, op);
        break;
    default: /* MG_OP_DROP_COLUMN */
        mg_flow_str(f, "name", op->name);
        break;
    }
}

/* set_comment: what it comments, then the comment (null removes it). */
static void
op_comment_fields(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "enum", op->enum_name);
    mg_flow_str(f, "table", op->table);
    mg_flow_str(f, "column", op->column);
    mg_flow_str(f, "index", op->index_name);
    mg_flow_str(f, "constraint", op->constraint);
    if (op->comment)
        mg_flow_str(f, "comment", op->comment);
    else
        mg_flow_null(f, "comment");
}

/* The sequence operations: a rename's from and to, else the name and what it sets. */
static void
op_seq_fields(mg_flow *f, const mg_op *op)
{
    if (op->kind == MG_OP_RENAME_SEQUENCE) {
        mg_flow_str(f, "from", op->from);
        mg_flow_str(f, "to", op->to);
        return;
    }
    mg_flow_str(f, "name", op->name);
    if (op->kind == MG_OP_CREATE_SEQUENCE)
        mg_emit_seq_fields(f, op->seq, 0);
    else if (op->kind == MG_OP_ALTER_SEQUENCE)
        mg_emit_seq_fields(f, op->seq, op->seq_set);
}

/* The view operations: a rename's from and to, else the name and what it sets. */
static void
op_view_fields(mg_flow *f, const mg_op *op)
{
    if (op->kind == MG_OP_RENAME_VIEW || op->kind == MG_OP_RENAME_MATERIALIZED_VIEW) {
        mg_flow_str(f, "from", op->from);
        mg_flow_str(f, "to", op->to);
        return;
    }
    mg_flow_str(f, "name", op->name);
    if (op->kind == MG_OP_CREATE_VIEW || op->kind == MG_OP_CREATE_MATERIALIZED_VIEW)
        mg_emit_view_fields(f, op->view, 0);
    else if (op->kind == MG_OP_ALTER_VIEW)
        mg_emit_view_fields(f, op->view, op->view_set);
}

/* The domain and composite type operations, as the sequence ones. */
static void
op_domain_fields(mg_flow *f, const mg_op *op)
{
    if (op->kind == MG_OP_RENAME_DOMAIN || op->kind == MG_OP_RENAME_TYPE) {
        mg_flow_str(f, "from", op->from);
        mg_flow_str(f, "to", op->to);
        return;
    }
    mg_flow_str(f, "name", op->name);
    if (op->kind == MG_OP_CREATE_DOMAIN)
        mg_emit_domain_fields(f, op->domain, 0);
    else if (op->kind == MG_OP_ALTER_DOMAIN)
        mg_emit_domain_fields(f, op->domain, op->dom_set);
    else if (op->kind == MG_OP_CREATE_TYPE)
        mg_emit_ctype_fields(f, op->ctype, 0);
    else if (op->kind == MG_OP_ALTER_TYPE)
        mg_emit_ctype_fields(f, op->ctype, op->ct_set);
}

/* The name alone (drop_table, drop_enum, ...). */
static void
op_name(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "name", op->name);
}

/* A rename: from, to. */
static void
op_from_to(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "from", op->from);
    mg_flow_str(f, "to", op->to);
}

/* The table alone (drop_primary_key). */
static void
op_table(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "table", op->table);
}

/* A table's object by name: table, name. */
static void
op_table_name(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "table", op->table);
    mg_flow_str(f, "name", op->name);
}

/* A rename of a table's object: table, from, to. */
static void
op_table_from_to(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "table", op->table);
    op_from_to(f, op);
}

/* drop_index: name, and concurrently when set. */
static void
op_drop_index(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "name", op->name);
    if (op->concurrently)
        mg_flow_bool(f, "concurrently", true);
}

/* sql: up, down, and fresh when set. */
static void
op_sql(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "up", op->sql_up);
    mg_flow_str(f, "down", op->sql_down);
    if (op->sql_fresh != NULL)
        mg_flow_str(f, "fresh", op->sql_fresh);
}

/* create_extension: name, and schema when given. */
static void
op_create_extension(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "name", op->name);
    if (op->ext_schema != NULL)
        mg_flow_str(f, "schema", op->ext_schema);
}

/* create_trigger, alter_trigger: table, name and the whole definition. */
static void
op_trigger(mg_flow *f, const mg_op *op)
{
    op_table_name(f, op);
    mg_emit_trigger_fields(f, op->trigger);
}

/* alter_table, alter_index: name, set, reset. */
static void
op_alter_storage(mg_flow *f, const mg_op *op)
{
    mg_flow_str(f, "name", op->name);
    mg_flow_with(f, "set", &op->with_set);
    if (op->with_reset.len == 0)
        return;
    mg_vec names = {0};
    for (size_t i = 0; i < op->with_reset.len; i++)
        mg_vec_push(f->b->arena, &names, (void *)((const mg_check *)op->with_reset.items[i])->name);
    mg_flow_list(f, "reset", &names);
}

/* Writes op's keys, as fields writes them, as a flow map ending the entry's line. */
static void
flow_line(mg_sb *b, const mg_op *op, void (*fields)(mg_flow *f, const mg_op *op))
{
    mg_flow f = {b, 0};
    mg_sb_putc(b, ' ');
    fields(&f, op);
    mg_flow_end(&f);
    mg_sb_putc(b, '\n');
}

/* create_extension: name, schema. */
void
mg_wr_create_extension(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_create_extension);
}

/* drop_extension, drop_enum, drop_table, drop_function, drop_view, ...: the name. */
void
mg_wr_name(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_name);
}

/* rename_enum, rename_table, rename_function: from, to. */
void
mg_wr_from_to(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_from_to);
}

/* create_enum and the enum value operations. */
void
mg_wr_enum(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_enum_fields);
}

/* The column operations. */
void
mg_wr_column(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_column_fields);
}

/* The constraints and indexes of a table, but drop_index. */
void
mg_wr_object(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_object_fields);
}

/* drop_primary_key: the table. */
void
mg_wr_table(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_table);
}

/* validate_constraint, drop_trigger: table, name. */
void
mg_wr_table_name(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_table_name);
}

/* rename_constraint, rename_index, rename_trigger: table, from, to. */
void
mg_wr_table_from_to(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_table_from_to);
}

/* drop_index: name, concurrently. */
void
mg_wr_drop_index(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_drop_index);
}

/* set_comment: what it comments and the comment. */
void
mg_wr_set_comment(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_comment_fields);
}

/* sql: up, down, fresh. */
void
mg_wr_sql(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_sql);
}

/* The sequence operations. */
void
mg_wr_sequence(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_seq_fields);
}

/* The domain and composite type operations. */
void
mg_wr_domain(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_domain_fields);
}

/* create_trigger, alter_trigger: table, name and the definition. */
void
mg_wr_trigger(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_trigger);
}

/* The view and materialized view operations, but the drops. */
void
mg_wr_view(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_view_fields);
}

/* alter_table, alter_index: name, set, reset. */
void
mg_wr_alter_storage(mg_sb *b, const mg_op *op)
{
    flow_line(b, op, op_alter_storage);
}

/* create_table: the table in block style under the entry. */
void
mg_wr_create_table(mg_sb *b, const mg_op *op)
{
    mg_sb_putc(b, '\n');
    mg_emit_table(b, 6, op->table_def);
}

/* create_function, alter_function: the function in block style under the entry. */
void
mg_wr_function(mg_sb *b, const mg_op *op)
{
    mg_sb_putc(b, '\n');
    mg_emit_func(b, 6, op->func, true);
}

void
mg_emit_ops(mg_sb *b, const mg_vec *ops)
{
    mg_sb_puts(b, ops->len ? "operations:\n" : "operations: []\n");
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        mg_sb_printf(b, "  - %s:", mg_op_kind_name(op->kind));
        mg_op_descs[op->kind].write(b, op);
    }
}

void
mg_emit_revision(mg_sb *b, const char *id, const char *parent, const char *message,
                 const mg_vec *ops)
{
    mg_sb_printf(b, "revision: %s\n", id);
    if (parent)
        mg_sb_printf(b, "parent: %s\n", parent);
    if (message) {
        mg_sb_puts(b, "message: ");
        mg_emit_scalar(b, message);
        mg_sb_putc(b, '\n');
    }
    mg_emit_ops(b, ops);
}
