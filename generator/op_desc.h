/* migc generator: the descriptor of each operation kind, made from the rows of op_kinds.h.
 * Loading, the revision writer, the canonical form, replay, hazards and the hand-off to Lua
 * dispatch through mg_op_descs[kind]; each module defines the hooks the rows name (their types
 * stay private to it) and includes this header, so that a hook's definition is checked against
 * its declaration here. Generator-internal. */
#ifndef MIGC_OP_DESC_H
#define MIGC_OP_DESC_H

#include "model.h"

struct mg_sb;
struct mg_replay;
struct mg_ld_spec;
struct mg_ck_form;
struct mg_hz_row;

/* Writes op's keys after its "  - kind:" up to the end of its entry (emit_ops.c). */
typedef void mg_op_writer(struct mg_sb *b, const mg_op *op);
/* Applies op to r->state, completes filled from it and builds *reverse (replay.h). */
typedef int mg_op_replayer(struct mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse);

/* The field groups of mg_op that render_model.c hands to Lua; kind, loc, line, col and
 * later_names always go. A group holds every field its kinds' templates read, directly or
 * through lib.lua. */
enum {
    MG_LUA_NAMES = 1 << 0,      /* name, ext_schema, table, column, from, to */
    MG_LUA_ENUM = 1 << 1,       /* enum_name, value, before, after, values, enum_def */
    MG_LUA_COMMENT = 1 << 2,    /* comment, index_name, constraint */
    MG_LUA_SQL = 1 << 3,        /* sql_up, sql_down */
    MG_LUA_TABLE = 1 << 4,      /* table_def */
    MG_LUA_COLUMN = 1 << 5,     /* column_def */
    MG_LUA_ALTER = 1 << 6,      /* alter_column: type, using, nullable, default, collation */
    MG_LUA_CONSTRAINT = 1 << 7, /* key, check, fk, index, exclusion, not_valid, using_index */
    MG_LUA_SEQ = 1 << 8,        /* seq, seq_before and the seq_set bits */
    MG_LUA_DOMAIN = 1 << 9,     /* domain, domain_before and the dom_set bits */
    MG_LUA_CTYPE = 1 << 10,     /* ctype, ctype_before and the ct_set bits */
    MG_LUA_FUNC = 1 << 11,      /* func, func_before */
    MG_LUA_TRIGGER = 1 << 12,   /* trigger, trigger_before */
    MG_LUA_VIEW = 1 << 13,      /* view, view_before, the view_set bits, view_recreate */
    MG_LUA_STORAGE = 1 << 14    /* with_set, with_reset, with_before */
};

/* One operation kind: a row of op_kinds.h. */
typedef struct mg_op_desc {
    const char *name;
    const struct mg_ld_spec *load;
    mg_op_writer *write;
    const struct mg_ck_form *form;
    mg_op_replayer *replay;
    const struct mg_hz_row *hazard;
    unsigned lua; /* MG_LUA_* bits */
} mg_op_desc;

/* Indexed by mg_op_kind (op_kinds.c). */
extern const mg_op_desc mg_op_descs[MG_OP_COUNT];

/* The hooks every row names (a hook shared by several kinds is declared again, harmlessly). */
#define MG_OP_DECLARE_HOOKS(id, name, load, write, form, replay, hazard, lua)                      \
    extern const struct mg_ld_spec load;                                                           \
    mg_op_writer write;                                                                            \
    extern const struct mg_ck_form form;                                                           \
    mg_op_replayer replay;                                                                         \
    extern const struct mg_hz_row hazard;
MG_OP_KINDS(MG_OP_DECLARE_HOOKS)
#undef MG_OP_DECLARE_HOOKS

#endif
