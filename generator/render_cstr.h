/* migc generator: C spelling helpers exposed to the templates (renderer-internal).
 * String literals and comments that C and a reader cannot misread. */
#ifndef MIGC_RENDER_CSTR_H
#define MIGC_RENDER_CSTR_H

#include <lua.h>

/* Sets c_string, c_pieces, c_init and c_comment in the table on top of the stack. May raise. */
void mg_render_cstr_register(lua_State *L);

#endif
