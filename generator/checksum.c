/* migc generator: revision checksums.
 * The v1 form reads one descriptor per operation kind and the loaded model, never YAML text. */
#include "checksum.h"

#include <stddef.h>
#include <string.h>

#include "emit.h"
#include "op_desc.h"
#include "plan.h"
#include "sha256.h"

/* A record being written: its key/value pairs go to body and are counted; rec_close frames
 * them as "r<count>:" followed by the pairs. */
typedef struct rec {
    mg_sb body;
    size_t n;
} rec;

/* A string as "s<length>:<bytes>", NULL as "n". */
static void
put_str(mg_sb *b, const char *s)
{
    if (s == NULL) {
        mg_sb_putc(b, 'n');
        return;
    }
    size_t len = strlen(s);
    mg_sb_printf(b, "s%zu:", len);
    mg_sb_putn(b, s, len);
}

/* A list of strings (NULL items as "n") as "l<count>:" followed by the items. */
static void
put_strs(mg_sb *b, const mg_vec *v)
{
    mg_sb_printf(b, "l%zu:", v->len);
    for (size_t i = 0; i < v->len; i++)
        put_str(b, v->items[i]);
}

static void
rec_open(rec *r, mg_arena *a)
{
    mg_sb_init(&r->body, a);
    r->n = 0;
}

/* Writes key and returns the buffer its value goes to. */
static mg_sb *
rec_key(rec *r, const char *key)
{
    r->n++;
    put_str(&r->body, key);
    return &r->body;
}

static void
rec_str(rec *r, const char *key, const char *value)
{
    put_str(rec_key(r, key), value);
}

static void
rec_bool(rec *r, const char *key, bool value)
{
    mg_sb_putc(rec_key(r, key), value ? 't' : 'f');
}

static void
rec_strs(rec *r, const char *key, const mg_vec *v)
{
    put_strs(rec_key(r, key), v);
}

static void
rec_close(rec *r, mg_sb *out)
{
    mg_sb_printf(out, "r%zu:", r->n);
    if (r->body.len)
        mg_sb_putn(out, r->body.data, r->body.len);
}

/* Pairs of one object of a list (a column, a key, ...). */
typedef void (*pairs_fn)(rec *r, const void *obj);

/* A list of objects as "l<count>:" followed by one record each. */
static void
put_recs(mg_sb *b, const mg_vec *v, pairs_fn pairs)
{
    mg_sb_printf(b, "l%zu:", v->len);
    for (size_t i = 0; i < v->len; i++) {
        rec x;
        rec_open(&x, b->arena);
        pairs(&x, v->items[i]);
        rec_close(&x, b);
    }
}

static void
column_pairs(rec *r, const void *obj)
{
    const mg_column *c = obj;
    rec_str(r, "name", c->name);
    rec_str(r, "type", c->type);
    rec_bool(r, "nullable", c->nullable);
    rec_str(r, "default", c->default_expr);
    rec_str(r, "identity", c->identity);
    rec_str(r, "comment", c->comment);
    if (c->collation != NULL) /* later keys: only when given, so older digests stay */
        rec_str(r, "collation", c->collation);
    if (c->generated != NULL)
        rec_str(r, "generated", c->generated);
}

static void
key_pairs(rec *r, const void *obj)
{
    const mg_key *k = obj;
    rec_str(r, "name", k->name);
    rec_strs(r, "columns", &k->columns);
    if (k->nulls_not_distinct) /* later keys: only when true, so older digests stay */
        rec_bool(r, "nulls_not_distinct", true);
    if (k->deferrable)
        rec_bool(r, "deferrable", true);
    if (k->initially_deferred)
        rec_bool(r, "initially_deferred", true);
    if (k->comment != NULL)
        rec_str(r, "comment", k->comment);
}

static void
check_pairs(rec *r, const void *obj)
{
    const mg_check *c = obj;
    rec_str(r, "name", c->name);
    rec_str(r, "expression", c->expr);
    if (c->comment != NULL) /* a later key: only when given, so older digests stay */
        rec_str(r, "comment", c->comment);
}

static void
fk_pairs(rec *r, const void *obj)
{
    const mg_fk *fk = obj;
    rec ref;
    rec_str(r, "name", fk->name);
    rec_strs(r, "columns", &fk->columns);
    rec_open(&ref, r->body.arena);
    rec_str(&ref, "table", fk->ref_table);
    rec_strs(&ref, "columns", &fk->ref_columns);
    rec_close(&ref, rec_key(r, "references"));
    rec_str(r, "on_delete", fk->on_delete);
    rec_str(r, "on_update", fk->on_update);
    rec_bool(r, "deferrable", fk->deferrable);
    rec_bool(r, "initially_deferred", fk->initially_deferred);
    if (fk->comment != NULL) /* a later key: only when given, so older digests stay */
        rec_str(r, "comment", fk->comment);
}

/* A storage parameter: name, value. */
static void
with_pairs(rec *r, const void *obj)
{
    const mg_check *c = obj;
    rec_str(r, "name", c->name);
    rec_str(r, "value", c->expr);
}

static void
index_pairs(rec *r, const void *obj)
{
    const mg_index *x = obj;
    rec_str(r, "name", x->name);
    rec_strs(r, "columns", &x->keys);
    rec_str(r, "expression", x->expression);
    rec_bool(r, "unique", x->unique);
    rec_str(r, "method", x->method);
    rec_strs(r, "opclass", &x->opclass);
    rec_strs(r, "include", &x->include);
    rec_str(r, "where", x->where);
    rec_bool(r, "concurrently", x->concurrently);
    if (x->comment != NULL) /* later keys: only when given, so older digests stay */
        rec_str(r, "comment", x->comment);
    if (x->with.len > 0)
        put_recs(rec_key(r, "with"), &x->with, with_pairs);
}

/* alter_table, alter_index: the parameters set (by name), then the names reset. */
static void
alter_storage_tail(rec *r, const mg_op *op)
{
    put_recs(rec_key(r, "set"), &op->with_set, with_pairs);
    mg_sb *b = rec_key(r, "reset");
    mg_sb_printf(b, "l%zu:", op->with_reset.len);
    for (size_t i = 0; i < op->with_reset.len; i++)
        put_str(b, ((const mg_check *)op->with_reset.items[i])->name);
}

/* set_comment: the index or constraint it comments, only when one is given. */
/* An exclusion constraint (a later kind: every key is written, the deferral only when set; the
 * comment, a later key still, last and only when given, so older digests stay). */
static void
excl_pairs(rec *r, const void *obj)
{
    const mg_exclusion *x = obj;
    rec_str(r, "name", x->name);
    rec_str(r, "using", x->method);
    rec_strs(r, "elements", &x->elements);
    rec_str(r, "where", x->where);
    if (x->deferrable)
        rec_bool(r, "deferrable", true);
    if (x->initially_deferred)
        rec_bool(r, "initially_deferred", true);
    if (x->comment != NULL)
        rec_str(r, "comment", x->comment);
}

static void
excl_tail(rec *r, const mg_op *op)
{
    excl_pairs(r, op->excl);
}

/* set_comment: the index it comments, only when one is given. */
static void
set_comment_tail(rec *r, const mg_op *op)
{
    if (op->index_name != NULL)
        rec_str(r, "index", op->index_name);
    if (op->constraint != NULL)
        rec_str(r, "constraint", op->constraint);
    if (op->enum_name != NULL)
        rec_str(r, "enum", op->enum_name);
}

/* create_table: the table definition after its name. */
static void
table_tail(rec *r, const mg_op *op)
{
    const mg_table *t = op->table_def;
    rec_str(r, "name", t->name);
    put_recs(rec_key(r, "columns"), &t->columns, column_pairs);
    if (t->pk != NULL) {
        rec pk;
        rec_open(&pk, r->body.arena);
        key_pairs(&pk, t->pk);
        rec_close(&pk, rec_key(r, "primary_key"));
    } else {
        rec_str(r, "primary_key", NULL);
    }
    put_recs(rec_key(r, "unique"), &t->uniques, key_pairs);
    put_recs(rec_key(r, "checks"), &t->checks, check_pairs);
    put_recs(rec_key(r, "foreign_keys"), &t->fks, fk_pairs);
    put_recs(rec_key(r, "indexes"), &t->indexes, index_pairs);
    rec_str(r, "comment", t->comment);
    if (t->partition_by != NULL) /* later keys: only when given, so older digests stay */
        rec_str(r, "partition_by", t->partition_by);
    if (t->partition_of != NULL) {
        rec_str(r, "partition_of", t->partition_of);
        rec_str(r, "bounds", t->bounds);
    }
    if (t->with.len > 0)
        put_recs(rec_key(r, "with"), &t->with, with_pairs);
    if (t->excls.len > 0) /* a later key: only when given */
        put_recs(rec_key(r, "exclusions"), &t->excls, excl_pairs);
}

static void
enum_tail(rec *r, const mg_op *op)
{
    rec_strs(r, "values", &op->values);
    if (op->comment != NULL) /* a later key: only when given, so older digests stay */
        rec_str(r, "comment", op->comment);
}

static void
column_tail(rec *r, const mg_op *op)
{
    column_pairs(r, op->column_def);
}

/* alter_column: only what the revision changes, so that "not given" differs from null. The keys
 * added after v1 was released (down_using, irreversible) come last and only when given, so the
 * digests of revisions without them stay. */
static void
alter_tail(rec *r, const mg_op *op)
{
    if (op->has_type) {
        rec_str(r, "type", op->type);
        rec_str(r, "using", op->using_expr);
    }
    if (op->nullable_set)
        rec_bool(r, "nullable", op->nullable);
    if (op->default_set)
        rec_str(r, "default", op->default_expr);
    if (op->down_using != NULL)
        rec_str(r, "down_using", op->down_using);
    if (op->irreversible)
        rec_bool(r, "irreversible", true);
    if (op->collation_set)
        rec_str(r, "collation", op->collation);
    if (op->drop_expression)
        rec_bool(r, "drop_expression", true);
}

/* The keys of the online forms (SPEC §4.1) come after the others and only when given, so the
 * digests of revisions without them stay what they were. */
static void
key_tail(rec *r, const mg_op *op)
{
    key_pairs(r, op->key);
    if (op->using_index != NULL)
        rec_str(r, "using_index", op->using_index);
}

static void
check_tail(rec *r, const mg_op *op)
{
    check_pairs(r, op->check);
    if (op->not_valid)
        rec_bool(r, "not_valid", true);
}

static void
fk_tail(rec *r, const mg_op *op)
{
    fk_pairs(r, op->fk);
    if (op->not_valid)
        rec_bool(r, "not_valid", true);
}

static void
drop_index_tail(rec *r, const mg_op *op)
{
    if (op->concurrently)
        rec_bool(r, "concurrently", true);
}

/* sql: fresh only when given, so that older sql steps keep their digests */
static void
sql_tail(rec *r, const mg_op *op)
{
    if (op->sql_fresh != NULL)
        rec_str(r, "fresh", op->sql_fresh);
}

static void
index_tail(rec *r, const mg_op *op)
{
    index_pairs(r, op->index);
}

/* The options of a sequence: every one (create_sequence, all = true), or those set names
 * (alter_sequence), in the order of SPEC §3.1. */
static void
seq_pairs(rec *r, const mg_sequence *q, unsigned set, bool all)
{
    static const struct {
        const char *key;
        unsigned bit;
        size_t offset;
    } strs[] = {
        {"type", MG_SEQ_TYPE, offsetof(mg_sequence, type)},
        {"increment", MG_SEQ_INCREMENT, offsetof(mg_sequence, increment)},
        {"min_value", MG_SEQ_MIN, offsetof(mg_sequence, min_value)},
        {"max_value", MG_SEQ_MAX, offsetof(mg_sequence, max_value)},
        {"start", MG_SEQ_START, offsetof(mg_sequence, start)},
        {"cache", MG_SEQ_CACHE, offsetof(mg_sequence, cache)},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        if (all || (set & strs[i].bit))
            rec_str(r, strs[i].key, *(const char *const *)((const char *)q + strs[i].offset));
    if (all || (set & MG_SEQ_CYCLE))
        rec_bool(r, "cycle", q->cycle);
    if (all || (set & MG_SEQ_OWNED)) {
        rec_str(r, "owned_table", q->owned_table);
        rec_str(r, "owned_column", q->owned_column);
    }
    if (all || (set & MG_SEQ_COMMENT))
        rec_str(r, "comment", q->comment);
}

static void
create_seq_tail(rec *r, const mg_op *op)
{
    seq_pairs(r, op->seq, 0, true);
}

static void
alter_seq_tail(rec *r, const mg_op *op)
{
    seq_pairs(r, op->seq, op->seq_set, false);
}

/* The fields of a domain: every one (create_domain, all = true), or those set names
 * (alter_domain), in the order of SPEC §3.1. */
static void
domain_pairs(rec *r, const mg_domain *d, unsigned set, bool all)
{
    if (all)
        rec_str(r, "type", d->type);
    if (all || (set & MG_DOM_NULLABLE))
        rec_bool(r, "nullable", !d->not_null);
    if (all || (set & MG_DOM_DEFAULT))
        rec_str(r, "default", d->default_expr);
    if (all)
        rec_str(r, "collation", d->collation);
    if (all || (set & MG_DOM_CHECKS))
        put_recs(rec_key(r, "checks"), &d->checks, check_pairs);
    if (all || (set & MG_DOM_COMMENT))
        rec_str(r, "comment", d->comment);
}

static void
create_domain_tail(rec *r, const mg_op *op)
{
    domain_pairs(r, op->domain, 0, true);
}

static void
alter_domain_tail(rec *r, const mg_op *op)
{
    domain_pairs(r, op->domain, op->dom_set, false);
}

static void
attr_pairs(rec *r, const void *obj)
{
    const mg_attr *x = obj;
    rec_str(r, "name", x->name);
    rec_str(r, "type", x->type);
    rec_str(r, "collation", x->collation);
}

/* The fields of a composite type: columns, comment (alter_type: those it gives). */
static void
ctype_pairs(rec *r, const mg_ctype *t, unsigned set, bool all)
{
    if (all || (set & MG_CT_COLUMNS))
        put_recs(rec_key(r, "columns"), &t->attrs, attr_pairs);
    if (all || (set & MG_CT_COMMENT))
        rec_str(r, "comment", t->comment);
}

static void
create_type_tail(rec *r, const mg_op *op)
{
    ctype_pairs(r, op->ctype, 0, true);
}

static void
alter_type_tail(rec *r, const mg_op *op)
{
    ctype_pairs(r, op->ctype, op->ct_set, false);
}

/* create_extension: the schema, only when one is given (forms without it are as before). */
static void
create_extension_tail(rec *r, const mg_op *op)
{
    if (op->ext_schema != NULL)
        rec_str(r, "schema", op->ext_schema);
}

/* The fields of a function or procedure, in the order of SPEC §3.1 (create and alter_function
 * carry the whole definition). */
static void
func_tail(rec *r, const mg_op *op)
{
    const mg_func *f = op->func;
    rec_str(r, "kind", f->procedure ? "procedure" : "function");
    rec_str(r, "arguments", f->arguments);
    rec_str(r, "returns", f->returns);
    rec_str(r, "language", f->language);
    rec_str(r, "volatility", f->volatility);
    rec_bool(r, "strict", f->strict);
    rec_bool(r, "security_definer", f->security_definer);
    rec_str(r, "parallel", f->parallel);
    rec_bool(r, "leakproof", f->leakproof);
    rec_str(r, "cost", f->cost);
    rec_str(r, "rows", f->rows);
    put_recs(rec_key(r, "set"), &f->set, check_pairs);
    rec_str(r, "body", f->body);
    rec_str(r, "comment", f->comment);
    rec_strs(r, "depends_on", &f->depends_on);
}

/* The fields of a trigger (create and alter_trigger carry the whole definition). */
static void
trigger_tail(rec *r, const mg_op *op)
{
    const mg_trigger *g = op->trigger;
    rec_str(r, "timing", g->timing);
    rec_strs(r, "events", &g->events);
    rec_strs(r, "update_of", &g->update_of);
    rec_str(r, "for_each", g->row ? "row" : "statement");
    rec_str(r, "function", g->func);
    rec_str(r, "arguments", g->args);
    rec_str(r, "when", g->when);
    rec_str(r, "old_table", g->old_table);
    rec_str(r, "new_table", g->new_table);
    rec_str(r, "comment", g->comment);
}

/* The fields of a view: every one (create_view, create_materialized_view), or those set names
 * (alter_view). Options and comment in the order of SPEC §3.1. */
static void
view_pairs(rec *r, const mg_view *v, unsigned set, bool all)
{
    if (all || (set & MG_VIEW_QUERY))
        rec_str(r, "query", v->query);
    if (!v->materialized && (all || (set & MG_VIEW_OPTIONS))) {
        rec_bool(r, "security_barrier", v->security_barrier);
        rec_str(r, "check_option", v->check_option);
        rec_bool(r, "security_invoker", v->security_invoker);
    }
    if (v->materialized) {
        rec_bool(r, "with_data", v->with_data);
        put_recs(rec_key(r, "indexes"), &v->indexes, index_pairs);
    }
    if (all || (set & MG_VIEW_COMMENT))
        rec_str(r, "comment", v->comment);
    if (all)
        rec_strs(r, "depends_on", &v->depends_on);
}

static void
create_view_tail(rec *r, const mg_op *op)
{
    view_pairs(r, op->view, 0, true);
}

static void
alter_view_tail(rec *r, const mg_op *op)
{
    view_pairs(r, op->view, op->view_set, false);
}

/* A string member of mg_op written as a key of the form. */
typedef struct field {
    const char *key;
    size_t offset;
} field;

/* The v1 form of one operation kind: its string fields first, then what tail writes. The
 * order is the contract of docs/checksum.md; changing it changes every digest. */
struct mg_ck_form {
    field fields[4]; /* a NULL key ends the list */
    void (*tail)(rec *r, const mg_op *op);
};
typedef struct mg_ck_form kind_form;

#define F(k, m)                                                                                    \
    {                                                                                              \
        k, offsetof(mg_op, m)                                                                      \
    }

/* The form of each kind, named by its row in op_kinds.h; forms shared by several kinds first. */
const struct mg_ck_form mg_ck_name = {{F("name", name)}, NULL};
const struct mg_ck_form mg_ck_from_to = {{F("from", from), F("to", to)}, NULL};
const struct mg_ck_form mg_ck_table = {{F("table", table)}, NULL};
const struct mg_ck_form mg_ck_table_name = {{F("table", table), F("name", name)}, NULL};
const struct mg_ck_form mg_ck_table_from_to = {{F("table", table), F("from", from), F("to", to)},
                                               NULL};
const struct mg_ck_form mg_ck_create_extension = {{F("name", name)}, create_extension_tail};
const struct mg_ck_form mg_ck_create_enum = {{F("name", name)}, enum_tail};
const struct mg_ck_form mg_ck_add_enum_value = {
    {F("enum", enum_name), F("value", value), F("before", before), F("after", after)}, NULL};
const struct mg_ck_form mg_ck_rename_enum_value = {
    {F("enum", enum_name), F("from", from), F("to", to)}, NULL};
const struct mg_ck_form mg_ck_remove_enum_value = {{F("enum", enum_name), F("value", value)}, NULL};
const struct mg_ck_form mg_ck_create_table = {{{NULL, 0}}, table_tail};
const struct mg_ck_form mg_ck_add_column = {{F("table", table)}, column_tail};
const struct mg_ck_form mg_ck_alter_column = {{F("table", table), F("name", name)}, alter_tail};
/* set_primary_key, add_unique. */
const struct mg_ck_form mg_ck_key = {{F("table", table)}, key_tail};
const struct mg_ck_form mg_ck_add_check = {{F("table", table)}, check_tail};
const struct mg_ck_form mg_ck_add_foreign_key = {{F("table", table)}, fk_tail};
const struct mg_ck_form mg_ck_create_index = {{F("table", table)}, index_tail};
const struct mg_ck_form mg_ck_drop_index = {{F("name", name)}, drop_index_tail};
const struct mg_ck_form mg_ck_set_comment = {
    {F("table", table), F("column", column), F("comment", comment)}, set_comment_tail};
const struct mg_ck_form mg_ck_sql = {{F("up", sql_up), F("down", sql_down)}, sql_tail};
const struct mg_ck_form mg_ck_create_sequence = {{F("name", name)}, create_seq_tail};
const struct mg_ck_form mg_ck_alter_sequence = {{F("name", name)}, alter_seq_tail};
const struct mg_ck_form mg_ck_create_domain = {{F("name", name)}, create_domain_tail};
const struct mg_ck_form mg_ck_alter_domain = {{F("name", name)}, alter_domain_tail};
const struct mg_ck_form mg_ck_create_type = {{F("name", name)}, create_type_tail};
const struct mg_ck_form mg_ck_alter_type = {{F("name", name)}, alter_type_tail};
/* create_function, alter_function. */
const struct mg_ck_form mg_ck_function = {{F("name", name)}, func_tail};
/* create_trigger, alter_trigger. */
const struct mg_ck_form mg_ck_trigger = {{F("table", table), F("name", name)}, trigger_tail};
/* create_view, create_materialized_view. */
const struct mg_ck_form mg_ck_create_view = {{F("name", name)}, create_view_tail};
const struct mg_ck_form mg_ck_alter_view = {{F("name", name)}, alter_view_tail};
/* alter_table, alter_index. */
const struct mg_ck_form mg_ck_alter_storage = {{F("name", name)}, alter_storage_tail};
const struct mg_ck_form mg_ck_add_exclusion = {{F("table", table)}, excl_tail};

/* One operation: a record with one pair, its kind and the record of its fields. */
static void
put_op(mg_sb *out, const mg_op *op)
{
    const kind_form *k = mg_op_descs[op->kind].form;
    rec fields, outer;

    rec_open(&fields, out->arena);
    for (size_t i = 0; i < sizeof k->fields / sizeof k->fields[0] && k->fields[i].key; i++)
        rec_str(&fields, k->fields[i].key,
                *(const char *const *)((const char *)op + k->fields[i].offset));
    if (k->tail != NULL)
        k->tail(&fields, op);
    rec_open(&outer, out->arena);
    rec_close(&fields, rec_key(&outer, mg_op_kind_name(op->kind)));
    rec_close(&outer, out);
}

void
mg_checksum_form(mg_sb *out, const mg_vec *ops)
{
    put_str(out, "migc.v1");
    mg_sb_printf(out, "l%zu:", ops->len);
    for (size_t i = 0; i < ops->len; i++)
        put_op(out, ops->items[i]);
}

/* Hex SHA-256 of b's bytes. */
static void
digest(const mg_sb *b, char hex[65])
{
    mg_sha256 s;
    mg_sha256_init(&s);
    mg_sha256_update(&s, b->data ? b->data : "", b->len);
    mg_sha256_final_hex(&s, hex);
}

void
mg_checksum_v1(mg_arena *a, const mg_vec *ops, char sum[MG_CHECKSUM_SIZE])
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_checksum_form(&b, ops);
    memcpy(sum, "v1:", 3);
    digest(&b, sum + 3);
}

void
mg_checksum_legacy(mg_arena *a, const mg_vec *ops, char hex[65])
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_emit_ops(&b, ops);
    digest(&b, hex);
}

void
mg_plan_checksums(mg_arena *a, mg_rev_plan *p)
{
    if (p->checksum[0] == '\0')
        mg_checksum_v1(a, &p->rev->ops, p->checksum);
    if (p->legacy_checksum[0] == '\0')
        mg_checksum_legacy(a, &p->rev->ops, p->legacy_checksum);
}
