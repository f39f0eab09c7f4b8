/* migc generator: YAML writer for revision files.
 * Operations are written as one-key maps, small ones in flow style, tables in block style. */
#include "emit.h"

#include <string.h>

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

void
mg_flow_key(mg_flow *f, const char *key)
{
    mg_sb_puts(f->b, f->n++ ? ", " : "{ ");
    mg_sb_puts(f->b, key);
    mg_sb_puts(f->b, ": ");
}

void
mg_flow_name_key(mg_flow *f, const char *name)
{
    mg_sb_puts(f->b, f->n++ ? ", " : "{ ");
    mg_emit_scalar(f->b, name);
    mg_sb_puts(f->b, ": ");
}

void
mg_flow_str(mg_flow *f, const char *key, const char *value)
{
    if (value == NULL)
        return;
    mg_flow_key(f, key);
    mg_emit_scalar(f->b, value);
}

void
mg_flow_null(mg_flow *f, const char *key)
{
    mg_flow_key(f, key);
    mg_sb_puts(f->b, "null");
}

void
mg_flow_bool(mg_flow *f, const char *key, bool value)
{
    mg_flow_key(f, key);
    mg_sb_puts(f->b, value ? "true" : "false");
}

void
mg_emit_list(mg_sb *b, const mg_vec *v)
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

void
mg_flow_list(mg_flow *f, const char *key, const mg_vec *v)
{
    mg_flow_key(f, key);
    mg_emit_list(f->b, v);
}

/* A parameter's value: plain when a number or true/false (as written in schema.yaml), else as
 * any scalar. */
static void
emit_param(mg_sb *b, const char *v)
{
    const char *p = v + (v[0] == '-');
    bool number = *p >= '0' && *p <= '9';
    while (number && *p != '\0' && ((*p >= '0' && *p <= '9') || *p == '.'))
        p++;
    if ((number && *p == '\0' && v[strlen(v) - 1] != '.') || strcmp(v, "true") == 0 ||
        strcmp(v, "false") == 0)
        mg_sb_puts(b, v);
    else
        mg_emit_scalar(b, v);
}

void
mg_emit_with(mg_sb *b, const mg_vec *with)
{
    mg_flow w = {b, 0};
    for (size_t i = 0; i < with->len; i++) {
        const mg_check *c = with->items[i];
        mg_flow_key(&w, c->name);
        emit_param(b, c->expr);
    }
    mg_flow_end(&w);
}

void
mg_flow_with(mg_flow *f, const char *key, const mg_vec *with)
{
    if (with->len == 0)
        return;
    mg_flow_key(f, key);
    mg_emit_with(f->b, with);
}

void
mg_flow_end(mg_flow *f)
{
    mg_sb_puts(f->b, f->n ? " }" : "{}");
}

void
mg_flow_column_fields(mg_flow *f, const mg_column *c)
{
    mg_flow_str(f, "type", c->type);
    if (c->nullable)
        mg_flow_bool(f, "nullable", true);
    mg_flow_str(f, "default", c->default_expr);
    if (c->identity)
        mg_flow_str(f, "identity", c->identity);
    mg_flow_str(f, "collation", c->collation);
    mg_flow_str(f, "generated", c->generated);
    mg_flow_str(f, "comment", c->comment);
}

static void
emit_column(mg_sb *b, const mg_column *c)
{
    if (!c->nullable && !c->default_expr && !c->identity && !c->comment && !c->collation &&
        !c->generated) {
        mg_emit_scalar(b, c->type);
        return;
    }
    mg_flow f = {b, 0};
    mg_flow_column_fields(&f, c);
    mg_flow_end(&f);
}

void
mg_flow_fk_fields(mg_flow *f, const mg_fk *fk)
{
    mg_flow_list(f, "columns", &fk->columns);
    mg_flow_key(f, "references");
    mg_flow r = {f->b, 0};
    mg_flow_str(&r, "table", fk->ref_table);
    if (fk->ref_columns.len)
        mg_flow_list(&r, "columns", &fk->ref_columns);
    mg_flow_end(&r);
    if (fk->on_delete && strcmp(fk->on_delete, "no action") != 0)
        mg_flow_str(f, "on_delete", fk->on_delete);
    if (fk->on_update && strcmp(fk->on_update, "no action") != 0)
        mg_flow_str(f, "on_update", fk->on_update);
    if (fk->deferrable)
        mg_flow_bool(f, "deferrable", true);
    if (fk->initially_deferred)
        mg_flow_bool(f, "initially_deferred", true);
    mg_flow_str(f, "comment", fk->comment);
}

void
mg_flow_index_fields(mg_flow *f, const mg_index *x)
{
    if (x->expression)
        mg_flow_str(f, "expression", x->expression);
    else
        mg_flow_list(f, "columns", &x->keys);
    if (x->unique)
        mg_flow_bool(f, "unique", true);
    if (x->method && strcmp(x->method, "btree") != 0)
        mg_flow_str(f, "method", x->method);
    if (x->opclass.len)
        mg_flow_list(f, "opclass", &x->opclass);
    if (x->include.len)
        mg_flow_list(f, "include", &x->include);
    mg_flow_str(f, "where", x->where);
    if (x->concurrently)
        mg_flow_bool(f, "concurrently", true);
    mg_flow_str(f, "comment", x->comment);
    mg_flow_with(f, "with", &x->with);
}

static void
block_key(mg_sb *b, int indent, const char *key)
{
    mg_sb_printf(b, "%*s", indent, "");
    mg_emit_scalar(b, key);
    mg_sb_puts(b, ":");
}

void
mg_flow_key_props(mg_flow *f, const mg_key *k)
{
    if (k->nulls_not_distinct)
        mg_flow_bool(f, "nulls_not_distinct", true);
    if (k->deferrable)
        mg_flow_bool(f, "deferrable", true);
    if (k->initially_deferred)
        mg_flow_bool(f, "initially_deferred", true);
    mg_flow_str(f, "comment", k->comment);
}

bool
mg_key_has_props(const mg_key *k)
{
    return k->nulls_not_distinct || k->deferrable || k->initially_deferred || k->comment != NULL;
}

void
mg_emit_check_value(mg_sb *b, const mg_check *c)
{
    if (c->comment == NULL) {
        mg_emit_scalar(b, c->expr);
        return;
    }
    mg_flow f = {b, 0};
    mg_flow_str(&f, "expression", c->expr);
    mg_flow_str(&f, "comment", c->comment);
    mg_flow_end(&f);
}

/* A unique constraint: its column list, or { columns, ... } with the other keys. */
static void
unique_value(mg_sb *b, const void *obj)
{
    const mg_key *k = obj;
    if (!mg_key_has_props(k)) {
        mg_emit_list(b, &k->columns);
        return;
    }
    mg_flow f = {b, 0};
    mg_flow_list(&f, "columns", &k->columns);
    mg_flow_key_props(&f, k);
    mg_flow_end(&f);
}

static void
check_value(mg_sb *b, const void *obj)
{
    mg_emit_check_value(b, obj);
}

static void
fk_value(mg_sb *b, const void *obj)
{
    mg_flow f = {b, 0};
    mg_flow_fk_fields(&f, obj);
    mg_flow_end(&f);
}

void
mg_flow_excl_fields(mg_flow *f, const mg_exclusion *x)
{
    mg_flow_str(f, "using", x->method);
    mg_flow_list(f, "elements", &x->elements);
    mg_flow_str(f, "where", x->where);
    if (x->deferrable)
        mg_flow_bool(f, "deferrable", true);
    if (x->initially_deferred)
        mg_flow_bool(f, "initially_deferred", true);
    mg_flow_str(f, "comment", x->comment);
}

static void
excl_value(mg_sb *b, const void *obj)
{
    mg_flow f = {b, 0};
    mg_flow_excl_fields(&f, obj);
    mg_flow_end(&f);
}

static void
index_value(mg_sb *b, const void *obj)
{
    mg_flow f = {b, 0};
    mg_flow_index_fields(&f, obj);
    mg_flow_end(&f);
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
    emit_section(b, in, "exclusions", &t->excls, excl_value);
}

/* One "key: scalar" line at the given indent. */
static void
emit_line(mg_sb *b, int in, const char *key, const char *value)
{
    mg_sb_printf(b, "%*s%s: ", in, "", key);
    mg_emit_scalar(b, value);
    mg_sb_putc(b, '\n');
}

/* "with: { ... }" of a table with storage parameters. */
static void
emit_with(mg_sb *b, int in, const mg_table *t)
{
    if (t->with.len == 0)
        return;
    mg_sb_printf(b, "%*swith: ", in, "");
    mg_emit_with(b, &t->with);
    mg_sb_putc(b, '\n');
}

/* partition_by of a partitioned table; partition_of, bounds (and comment, storage parameters) of
 * a partition, which has nothing else: true then. */
static bool
emit_partition(mg_sb *b, int in, const mg_table *t)
{
    if (t->partition_by != NULL)
        emit_line(b, in, "partition_by", t->partition_by);
    if (t->partition_of == NULL)
        return false;
    emit_line(b, in, "partition_of", t->partition_of);
    emit_line(b, in, "bounds", t->bounds);
    emit_with(b, in, t);
    if (t->comment)
        emit_line(b, in, "comment", t->comment);
    return true;
}

void
mg_emit_table(mg_sb *b, int in, const mg_table *t)
{
    block_key(b, in, "name");
    mg_sb_putc(b, ' ');
    mg_emit_scalar(b, t->name);
    mg_sb_putc(b, '\n');
    if (emit_partition(b, in, t))
        return;
    mg_sb_printf(b, "%*scolumns:\n", in, "");
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *c = t->columns.items[i];
        block_key(b, in + 2, c->name);
        mg_sb_putc(b, ' ');
        emit_column(b, c);
        mg_sb_putc(b, '\n');
    }
    if (t->pk) {
        mg_sb_printf(b, "%*sprimary_key: ", in, "");
        mg_flow f = {b, 0};
        mg_flow_str(&f, "name", t->pk->name);
        mg_flow_list(&f, "columns", &t->pk->columns);
        mg_flow_key_props(&f, t->pk);
        mg_flow_end(&f);
        mg_sb_putc(b, '\n');
    }
    emit_table_objects(b, in, t);
    emit_with(b, in, t);
    if (t->comment) {
        mg_sb_printf(b, "%*scomment: ", in, "");
        mg_emit_scalar(b, t->comment);
        mg_sb_putc(b, '\n');
    }
}
