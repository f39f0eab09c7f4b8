/* migc generator: C spelling and SQL quoting helpers exposed to the templates (renderer-internal).
 * String literals and comments that C and a reader cannot misread. */
#ifndef MIGC_RENDER_CSTR_H
#define MIGC_RENDER_CSTR_H

#include <lauxlib.h>
#include <lua.h>
#include <stddef.h>

/* "head <literals>tail" as migc.c_init lays it out (text NULL: "head NULLtail"). The strings
 * are borrowed; limit is the line width. */
typedef struct mg_cinit {
    const char *head, *text, *tail, *indent;
    size_t hlen, len, tlen, ilen, limit;
} mg_cinit;

/* Appends the layout of in to b. */
void mg_cstr_add_init(luaL_Buffer *b, const mg_cinit *in);
/* The width of that layout when it is one line, else 0. */
size_t mg_cstr_init_width(const mg_cinit *in);

/* Sets qi, ql, c_string, c_pieces, c_init and c_comment in the table on top of the stack. May
 * raise. */
void mg_render_cstr_register(lua_State *L);

#endif
