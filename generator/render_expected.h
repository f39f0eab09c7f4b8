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
 *   tables_since, enums_since = { per version: the 1-based plan where it first appears }
 *   states = { per plan: tables = {ids}, enums = {ids}, extensions = {names}, sequences,
 *              domains, ctypes }
 *   external_types = { names }
 * Ids are 1-based positions in tables/enums; every list is sorted by name (strcmp). Uses each
 * plan's state. Only the units only selects (NULL: all) are rendered, so the versions first seen
 * in other plans are false and other plans' tables, enums and extensions empty lists (sequences,
 * domains and composite types are pushed for every plan: their versions are found in Lua).
 * Scratch memory comes from arena a. May raise a Lua error: call under lua_pcall. */
void mg_render_push_expected(lua_State *L, mg_arena *a, const mg_settings *settings,
                             const mg_vec *plans, const unsigned char *only);

#endif
