/* migc generator: braced initialisers laid out as clang-format (the repo's .clang-format, 100
 * columns) lays them out, for the templates: generated files pass the format check unchanged.
 * The layouts are measured before they are built, and built in one luaL_Buffer each. */
#include "render_layout.h"

#include "render_cstr.h"

#include <lauxlib.h>
#include <stdbool.h>
#include <string.h>

#define LIMIT 100
#define MAX_COLS (LIMIT / 3)

static const char spaces[] = "                                                                "
                             "                                                                ";

/* One designated member: ".name = text" (a string literal, or NULL) or ".name = raw". */
typedef struct member {
    const char *name, *text, *raw;
    size_t name_len, len, raw_len;
} member;

/* The string at the top of the stack (nil: NULL) and its length; raises on anything else. */
static const char *
opt_string(lua_State *L, const char *what, size_t *len)
{
    *len = 0;
    if (lua_isnil(L, -1))
        return NULL;
    if (lua_type(L, -1) != LUA_TSTRING)
        luaL_error(L, "layout: a member's %s must be a string", what);
    return lua_tolstring(L, -1, len);
}

/* Reads the members table at index idx ({ name, text } or { name, raw = C }) into an array of
 * userdata left on the stack; the strings stay owned by the table. */
static member *
read_members(lua_State *L, int idx, size_t *n)
{
    *n = (size_t)lua_rawlen(L, idx);
    member *ms = lua_newuserdatauv(L, (*n ? *n : 1) * sizeof(*ms), 0);
    for (size_t i = 0; i < *n; i++) {
        member *m = &ms[i];
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        luaL_checktype(L, -1, LUA_TTABLE);
        lua_rawgeti(L, -1, 1);
        m->name = opt_string(L, "name", &m->name_len);
        lua_rawgeti(L, -2, 2);
        m->text = opt_string(L, "text", &m->len);
        lua_getfield(L, -3, "raw");
        m->raw = opt_string(L, "raw", &m->raw_len);
        if (m->name == NULL)
            luaL_error(L, "layout: member %d has no name", (int)i + 1);
        lua_pop(L, 4);
    }
    return ms;
}

/* The c_init of member m after head (which ends in "="), continuation lines indented four
 * columns past the head's first "." (the member's column). */
static mg_cinit
member_init(const member *m, const char *head, size_t hlen, const char *tail, size_t tlen)
{
    const char *dot = memchr(head, '.', hlen);
    size_t at = dot != NULL ? (size_t)(dot - head) : hlen;
    size_t ilen = at + 4 < sizeof(spaces) ? at + 4 : sizeof(spaces) - 1;
    return (mg_cinit){.head = head,
                      .hlen = hlen,
                      .text = m->text,
                      .len = m->len,
                      .tail = tail,
                      .tlen = tlen,
                      .indent = spaces,
                      .ilen = ilen,
                      .limit = LIMIT};
}

/* ".name =" into buf (at least name_len + 4 bytes); returns its length. */
static size_t
member_head(const member *m, char *buf)
{
    buf[0] = '.';
    memcpy(buf + 1, m->name, m->name_len);
    memcpy(buf + 1 + m->name_len, " =", 2);
    return m->name_len + 3;
}

/* Appends prefix ".name = value" tail. */
static void
add_member(luaL_Buffer *b, const member *m, const char *prefix, size_t plen, const char *tail,
           size_t tlen)
{
    char head[LIMIT * 2 + 8];
    if (plen + m->name_len + 4 > sizeof(head))
        luaL_error(b->L, "member %s: name too long for a layout", m->name);
    memcpy(head, prefix, plen);
    size_t hlen = plen + member_head(m, head + plen);
    if (m->raw != NULL) {
        luaL_addlstring(b, head, hlen);
        luaL_addchar(b, ' ');
        luaL_addlstring(b, m->raw, m->raw_len);
        luaL_addlstring(b, tail, tlen);
        return;
    }
    mg_cinit in = member_init(m, head, hlen, tail, tlen);
    mg_cstr_add_init(b, &in);
}

/* The width of "{.a = x, .b = y}" when every member fits on one line, else 0. */
static size_t
flat_width(const member *ms, size_t n)
{
    size_t w = 2 + (n > 0 ? 2 * (n - 1) : 0);
    for (size_t i = 0; i < n; i++) {
        const member *m = &ms[i];
        char head[LIMIT * 2 + 8];
        if (m->name_len + 4 > sizeof(head))
            return 0;
        size_t hlen = member_head(m, head);
        if (m->raw != NULL) {
            if (memchr(m->raw, '\n', m->raw_len) != NULL)
                return 0;
            w += hlen + 1 + m->raw_len;
            continue;
        }
        if (m->text != NULL && m->len + 2 + hlen + 1 > LIMIT)
            return 0; /* a literal is at least its text and two quotes */
        mg_cinit in = member_init(m, head, hlen, "", 0);
        size_t mw = mg_cstr_init_width(&in);
        if (mw == 0)
            return 0;
        w += mw;
    }
    return w;
}

/* Appends the one-line form indent{...}tail (flat_width said it fits). */
static void
add_flat(luaL_Buffer *b, const char *indent, size_t ilen, const member *ms, size_t n,
         const char *tail, size_t tlen)
{
    luaL_addlstring(b, indent, ilen);
    luaL_addchar(b, '{');
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            luaL_addstring(b, ", ");
        add_member(b, &ms[i], "", 0, "", 0);
    }
    luaL_addchar(b, '}');
    luaL_addlstring(b, tail, tlen);
}

/* Whether indent{...}tail fits on one line. */
static bool
fits_flat(const char *indent, size_t ilen, const member *ms, size_t n, const char *tail,
          size_t tlen)
{
    if (memchr(indent, '\n', ilen) != NULL || memchr(tail, '\n', tlen) != NULL)
        return false;
    size_t w = flat_width(ms, n);
    return w > 0 && ilen + w + tlen <= LIMIT;
}

/* migc.c_braced(indent, members, tail): a braced designated initialiser at indent (spaces)
 * followed by tail: on one line when it fits, else one member a line, the first after "{" and
 * the others one column further. */
static int
l_c_braced(lua_State *L)
{
    size_t ilen, tlen, n;
    const char *indent = luaL_checklstring(L, 1, &ilen);
    luaL_checktype(L, 2, LUA_TTABLE);
    const char *tail = luaL_checklstring(L, 3, &tlen);
    if (ilen + 2 > LIMIT * 2)
        return luaL_error(L, "c_braced: indentation too deep");
    member *ms = read_members(L, 2, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (fits_flat(indent, ilen, ms, n, tail, tlen)) {
        add_flat(&b, indent, ilen, ms, n, tail, tlen);
    } else {
        char prefix[LIMIT * 2 + 2];
        memcpy(prefix, indent, ilen);
        for (size_t i = 0; i < n; i++) {
            prefix[ilen] = i == 0 ? '{' : ' ';
            if (i > 0)
                luaL_addchar(&b, '\n');
            if (i + 1 < n) {
                add_member(&b, &ms[i], prefix, ilen + 1, ",", 1);
                continue;
            }
            char last[LIMIT * 2 + 2];
            if (tlen + 1 > sizeof(last))
                return luaL_error(L, "c_braced: tail too long");
            last[0] = '}';
            memcpy(last + 1, tail, tlen);
            add_member(&b, &ms[i], prefix, ilen + 1, last, tlen + 1);
        }
    }
    luaL_pushresult(&b);
    return 1;
}

/* The length of the "name =" at the end of head ("<ctype> name ="), or 0 when there is none. */
static size_t
trailing_name(const char *head, size_t hlen)
{
    if (hlen < 4 || memcmp(head + hlen - 2, " =", 2) != 0)
        return 0;
    size_t i = hlen - 2;
    while (i > 0 && (head[i - 1] == '_' || (head[i - 1] >= '0' && head[i - 1] <= '9') ||
                     ((head[i - 1] | 0x20) >= 'a' && (head[i - 1] | 0x20) <= 'z')))
        i--;
    if (i == hlen - 2 || i == 0 || head[i - 1] != ' ')
        return 0;
    return hlen - i;
}

/* migc.c_struct(head, members): a top-level definition "head = {...};" (head ends in "="): on
 * one line when it fits, else one member a line at indent 4 with a trailing comma. A head too
 * long for "{" puts the name (or only "{") on the next line and the members one level further. */
static int
l_c_struct(lua_State *L)
{
    size_t hlen, n;
    const char *head = luaL_checklstring(L, 1, &hlen);
    luaL_checktype(L, 2, LUA_TTABLE);
    member *ms = read_members(L, 2, &n);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (n == 0) {
        luaL_addlstring(&b, head, hlen);
        luaL_addstring(&b, " {0};");
    } else if (hlen < LIMIT && fits_flat(head, hlen + 1, ms, n, ";", 1)) {
        luaL_addlstring(&b, head, hlen);
        add_flat(&b, " ", 1, ms, n, ";", 1);
    } else {
        const char *indent = "    ";
        if (hlen > LIMIT) {
            size_t name = trailing_name(head, hlen);
            if (name == 0)
                return luaL_error(L, "c_struct: no name at the end of %s", head);
            luaL_addlstring(&b, head, hlen - name - 1);
            luaL_addstring(&b, "\n    ");
            luaL_addlstring(&b, head + hlen - name, name);
            luaL_addstring(&b, " {");
            indent = "        ";
        } else if (hlen + 2 > LIMIT) {
            luaL_addlstring(&b, head, hlen);
            luaL_addstring(&b, "\n    {");
            indent = "        ";
        } else {
            luaL_addlstring(&b, head, hlen);
            luaL_addstring(&b, " {");
        }
        for (size_t i = 0; i < n; i++) {
            luaL_addchar(&b, '\n');
            add_member(&b, &ms[i], indent, strlen(indent), ",", 1);
        }
        luaL_addstring(&b, "\n};");
    }
    luaL_pushresult(&b);
    return 1;
}

/* One candidate of columns_for. */
typedef struct col_format {
    size_t cols, lines, total;
} col_format;

/* Tries cols columns over the lengths; false when the items do not reach the last column. */
static bool
try_columns(const size_t *lengths, size_t n, size_t cols, col_format *f, bool *spread)
{
    size_t sizes[MAX_COLS] = {0}, mins[MAX_COLS];
    size_t lines = 1, col = 0;
    bool full = false;
    for (size_t c = 0; c < cols; c++)
        mins[c] = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (col == cols)
            lines++, col = 0;
        if (col == cols - 1)
            full = true;
        if (lengths[i] > sizes[col])
            sizes[col] = lengths[i];
        if (lengths[i] < mins[col])
            mins[col] = lengths[i];
        col++;
    }
    if (!full)
        return false;
    size_t total = cols - 1;
    *spread = false;
    for (size_t c = 0; c < cols; c++) {
        total += sizes[c];
        *spread = *spread || (c + 1 < cols && sizes[c] - mins[c] > 10);
    }
    *f = (col_format){cols, lines, total};
    return true;
}

/* clang-format's column layout of a braced list with a trailing comma (CommaSeparatedList):
 * the number of columns for items of these lengths ("item," each). */
static size_t
columns_for(const size_t *lengths, size_t n, bool multiline)
{
    if (n < 5 || multiline)
        return 1;
    size_t shortest = (size_t)-1;
    for (size_t i = 0; i < n; i++)
        if (lengths[i] < shortest)
            shortest = lengths[i];
    col_format formats[MAX_COLS];
    size_t n_formats = 0;
    for (size_t cols = 1; cols <= MAX_COLS; cols++) {
        if (cols > 1 && cols * (shortest + 1) - 1 > LIMIT)
            break; /* no column is narrower than the shortest item: wider layouts cannot fit */
        col_format f;
        bool spread;
        if (!try_columns(lengths, n, cols, &f, &spread))
            break;
        if (!spread && (f.total <= LIMIT || cols == 1))
            formats[n_formats++] = f;
    }
    const col_format *chosen = NULL;
    for (size_t i = n_formats; i-- > 0;) {
        const col_format *f = &formats[i];
        if (f->total <= LIMIT - 4 || f->cols == 1) {
            if (chosen != NULL && f->lines > chosen->lines)
                break;
            chosen = f;
        }
    }
    return chosen != NULL ? chosen->cols : 1;
}

/* migc.c_array(head, items): "head{a, b, c};" (head ends in "= ") when it fits, else the items
 * after "{" with a trailing comma, laid out in clang-format's columns. Items are C text;
 * multi-line ones are allowed. */
static int
l_c_array(lua_State *L)
{
    size_t hlen;
    const char *head = luaL_checklstring(L, 1, &hlen);
    luaL_checktype(L, 2, LUA_TTABLE);
    size_t n = (size_t)lua_rawlen(L, 2);
    const char **items = lua_newuserdatauv(L, (n ? n : 1) * (sizeof(char *) + sizeof(size_t)), 0);
    size_t *lengths = (size_t *)(items + n);
    size_t one = hlen + 3 + (n > 0 ? 2 * (n - 1) : 0);
    bool multiline = false;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, 2, (lua_Integer)i + 1);
        items[i] = luaL_checklstring(L, -1, &lengths[i]);
        lua_pop(L, 1);
        one += lengths[i];
        multiline = multiline || memchr(items[i], '\n', lengths[i]) != NULL;
        lengths[i]++; /* "item," */
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addlstring(&b, head, hlen);
    luaL_addchar(&b, '{');
    if (one <= LIMIT && !multiline && memchr(head, '\n', hlen) == NULL) {
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                luaL_addstring(&b, ", ");
            luaL_addlstring(&b, items[i], lengths[i] - 1);
        }
        luaL_addstring(&b, "};");
        luaL_pushresult(&b);
        return 1;
    }
    size_t cols = columns_for(lengths, n, multiline);
    size_t sizes[MAX_COLS] = {0};
    for (size_t i = 0; i < n; i++)
        if (lengths[i] > sizes[i % cols])
            sizes[i % cols] = lengths[i];
    for (size_t i = 0; i < n; i++) {
        size_t c = i % cols;
        luaL_addstring(&b, c == 0 ? "\n    " : " ");
        luaL_addlstring(&b, items[i], lengths[i] - 1);
        luaL_addchar(&b, ',');
        if (c + 1 < cols && i + 1 < n)
            for (size_t k = lengths[i]; k < sizes[c]; k++)
                luaL_addchar(&b, ' ');
    }
    luaL_addstring(&b, "\n};");
    luaL_pushresult(&b);
    return 1;
}

/* Whether member table m (at the top of the stack) says something: a text, or a raw value
 * other than nil, "0" and "NULL". */
static bool
member_given(lua_State *L)
{
    lua_getfield(L, -1, "raw");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_rawgeti(L, -1, 2);
        bool given = !lua_isnil(L, -1);
        lua_pop(L, 1);
        return given;
    }
    bool given = true;
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *raw = lua_tolstring(L, -1, &len);
        given = !((len == 1 && raw[0] == '0') || (len == 4 && memcmp(raw, "NULL", 4) == 0));
    }
    lua_pop(L, 1);
    return given;
}

/* migc.members(m1, m2, ...) -> { mi, ... }: the members that say something (member_given), in
 * order, up to the first nil argument: the NULL and 0 members of a designated initialiser are
 * left out. */
static int
l_members(lua_State *L)
{
    int n = lua_gettop(L);
    lua_createtable(L, n, 0);
    lua_Integer kept = 0;
    for (int i = 1; i <= n && !lua_isnil(L, i); i++) {
        luaL_checktype(L, i, LUA_TTABLE);
        lua_pushvalue(L, i);
        if (member_given(L))
            lua_rawseti(L, n + 1, ++kept);
        else
            lua_pop(L, 1);
    }
    return 1;
}

static const luaL_Reg layout_funcs[] = {
    {"members", l_members},
    {"c_braced", l_c_braced},
    {"c_struct", l_c_struct},
    {"c_array", l_c_array},
    {NULL, NULL},
};

void
mg_render_layout_register(lua_State *L)
{
    luaL_setfuncs(L, layout_funcs, 0);
}
