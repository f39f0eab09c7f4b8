/* migc generator: replay of the function operations (SPEC §3.1 `functions:`).
 * create, drop, alter (the whole new definition) and rename, each reversed: a downgrade restores
 * the definition the state held before. */
#include "replay.h"

#include <string.h>

static int
create_function(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_func *w = op->func;
    if (mg_schema_func(r->state, w->name) != NULL) {
        mg_diag_error(r->diag, op->loc, "create_function: function \"%s\" already exists", w->name);
        return -1;
    }
    mg_func *f = mg_func_copy(r->arena, w);
    f->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = f->later_names;
    mg_vec_push(r->arena, &r->state->funcs, f);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_FUNCTION, op);
    (*reverse)->name = w->name;
    return 0;
}

static int
drop_function(mg_replay *r, const mg_op *op, mg_func *f, mg_op *filled, mg_op **reverse)
{
    filled->func = mg_func_copy(r->arena, f);
    for (size_t i = 0; i < r->state->funcs.len; i++)
        if (r->state->funcs.items[i] == f)
            mg_vec_remove(&r->state->funcs, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_FUNCTION, op);
    (*reverse)->name = f->name;
    (*reverse)->func = filled->func;
    return 0;
}

static int
alter_function(mg_replay *r, const mg_op *op, mg_func *f, mg_op *filled, mg_op **reverse)
{
    mg_func *before = mg_func_copy(r->arena, f), *after = mg_func_copy(r->arena, op->func);
    mg_vec *later = f->later_names;
    *f = *after;
    f->later_names = later;
    filled->func = after;
    filled->func_before = before;
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_FUNCTION, op);
    (*reverse)->name = f->name;
    (*reverse)->func = before;
    (*reverse)->func_before = after;
    return 0;
}

static int
rename_function(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_func *f = mg_schema_func(r->state, op->from);
    if (f == NULL || mg_schema_func(r->state, op->to) != NULL) {
        mg_diag_error(r->diag, op->loc, "rename_function: function \"%s\" %s",
                      f ? op->to : op->from, f ? "already exists" : "does not exist");
        return -1;
    }
    f->name = op->to;
    f->proname = mg_arena_strndup(r->arena, op->to, strcspn(op->to, "("));
    if (f->later_names)
        mg_vec_push(r->arena, f->later_names, (void *)op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_FUNCTION, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

int
mg_replay_func_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_FUNCTION)
        return create_function(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_FUNCTION)
        return rename_function(r, op, reverse);
    mg_func *f = mg_schema_func(r->state, op->name);
    if (f == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: function \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->name);
        return -1;
    }
    if (op->kind == MG_OP_DROP_FUNCTION)
        return drop_function(r, op, f, filled, reverse);
    return alter_function(r, op, f, filled, reverse);
}
