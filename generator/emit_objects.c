/* migc generator: revision-file fields of the kinds of SPEC §3.1 that are not tables:
 * sequences, domains, composite types and views (create writes what is given, alter what set
 * names), and a view's block form for schema.yaml. */
#include "emit.h"

#include <string.h>

/* One sequence key: create (set 0) writes a value given; alter writes the keys set names, null
 * for a default. Numbers are written plain (they are canonical decimal text). */
static void
seq_key(mg_flow *f, const char *key, const char *value, unsigned set, unsigned bit, bool number)
{
    if (set != 0 && !(set & bit))
        return;
    if (value == NULL) {
        if (set != 0)
            mg_flow_null(f, key);
        return;
    }
    if (!number) {
        mg_flow_str(f, key, value);
        return;
    }
    mg_flow_key(f, key);
    mg_sb_puts(f->b, value);
}

void
mg_emit_seq_fields(mg_flow *f, const mg_sequence *q, unsigned set)
{
    seq_key(f, "type", q->type, set, MG_SEQ_TYPE, false);
    seq_key(f, "increment", q->increment, set, MG_SEQ_INCREMENT, true);
    seq_key(f, "min_value", q->min_value, set, MG_SEQ_MIN, true);
    seq_key(f, "max_value", q->max_value, set, MG_SEQ_MAX, true);
    seq_key(f, "start", q->start, set, MG_SEQ_START, true);
    seq_key(f, "cache", q->cache, set, MG_SEQ_CACHE, true);
    if ((set == 0 && q->cycle) || (set & MG_SEQ_CYCLE))
        mg_flow_bool(f, "cycle", q->cycle);
    seq_key(f, "owned_by",
            q->owned_table ? mg_arena_printf(f->b->arena, "%s.%s", q->owned_table, q->owned_column)
                           : NULL,
            set, MG_SEQ_OWNED, false);
    seq_key(f, "comment", q->comment, set, MG_SEQ_COMMENT, false);
}

/* checks: { name: expression, ... } ({} when none). */
static void
dom_checks(mg_flow *f, const mg_vec *checks)
{
    mg_flow_key(f, "checks");
    mg_flow c = {f->b, 0};
    for (size_t i = 0; i < checks->len; i++) {
        const mg_check *ck = checks->items[i];
        mg_flow_name_key(&c, ck->name);
        mg_emit_scalar(f->b, ck->expr);
    }
    mg_flow_end(&c);
}

/* A key of a domain: its value, or null when it is not set and create is false. */
static void
dom_str(mg_flow *f, const char *key, const char *value, bool create)
{
    if (value != NULL)
        mg_flow_str(f, key, value);
    else if (!create)
        mg_flow_null(f, key);
}

void
mg_emit_domain_fields(mg_flow *f, const mg_domain *d, unsigned set)
{
    bool create = set == 0; /* the keys given, as create_domain and schema.yaml write them */
    if (create) {
        set = MG_DOM_DEFAULT | MG_DOM_CHECKS | MG_DOM_COMMENT;
        mg_flow_str(f, "type", d->type);
        if (d->not_null)
            mg_flow_bool(f, "nullable", false);
    } else if (set & MG_DOM_NULLABLE) {
        mg_flow_bool(f, "nullable", !d->not_null);
    }
    if (set & MG_DOM_DEFAULT)
        dom_str(f, "default", d->default_expr, create);
    if (create)
        mg_flow_str(f, "collation", d->collation);
    if ((set & MG_DOM_CHECKS) && (!create || d->checks.len > 0))
        dom_checks(f, &d->checks);
    if (set & MG_DOM_COMMENT)
        dom_str(f, "comment", d->comment, create);
}

/* columns: { name: type | { type, collation }, ... } */
static void
ct_attrs(mg_flow *f, const mg_vec *attrs)
{
    mg_flow_key(f, "columns");
    mg_flow c = {f->b, 0};
    for (size_t i = 0; i < attrs->len; i++) {
        const mg_attr *x = attrs->items[i];
        mg_flow_name_key(&c, x->name);
        if (x->collation == NULL) {
            mg_emit_scalar(f->b, x->type);
            continue;
        }
        mg_flow a = {f->b, 0};
        mg_flow_str(&a, "type", x->type);
        mg_flow_str(&a, "collation", x->collation);
        mg_flow_end(&a);
    }
    mg_flow_end(&c);
}

void
mg_emit_ctype_fields(mg_flow *f, const mg_ctype *t, unsigned set)
{
    bool create = set == 0;
    if (create || (set & MG_CT_COLUMNS))
        ct_attrs(f, &t->attrs);
    if (create || (set & MG_CT_COMMENT))
        dom_str(f, "comment", t->comment, create);
}

/* { name: { columns, ... }, ... } of a materialized view's indexes. */
static void
view_index_map(mg_sb *b, const mg_vec *indexes)
{
    mg_flow c = {b, 0};
    for (size_t i = 0; i < indexes->len; i++) {
        const mg_index *x = indexes->items[i];
        mg_flow_name_key(&c, x->name);
        mg_flow a = {b, 0};
        mg_flow_index_fields(&a, x);
        mg_flow_end(&a);
    }
    mg_flow_end(&c);
}

/* { security_barrier, check_option, security_invoker }, those set. */
static void
view_option_map(mg_sb *b, const mg_view *v)
{
    mg_flow o = {b, 0};
    if (v->security_barrier)
        mg_flow_bool(&o, "security_barrier", true);
    mg_flow_str(&o, "check_option", v->check_option);
    if (v->security_invoker)
        mg_flow_bool(&o, "security_invoker", true);
    mg_flow_end(&o);
}

static bool
view_has_options(const mg_view *v)
{
    return v->security_barrier || v->check_option || v->security_invoker;
}

void
mg_emit_view_fields(mg_flow *f, const mg_view *v, unsigned set)
{
    bool create = set == 0;
    if (create || (set & MG_VIEW_QUERY))
        mg_flow_str(f, "query", v->query);
    if (!v->materialized && ((set & MG_VIEW_OPTIONS) || (create && view_has_options(v)))) {
        mg_flow_key(f, "options");
        view_option_map(f->b, v);
    }
    if (create && v->materialized && !v->with_data)
        mg_flow_bool(f, "with_data", false);
    if (create && v->materialized && v->indexes.len > 0) {
        mg_flow_key(f, "indexes");
        view_index_map(f->b, &v->indexes);
    }
    if (create || (set & MG_VIEW_COMMENT))
        dom_str(f, "comment", v->comment, create);
    if (create && v->depends_on.len > 0)
        mg_flow_list(f, "depends_on", &v->depends_on);
}

void
mg_emit_view_block(mg_sb *b, const mg_view *v)
{
    mg_sb_puts(b, "    query: |\n      ");
    for (const char *p = v->query; *p; p++) {
        mg_sb_putc(b, *p);
        if (*p == '\n')
            mg_sb_puts(b, "      ");
    }
    mg_sb_putc(b, '\n');
    if (!v->materialized && view_has_options(v)) {
        mg_sb_puts(b, "    options: ");
        view_option_map(b, v);
        mg_sb_putc(b, '\n');
    }
    if (v->materialized && !v->with_data)
        mg_sb_puts(b, "    with_data: false\n");
    if (v->materialized && v->indexes.len > 0) {
        mg_sb_puts(b, "    indexes: ");
        view_index_map(b, &v->indexes);
        mg_sb_putc(b, '\n');
    }
    if (v->comment != NULL) {
        mg_sb_puts(b, "    comment: ");
        mg_emit_scalar(b, v->comment);
        mg_sb_putc(b, '\n');
    }
}
