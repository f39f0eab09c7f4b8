/* migc tests: the renderer's C layout helpers (migc.c_braced, c_struct, c_array, c_init) and
 * the pool allocator of its Lua state. Expected texts are what clang-format (the repo's
 * .clang-format) leaves unchanged. */
#include "lua_pool.h"
#include "render_cstr.h"
#include "render_layout.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "unit_check.h"

/* A Lua state on a pool with the global table migc holding the helpers. */
static lua_State *
new_state(mg_lua_pool *pool)
{
    mg_lua_pool_init(pool);
    lua_State *L = lua_newstate(mg_lua_pool_alloc, pool);
    if (L == NULL)
        return NULL;
    luaL_openlibs(L);
    lua_newtable(L);
    mg_render_cstr_register(L);
    mg_render_layout_register(L);
    lua_setglobal(L, "migc");
    return L;
}

/* Runs chunk (which returns a string) and compares the result with want. */
static void
check_chunk(check_ctx *c, lua_State *L, const char *chunk, const char *want)
{
    if (luaL_dostring(L, chunk) != LUA_OK) {
        fprintf(stderr, "chunk failed: %s\n", lua_tostring(L, -1));
        CHECK(c, false);
    } else {
        CHECK_STR(c, lua_tostring(L, -1), want);
    }
    lua_settop(L, 0);
}

static void
test_quote(check_ctx *c, lua_State *L)
{
    check_chunk(c, L, "return migc.qi('users')", "\"users\"");
    check_chunk(c, L, "return migc.qi('a\"b\"')", "\"a\"\"b\"\"\"");
    check_chunk(c, L, "return migc.qi('')", "\"\"");
    check_chunk(c, L, "return migc.ql(\"it's 'x'\")", "'it''s ''x'''");
    check_chunk(c, L, "return tostring(#migc.ql('a\\0b'))", "5"); /* a NUL byte is kept */
}

static void
test_braced(check_ctx *c, lua_State *L)
{
    check_chunk(c, L,
                "return migc.c_braced('    ', {{'name', 'id'}, {'nullable', raw = '1'}}, ',')",
                "    {.name = \"id\", .nullable = 1},");
    check_chunk(c, L, "return migc.c_braced('    ', {}, ',')", "    {},");
    check_chunk(c, L,
                "return migc.c_braced('    ', {{'name', 'created_at'}, {'type', 'timestamp with "
                "time zone'}, {'default_expr', 'now()'}, {'comment', nil}}, ',')",
                "    {.name = \"created_at\",\n"
                "     .type = \"timestamp with time zone\",\n"
                "     .default_expr = \"now()\",\n"
                "     .comment = NULL},");
    /* a text too long for its line: the literals aligned after "= " */
    check_chunk(c, L,
                "return migc.c_braced('    ', {{'label', 'x'}, {'sql', string.rep('abc ', 30)}}, "
                "',')",
                "    {.label = \"x\",\n"
                "     .sql = \"abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc abc "
                "abc abc abc abc \"\n"
                "            \"abc abc abc abc abc abc abc abc abc \"},");
}

static void
test_struct(check_ctx *c, lua_State *L)
{
    check_chunk(c, L, "return migc.c_struct('const migc_snapshot s =', {})",
                "const migc_snapshot s = {0};");
    check_chunk(c, L,
                "return migc.c_struct('const migc_snapshot s =', {{'steps', raw = 'steps'}, "
                "{'n_steps', raw = '2'}})",
                "const migc_snapshot s = {.steps = steps, .n_steps = 2};");
    check_chunk(c, L,
                "return migc.c_struct('const migc_expected_table migc_x_m_t1 =', {{'name', "
                "'accounts'}, {'columns', raw = 'x_t1_columns'}, {'n_columns', raw = '12'}, "
                "{'comment', 'the accounts'}})",
                "const migc_expected_table migc_x_m_t1 = {\n"
                "    .name = \"accounts\",\n"
                "    .columns = x_t1_columns,\n"
                "    .n_columns = 12,\n"
                "    .comment = \"the accounts\",\n"
                "};");
    /* a head longer than a line: the name goes to the next one */
    check_chunk(c, L,
                "return migc.c_struct('const ' .. string.rep('t', 60) .. ' ' .. string.rep('n', "
                "40) .. ' =', {{'a', raw = string.rep('x', 40)}, {'b', raw = string.rep('y', "
                "40)}})",
                "const tttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt\n"
                "    nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn = {\n"
                "        .a = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx,\n"
                "        .b = yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy,\n"
                "};");
    if (luaL_dostring(L, "return migc.c_struct(string.rep('t', 120), {{'a', raw = '1'}})") ==
        LUA_OK)
        CHECK(c, false); /* no name to move: an error, not a guess */
    else
        CHECK(c, strstr(lua_tostring(L, -1), "no name") != NULL);
    lua_settop(L, 0);
}

static void
test_array(check_ctx *c, lua_State *L)
{
    check_chunk(c, L, "return migc.c_array('static const int a[] = ', {'1', '2', '3'})",
                "static const int a[] = {1, 2, 3};");
    check_chunk(c, L, "return migc.c_array('static const int a[] = ', {})",
                "static const int a[] = {};");
    /* clang-format's columns: short items of even width share lines */
    check_chunk(c, L,
                "local t = {} for i = 1, 30 do t[i] = string.format('%q', 'item' .. i % 10) end "
                "return migc.c_array('static const char *const a[] = ', t)",
                "static const char *const a[] = {\n"
                "    \"item1\", \"item2\", \"item3\", \"item4\", \"item5\", \"item6\", \"item7\", "
                "\"item8\", \"item9\", \"item0\",\n"
                "    \"item1\", \"item2\", \"item3\", \"item4\", \"item5\", \"item6\", \"item7\", "
                "\"item8\", \"item9\", \"item0\",\n"
                "    \"item1\", \"item2\", \"item3\", \"item4\", \"item5\", \"item6\", \"item7\", "
                "\"item8\", \"item9\", \"item0\",\n"
                "};");
    /* a multi-line item keeps one item a line */
    check_chunk(c, L,
                "return migc.c_array('static const migc_step s[] = ', {'{.a = 1,\\n     .b = 2}', "
                "'{.a = 3}', '{.a = 4}', '{.a = 5}', '{.a = 6}'})",
                "static const migc_step s[] = {\n"
                "    {.a = 1,\n"
                "     .b = 2},\n"
                "    {.a = 3},\n"
                "    {.a = 4},\n"
                "    {.a = 5},\n"
                "    {.a = 6},\n"
                "};");
}

/* Strings and tables made, grown, shrunk and dropped through every size class and past it: the
 * same result on the pool as on the C library's allocator. */
static const char churn[] = "local keep, sum = {}, 0 "
                            "for i = 1, 20000 do "
                            "  local s = string.rep('x', i % 600) .. i "
                            "  local t = {} for k = 1, i % 40 do t[k] = s end "
                            "  if i % 7 == 0 then keep[#keep + 1] = table.concat(t, ',') end "
                            "  if i % 1000 == 0 then collectgarbage() end "
                            "end "
                            "for _, s in ipairs(keep) do sum = sum + #s end "
                            "return tostring(#keep) .. ' ' .. tostring(sum)";

static void
test_pool(check_ctx *c, lua_State *L)
{
    lua_State *ref = luaL_newstate();
    CHECK(c, ref != NULL);
    if (ref == NULL)
        return;
    luaL_openlibs(ref);
    CHECK(c, luaL_dostring(ref, churn) == LUA_OK);
    check_chunk(c, L, churn, lua_tostring(ref, -1));
    CHECK(c, strcmp(lua_tostring(ref, -1), "2857 17255930") == 0);
    lua_close(ref);
}

int
main(void)
{
    check_ctx c = {0};
    mg_lua_pool pool;
    lua_State *L = new_state(&pool);
    CHECK(&c, L != NULL);
    if (L != NULL) {
        test_quote(&c, L);
        test_braced(&c, L);
        test_struct(&c, L);
        test_array(&c, L);
        test_pool(&c, L);
        lua_close(L);
    }
    mg_lua_pool_release(&pool);
    return check_summary(&c);
}
