/* migc generator: rendering operations into C through the Lua templates.
 * Owns the Lua state: template sources, one protected call, and errors as diagnostics. */
#include "render.h"

#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#include "lua_pool.h"
#include "render_cstr.h"
#include "render_expected.h"
#include "render_layout.h"
#include "render_model.h"
#include "sha256.h"
#include "snapshot.h"
#include "templates.h"

#define N_TEMPLATES (MG_OP_COUNT + 5)

/* One render: what it reads, the template sources and what it renders. Lives on
 * mg_render_module's stack. */
typedef struct render_ctx {
    mg_arena *arena;
    const mg_settings *settings;
    const mg_vec *plans;
    const unsigned char *only; /* only[i] != 0: render unit i; NULL: every unit */
    mg_snapshot_job *snapshot; /* built while the units render */
    /* load order: lib.lua, ops/..., unit, expected, revisions, snapshot */
    mg_template sources[N_TEMPLATES];
    mg_vec out; /* the rendered files (mg_file *), in mg_render_module's order */
} render_ctx;

/* Names every template that must exist, in load order. */
static void
template_names(mg_arena *a, const char *names[N_TEMPLATES])
{
    names[0] = "lib.lua";
    for (int k = 0; k < MG_OP_COUNT; k++)
        names[1 + k] = mg_arena_printf(a, "ops/%s.lua", mg_op_kind_name((mg_op_kind)k));
    names[MG_OP_COUNT + 1] = "unit.lua";
    names[MG_OP_COUNT + 2] = "expected.lua";
    names[MG_OP_COUNT + 3] = "revisions.lua";
    names[MG_OP_COUNT + 4] = "snapshot.lua";
}

static const mg_template *
find_builtin(const char *name)
{
    for (const mg_template *t = mg_builtin_templates; t->name != NULL; t++)
        if (strcmp(t->name, name) == 0)
            return t;
    return NULL;
}

/* Reads dir/name whole into arena memory. */
static int
read_template(mg_arena *a, const char *dir, mg_template *out, mg_diag *d)
{
    const char *path = mg_arena_printf(a, "%s/%s", dir, out->name);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            mg_diag_fail(d, "template %s is missing from %s", out->name, dir);
        else
            mg_diag_fail(d, "cannot open template %s: %s", path, strerror(errno));
        return -1;
    }
    long size = -1;
    if (fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    char *text =
        size >= 0 && fseek(f, 0, SEEK_SET) == 0 ? mg_arena_alloc(a, (size_t)size + 1) : NULL;
    if (text == NULL || fread(text, 1, (size_t)size, f) != (size_t)size || ferror(f)) {
        mg_diag_fail(d, "cannot read template %s", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    out->text = text;
    out->len = (size_t)size;
    return 0;
}

/* Fills ctx->sources from templates_dir, or from the built-in table when it is NULL. */
static int
gather_sources(render_ctx *ctx, const char *templates_dir, mg_diag *d)
{
    const char *names[N_TEMPLATES];
    template_names(ctx->arena, names);
    for (int i = 0; i < N_TEMPLATES; i++) {
        mg_template *t = &ctx->sources[i];
        t->name = names[i];
        if (templates_dir != NULL) {
            if (read_template(ctx->arena, templates_dir, t, d) != 0)
                return -1;
            continue;
        }
        const mg_template *b = find_builtin(names[i]);
        if (b == NULL) {
            mg_diag_fail(d, "built-in template %s is missing", names[i]);
            return -1;
        }
        *t = *b;
    }
    return 0;
}

/* Message handler: names the template that raised (file:line) and appends a traceback. */
static int
traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL)
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    lua_Debug ar;
    for (int level = 1; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "Sl", &ar);
        if (ar.source[0] != '@' || ar.currentline <= 0)
            continue;
        const char *file = ar.source + 1;
        size_t n = strlen(file);
        if (strncmp(msg, file, n) != 0 || msg[n] != ':')
            msg = lua_pushfstring(L, "%s:%d: %s", file, ar.currentline, msg);
        break;
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Opens the standard libraries templates may use: no io, os, package or file loading, and no
 * random numbers, so output depends on the inputs only. */
static void
open_libs(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base},        {LUA_TABLIBNAME, luaopen_table},
        {LUA_STRLIBNAME, luaopen_string}, {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {NULL, NULL},
    };
    for (const luaL_Reg *l = libs; l->name != NULL; l++) {
        luaL_requiref(L, l->name, l->func, 1);
        lua_pop(L, 1);
    }
    static const char *const removed[][2] = {
        {LUA_GNAME, "dofile"},
        {LUA_GNAME, "loadfile"},
        {LUA_MATHLIBNAME, "random"},
        {LUA_MATHLIBNAME, "randomseed"},
    };
    for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++) {
        lua_getglobal(L, removed[i][0]);
        lua_pushnil(L);
        lua_setfield(L, -2, removed[i][1]);
        lua_pop(L, 1);
    }
}

/* Compiles template t into the table of chunks at index chunks. Chunk names are
 * "@templates/<name>" whatever directory the text came from, so messages are the same anywhere. */
static void
compile_template(lua_State *L, int chunks, const mg_template *t)
{
    const char *chunk = lua_pushfstring(L, "@templates/%s", t->name);
    if (luaL_loadbufferx(L, t->text, t->len, chunk, "t") != LUA_OK)
        lua_error(L);
    lua_setfield(L, chunks, t->name);
    lua_pop(L, 1);
}

/* migc.template(name) -> the value the template's chunk returns, run once and cached.
 * Upvalue 1: cache (name -> value; false while running), upvalue 2: compiled chunks, upvalue 3:
 * the render_ctx, whose sources a template not compiled yet is compiled from. */
static int
l_template(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    if (lua_getfield(L, 2, name) != LUA_TNIL) {
        if (!lua_toboolean(L, 3))
            return luaL_error(L, "template %s requires itself", name);
        return 1;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TFUNCTION) {
        const render_ctx *ctx = lua_touserdata(L, lua_upvalueindex(3));
        lua_pop(L, 1);
        for (int i = 0; i < N_TEMPLATES; i++) {
            if (strcmp(ctx->sources[i].name, name) == 0) {
                compile_template(L, lua_upvalueindex(2), &ctx->sources[i]);
                break;
            }
        }
        if (lua_getfield(L, lua_upvalueindex(2), name) != LUA_TFUNCTION)
            return luaL_error(L, "unknown template %s", name);
    }
    lua_pushboolean(L, 0);
    lua_setfield(L, 2, name);
    lua_call(L, 0, 1);
    if (!lua_toboolean(L, 3))
        return luaL_error(L, "template %s returned no value", name);
    lua_pushvalue(L, 3);
    lua_setfield(L, 2, name);
    return 1;
}

/* migc.digest(s) -> the hex SHA-256 of s: what a template keeps of a long text it only compares. */
static int
l_digest(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    mg_sha256 h;
    char hex[65];
    mg_sha256_init(&h);
    mg_sha256_update(&h, s, len);
    mg_sha256_final_hex(&h, hex);
    lua_pushlstring(L, hex, 64);
    return 1;
}

/* Sets the global table migc: the C helpers and template(). A render of every unit (generate,
 * check) compiles and runs every template at once, so that a broken one fails there even when no
 * operation uses it; a render of a few units (diff) compiles only the templates it calls. */
static void
setup_migc(lua_State *L, const render_ctx *ctx)
{
    lua_createtable(L, 0, 4);
    mg_render_cstr_register(L);
    mg_render_layout_register(L);
    lua_newtable(L);
    lua_createtable(L, 0, N_TEMPLATES);
    lua_pushlightuserdata(L, (void *)ctx);
    lua_pushcclosure(L, l_template, 3);
    lua_setfield(L, -2, "template");
    lua_pushcfunction(L, l_digest);
    lua_setfield(L, -2, "digest");
    lua_setglobal(L, "migc");
    for (int i = 0; ctx->only == NULL && i < N_TEMPLATES; i++) {
        lua_getglobal(L, "migc");
        lua_getfield(L, -1, "template");
        lua_pushstring(L, ctx->sources[i].name);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
}

/* Calls template tname's function with the values at stack indexes arg1 and arg2 (0: none) and
 * returns its string result as the generated file fname (allocated in a). */
static mg_file *
render_file(lua_State *L, mg_arena *a, const char *tname, int arg1, int arg2, const char *fname)
{
    lua_getglobal(L, "migc");
    lua_getfield(L, -1, "template");
    lua_pushstring(L, tname);
    lua_call(L, 1, 1);
    if (!lua_isfunction(L, -1))
        luaL_error(L, "template %s must return a function", tname);
    lua_pushvalue(L, arg1);
    if (arg2 != 0)
        lua_pushvalue(L, arg2);
    lua_call(L, arg2 != 0 ? 2 : 1, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "template %s must render a string, not %s", tname, luaL_typename(L, -1));
    mg_file *f = mg_arena_alloc(a, sizeof(*f));
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    f->name = mg_arena_strdup(a, fname);
    f->data = mg_arena_strndup(a, text, len);
    f->len = len;
    lua_pop(L, 2);
    return f;
}

/* Renders the selected units; module is the stack index of the module table. */
static void
render_units(lua_State *L, render_ctx *ctx, int module)
{
    lua_getfield(L, module, "revisions");
    for (size_t i = 0; i < ctx->plans->len; i++) {
        const mg_rev_plan *p = ctx->plans->items[i];
        if (ctx->only != NULL && !ctx->only[i])
            continue;
        lua_rawgeti(L, module + 1, (lua_Integer)i + 1);
        mg_vec ops, names;
        mg_snapshot_unit_pieces(ctx->arena, ctx->plans, i, &ops, &names);
        mg_render_set_pieces(L, "snapshot_pieces", &ops, &names, true);
        mg_vec_push(ctx->arena, &ctx->out,
                    render_file(L, ctx->arena, "unit.lua", lua_gettop(L), module,
                                mg_arena_printf(ctx->arena, "%s.c", p->rev->id)));
        lua_pushnil(L); /* the pieces' operations are garbage once their unit is written */
        lua_setfield(L, -2, "snapshot_pieces");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The protected body: argument 1 is the render_ctx. */
static int
run(lua_State *L)
{
    render_ctx *ctx = lua_touserdata(L, 1);
    open_libs(L);
    setup_migc(L, ctx);
    mg_render_push_module(L, ctx->arena, ctx->settings, ctx->plans, ctx->only);
    int module = lua_gettop(L);
    mg_render_push_expected(L, ctx->arena, ctx->settings, ctx->plans, ctx->only);
    render_units(L, ctx, module);
    mg_vec_push(ctx->arena, &ctx->out,
                render_file(L, ctx->arena, "revisions.lua", module, 0, "revisions.c"));
    const mg_snapshot *snapshot = mg_snapshot_wait(ctx->snapshot);
    if (snapshot == NULL)
        return 0; /* mg_render_module reports it */
    mg_render_push_snapshot(L, snapshot, ctx->only == NULL);
    mg_vec_push(ctx->arena, &ctx->out,
                render_file(L, ctx->arena, "snapshot.lua", module, lua_gettop(L), "snapshot.c"));
    return 0;
}

/* A Lua error outside any protected call: say so; Lua then aborts. */
static int
panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "migc: Lua panic: %s\n", msg ? msg : "(no message)");
    return 0;
}

/* Renders in a fresh Lua state under the one protected call; -1 with d filled on failure. */
static int
run_lua(render_ctx *ctx, mg_diag *d)
{
    mg_lua_pool pool;
    mg_lua_pool_init(&pool);
    lua_State *L = lua_newstate(mg_lua_pool_alloc, &pool);
    if (L == NULL) {
        mg_lua_pool_release(&pool);
        mg_diag_fail(d, "cannot create a Lua state (out of memory)");
        return -1;
    }
    lua_atpanic(L, panic);
    /* the collector's pause: rendering every unit (generate, check), a short one keeps the peak
     * memory down; rendering a few (diff), a long one spends less time collecting in a state
     * that lives for one render */
    lua_gc(L, LUA_GCINC, ctx->only == NULL ? 150 : 400, 0, 0);
    lua_pushcfunction(L, traceback);
    lua_pushcfunction(L, run);
    lua_pushlightuserdata(L, ctx);
    int rc = lua_pcall(L, 1, 0, 1) == LUA_OK ? 0 : -1;
    if (rc != 0) {
        const char *msg = lua_tostring(L, -1);
        mg_diag_fail(d, "template error: %s", msg ? msg : "(no message)");
    }
    lua_close(L);
    mg_lua_pool_release(&pool);
    return rc;
}

int
mg_render_module(mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                 const unsigned char *only, const char *templates_dir, mg_vec *files, mg_diag *d)
{
    mg_snapshot_job snapshot;
    render_ctx ctx = {
        .arena = a, .settings = settings, .plans = plans, .only = only, .snapshot = &snapshot};
    mg_diag own; /* the render's, reported when the snapshot builds (it used to come first) */
    mg_diag_init(&own, a);
    mg_snapshot_start(&snapshot, settings, plans);
    int rc = gather_sources(&ctx, templates_dir, &own) == 0 ? run_lua(&ctx, &own) : -1;
    if (mg_snapshot_finish(&snapshot, a, d) != 0)
        return -1;
    mg_diag_append(d, &own);
    if (rc != 0)
        return -1;
    for (size_t i = 0; i < ctx.out.len; i++)
        mg_vec_push(a, files, ctx.out.items[i]);
    return 0;
}
