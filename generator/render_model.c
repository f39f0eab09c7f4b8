/* migc generator: the model as Lua tables for the templates.
 * Plain fields by name; NULL strings are absent fields; lists are sequences, never sorted here. */
#include "render_model.h"

#include "batch.h"
#include "op_desc.h"
#include "sequence.h"

#include <inttypes.h>
#include <lauxlib.h>
#include <stdio.h>

/* Pushes the Lua form of one model object (the pointer type depends on the caller). */
typedef void (*push_fn)(lua_State *L, const void *obj);

void
mg_render_set_str(lua_State *L, const char *key, const char *value)
{
    if (value == NULL)
        return;
    lua_pushstring(L, value);
    lua_setfield(L, -2, key);
}

void
mg_render_set_bool(lua_State *L, const char *key, bool value)
{
    lua_pushboolean(L, value);
    lua_setfield(L, -2, key);
}

void
mg_render_set_strs(lua_State *L, const char *key, const mg_vec *v)
{
    lua_createtable(L, (int)v->len, 0);
    for (size_t i = 0; i < v->len; i++) {
        if (v->items[i] == NULL)
            lua_pushboolean(L, 0);
        else
            lua_pushstring(L, v->items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, key);
}

/* t[key] = sequence of objects pushed by push. */
static void
set_list(lua_State *L, const char *key, const mg_vec *v, push_fn push)
{
    lua_createtable(L, (int)v->len, 0);
    for (size_t i = 0; i < v->len; i++) {
        push(L, v->items[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, key);
}

/* t[key] = the object pushed by push; nothing when obj is NULL. */
static void
set_obj(lua_State *L, const char *key, const void *obj, push_fn push)
{
    if (obj == NULL)
        return;
    push(L, obj);
    lua_setfield(L, -2, key);
}

static void
push_column(lua_State *L, const void *obj)
{
    const mg_column *c = obj;
    lua_createtable(L, 0, 6);
    mg_render_set_str(L, "name", c->name);
    mg_render_set_str(L, "type", c->type);
    mg_render_set_bool(L, "nullable", c->nullable);
    mg_render_set_str(L, "default_expr", c->default_expr);
    mg_render_set_str(L, "identity", c->identity);
    mg_render_set_str(L, "identity_seq", c->identity_seq);
    mg_render_set_str(L, "collation", c->collation);
    mg_render_set_str(L, "generated", c->generated);
    mg_render_set_str(L, "comment", c->comment);
}

static void
push_key(lua_State *L, const void *obj)
{
    const mg_key *k = obj;
    lua_createtable(L, 0, 5);
    mg_render_set_str(L, "name", k->name);
    mg_render_set_strs(L, "columns", &k->columns);
    mg_render_set_bool(L, "nulls_not_distinct", k->nulls_not_distinct);
    mg_render_set_bool(L, "deferrable", k->deferrable);
    mg_render_set_bool(L, "initially_deferred", k->initially_deferred);
    mg_render_set_str(L, "comment", k->comment);
}

static void
push_check(lua_State *L, const void *obj)
{
    const mg_check *c = obj;
    lua_createtable(L, 0, 2);
    mg_render_set_str(L, "name", c->name);
    mg_render_set_str(L, "expr", c->expr);
    mg_render_set_str(L, "comment", c->comment);
}

static void
push_fk(lua_State *L, const void *obj)
{
    const mg_fk *f = obj;
    lua_createtable(L, 0, 8);
    mg_render_set_str(L, "name", f->name);
    mg_render_set_strs(L, "columns", &f->columns);
    mg_render_set_str(L, "ref_table", f->ref_table);
    mg_render_set_strs(L, "ref_columns", &f->ref_columns);
    mg_render_set_str(L, "on_delete", f->on_delete);
    mg_render_set_str(L, "on_update", f->on_update);
    mg_render_set_bool(L, "deferrable", f->deferrable);
    mg_render_set_bool(L, "initially_deferred", f->initially_deferred);
    mg_render_set_str(L, "comment", f->comment);
}

static void
push_index(lua_State *L, const void *obj)
{
    const mg_index *x = obj;
    lua_createtable(L, 0, 9);
    mg_render_set_str(L, "name", x->name);
    mg_render_set_strs(L, "keys", &x->keys);
    mg_render_set_str(L, "expression", x->expression);
    mg_render_set_bool(L, "unique", x->unique);
    mg_render_set_str(L, "method", x->method);
    mg_render_set_strs(L, "opclass", &x->opclass);
    mg_render_set_strs(L, "include", &x->include);
    mg_render_set_str(L, "where", x->where);
    mg_render_set_bool(L, "concurrently", x->concurrently);
    mg_render_set_str(L, "comment", x->comment);
    set_list(L, "with", &x->with, push_check);
}

static void
push_excl(lua_State *L, const void *obj)
{
    const mg_exclusion *x = obj;
    lua_createtable(L, 0, 7);
    mg_render_set_str(L, "name", x->name);
    mg_render_set_str(L, "method", x->method);
    mg_render_set_strs(L, "elements", &x->elements);
    mg_render_set_str(L, "where", x->where);
    mg_render_set_bool(L, "deferrable", x->deferrable);
    mg_render_set_bool(L, "initially_deferred", x->initially_deferred);
    mg_render_set_str(L, "comment", x->comment);
}

static void
push_table(lua_State *L, const void *obj)
{
    const mg_table *t = obj;
    lua_createtable(L, 0, 11);
    mg_render_set_str(L, "name", t->name);
    mg_render_set_str(L, "partition_by", t->partition_by);
    mg_render_set_str(L, "partition_of", t->partition_of);
    mg_render_set_str(L, "bounds", t->bounds);
    set_list(L, "columns", &t->columns, push_column);
    set_obj(L, "pk", t->pk, push_key);
    set_list(L, "uniques", &t->uniques, push_key);
    set_list(L, "checks", &t->checks, push_check);
    set_list(L, "fks", &t->fks, push_fk);
    set_list(L, "indexes", &t->indexes, push_index);
    set_list(L, "exclusions", &t->excls, push_excl);
    mg_render_set_str(L, "comment", t->comment);
    set_list(L, "with", &t->with, push_check);
}

static void
push_enum(lua_State *L, const void *obj)
{
    const mg_enum *e = obj;
    lua_createtable(L, 0, 3);
    mg_render_set_str(L, "name", e->name);
    mg_render_set_strs(L, "values", &e->values);
    mg_render_set_str(L, "comment", e->comment);
}

/* t[key] = n as decimal text (a bigint does not always fit a Lua float). */
static void
set_int(lua_State *L, const char *key, int64_t n)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, n);
    mg_render_set_str(L, key, buf);
}

void
mg_render_push_sequence(lua_State *L, const void *obj)
{
    const mg_sequence *q = obj;
    mg_seq_values v;
    mg_seq_values_of(q, &v);
    lua_createtable(L, 0, 16);
    mg_render_set_str(L, "name", q->name);
    mg_render_set_str(L, "type", q->type);
    mg_render_set_str(L, "increment", q->increment);
    mg_render_set_str(L, "min_value", q->min_value);
    mg_render_set_str(L, "max_value", q->max_value);
    mg_render_set_str(L, "start", q->start);
    mg_render_set_str(L, "cache", q->cache);
    mg_render_set_bool(L, "cycle", q->cycle);
    mg_render_set_str(L, "owned_table", q->owned_table);
    mg_render_set_str(L, "owned_column", q->owned_column);
    mg_render_set_str(L, "comment", q->comment);
    lua_createtable(L, 0, 7); /* every option with PostgreSQL's defaults filled in */
    mg_render_set_str(L, "type", v.type);
    set_int(L, "increment", v.increment);
    set_int(L, "min_value", v.min);
    set_int(L, "max_value", v.max);
    set_int(L, "start", v.start);
    set_int(L, "cache", v.cache);
    mg_render_set_bool(L, "cycle", v.cycle);
    lua_setfield(L, -2, "values");
}

void
mg_render_push_domain(lua_State *L, const void *obj)
{
    const mg_domain *d = obj;
    lua_createtable(L, 0, 8);
    mg_render_set_str(L, "name", d->name);
    mg_render_set_str(L, "type", d->type);
    mg_render_set_bool(L, "not_null", d->not_null);
    mg_render_set_str(L, "default", d->default_expr);
    mg_render_set_str(L, "collation", d->collation);
    set_list(L, "checks", &d->checks, push_check);
    mg_render_set_str(L, "comment", d->comment);
}

static void
push_attr(lua_State *L, const void *obj)
{
    const mg_attr *x = obj;
    lua_createtable(L, 0, 3);
    mg_render_set_str(L, "name", x->name);
    mg_render_set_str(L, "type", x->type);
    mg_render_set_str(L, "collation", x->collation);
}

void
mg_render_push_ctype(lua_State *L, const void *obj)
{
    const mg_ctype *t = obj;
    lua_createtable(L, 0, 3);
    mg_render_set_str(L, "name", t->name);
    set_list(L, "attrs", &t->attrs, push_attr);
    mg_render_set_str(L, "comment", t->comment);
}

void
mg_render_push_func(lua_State *L, const void *obj)
{
    const mg_func *f = obj;
    lua_createtable(L, 0, 17);
    mg_render_set_str(L, "name", f->name);
    mg_render_set_str(L, "proname", f->proname);
    mg_render_set_bool(L, "procedure", f->procedure);
    mg_render_set_str(L, "arguments", f->arguments);
    mg_render_set_str(L, "returns", f->returns);
    mg_render_set_str(L, "language", f->language);
    mg_render_set_str(L, "volatility", f->volatility);
    mg_render_set_bool(L, "strict", f->strict);
    mg_render_set_bool(L, "security_definer", f->security_definer);
    mg_render_set_str(L, "parallel", f->parallel);
    mg_render_set_bool(L, "leakproof", f->leakproof);
    mg_render_set_str(L, "cost", f->cost);
    mg_render_set_str(L, "rows", f->rows);
    set_list(L, "set", &f->set, push_check);
    mg_render_set_str(L, "body", f->body);
    mg_render_set_str(L, "comment", f->comment);
}

void
mg_render_push_trigger(lua_State *L, const void *obj)
{
    const mg_trigger *g = obj;
    lua_createtable(L, 0, 12);
    mg_render_set_str(L, "table", g->table);
    mg_render_set_str(L, "name", g->name);
    mg_render_set_str(L, "timing", g->timing);
    mg_render_set_strs(L, "events", &g->events);
    mg_render_set_strs(L, "update_of", &g->update_of);
    mg_render_set_bool(L, "row", g->row);
    mg_render_set_str(L, "func", g->func);
    mg_render_set_str(L, "args", g->args);
    mg_render_set_str(L, "when", g->when);
    mg_render_set_str(L, "old_table", g->old_table);
    mg_render_set_str(L, "new_table", g->new_table);
    mg_render_set_str(L, "comment", g->comment);
}

void
mg_render_push_view(lua_State *L, const void *obj)
{
    const mg_view *v = obj;
    lua_createtable(L, 0, 9);
    mg_render_set_str(L, "name", v->name);
    mg_render_set_bool(L, "materialized", v->materialized);
    mg_render_set_str(L, "query", v->query);
    mg_render_set_bool(L, "security_barrier", v->security_barrier);
    mg_render_set_str(L, "check_option", v->check_option);
    mg_render_set_bool(L, "security_invoker", v->security_invoker);
    mg_render_set_bool(L, "with_data", v->with_data);
    set_list(L, "indexes", &v->indexes, push_index);
    mg_render_set_str(L, "comment", v->comment);
}

/* MG_LUA_NAMES: the names of the operation's object (the groups are op_desc.h's MG_LUA_*). */
static void
set_op_names(lua_State *L, const mg_op *op)
{
    mg_render_set_str(L, "name", op->name);
    mg_render_set_str(L, "ext_schema", op->ext_schema);
    mg_render_set_str(L, "table", op->table);
    mg_render_set_str(L, "column", op->column);
    mg_render_set_str(L, "from", op->from);
    mg_render_set_str(L, "to", op->to);
}

/* MG_LUA_ENUM: an enum's name, value and neighbours, its values and (a drop's) definition. */
static void
set_op_enum(lua_State *L, const mg_op *op)
{
    mg_render_set_str(L, "enum_name", op->enum_name);
    mg_render_set_str(L, "value", op->value);
    mg_render_set_str(L, "before", op->before);
    mg_render_set_str(L, "after", op->after);
    mg_render_set_strs(L, "values", &op->values);
    set_obj(L, "enum_def", op->enum_def, push_enum);
}

/* MG_LUA_COMMENT: the comment and what set_comment comments. */
static void
set_op_comment(lua_State *L, const mg_op *op)
{
    mg_render_set_str(L, "comment", op->comment);
    mg_render_set_str(L, "index_name", op->index_name);
    mg_render_set_str(L, "constraint", op->constraint);
}

/* MG_LUA_SQL. */
static void
set_op_sql(lua_State *L, const mg_op *op)
{
    mg_render_set_str(L, "sql_up", op->sql_up);
    mg_render_set_str(L, "sql_down", op->sql_down);
}

/* MG_LUA_TABLE. */
static void
set_op_table(lua_State *L, const mg_op *op)
{
    set_obj(L, "table_def", op->table_def, push_table);
}

/* MG_LUA_COLUMN. */
static void
set_op_column(lua_State *L, const mg_op *op)
{
    set_obj(L, "column_def", op->column_def, push_column);
}

/* MG_LUA_ALTER: what alter_column changes. */
static void
set_op_alter(lua_State *L, const mg_op *op)
{
    mg_render_set_bool(L, "has_type", op->has_type);
    mg_render_set_str(L, "type", op->type);
    mg_render_set_str(L, "using_expr", op->using_expr);
    mg_render_set_bool(L, "narrows", op->narrows);
    mg_render_set_bool(L, "nullable_set", op->nullable_set);
    mg_render_set_bool(L, "nullable", op->nullable);
    mg_render_set_bool(L, "default_set", op->default_set);
    mg_render_set_bool(L, "collation_set", op->collation_set);
    mg_render_set_str(L, "collation", op->collation);
    mg_render_set_bool(L, "drop_expression", op->drop_expression);
    mg_render_set_str(L, "default_expr", op->default_expr);
}

/* MG_LUA_CONSTRAINT: a table's key, check, foreign key, index or exclusion constraint. */
static void
set_op_constraint(lua_State *L, const mg_op *op)
{
    set_obj(L, "key", op->key, push_key);
    set_obj(L, "check", op->check, push_check);
    set_obj(L, "fk", op->fk, push_fk);
    set_obj(L, "index", op->index, push_index);
    set_obj(L, "exclusion", op->excl, push_excl);
    mg_render_set_bool(L, "not_valid", op->not_valid);
    mg_render_set_str(L, "using_index", op->using_index);
}

/* MG_LUA_SEQ. */
static void
set_op_seq(lua_State *L, const mg_op *op)
{
    set_obj(L, "seq", op->seq, mg_render_push_sequence);
    set_obj(L, "seq_before", op->seq_before, mg_render_push_sequence);
    mg_render_set_bool(L, "seq_options", op->seq_set & MG_SEQ_OPTIONS);
    mg_render_set_bool(L, "seq_owned", op->seq_set & MG_SEQ_OWNED);
    mg_render_set_bool(L, "seq_comment", op->seq_set & MG_SEQ_COMMENT);
}

/* MG_LUA_DOMAIN. */
static void
set_op_domain(lua_State *L, const mg_op *op)
{
    set_obj(L, "domain", op->domain, mg_render_push_domain);
    set_obj(L, "domain_before", op->domain_before, mg_render_push_domain);
    mg_render_set_bool(L, "dom_nullable", op->dom_set & MG_DOM_NULLABLE);
    mg_render_set_bool(L, "dom_default", op->dom_set & MG_DOM_DEFAULT);
    mg_render_set_bool(L, "dom_checks", op->dom_set & MG_DOM_CHECKS);
    mg_render_set_bool(L, "dom_comment", op->dom_set & MG_DOM_COMMENT);
}

/* MG_LUA_CTYPE. */
static void
set_op_ctype(lua_State *L, const mg_op *op)
{
    set_obj(L, "ctype", op->ctype, mg_render_push_ctype);
    set_obj(L, "ctype_before", op->ctype_before, mg_render_push_ctype);
    mg_render_set_bool(L, "ct_columns", op->ct_set & MG_CT_COLUMNS);
    mg_render_set_bool(L, "ct_comment", op->ct_set & MG_CT_COMMENT);
}

/* MG_LUA_FUNC. */
static void
set_op_func(lua_State *L, const mg_op *op)
{
    set_obj(L, "func", op->func, mg_render_push_func);
    set_obj(L, "func_before", op->func_before, mg_render_push_func);
}

/* MG_LUA_TRIGGER. */
static void
set_op_trigger(lua_State *L, const mg_op *op)
{
    set_obj(L, "trigger", op->trigger, mg_render_push_trigger);
    set_obj(L, "trigger_before", op->trigger_before, mg_render_push_trigger);
}

/* MG_LUA_VIEW. */
static void
set_op_view(lua_State *L, const mg_op *op)
{
    set_obj(L, "view", op->view, mg_render_push_view);
    set_obj(L, "view_before", op->view_before, mg_render_push_view);
    mg_render_set_bool(L, "view_query", op->view_set & MG_VIEW_QUERY);
    mg_render_set_bool(L, "view_options", op->view_set & MG_VIEW_OPTIONS);
    mg_render_set_bool(L, "view_comment", op->view_set & MG_VIEW_COMMENT);
    mg_render_set_bool(L, "view_recreate", op->view_recreate);
}

/* MG_LUA_STORAGE: alter_table and alter_index. */
static void
set_op_storage(lua_State *L, const mg_op *op)
{
    set_list(L, "with_set", &op->with_set, push_check);
    set_list(L, "with_reset", &op->with_reset, push_check);
    set_list(L, "with_before", &op->with_before, push_check);
}

/* Each MG_LUA_* group and the function that sets its fields. */
static const struct {
    unsigned group;
    void (*set)(lua_State *L, const mg_op *op);
} op_groups[] = {
    {MG_LUA_NAMES, set_op_names},     {MG_LUA_ENUM, set_op_enum},
    {MG_LUA_COMMENT, set_op_comment}, {MG_LUA_SQL, set_op_sql},
    {MG_LUA_TABLE, set_op_table},     {MG_LUA_COLUMN, set_op_column},
    {MG_LUA_ALTER, set_op_alter},     {MG_LUA_CONSTRAINT, set_op_constraint},
    {MG_LUA_SEQ, set_op_seq},         {MG_LUA_DOMAIN, set_op_domain},
    {MG_LUA_CTYPE, set_op_ctype},     {MG_LUA_FUNC, set_op_func},
    {MG_LUA_TRIGGER, set_op_trigger}, {MG_LUA_VIEW, set_op_view},
    {MG_LUA_STORAGE, set_op_storage},
};

/* Pushes one operation; loc is "<rel_path>:line:col" (never the path as opened), line and col
 * its numbers (0 without a place). */
static void
push_op(lua_State *L, const mg_op *op, const char *rel_path)
{
    lua_createtable(L, 0, 26);
    lua_pushstring(L, mg_op_kind_name(op->kind));
    lua_setfield(L, -2, "kind");
    if (op->loc.line > 0)
        lua_pushfstring(L, "%s:%d:%d", rel_path, op->loc.line, op->loc.col);
    else
        lua_pushstring(L, rel_path);
    lua_setfield(L, -2, "loc");
    lua_pushinteger(L, op->loc.line > 0 ? op->loc.line : 0);
    lua_setfield(L, -2, "line");
    lua_pushinteger(L, op->loc.line > 0 ? op->loc.col : 0);
    lua_setfield(L, -2, "col");
    if (op->later_names)
        mg_render_set_strs(L, "later_names", op->later_names);
    unsigned groups = mg_op_descs[op->kind].lua; /* the fields its template reads */
    for (size_t i = 0; i < sizeof op_groups / sizeof op_groups[0]; i++)
        if (groups & op_groups[i].group)
            op_groups[i].set(L, op);
}

static void
set_ops(lua_State *L, const char *key, const mg_vec *ops, const char *rel_path)
{
    lua_createtable(L, (int)ops->len, 0);
    for (size_t i = 0; i < ops->len; i++) {
        push_op(L, ops->items[i], rel_path);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, key);
}

/* True when an operation of ops creates an object a later revision renames (revisions.c then
 * holds guards of it). */
static bool
has_later_names(const mg_vec *ops)
{
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        if (op->later_names != NULL && op->later_names->len > 0)
            return true;
    }
    return false;
}

/* Pushes one revision; its checksums when its unit is rendered, its operations when that unit
 * or revisions.c's guard overrides need them (else empty lists). */
static void
push_plan(lua_State *L, mg_arena *a, mg_rev_plan *p, bool unit)
{
    const mg_revision *r = p->rev;
    bool ops = unit || has_later_names(&p->up) || has_later_names(&p->down);
    static const mg_vec none = {0};
    lua_createtable(L, 0, 9);
    mg_render_set_str(L, "id", r->id);
    mg_render_set_str(L, "parent", r->parent);
    mg_render_set_str(L, "message", r->message);
    if (r->rel_path != NULL)
        lua_pushstring(L, r->rel_path);
    else
        lua_pushfstring(L, "revisions/%s.yaml", r->id);
    const char *rel_path = lua_tostring(L, -1);
    lua_setfield(L, -2, "rel_path"); /* the table keeps rel_path alive */
    if (unit) {
        mg_plan_checksums(a, p);
        mg_render_set_str(L, "checksum", p->checksum);
        mg_render_set_str(L, "legacy_checksum", p->legacy_checksum);
    }
    mg_render_set_bool(L, "transactional", p->transactional);
    mg_render_set_bool(L, "reversible", p->reversible);
    set_ops(L, "up", ops ? &p->up : &none, rel_path);
    set_ops(L, "down", ops ? &p->down : &none, rel_path);
}

void
mg_render_push_module(lua_State *L, mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                      const unsigned char *only)
{
    lua_createtable(L, 0, 8);
    mg_render_set_str(L, "name", settings->name);
    mg_render_set_str(L, "schema", settings->schema ? settings->schema : "public");
    mg_render_set_str(L, "version_table",
                      settings->version_table ? settings->version_table : "migc_version");
    mg_render_set_bool(L, "exclusive", settings->exclusive);
    mg_render_set_str(L, "lock_timeout", settings->lock_timeout);
    mg_render_set_str(L, "statement_timeout", settings->statement_timeout);
    mg_render_set_str(L, "lock_retries", settings->lock_retries);
    mg_render_set_str(L, "batch_revisions", settings->batch_revisions);
    mg_render_set_str(L, "batch_seconds", settings->batch_seconds);
    mg_render_set_strs(L, "ignore", &settings->ignore);
    lua_createtable(L, (int)plans->len, 0);
    for (size_t i = 0; i < plans->len; i++) {
        unsigned commit = mg_batch_commit_before(plans, i);
        push_plan(L, a, plans->items[i], only == NULL || only[i]);
        mg_render_set_bool(L, "commit_before_up", commit & MG_COMMIT_BEFORE_UP);
        mg_render_set_bool(L, "commit_before_down", commit & MG_COMMIT_BEFORE_DOWN);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "revisions");
}

void
mg_render_set_pieces(lua_State *L, const char *key, const mg_vec *ops, const mg_vec *names,
                     bool piece_ops)
{
    lua_createtable(L, (int)ops->len, 0);
    for (size_t i = 0; i < ops->len; i++) {
        const char *name = names->items[i];
        lua_createtable(L, 0, 2);
        mg_render_set_str(L, "piece", name);
        if (name == NULL || piece_ops) {
            push_op(L, ops->items[i], "head snapshot");
            lua_setfield(L, -2, "op");
        }
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, key);
}

void
mg_render_push_snapshot(lua_State *L, const mg_snapshot *snapshot, bool piece_ops)
{
    lua_createtable(L, 0, 2);
    mg_render_set_str(L, "blocked", snapshot->blocked);
    mg_render_set_pieces(L, "entries", &snapshot->ops, &snapshot->pieces, piece_ops);
}
