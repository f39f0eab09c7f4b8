/* migc generator: inspect, writing schema.yaml.
 * Block style for tables, flow maps for columns and objects, like the revision writer. */
#include "inspect_internal.h"

#include <string.h>

#include "emit.h"

/* Only a true flag is written. */
static void
flow_true(mg_flow *f, const char *key, bool value)
{
    if (value)
        mg_flow_bool(f, key, true);
}

/* An empty list is left out. */
static void
flow_list(mg_flow *f, const char *key, const mg_vec *v)
{
    if (v->len)
        mg_flow_list(f, key, v);
}

/* Closes the map and ends the line. */
static void
flow_end(mg_flow *f)
{
    mg_flow_end(f);
    mg_sb_putc(f->b, '\n');
}

/* "<indent><key>: " with the key quoted when needed. */
static void
block_key(mg_sb *b, int indent, const char *key)
{
    mg_sb_printf(b, "%*s", indent, "");
    mg_emit_scalar(b, key);
    mg_sb_puts(b, ": ");
}

/* ------------------------------------------------------------------------------------------ */
/* Tables                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static void
write_column(mg_sb *b, const mg_column *c)
{
    block_key(b, 6, c->name);
    if (!c->nullable && !c->default_expr && !c->identity && !c->comment && !c->collation &&
        !c->generated) {
        mg_emit_scalar(b, c->type);
        mg_sb_putc(b, '\n');
        return;
    }
    mg_flow f = {b, 0};
    mg_flow_str(&f, "type", c->type);
    flow_true(&f, "nullable", c->nullable);
    mg_flow_str(&f, "default", c->default_expr);
    mg_flow_str(&f, "identity", c->identity);
    mg_flow_str(&f, "collation", c->collation);
    mg_flow_str(&f, "generated", c->generated);
    mg_flow_str(&f, "comment", c->comment);
    flow_end(&f);
}

static void
write_fk(mg_sb *b, const mg_fk *fk)
{
    block_key(b, 6, fk->name);
    mg_flow f = {b, 0};
    flow_list(&f, "columns", &fk->columns);
    mg_flow_key(&f, "references");
    mg_flow r = {b, 0};
    mg_flow_str(&r, "table", fk->ref_table);
    flow_list(&r, "columns", &fk->ref_columns);
    mg_sb_puts(b, " }");
    if (strcmp(fk->on_delete, "no action") != 0)
        mg_flow_str(&f, "on_delete", fk->on_delete);
    if (strcmp(fk->on_update, "no action") != 0)
        mg_flow_str(&f, "on_update", fk->on_update);
    flow_true(&f, "deferrable", fk->deferrable);
    flow_true(&f, "initially_deferred", fk->initially_deferred);
    mg_flow_str(&f, "comment", fk->comment);
    flow_end(&f);
}

static void
write_index(mg_sb *b, const mg_index *x)
{
    block_key(b, 6, x->name);
    mg_flow f = {b, 0};
    mg_flow_str(&f, "expression", x->expression);
    flow_list(&f, "columns", &x->keys);
    flow_true(&f, "unique", x->unique);
    if (strcmp(x->method, "btree") != 0)
        mg_flow_str(&f, "method", x->method);
    if (x->opclass.len == 1)
        mg_flow_str(&f, "opclass", x->opclass.items[0]);
    else
        flow_list(&f, "opclass", &x->opclass);
    flow_list(&f, "include", &x->include);
    mg_flow_str(&f, "where", x->where);
    mg_flow_str(&f, "comment", x->comment);
    mg_flow_with(&f, "with", &x->with);
    flow_end(&f);
}

/* One exclusion constraint: using, elements, where, the deferral and the comment. */
static void
write_exclusion(mg_sb *b, const mg_exclusion *x)
{
    block_key(b, 6, x->name);
    mg_flow f = {b, 0};
    mg_flow_str(&f, "using", x->method);
    mg_flow_list(&f, "elements", &x->elements);
    mg_flow_str(&f, "where", x->where);
    if (x->deferrable)
        mg_flow_bool(&f, "deferrable", true);
    if (x->initially_deferred)
        mg_flow_bool(&f, "initially_deferred", true);
    mg_flow_str(&f, "comment", x->comment);
    flow_end(&f);
}

/* unique, checks, foreign_keys, indexes and exclusion constraints of a table. */
static void
write_objects(mg_sb *b, const mg_table *t)
{
    if (t->uniques.len)
        mg_sb_puts(b, "    unique:\n");
    for (size_t i = 0; i < t->uniques.len; i++) {
        const mg_key *k = t->uniques.items[i];
        block_key(b, 6, k->name);
        if (mg_key_has_props(k)) {
            mg_flow f = {b, 0};
            mg_flow_list(&f, "columns", &k->columns);
            mg_flow_key_props(&f, k);
            mg_flow_end(&f);
        } else {
            mg_emit_list(b, &k->columns);
        }
        mg_sb_putc(b, '\n');
    }
    if (t->checks.len)
        mg_sb_puts(b, "    checks:\n");
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *c = t->checks.items[i];
        block_key(b, 6, c->name);
        mg_emit_check_value(b, c);
        mg_sb_putc(b, '\n');
    }
    if (t->fks.len)
        mg_sb_puts(b, "    foreign_keys:\n");
    for (size_t i = 0; i < t->fks.len; i++)
        write_fk(b, t->fks.items[i]);
    if (t->indexes.len)
        mg_sb_puts(b, "    indexes:\n");
    for (size_t i = 0; i < t->indexes.len; i++)
        write_index(b, t->indexes.items[i]);
    if (t->excls.len)
        mg_sb_puts(b, "    exclusions:\n");
    for (size_t i = 0; i < t->excls.len; i++)
        write_exclusion(b, t->excls.items[i]);
}

/* triggers: of table t, one a line. */
static void
write_triggers(mg_sb *b, const mg_schema *s, const mg_table *t)
{
    bool any = false;
    for (size_t i = 0; i < s->triggers.len; i++) {
        const mg_trigger *g = s->triggers.items[i];
        if (strcmp(g->table, t->name) != 0)
            continue;
        if (!any)
            mg_sb_puts(b, "    triggers:\n");
        any = true;
        mg_sb_puts(b, "      ");
        mg_emit_scalar(b, g->name);
        mg_sb_puts(b, ": ");
        mg_flow f = {b, 0};
        mg_emit_trigger_fields(&f, g);
        mg_flow_end(&f);
        mg_sb_putc(b, '\n');
    }
}

/* One "    key: scalar" line of a table. */
static void
write_table_key(mg_sb *b, const char *key, const char *value)
{
    mg_sb_printf(b, "    %s: ", key);
    mg_emit_scalar(b, value);
    mg_sb_putc(b, '\n');
}

/* "    with: { ... }" of a table with storage parameters. */
static void
write_with(mg_sb *b, const mg_table *t)
{
    if (t->with.len == 0)
        return;
    mg_sb_puts(b, "    with: ");
    mg_emit_with(b, &t->with);
    mg_sb_putc(b, '\n');
}

/* partition_by of a partitioned table, or partition_of and bounds of a partition (which has its
 * parent's columns, keys and indexes): true then, as nothing else follows. */
static bool
write_partitioning(mg_sb *b, const mg_table *t)
{
    write_with(b, t);
    if (t->partition_by != NULL)
        write_table_key(b, "partition_by", t->partition_by);
    if (t->partition_of == NULL)
        return false;
    write_table_key(b, "partition_of", t->partition_of);
    write_table_key(b, "bounds", t->bounds);
    return true;
}

static void
write_table(mg_sb *b, const mg_table *t)
{
    mg_sb_puts(b, "  ");
    mg_emit_scalar(b, t->name);
    mg_sb_puts(b, ":\n");
    if (t->comment) {
        mg_sb_puts(b, "    comment: ");
        mg_emit_scalar(b, t->comment);
        mg_sb_putc(b, '\n');
    }
    if (write_partitioning(b, t))
        return;
    mg_sb_puts(b, t->columns.len ? "    columns:\n" : "    columns: {}\n");
    for (size_t i = 0; i < t->columns.len; i++)
        write_column(b, t->columns.items[i]);
    if (t->pk) {
        mg_sb_puts(b, "    primary_key: ");
        mg_flow f = {b, 0};
        mg_flow_str(&f, "name", t->pk->name);
        flow_list(&f, "columns", &t->pk->columns);
        mg_flow_key_props(&f, t->pk);
        flow_end(&f);
    }
    write_objects(b, t);
}

/* ------------------------------------------------------------------------------------------ */
/* The file                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* "# ..." lines; a note spanning lines keeps every line a comment. */
static void
write_notes(mg_sb *b, const mg_vec *notes)
{
    for (size_t i = 0; i < notes->len; i++) {
        mg_sb_puts(b, "# not managed by migc: ");
        for (const char *p = notes->items[i]; *p; p++) {
            mg_sb_putc(b, *p);
            if (*p == '\n')
                mg_sb_puts(b, "#   ");
        }
        mg_sb_putc(b, '\n');
    }
}

static void
write_extensions_enums(mg_sb *b, const mg_schema *s)
{
    if (s->extensions.len) {
        mg_sb_puts(b, "\nextensions: [");
        for (size_t i = 0; i < s->extensions.len; i++) {
            const mg_ext *e = s->extensions.items[i];
            mg_sb_puts(b, i ? ", " : "");
            if (e->schema != NULL)
                mg_sb_puts(b, "{ name: ");
            mg_emit_scalar(b, e->name);
            if (e->schema != NULL) {
                mg_sb_puts(b, ", schema: ");
                mg_emit_scalar(b, e->schema);
                mg_sb_puts(b, " }");
            }
        }
        mg_sb_puts(b, "]\n");
    }
    if (s->enums.len)
        mg_sb_puts(b, "\nenums:\n");
    for (size_t i = 0; i < s->enums.len; i++) {
        const mg_enum *e = s->enums.items[i];
        block_key(b, 2, e->name);
        if (e->comment != NULL) {
            mg_flow f = {b, 0};
            mg_flow_key(&f, "values");
            mg_emit_list(b, &e->values);
            mg_flow_str(&f, "comment", e->comment);
            mg_flow_end(&f);
        } else {
            mg_emit_list(b, &e->values);
        }
        mg_sb_putc(b, '\n');
    }
}

static void
write_sequences(mg_sb *b, const mg_schema *s)
{
    if (s->sequences.len)
        mg_sb_puts(b, "\nsequences:\n");
    for (size_t i = 0; i < s->sequences.len; i++) {
        const mg_sequence *q = s->sequences.items[i];
        mg_flow f = {b, 0};
        block_key(b, 2, q->name);
        mg_emit_seq_fields(&f, q, 0);
        mg_flow_end(&f);
        mg_sb_putc(b, '\n');
    }
}

static void
write_domains(mg_sb *b, const mg_schema *s)
{
    if (s->domains.len)
        mg_sb_puts(b, "\ndomains:\n");
    for (size_t i = 0; i < s->domains.len; i++) {
        mg_flow f = {b, 0};
        block_key(b, 2, ((const mg_domain *)s->domains.items[i])->name);
        mg_emit_domain_fields(&f, s->domains.items[i], 0);
        mg_flow_end(&f);
        mg_sb_putc(b, '\n');
    }
}

static void
write_ctypes(mg_sb *b, const mg_schema *s)
{
    if (s->types.len)
        mg_sb_puts(b, "\ntypes:\n");
    for (size_t i = 0; i < s->types.len; i++) {
        mg_flow f = {b, 0};
        block_key(b, 2, ((const mg_ctype *)s->types.items[i])->name);
        mg_emit_ctype_fields(&f, s->types.items[i], 0);
        mg_flow_end(&f);
        mg_sb_putc(b, '\n');
    }
}

static void
write_funcs(mg_sb *b, const mg_schema *s)
{
    if (s->funcs.len)
        mg_sb_puts(b, "\nfunctions:\n");
    for (size_t i = 0; i < s->funcs.len; i++) {
        const mg_func *f = s->funcs.items[i];
        mg_sb_puts(b, "  ");
        mg_emit_scalar(b, f->name);
        mg_sb_puts(b, ":\n");
        mg_emit_func(b, 4, f, false);
    }
}

static void
write_views(mg_sb *b, const mg_schema *s, bool materialized)
{
    bool any = false;
    for (size_t i = 0; i < s->views.len; i++) {
        const mg_view *v = s->views.items[i];
        if (v->materialized != materialized)
            continue;
        if (!any)
            mg_sb_puts(b, materialized ? "\nmaterialized_views:\n" : "\nviews:\n");
        any = true;
        mg_sb_puts(b, "  ");
        mg_emit_scalar(b, v->name);
        mg_sb_puts(b, ":\n");
        mg_emit_view_block(b, v);
    }
}

void
mg_inspect_write(const mg_inspect *in, mg_sb *b)
{
    mg_sb_puts(b, "# Written by `migc inspect` from PostgreSQL schema ");
    mg_emit_scalar(b, in->schema);
    mg_sb_puts(b, ". Review it, then run `migc diff -m baseline`.\n");
    write_notes(b, &in->notes);
    write_extensions_enums(b, in->s);
    write_sequences(b, in->s);
    write_domains(b, in->s);
    write_ctypes(b, in->s);
    write_funcs(b, in->s);
    if (in->s->tables.len)
        mg_sb_puts(b, "\ntables:\n");
    for (size_t i = 0; i < in->s->tables.len; i++) {
        if (i)
            mg_sb_putc(b, '\n');
        write_table(b, in->s->tables.items[i]);
        write_triggers(b, in->s, in->s->tables.items[i]);
    }
    write_views(b, in->s, false);
    write_views(b, in->s, true);
}
