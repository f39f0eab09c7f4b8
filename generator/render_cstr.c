/* migc generator: C spelling helpers exposed to the templates.
 * Every byte C or a reader could misread is escaped; results are built in luaL_Buffers. */
#include "render_cstr.h"

#include <lauxlib.h>
#include <stdbool.h>
#include <string.h>

#define SOFT_WIDTH 88  /* a literal line may break after a space from here on */
#define HARD_WIDTH 120 /* and breaks anywhere (between escapes) from here on */

/* Writes the C spelling of byte c inside quotes of kind quote; returns its length (<= 4). */
static size_t
escape_byte(unsigned char c, char quote, char out[4])
{
    const char *simple = NULL;
    if (c == '\n')
        simple = "\\n";
    else if (c == '\t')
        simple = "\\t";
    else if (c == '\\')
        simple = "\\\\";
    else if (c == '?') /* no ?? trigraph can ever form */
        simple = "\\?";
    if (simple != NULL) {
        memcpy(out, simple, 2);
        return 2;
    }
    if (c == (unsigned char)quote) {
        out[0] = '\\';
        out[1] = quote;
        return 2;
    }
    if (c < 0x20 || c >= 0x7f) { /* always three octal digits: a next digit cannot extend it */
        out[0] = '\\';
        out[1] = (char)('0' + (c >> 6));
        out[2] = (char)('0' + ((c >> 3) & 7));
        out[3] = (char)('0' + (c & 7));
        return 4;
    }
    out[0] = (char)c;
    return 1;
}

/* True when a literal whose current line is width characters wide breaks after byte c. */
static bool
breaks_after(unsigned char c, size_t width)
{
    return c == '\n' || (c == ' ' && width >= SOFT_WIDTH) || width >= HARD_WIDTH;
}

/* migc.c_string(s [, indent]) -> C string literal; nil gives NULL. A literal is split into
 * adjacent literals after each newline and on long lines; continuation lines start with indent. */
static int
l_c_string(lua_State *L)
{
    if (lua_isnoneornil(L, 1)) {
        lua_pushliteral(L, "NULL");
        return 1;
    }
    size_t len, ilen;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *indent = luaL_optlstring(L, 2, "    ", &ilen);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '"');
    size_t width = 1;
    for (size_t i = 0; i < len; i++) {
        char esc[4];
        size_t n = escape_byte((unsigned char)s[i], '"', esc);
        luaL_addlstring(&b, esc, n);
        width += n;
        if (i + 1 < len && breaks_after((unsigned char)s[i], width)) {
            luaL_addstring(&b, "\"\n");
            luaL_addlstring(&b, indent, ilen);
            luaL_addchar(&b, '"');
            width = 1;
        }
    }
    luaL_addchar(&b, '"');
    luaL_pushresult(&b);
    return 1;
}

/* migc.c_comment(s) -> s made safe inside a one-line C comment: line breaks become spaces, and a
 * space separates the halves of every star-slash, slash-star and "??" (trigraph) pair. */
static int
l_c_comment(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        luaL_addchar(&b, (c == '\n' || c == '\r') ? ' ' : c);
        char next = i + 1 < len ? s[i + 1] : '\0';
        if ((c == '*' && next == '/') || (c == '/' && next == '*') || (c == '?' && next == '?'))
            luaL_addchar(&b, ' ');
    }
    luaL_pushresult(&b);
    return 1;
}

static const luaL_Reg cstr_funcs[] = {
    {"c_string", l_c_string},
    {"c_comment", l_c_comment},
    {NULL, NULL},
};

void
mg_render_cstr_register(lua_State *L)
{
    luaL_setfuncs(L, cstr_funcs, 0);
}
