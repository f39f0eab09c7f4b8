/* migc generator: the expected schema of every revision as Lua tables for the templates.
 * Table and enum versions are deduplicated by content, so an unchanged table is written once. */
#include "render_expected.h"

#include <lauxlib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_model.h"
#include "strbuf.h"
#include "strmap.h"

/* A table or enum version where it first appears: replay shares an unchanged object between the
 * states of consecutive revisions, so an address is one version. */
typedef struct item {
    size_t seq;      /* position over all revisions: first appearance wins */
    size_t plan;     /* index of the plan whose state first holds it */
    size_t id;       /* 1-based id of the distinct content, filled by dedupe */
    const void *obj; /* mg_table * or mg_enum * */
    const mg_schema *state;
    const struct item *first; /* the first item of the same content */
    const char *key;          /* canonical content */
    size_t key_len;
    uint64_t hash; /* of key */
} item;

/* Every version of one kind over all revisions, in order of first appearance (by plan, then by
 * name among the versions a plan brings), and where each address is in that list. */
typedef struct versions {
    item *items;
    size_t n;
    mg_ptrmap at; /* address -> index in items */
} versions;

/* Everything one push needs. */
typedef struct push_ctx {
    lua_State *L;
    mg_arena *arena;
    const unsigned char *only; /* the plans whose units are rendered; NULL: all */
} push_ctx;

/* True when plan i's unit is rendered. */
static bool
rendered(const push_ctx *c, size_t i)
{
    return c->only == NULL || c->only[i];
}

/* ---- content keys ---- */

/* Appends n in decimal, then end. */
static void
key_num(mg_sb *b, size_t n, char end)
{
    char digits[24];
    size_t at = sizeof digits;
    digits[--at] = end;
    do
        digits[--at] = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    mg_sb_putn(b, digits + at, sizeof digits - at);
}

/* Appends s with its length (or "-" for NULL), so different field lists never collide. */
static void
key_str(mg_sb *b, const char *s)
{
    if (s == NULL) {
        mg_sb_putn(b, "-;", 2);
        return;
    }
    size_t len = strlen(s);
    key_num(b, len, ':');
    mg_sb_putn(b, s, len);
    mg_sb_putc(b, ';');
}

static void
key_strs(mg_sb *b, const mg_vec *v)
{
    mg_sb_putc(b, '[');
    key_num(b, v->len, ']');
    for (size_t i = 0; i < v->len; i++)
        key_str(b, v->items[i]);
}

/* The referenced columns of fk: as written, else the referenced table's primary key. */
static const mg_vec *
fk_ref_columns(const mg_schema *state, const mg_fk *fk)
{
    static const mg_vec none = {0};
    const mg_table *t;
    if (fk->ref_columns.len > 0)
        return &fk->ref_columns;
    t = mg_schema_table(state, fk->ref_table);
    return t != NULL && t->pk != NULL ? &t->pk->columns : &none;
}

/* Storage parameters as name and value pairs. */
static void
key_with(mg_sb *b, const mg_vec *with)
{
    mg_sb_putn(b, "w[", 2);
    key_num(b, with->len, ']');
    for (size_t i = 0; i < with->len; i++) {
        const mg_check *c = with->items[i];
        key_str(b, c->name);
        key_str(b, c->expr);
    }
}

static void
key_column(mg_sb *b, const mg_column *c)
{
    key_str(b, c->name);
    key_str(b, c->type);
    key_str(b, c->nullable ? "null" : "not null");
    key_str(b, c->default_expr);
    key_str(b, c->identity);
    key_str(b, c->collation);
    key_str(b, c->generated);
    key_str(b, c->comment);
}

static void
key_index(mg_sb *b, const mg_index *x)
{
    key_str(b, x->name);
    key_strs(b, &x->keys);
    key_str(b, x->expression);
    key_str(b, x->unique ? "unique" : "");
    key_str(b, x->method);
    key_strs(b, &x->opclass);
    key_strs(b, &x->include);
    key_str(b, x->where);
    key_str(b, x->comment);
    key_with(b, &x->with);
}

static void
key_fk(mg_sb *b, const mg_schema *state, const mg_fk *f)
{
    key_str(b, f->name);
    key_strs(b, &f->columns);
    key_str(b, f->ref_table);
    key_strs(b, fk_ref_columns(state, f));
    key_str(b, f->on_delete);
    key_str(b, f->on_update);
    key_str(b, f->deferrable ? (f->initially_deferred ? "deferred" : "deferrable") : "");
    key_str(b, f->not_valid ? "not valid" : "");
    key_str(b, f->comment);
}

static void
key_key(mg_sb *b, const mg_key *k)
{
    key_str(b, k->name);
    key_strs(b, &k->columns);
    char flags[4] = {(char)('0' + k->nulls_not_distinct), (char)('0' + k->deferrable),
                     (char)('0' + k->initially_deferred), ';'};
    mg_sb_putn(b, flags, sizeof flags);
    key_str(b, k->comment);
}

/* Appends the canonical content of table t to b. */
static void
table_key(mg_sb *b, const mg_schema *state, const mg_table *t)
{
    key_str(b, t->name);
    key_str(b, t->comment);
    for (size_t i = 0; i < t->columns.len; i++)
        key_column(b, t->columns.items[i]);
    mg_sb_puts(b, "|pk");
    if (t->pk != NULL)
        key_key(b, t->pk);
    mg_sb_puts(b, "|u");
    for (size_t i = 0; i < t->uniques.len; i++)
        key_key(b, t->uniques.items[i]);
    mg_sb_puts(b, "|c");
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *c = t->checks.items[i];
        key_str(b, c->name);
        key_str(b, c->expr);
        key_str(b, c->not_valid ? "not valid" : "");
        key_str(b, c->comment);
    }
    mg_sb_puts(b, "|f");
    for (size_t i = 0; i < t->fks.len; i++)
        key_fk(b, state, t->fks.items[i]);
    mg_sb_puts(b, "|x");
    for (size_t i = 0; i < t->indexes.len; i++)
        key_index(b, t->indexes.items[i]);
    if (t->excls.len > 0) /* only when there are some: the keys of older tables stay */
        mg_sb_puts(b, "|e");
    for (size_t i = 0; i < t->excls.len; i++) {
        const mg_exclusion *x = t->excls.items[i];
        key_str(b, x->name);
        key_str(b, mg_excl_def(b->arena, x));
        key_str(b, x->deferrable ? (x->initially_deferred ? "deferred" : "deferrable") : "");
        key_str(b, x->comment);
    }
    if (t->partition_by != NULL || t->partition_of != NULL) {
        mg_sb_puts(b, "|p");
        key_str(b, t->partition_by);
        key_str(b, t->partition_of);
        key_str(b, t->bounds);
    }
    key_with(b, &t->with);
}

static void
enum_key(mg_sb *b, const mg_enum *e)
{
    key_str(b, e->name);
    key_strs(b, &e->values);
    key_str(b, e->comment);
}

/* ---- sorting and deduplication ---- */

static int
cmp_table_name(const void *x, const void *y)
{
    return strcmp((*(const mg_table *const *)x)->name, (*(const mg_table *const *)y)->name);
}

static int
cmp_enum_name(const void *x, const void *y)
{
    return strcmp((*(const mg_enum *const *)x)->name, (*(const mg_enum *const *)y)->name);
}

static int
cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A sorted copy of a list of pointers. */
static void **
sorted_copy(mg_arena *a, const mg_vec *v, int (*cmp)(const void *, const void *))
{
    void **out = mg_arena_alloc(a, (v->len + 1) * sizeof(void *));
    if (v->len > 0)
        memcpy(out, v->items, v->len * sizeof(void *));
    qsort(out, v->len, sizeof(void *), cmp);
    return out;
}

/* A hash of the len bytes at s, eight at a time. */
static uint64_t
hash_bytes(const char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    memcpy(&tail, s + i, len - i);
    h = (h ^ tail) * 0xC4CEB9FE1A85EC53u;
    return h ^ (h >> 29);
}

/* The canonical content of f in b (emptied first), kept in f with its length and hash. */
static void
set_key(mg_arena *a, mg_sb *b, item *f, bool tables)
{
    b->len = 0;
    if (tables)
        table_key(b, f->state, f->obj);
    else
        enum_key(b, f->obj);
    f->key_len = b->len;
    f->key = mg_arena_strndup(a, b->data != NULL ? b->data : "", b->len);
    f->hash = hash_bytes(f->key, f->key_len);
}

/* Gives equal contents one id, numbered by first appearance (different versions may still hold
 * equal content, e.g. a column added and dropped again). Returns the number of ids. */
static size_t
dedupe(mg_arena *a, versions *v, bool tables)
{
    size_t next = 0, cap = 16;
    while (cap < 2 * v->n)
        cap *= 2;
    size_t *slots = mg_arena_alloc(a, cap * sizeof *slots); /* 1 + index of a first item */
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < v->n; i++) {
        item *f = &v->items[i];
        set_key(a, &b, f, tables);
        size_t s = (size_t)f->hash & (cap - 1);
        const item *same = NULL;
        for (; slots[s] != 0 && same == NULL; s = (s + 1) & (cap - 1)) {
            const item *g = &v->items[slots[s] - 1];
            if (g->hash == f->hash && g->key_len == f->key_len &&
                memcmp(g->key, f->key, f->key_len) == 0)
                same = g;
        }
        if (same != NULL) {
            f->first = same;
            f->id = same->id;
            continue;
        }
        slots[s] = i + 1;
        f->first = f;
        f->id = ++next;
    }
    return next;
}

/* The state of a plan; an empty schema for a plan built without replay (unit tests). */
static const mg_schema *
plan_state(const mg_vec *plans, size_t i)
{
    static const mg_schema empty = {{0}, {0}, {0}, {0}, {0}, {0}, {0}, {0}, {0}};
    const mg_schema *s = ((const mg_rev_plan *)plans->items[i])->state;
    return s != NULL ? s : &empty;
}

/* The tables (or enums) of every state, as versions in order of first appearance. */
static versions
collect(mg_arena *a, const mg_vec *plans, bool tables)
{
    size_t total = 0;
    for (size_t i = 0; i < plans->len; i++) {
        const mg_schema *s = plan_state(plans, i);
        total += tables ? s->tables.len : s->enums.len;
    }
    versions v = {mg_arena_alloc(a, (total + 1) * sizeof(item)), 0, {0}};
    mg_vec fresh = {0};
    for (size_t i = 0; i < plans->len; i++) {
        const mg_schema *s = plan_state(plans, i);
        const mg_vec *list = tables ? &s->tables : &s->enums;
        fresh.len = 0;
        for (size_t j = 0; j < list->len; j++) /* a state holds an address once */
            if (!mg_ptrmap_get(&v.at, list->items[j], NULL))
                mg_vec_push(a, &fresh, list->items[j]);
        if (fresh.len > 1)
            qsort(fresh.items, fresh.len, sizeof(void *), tables ? cmp_table_name : cmp_enum_name);
        for (size_t j = 0; j < fresh.len; j++, v.n++) {
            v.items[v.n] = (item){.seq = v.n, .plan = i, .obj = fresh.items[j], .state = s};
            mg_ptrmap_add(a, &v.at, fresh.items[j], v.n);
        }
    }
    return v;
}

/* ---- Lua tables ---- */

/* Appends the table on top of the stack to the sequence just below it. */
static void
append(lua_State *L)
{
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static void
push_column(lua_State *L, const mg_column *c)
{
    lua_createtable(L, 0, 6);
    mg_render_set_str(L, "name", c->name);
    mg_render_set_str(L, "type", c->type);
    mg_render_set_bool(L, "nullable", c->nullable);
    mg_render_set_str(L, "default_expr", c->default_expr);
    mg_render_set_str(L, "identity", c->identity);
    mg_render_set_str(L, "collation", c->collation);
    mg_render_set_str(L, "generated", c->generated);
    mg_render_set_str(L, "comment", c->comment);
}

/* A primary key ("p"), unique ("u") or check ("c", maybe NOT VALID) constraint. */
static void
push_simple_constraint(lua_State *L, const char *type, const char *name, const mg_vec *cols,
                       const char *expr, bool not_valid, const char *comment)
{
    lua_createtable(L, 0, 6);
    mg_render_set_str(L, "type", type);
    mg_render_set_str(L, "name", name);
    if (cols != NULL)
        mg_render_set_strs(L, "columns", cols);
    mg_render_set_str(L, "expr", expr);
    if (not_valid)
        mg_render_set_bool(L, "not_valid", true);
    mg_render_set_str(L, "comment", comment);
    append(L);
}

/* A primary key ("p") or unique ("u") constraint with its deferral and NULLS NOT DISTINCT. */
static void
push_key_constraint(lua_State *L, const char *type, const mg_key *k)
{
    push_simple_constraint(L, type, k->name, &k->columns, NULL, false, k->comment);
    lua_rawgeti(L, -1, (lua_Integer)lua_rawlen(L, -1));
    if (k->nulls_not_distinct)
        mg_render_set_bool(L, "nulls_not_distinct", true);
    if (k->deferrable)
        mg_render_set_bool(L, "deferrable", true);
    if (k->initially_deferred)
        mg_render_set_bool(L, "initially_deferred", true);
    lua_pop(L, 1);
}

/* An exclusion constraint ("x"): its definition as the templates write it, without the deferral
 * (compared on its own), in the server's normal form at check time. */
static void
push_excl_constraint(lua_State *L, const mg_exclusion *x)
{
    mg_arena a;
    mg_arena_init(&a);
    push_simple_constraint(L, "x", x->name, NULL, mg_excl_def(&a, x), false, x->comment);
    mg_arena_free(&a);
    lua_rawgeti(L, -1, (lua_Integer)lua_rawlen(L, -1));
    if (x->deferrable)
        mg_render_set_bool(L, "deferrable", true);
    if (x->initially_deferred)
        mg_render_set_bool(L, "initially_deferred", true);
    lua_pop(L, 1);
}

static void
push_fk(lua_State *L, const mg_schema *state, const mg_fk *f)
{
    lua_createtable(L, 0, 9);
    mg_render_set_str(L, "type", "f");
    mg_render_set_str(L, "name", f->name);
    mg_render_set_strs(L, "columns", &f->columns);
    mg_render_set_str(L, "ref_table", f->ref_table);
    mg_render_set_strs(L, "ref_columns", fk_ref_columns(state, f));
    mg_render_set_str(L, "on_delete", f->on_delete);
    mg_render_set_str(L, "on_update", f->on_update);
    mg_render_set_bool(L, "deferrable", f->deferrable);
    mg_render_set_bool(L, "initially_deferred", f->initially_deferred);
    if (f->not_valid)
        mg_render_set_bool(L, "not_valid", true);
    mg_render_set_str(L, "comment", f->comment);
    append(L);
}

/* t.constraints: primary key, uniques, checks, foreign keys, exclusion constraints, each in
 * declared order. */
static void
set_constraints(lua_State *L, const mg_schema *state, const mg_table *t)
{
    lua_newtable(L);
    if (t->pk != NULL)
        push_key_constraint(L, "p", t->pk);
    for (size_t i = 0; i < t->uniques.len; i++) {
        const mg_key *k = t->uniques.items[i];
        push_key_constraint(L, "u", k);
    }
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *c = t->checks.items[i];
        push_simple_constraint(L, "c", c->name, NULL, c->expr, c->not_valid, c->comment);
    }
    for (size_t i = 0; i < t->fks.len; i++)
        push_fk(L, state, t->fks.items[i]);
    for (size_t i = 0; i < t->excls.len; i++)
        push_excl_constraint(L, t->excls.items[i]);
    lua_setfield(L, -2, "constraints");
}

/* t.with = "name=value" lines of the storage parameters (as reloptions hold them), or nothing. */
static void
set_with(lua_State *L, const mg_vec *with)
{
    if (with->len == 0)
        return;
    luaL_Buffer buf;
    luaL_buffinit(L, &buf);
    for (size_t i = 0; i < with->len; i++) {
        const mg_check *c = with->items[i];
        if (i > 0)
            luaL_addchar(&buf, '\n');
        luaL_addstring(&buf, c->name);
        luaL_addchar(&buf, '=');
        luaL_addstring(&buf, c->expr);
    }
    luaL_pushresult(&buf);
    lua_setfield(L, -2, "with");
}

static void
push_index(lua_State *L, const mg_index *x)
{
    lua_createtable(L, 0, 8);
    mg_render_set_str(L, "name", x->name);
    mg_render_set_strs(L, "keys", &x->keys);
    mg_render_set_str(L, "expression", x->expression);
    mg_render_set_bool(L, "unique", x->unique);
    mg_render_set_str(L, "method", x->method);
    mg_render_set_strs(L, "opclass", &x->opclass);
    mg_render_set_strs(L, "include", &x->include);
    mg_render_set_str(L, "where", x->where);
    mg_render_set_str(L, "comment", x->comment);
    set_with(L, &x->with);
}

static void
push_table(lua_State *L, const mg_schema *state, const mg_table *t)
{
    lua_createtable(L, 0, 8);
    mg_render_set_str(L, "name", t->name);
    set_with(L, &t->with);
    mg_render_set_str(L, "comment", t->comment);
    mg_render_set_str(L, "partition_by", t->partition_by);
    mg_render_set_str(L, "partition_of", t->partition_of);
    mg_render_set_str(L, "bounds", t->bounds);
    lua_createtable(L, (int)t->columns.len, 0);
    for (size_t i = 0; i < t->columns.len; i++) {
        push_column(L, t->columns.items[i]);
        append(L);
    }
    lua_setfield(L, -2, "columns");
    set_constraints(L, state, t);
    lua_createtable(L, (int)t->indexes.len, 0);
    for (size_t i = 0; i < t->indexes.len; i++) {
        push_index(L, t->indexes.items[i]);
        append(L);
    }
    lua_setfield(L, -2, "indexes");
}

static void
push_enum(lua_State *L, const mg_enum *e)
{
    lua_createtable(L, 0, 3);
    mg_render_set_str(L, "name", e->name);
    mg_render_set_strs(L, "values", &e->values);
    mg_render_set_str(L, "comment", e->comment);
}

/* expected[field] = the distinct contents in id order, false for those first seen in a plan
 * whose unit is not rendered; expected[field_since] = the plan (1-based) of each. */
static void
set_versions(const push_ctx *c, const char *field, const versions *v, bool tables)
{
    lua_State *L = c->L;
    lua_newtable(L);
    lua_newtable(L);
    for (size_t i = 0; i < v->n; i++) {
        const item *it = &v->items[i];
        if (it->id != lua_rawlen(L, -1) + 1)
            continue; /* not the first of its content */
        lua_pushinteger(L, (lua_Integer)it->plan + 1);
        append(L);
        if (!rendered(c, it->plan))
            lua_pushboolean(L, 0);
        else if (tables)
            push_table(L, it->state, it->obj);
        else
            push_enum(L, it->obj);
        lua_rawseti(L, -3, (lua_Integer)it->id);
    }
    char since[32];
    snprintf(since, sizeof since, "%s_since", field);
    lua_setfield(L, -3, since);
    lua_setfield(L, -2, field);
}

/* state[field] = the ids of the tables (or enums) of state s in name order; an empty list when
 * the unit is not rendered. */
static void
set_ids(push_ctx *c, const char *field, const versions *v, const mg_schema *s, bool tables,
        bool wanted)
{
    lua_State *L = c->L;
    const mg_vec *list = tables ? &s->tables : &s->enums;
    lua_createtable(L, wanted ? (int)list->len : 0, 0);
    if (wanted) {
        void **sorted = sorted_copy(c->arena, list, tables ? cmp_table_name : cmp_enum_name);
        for (size_t j = 0; j < list->len; j++) {
            size_t k = 0;
            mg_ptrmap_get(&v->at, sorted[j], &k);
            lua_pushinteger(L, (lua_Integer)v->items[k].id);
            append(L);
        }
    }
    lua_setfield(L, -2, field);
}

/* state.extension_schemas: name -> schema of the extensions declared in a schema of their own. */
static void
set_extension_schemas(lua_State *L, const mg_schema *s)
{
    lua_newtable(L);
    for (size_t j = 0; j < s->extensions.len; j++) {
        const mg_ext *e = s->extensions.items[j];
        if (e->schema != NULL)
            mg_render_set_str(L, e->name, e->schema);
    }
    lua_setfield(L, -2, "extension_schemas");
}

/* Objects whose first member is their name (sequences, domains, composite types, functions
 * keyed by signature, views), by name. */
static int
cmp_named(const void *x, const void *y)
{
    return strcmp(**(const char *const *const *)x, **(const char *const *const *)y);
}

static int
cmp_trigger(const void *x, const void *y)
{
    const mg_trigger *a = *(const mg_trigger *const *)x, *b = *(const mg_trigger *const *)y;
    int c = strcmp(a->table, b->table);
    return c != 0 ? c : strcmp(a->name, b->name);
}

static void
push_sequence(lua_State *L, const void *o)
{
    mg_render_push_sequence(L, o);
}

static void
push_domain(lua_State *L, const void *o)
{
    mg_render_push_domain(L, o);
}

static void
push_ctype(lua_State *L, const void *o)
{
    mg_render_push_ctype(L, o);
}

static void
push_func(lua_State *L, const void *o)
{
    mg_render_push_func(L, o);
}

static void
push_trigger(lua_State *L, const void *o)
{
    mg_render_push_trigger(L, o);
}

static void
push_view(lua_State *L, const void *o)
{
    mg_render_push_view(L, o);
}

/* A kind a state lists in sorted order: state.<field> holds the objects of the schema's vector
 * at offset, sorted by cmp, each pushed by push (expected.lua writes each version once). */
typedef struct sorted_kind {
    const char *field;
    size_t offset; /* of the mg_vec in mg_schema */
    int (*cmp)(const void *, const void *);
    void (*push)(lua_State *L, const void *obj);
} sorted_kind;

static const sorted_kind sorted_kinds[] = {
    {"sequences", offsetof(mg_schema, sequences), cmp_named, push_sequence},
    {"domains", offsetof(mg_schema, domains), cmp_named, push_domain},
    {"ctypes", offsetof(mg_schema, types), cmp_named, push_ctype},
    {"funcs", offsetof(mg_schema, funcs), cmp_named, push_func}, /* in key order */
    {"triggers", offsetof(mg_schema, triggers), cmp_trigger, push_trigger},
    {"views", offsetof(mg_schema, views), cmp_named, push_view}, /* and materialized views */
};

/* state.<field> of each sorted kind of s. */
static void
set_sorted_kinds(push_ctx *c, const mg_schema *s)
{
    for (size_t k = 0; k < sizeof sorted_kinds / sizeof *sorted_kinds; k++) {
        const sorted_kind *kind = &sorted_kinds[k];
        const mg_vec *v = (const mg_vec *)((const char *)s + kind->offset);
        void **sorted = sorted_copy(c->arena, v, kind->cmp);
        lua_createtable(c->L, (int)v->len, 0);
        for (size_t j = 0; j < v->len; j++) {
            kind->push(c->L, sorted[j]);
            append(c->L);
        }
        lua_setfield(c->L, -2, kind->field);
    }
}

/* expected.states: per revision the table ids, enum ids, sorted extension names (and the schemas
 * of those declared in one) and the other kinds. */
static void
set_states(push_ctx *c, const mg_vec *plans, const versions *tables, const versions *enums)
{
    lua_State *L = c->L;
    lua_createtable(L, (int)plans->len, 0);
    for (size_t i = 0; i < plans->len; i++) {
        const mg_schema *s = plan_state(plans, i);
        mg_vec names = {0};
        for (size_t j = 0; j < s->extensions.len; j++)
            mg_vec_push(c->arena, &names, (void *)((const mg_ext *)s->extensions.items[j])->name);
        if (names.len > 1)
            qsort(names.items, names.len, sizeof(void *), cmp_str);
        if (!rendered(c, i))
            names.len = 0;
        lua_createtable(L, 0, 8);
        set_ids(c, "tables", tables, s, true, rendered(c, i));
        set_ids(c, "enums", enums, s, false, rendered(c, i));
        mg_render_set_strs(L, "extensions", &names);
        set_extension_schemas(L, s);
        set_sorted_kinds(c, s);
        append(L);
    }
    lua_setfield(L, -2, "states");
}

void
mg_render_push_expected(lua_State *L, mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                        const unsigned char *only)
{
    push_ctx c = {L, a, only};
    versions tables = collect(a, plans, true), enums = collect(a, plans, false);
    dedupe(a, &tables, true);
    dedupe(a, &enums, false);
    lua_createtable(L, 0, 4);
    set_versions(&c, "tables", &tables, true);
    set_versions(&c, "enums", &enums, false);
    set_states(&c, plans, &tables, &enums);
    mg_vec ext = {0};
    for (size_t i = 0; i < settings->external_types.len; i++)
        mg_vec_push(a, &ext, settings->external_types.items[i]);
    if (ext.len > 1)
        qsort(ext.items, ext.len, sizeof(void *), cmp_str);
    mg_render_set_strs(L, "external_types", &ext);
    lua_setfield(L, -2, "expected");
}
