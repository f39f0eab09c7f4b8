/* migc generator: the model as Lua tables for the templates (renderer-internal).
 * Fields keep their model.h names; lists are sequences in model order. */
#ifndef MIGC_RENDER_MODEL_H
#define MIGC_RENDER_MODEL_H

#include <lua.h>

#include "model.h"
#include "plan.h"
#include "snapshot.h"

/* Setters for the table on top of the stack. t[key] = value; nothing when value is NULL. */
void mg_render_set_str(lua_State *L, const char *key, const char *value);
void mg_render_set_bool(lua_State *L, const char *key, bool value);
/* t[key] = sequence of strings; a NULL item becomes false so the sequence has no hole. */
void mg_render_set_strs(lua_State *L, const char *key, const mg_vec *v);

/* Pushes the module table: its settings
 * (name, schema, version_table, exclusive, lock_timeout, statement_timeout) and revisions
 * (one table per plan: id, parent, message, rel_path, checksum, transactional,
 * reversible, up, down). Checksums (computed here, scratch memory from a) come only for the
 * units only selects (NULL: all), and operations only for those units and for revisions whose
 * objects later revisions rename. May raise a Lua error (out of memory): call under lua_pcall. */
/* Pushes sequence obj (const mg_sequence *): its fields as given (nil for a default), and values,
 * every option with PostgreSQL's defaults filled in (numbers as decimal text). */
void mg_render_push_sequence(lua_State *L, const void *obj);
/* Pushes domain obj (const mg_domain *): name, type, not_null, default, collation, checks (name,
 * expr), comment. */
void mg_render_push_domain(lua_State *L, const void *obj);
/* Pushes composite type obj (const mg_ctype *): name, attrs (name, type, collation), comment. */
void mg_render_push_ctype(lua_State *L, const void *obj);
/* Pushes view obj (const mg_view *): name, materialized, query, security_barrier, check_option,
 * security_invoker, with_data, indexes, comment. */
void mg_render_push_view(lua_State *L, const void *obj);
/* Pushes function obj (const mg_func *): name (the key), proname, procedure, arguments, returns,
 * language, volatility, strict, security_definer, parallel, leakproof, cost, rows, set (name,
 * expr), body, comment. */
void mg_render_push_func(lua_State *L, const void *obj);
/* Pushes trigger obj (const mg_trigger *): table, name, timing, events, update_of, row, func,
 * args, when, old_table, new_table, comment. */
void mg_render_push_trigger(lua_State *L, const void *obj);
void mg_render_push_module(lua_State *L, mg_arena *a, const mg_settings *settings,
                           const mg_vec *plans, const unsigned char *only);

/* t[key] = one entry per operation of ops: { piece = names[i] (nil when NULL), op = ops[i] } (loc
 * "head snapshot"), the op left out of a named piece unless piece_ops. May raise. */
void mg_render_set_pieces(lua_State *L, const char *key, const mg_vec *ops, const mg_vec *names,
                          bool piece_ops);
/* Pushes the head snapshot table: entries (mg_render_set_pieces of its operations and piece
 * names; piece_ops when the units of the pieces are rendered too, to compare) and blocked (why
 * there is none). May raise a Lua error, like mg_render_push_module. */
void mg_render_push_snapshot(lua_State *L, const mg_snapshot *snapshot, bool piece_ops);

#endif
