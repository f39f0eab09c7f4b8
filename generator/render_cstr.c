/* migc generator: C spelling and SQL quoting helpers exposed to the templates.
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

/* Adds s[from..to) to b as one quoted literal. */
static void
add_literal(luaL_Buffer *b, const char *s, size_t from, size_t to)
{
    luaL_addchar(b, '"');
    for (size_t i = from; i < to; i++) {
        char esc[4];
        luaL_addlstring(b, esc, escape_byte((unsigned char)s[i], '"', esc));
    }
    luaL_addchar(b, '"');
}

/* Called with each piece s[from..to) and its width in columns, quotes included. */
typedef void piece_fn(void *user, const char *s, size_t from, size_t to, size_t width);

/* Cuts s into adjacent C literals of at most max columns each (quotes included), as one would
 * lay them out by hand: a piece ends after every newline, and a line too wide is cut after its
 * last space that fits, else where it must. An empty s is one empty piece. */
static void
each_piece(const char *s, size_t len, size_t max, piece_fn *fn, void *user)
{
    size_t from = 0, width = 2, space = 0;
    char esc[4];
    for (size_t i = 0; i < len; i++) {
        size_t n = escape_byte((unsigned char)s[i], '"', esc);
        if (width + n > max && i > from) {
            size_t cut = space > from ? space : i, cut_width = 2;
            for (size_t k = from; k < cut; k++)
                cut_width += escape_byte((unsigned char)s[k], '"', esc);
            fn(user, s, from, cut, cut_width);
            width -= cut_width - 2;
            from = cut, space = 0;
        }
        width += n;
        if (s[i] == ' ')
            space = i + 1;
        if (s[i] == '\n' || i + 1 == len) {
            fn(user, s, from, i + 1, width);
            from = i + 1, space = 0, width = 2;
        }
    }
    if (len == 0)
        fn(user, s, 0, 0, 2);
}

/* piece_fn of c_pieces: appends the piece as a literal to the table on top of the stack. */
static void
push_piece(void *user, const char *s, size_t from, size_t to, size_t width)
{
    lua_State *L = user;
    luaL_Buffer b;
    (void)width;
    luaL_buffinit(L, &b);
    add_literal(&b, s, from, to);
    luaL_pushresult(&b);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

/* migc.c_pieces(s, width) -> { literal, ... }: s as adjacent C literals of at most width
 * columns each (each_piece). */
static int
l_c_pieces(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    size_t max = (size_t)luaL_checkinteger(L, 2);
    lua_newtable(L);
    each_piece(s, len, max, push_piece, L);
    return 1;
}

/* Whether every piece fits on a line from column col, the last one followed by tail. */
typedef struct fit {
    size_t col, tail, limit, last;
    bool ok;
} fit;

static void
check_fit(void *user, const char *s, size_t from, size_t to, size_t width)
{
    fit *f = user;
    (void)s, (void)from, (void)to;
    if (f->last > 0 && f->col + f->last > f->limit)
        f->ok = false;
    f->last = width;
}

/* Lays the pieces out: the first after what b holds, each next on a line of its own after sep
 * (or, when sep is NULL, after spaces blanks). */
typedef struct layout {
    luaL_Buffer *b;
    const char *sep;
    size_t sep_len, spaces;
    bool first;
} layout;

static void
add_piece(void *user, const char *s, size_t from, size_t to, size_t width)
{
    layout *l = user;
    (void)width;
    if (!l->first) {
        luaL_addchar(l->b, '\n');
        if (l->sep != NULL)
            luaL_addlstring(l->b, l->sep, l->sep_len);
        for (size_t i = 0; l->sep == NULL && i < l->spaces; i++)
            luaL_addchar(l->b, ' ');
    }
    l->first = false;
    add_literal(l->b, s, from, to);
}

/* The choice c_init makes for in: whether the literals fit aligned after "= ", how many pieces
 * there are and the width of the last one. */
typedef struct init_shape {
    size_t max; /* the widest a piece may be */
    fit f;
    bool aligned;
} init_shape;

static void
count_piece(void *user, const char *s, size_t from, size_t to, size_t width)
{
    size_t *n = user;
    (void)s, (void)from, (void)to, (void)width;
    (*n)++;
}

static init_shape
shape_of(const mg_cinit *in)
{
    init_shape sh;
    sh.max = in->limit > in->ilen + in->tlen + 8 ? in->limit - in->ilen - in->tlen : 8;
    sh.f = (fit){in->hlen + 1, in->tlen, in->limit, 0, true};
    if (in->text != NULL)
        each_piece(in->text, in->len, sh.max, check_fit, &sh.f);
    sh.aligned = sh.f.ok && sh.f.col + sh.f.last + sh.f.tail <= in->limit;
    return sh;
}

void
mg_cstr_add_init(luaL_Buffer *b, const mg_cinit *in)
{
    luaL_addlstring(b, in->head, in->hlen);
    if (in->text == NULL) {
        luaL_addstring(b, " NULL");
    } else {
        init_shape sh = shape_of(in);
        luaL_addchar(b, sh.aligned ? ' ' : '\n');
        if (!sh.aligned)
            luaL_addlstring(b, in->indent, in->ilen);
        layout l = {b, sh.aligned ? NULL : in->indent, in->ilen, in->hlen + 1, true};
        each_piece(in->text, in->len, sh.max, add_piece, &l);
    }
    luaL_addlstring(b, in->tail, in->tlen);
}

size_t
mg_cstr_init_width(const mg_cinit *in)
{
    if (memchr(in->head, '\n', in->hlen) != NULL || memchr(in->tail, '\n', in->tlen) != NULL)
        return 0;
    if (in->text == NULL)
        return in->hlen + 5 + in->tlen;
    init_shape sh = shape_of(in);
    size_t pieces = 0;
    if (sh.aligned)
        each_piece(in->text, in->len, sh.max, count_piece, &pieces);
    return pieces == 1 ? in->hlen + 1 + sh.f.last + in->tlen : 0;
}

/* migc.c_init(head, text, tail, indent, limit) -> "head <literals>tail" (head ends in "="):
 * text as literals (each_piece, at most limit - #indent - #tail columns) aligned after "= "
 * when they all fit within limit there, as clang-format prefers, else on the next lines at
 * indent; text nil gives "head NULLtail". */
static int
l_c_init(lua_State *L)
{
    mg_cinit in;
    in.head = luaL_checklstring(L, 1, &in.hlen);
    in.text = luaL_optlstring(L, 2, NULL, &in.len);
    in.tail = luaL_checklstring(L, 3, &in.tlen);
    in.indent = luaL_checklstring(L, 4, &in.ilen);
    in.limit = (size_t)luaL_checkinteger(L, 5);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    mg_cstr_add_init(&b, &in);
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

/* Pushes s between two q characters, each q inside doubled. */
static void
push_quoted(lua_State *L, const char *s, size_t len, char q)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addchar(&b, q);
    for (const char *p = s, *end = s + len; p < end;) {
        const char *hit = memchr(p, q, (size_t)(end - p));
        size_t run = hit != NULL ? (size_t)(hit - p) + 1 : (size_t)(end - p);
        luaL_addlstring(&b, p, run);
        if (hit != NULL)
            luaL_addchar(&b, q);
        p += run;
    }
    luaL_addchar(&b, q);
    luaL_pushresult(&b);
}

/* migc.qi(name) -> name as a quoted SQL identifier: always in double quotes, embedded ones
 * doubled. */
static int
l_qi(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    push_quoted(L, s, len, '"');
    return 1;
}

/* migc.ql(s) -> s as a quoted SQL literal: standard_conforming_strings is on, so doubling ' is
 * all it takes. */
static int
l_ql(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    push_quoted(L, s, len, '\'');
    return 1;
}

static const luaL_Reg cstr_funcs[] = {
    {"qi", l_qi},
    {"ql", l_ql},
    {"c_string", l_c_string},
    {"c_pieces", l_c_pieces},
    {"c_init", l_c_init},
    {"c_comment", l_c_comment},
    {NULL, NULL},
};

void
mg_render_cstr_register(lua_State *L)
{
    luaL_setfuncs(L, cstr_funcs, 0);
}
