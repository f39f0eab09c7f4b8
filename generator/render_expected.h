/* migc generator: the expected schema of every revision as Lua tables (renderer-internal).
 * Distinct table and enum versions once each; per revision the ids in force, sorted by name. */
#ifndef MIGC_RENDER_EXPECTED_H
#define MIGC_RENDER_EXPECTED_H

#include <lua.h>

#include "model.h"
#include "plan.h"

/* Sets field "expected" of the table on top of the stack:
 *   tables = { table versions: name, comment, columns, constraints (type p/u/c/f), indexes }
 *   enums = { enum versions: name, values }
 *   states = { per plan: tables = {ids}, enums = {ids}, extensions = {names} }
 *   external_types = { names }
 * Ids are 1-based positions in tables/enums; every list is sorted by name (strcmp). Uses each
 * plan's state. Scratch memory comes from arena a. May raise a Lua error: call under lua_pcall. */
void mg_render_push_expected(lua_State *L, mg_arena *a, const mg_settings *settings,
                             const mg_vec *plans);

#endif
