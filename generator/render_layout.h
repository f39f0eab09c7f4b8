/* migc generator: braced initialisers in clang-format's layout, for the templates
 * (renderer-internal): migc.members, c_braced, c_struct and c_array. */
#ifndef MIGC_RENDER_LAYOUT_H
#define MIGC_RENDER_LAYOUT_H

#include <lua.h>

/* Sets members, c_braced, c_struct and c_array in the table on top of the stack. May raise. */
void mg_render_layout_register(lua_State *L);

#endif
