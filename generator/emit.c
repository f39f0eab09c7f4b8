/* migc generator: YAML writer for revision files.
 * Operations are written as one-key maps, small ones in flow style, tables in block style. */
#include "emit.h"

#include <string.h>

#include "sha256.h"

static bool
plain_safe(const char *s)
{
    static const char *const reserved[] = {"true", "false", "null", "yes", "no",
                                           "on",   "off",   "y",    "n",   "~"};
    if (s[0] == '\0' ||
        !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
        return false;
    for (const char *p = s; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ .()-", *p))
            return false;
    if (s[strlen(s) - 1] == ' ')
        return false;
    for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
        const char *r = reserved[i];
        size_t n = strlen(r);
        if (strlen(s) == n && strncmp(s, r, n) == 0)
            return false;
    }
    return strcmp(s, "True") && strcmp(s, "False") && strcmp(s, "NULL") && strcmp(s, "Null") &&
           strcmp(s, "TRUE") && strcmp(s, "FALSE");
}

void
mg_emit_scalar(mg_sb *b, const char *s)
{
    if (plain_safe(s)) {
        mg_sb_puts(b, s);
        return;
    }
    mg_sb_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            mg_sb_printf(b, "\\%c", *p);
        else if (*p == '\n')
            mg_sb_puts(b, "\\n");
        else if (*p == '\t')
            mg_sb_puts(b, "\\t");
        else if (*p < 0x20 || *p == 0x7f)
            mg_sb_printf(b, "\\x%02x", *p);
        else
            mg_sb_putc(b, (char)*p);
    }
    mg_sb_putc(b, '"');
}

/* Flow-map writer: "{ k: v, k: v }". */
typedef struct flow {
    mg_sb *b;
    int n;
} flow;

static void
flow_key(flow *f, const char *key)
{
    mg_sb_puts(f->b, f->n++ ? ", " : "{ ");
    mg_sb_puts(f->b, key);
    mg_sb_puts(f->b, ": ");
}

static void
flow_str(flow *f, const char *key, const char *value)
{
    if (value == NULL)
        return;
    flow_key(f, key);
    mg_emit_scalar(f->b, value);
}

static void
flow_null(flow *f, const char *key)
{
    flow_key(f, key);
    mg_sb_puts(f->b, "null");
}

static void
flow_bool(flow *f, const char *key, bool value)
{
    flow_key(f, key);
    mg_sb_puts(f->b, value ? "true" : "false");
}

static void
emit_list(mg_sb *b, const mg_vec *v)
{
    mg_sb_putc(b, '[');
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            mg_sb_puts(b, ", ");
        if (v->items[i] == NULL)
            mg_sb_puts(b, "null");
        else
            mg_emit_scalar(b, v->items[i]);
    }
    mg_sb_putc(b, ']');
}

static void
flow_list(flow *f, const char *key, const mg_vec *v)
{
    flow_key(f, key);
    emit_list(f->b, v);
}

static void
flow_end(flow *f)
{
    mg_sb_puts(f->b, f->n ? " }" : "{}");
}

/* Column keys after the name, in a fixed order. */
static void
column_fields(flow *f, const mg_column *c)
{
    flow_str(f, "type", c->type);
    if (c->nullable)
        flow_bool(f, "nullable", true);
    flow_str(f, "default", c->default_expr);
    if (c->identity)
        flow_str(f, "identity", c->identity);
    flow_str(f, "comment", c->comment);
}

static void
emit_column(mg_sb *b, const mg_column *c)
{
    if (!c->nullable && !c->default_expr && !c->identity && !c->comment) {
        mg_emit_scalar(b, c->type);
        return;
    }
    flow f = {b, 0};
    column_fields(&f, c);
    flow_end(&f);
}

static void
fk_fields(flow *f, const mg_fk *fk)
{
    flow_list(f, "columns", &fk->columns);
    flow_key(f, "references");
    flow r = {f->b, 0};
    flow_str(&r, "table", fk->ref_table);
    if (fk->ref_columns.len)
        flow_list(&r, "columns", &fk->ref_columns);
    flow_end(&r);
    if (fk->on_delete && strcmp(fk->on_delete, "no action") != 0)
        flow_str(f, "on_delete", fk->on_delete);
    if (fk->on_update && strcmp(fk->on_update, "no action") != 0)
        flow_str(f, "on_update", fk->on_update);
    if (fk->deferrable)
        flow_bool(f, "deferrable", true);
    if (fk->initially_deferred)
        flow_bool(f, "initially_deferred", true);
}

static void
index_fields(flow *f, const mg_index *x)
{
    if (x->expression)
        flow_str(f, "expression", x->expression);
    else
        flow_list(f, "columns", &x->keys);
    if (x->unique)
        flow_bool(f, "unique", true);
    if (x->method && strcmp(x->method, "btree") != 0)
        flow_str(f, "method", x->method);
    if (x->opclass.len)
        flow_list(f, "opclass", &x->opclass);
    if (x->include.len)
        flow_list(f, "include", &x->include);
    flow_str(f, "where", x->where);
    if (x->concurrently)
        flow_bool(f, "concurrently", true);
}

static void
block_key(mg_sb *b, int indent, const char *key)
{
    mg_sb_printf(b, "%*s", indent, "");
    mg_emit_scalar(b, key);
    mg_sb_puts(b, ":");
}

static void
unique_value(mg_sb *b, const void *obj)
{
    emit_list(b, &((const mg_key *)obj)->columns);
}

static void
check_value(mg_sb *b, const void *obj)
{
    mg_emit_scalar(b, ((const mg_check *)obj)->expr);
}

static void
fk_value(mg_sb *b, const void *obj)
{
    flow f = {b, 0};
    fk_fields(&f, obj);
    flow_end(&f);
}

static void
index_value(mg_sb *b, const void *obj)
{
    flow f = {b, 0};
    index_fields(&f, obj);
    flow_end(&f);
}

/* "title:" then one "name: value" line per object; every object starts with its name. */
static void
emit_section(mg_sb *b, int in, const char *title, const mg_vec *v,
             void (*value)(mg_sb *, const void *))
{
    if (v->len)
        mg_sb_printf(b, "%*s%s:\n", in, "", title);
    for (size_t i = 0; i < v->len; i++) {
        block_key(b, in + 2, *(const char *const *)v->items[i]);
        mg_sb_putc(b, ' ');
        value(b, v->items[i]);
        mg_sb_putc(b, '\n');
    }
}

static void
emit_table_objects(mg_sb *b, int in, const mg_table *t)
{
    emit_section(b, in, "unique", &t->uniques, unique_value);
    emit_section(b, in, "checks", &t->checks, check_value);
    emit_section(b, in, "foreign_keys", &t->fks, fk_value);
    emit_section(b, in, "indexes", &t->indexes, index_value);
}

/* A table definition in block style at the given indent (create_table). */
static void
emit_table(mg_sb *b, int in, const mg_table *t)
{
    block_key(b, in, "name");
    mg_sb_putc(b, ' ');
    mg_emit_scalar(b, t->name);
    mg_sb_printf(b, "\n%*scolumns:\n", in, "");
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *c = t->columns.items[i];
        block_key(b, in + 2, c->name);
        mg_sb_putc(b, ' ');
        emit_column(b, c);
        mg_sb_putc(b, '\n');
    }
    if (t->pk) {
        mg_sb_printf(b, "%*sprimary_key: ", in, "");
        flow f = {b, 0};
        flow_str(&f, "name", t->pk->name);
        flow_list(&f, "columns", &t->pk->columns);
        flow_end(&f);
        mg_sb_putc(b, '\n');
    }
    emit_table_objects(b, in, t);
    if (t->comment) {
        mg_sb_printf(b, "%*scomment: ", in, "");
        mg_emit_scalar(b, t->comment);
        mg_sb_putc(b, '\n');
    }
}

static void
op_alter(flow *f, const mg_op *op)
{
    if (op->has_type) {
        flow_str(f, "type", op->type);
        flow_str(f, "using", op->using_expr);
    }
    if (op->nullable_set)
        flow_bool(f, "nullable", op->nullable);
    if (op->default_set) {
        if (op->default_expr)
            flow_str(f, "default", op->default_expr);
        else
            flow_null(f, "default");
    }
}

static void
op_enum_fields(flow *f, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_CREATE_ENUM:
        flow_str(f, "name", op->name);
        flow_list(f, "values", &op->values);
        break;
    case MG_OP_ADD_ENUM_VALUE:
        flow_str(f, "enum", op->enum_name);
        flow_str(f, "value", op->value);
        flow_str(f, "before", op->before);
        flow_str(f, "after", op->after);
        break;
    case MG_OP_RENAME_ENUM_VALUE:
        flow_str(f, "enum", op->enum_name);
        flow_str(f, "from", op->from);
        flow_str(f, "to", op->to);
        break;
    default: /* MG_OP_REMOVE_ENUM_VALUE */
        flow_str(f, "enum", op->enum_name);
        flow_str(f, "value", op->value);
        break;
    }
}

static void
op_object_fields(flow *f, const mg_op *op)
{
    flow_str(f, "table", op->table);
    switch (op->kind) {
    case MG_OP_SET_PRIMARY_KEY:
    case MG_OP_ADD_UNIQUE:
        flow_str(f, "name", op->key->name);
        flow_list(f, "columns", &op->key->columns);
        break;
    case MG_OP_ADD_CHECK:
        flow_str(f, "name", op->check->name);
        flow_str(f, "expression", op->check->expr);
        break;
    case MG_OP_ADD_FOREIGN_KEY:
        flow_str(f, "name", op->fk->name);
        fk_fields(f, op->fk);
        break;
    case MG_OP_CREATE_INDEX:
        flow_str(f, "name", op->index->name);
        index_fields(f, op->index);
        break;
    default: /* drops name only the object */
        flow_str(f, "name", op->name);
        break;
    }
}

/* Fields of the column operations. */
static void
op_column_fields(flow *f, const mg_op *op)
{
    flow_str(f, "table", op->table);
    switch (op->kind) {
    case MG_OP_ADD_COLUMN:
        flow_str(f, "name", op->column_def->name);
        column_fields(f, op->column_def);
        break;
    case MG_OP_RENAME_COLUMN:
        flow_str(f, "from", op->from);
        flow_str(f, "to", op->to);
        break;
    case MG_OP_ALTER_COLUMN:
        flow_str(f, "name", op->name);
        op_alter(f, op);
        break;
    default: /* MG_OP_DROP_COLUMN */
        flow_str(f, "name", op->name);
        break;
    }
}

static void
op_comment_fields(flow *f, const mg_op *op)
{
    flow_str(f, "table", op->table);
    flow_str(f, "column", op->column);
    if (op->comment)
        flow_str(f, "comment", op->comment);
    else
        flow_null(f, "comment");
}

/* Fields of every flow-style operation. */
static void
op_fields(flow *f, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_RENAME_ENUM:
    case MG_OP_RENAME_TABLE:
        flow_str(f, "from", op->from);
        flow_str(f, "to", op->to);
        break;
    case MG_OP_CREATE_ENUM:
    case MG_OP_ADD_ENUM_VALUE:
    case MG_OP_RENAME_ENUM_VALUE:
    case MG_OP_REMOVE_ENUM_VALUE:
        op_enum_fields(f, op);
        break;
    case MG_OP_ADD_COLUMN:
    case MG_OP_DROP_COLUMN:
    case MG_OP_RENAME_COLUMN:
    case MG_OP_ALTER_COLUMN:
        op_column_fields(f, op);
        break;
    case MG_OP_DROP_PRIMARY_KEY:
        flow_str(f, "table", op->table);
        break;
    case MG_OP_SET_PRIMARY_KEY:
    case MG_OP_ADD_UNIQUE:
    case MG_OP_DROP_UNIQUE:
    case MG_OP_ADD_CHECK:
    case MG_OP_DROP_CHECK:
    case MG_OP_ADD_FOREIGN_KEY:
    case MG_OP_DROP_FOREIGN_KEY:
    case MG_OP_CREATE_INDEX:
        op_object_fields(f, op);
        break;
    case MG_OP_SET_COMMENT:
        op_comment_fields(f, op);
        break;
    case MG_OP_SQL:
        flow_str(f, "up", op->sql_up);
        flow_str(f, "down", op->sql_down);
        break;
    default: /* create/drop extension, drop_enum, drop_table, drop_index: a name */
        flow_str(f, "name", op->name);
        break;
    }
}

void
mg_emit_ops(mg_sb *b, const mg_vec *ops)
{
    mg_sb_puts(b, ops->len ? "operations:\n" : "operations: []\n");
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        mg_sb_printf(b, "  - %s:", mg_op_kind_name(op->kind));
        if (op->kind == MG_OP_CREATE_TABLE) {
            mg_sb_putc(b, '\n');
            emit_table(b, 6, op->table_def);
            continue;
        }
        mg_sb_putc(b, ' ');
        flow f = {b, 0};
        op_fields(&f, op);
        flow_end(&f);
        mg_sb_putc(b, '\n');
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

void
mg_emit_checksum(mg_arena *a, const mg_vec *ops, char hex[65])
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_emit_ops(&b, ops);
    mg_sha256 s;
    mg_sha256_init(&s);
    mg_sha256_update(&s, b.data ? b.data : "", b.len);
    mg_sha256_final_hex(&s, hex);
}
