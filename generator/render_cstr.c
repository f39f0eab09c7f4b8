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

/* Appends to the table on top of the stack the piece s[from..to) as one quoted literal. */
static void
push_piece(lua_State *L, const char *s, size_t from, size_t to)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, '"');
    for (size_t i = from; i < to; i++) {
        char esc[4];
        luaL_addlstring(&b, esc, escape_byte((unsigned char)s[i], '"', esc));
    }
    luaL_addchar(&b, '"');
    luaL_pushresult(&b);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

/* migc.c_pieces(s, width) -> { literal, ... }: s as adjacent C literals of at most width
 * columns each (quotes included), as one would lay them out by hand: a piece ends after every
 * newline, and a line too wide is cut after its last space that fits, else where it must. */
static int
l_c_pieces(lua_State *L)
{
    size_t len, from = 0, width = 2, space = 0;
    const char *s = luaL_checklstring(L, 1, &len);
    size_t max = (size_t)luaL_checkinteger(L, 2);
    lua_newtable(L);
    for (size_t i = 0; i < len; i++) {
        char esc[4];
        size_t n = escape_byte((unsigned char)s[i], '"', esc);
        if (width + n > max && i > from) {
            size_t cut = space > from ? space : i;
            push_piece(L, s, from, cut);
            from = cut, space = 0, width = 2;
            for (size_t k = from; k < i; k++)
                width += escape_byte((unsigned char)s[k], '"', esc);
        }
        width += n;
        if (s[i] == ' ')
            space = i + 1;
        if (s[i] == '\n' || i + 1 == len) {
            push_piece(L, s, from, i + 1);
            from = i + 1, space = 0, width = 2;
        }
    }
    if (len == 0)
        push_piece(L, s, 0, 0);
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
    {"c_pieces", l_c_pieces},
    {"c_comment", l_c_comment},
    {NULL, NULL},
};

void
mg_render_cstr_register(lua_State *L)
{
    luaL_setfuncs(L, cstr_funcs, 0);
}
