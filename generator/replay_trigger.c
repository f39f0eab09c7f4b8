/* migc generator: replay of the trigger operations (SPEC §3.1 `tables.<t>.triggers`).
 * create, drop, alter (the whole new definition) and rename, each reversed. Renames of tables and
 * columns are followed into the triggers; a table, column or function a trigger uses cannot go
 * while the trigger stays (PostgreSQL refuses it). */
#include "replay.h"

#include <string.h>

#include "exprscan.h"

static int
create_trigger(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_trigger *w = op->trigger;
    const mg_table *t = mg_replay_table(r, op, w->table);
    if (t == NULL || !mg_replay_columns_exist(r, op, t, &w->update_of))
        return -1;
    if (mg_schema_trigger(r->state, w->table, w->name) != NULL) {
        mg_diag_error(r->diag, op->loc, "create_trigger: table %s already has trigger \"%s\"",
                      w->table, w->name);
        return -1;
    }
    filled->trigger = mg_trigger_copy(r->arena, w);
    /* the state's own copy: a later alter or rename changes it, never this revision's step */
    mg_vec_push(r->arena, &r->state->triggers, mg_trigger_copy(r->arena, w));
    *reverse = mg_replay_new_op(r, MG_OP_DROP_TRIGGER, op);
    (*reverse)->table = w->table;
    (*reverse)->name = w->name;
    return 0;
}

static int
drop_trigger(mg_replay *r, const mg_op *op, mg_trigger *g, mg_op *filled, mg_op **reverse)
{
    filled->trigger = mg_trigger_copy(r->arena, g);
    for (size_t i = 0; i < r->state->triggers.len; i++)
        if (r->state->triggers.items[i] == g)
            mg_vec_remove(&r->state->triggers, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_TRIGGER, op);
    (*reverse)->table = g->table;
    (*reverse)->name = g->name;
    (*reverse)->trigger = filled->trigger;
    return 0;
}

static int
alter_trigger(mg_replay *r, const mg_op *op, mg_trigger *g, mg_op *filled, mg_op **reverse)
{
    const mg_table *t = mg_replay_table(r, op, g->table);
    if (t == NULL || !mg_replay_columns_exist(r, op, t, &op->trigger->update_of))
        return -1;
    mg_trigger *before = mg_trigger_copy(r->arena, g);
    mg_trigger *after = mg_trigger_copy(r->arena, op->trigger);
    *g = *after;
    filled->trigger = after;
    filled->trigger_before = before;
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_TRIGGER, op);
    (*reverse)->table = g->table;
    (*reverse)->name = g->name;
    (*reverse)->trigger = before;
    (*reverse)->trigger_before = after;
    return 0;
}

static int
rename_trigger(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_trigger *g = mg_schema_trigger(r->state, op->table, op->from);
    if (g == NULL || mg_schema_trigger(r->state, op->table, op->to) != NULL) {
        mg_diag_error(r->diag, op->loc, "rename_trigger: trigger \"%s\" of table %s %s",
                      g ? op->to : op->from, op->table, g ? "already exists" : "does not exist");
        return -1;
    }
    g->name = op->to;
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_TRIGGER, op);
    (*reverse)->table = op->table;
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

int
mg_replay_trigger_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_TRIGGER)
        return create_trigger(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_TRIGGER)
        return rename_trigger(r, op, reverse);
    mg_trigger *g = mg_schema_trigger(r->state, op->table, op->name);
    if (g == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: table %s has no trigger \"%s\" at this revision",
                      mg_op_kind_name(op->kind), op->table, op->name);
        return -1;
    }
    if (op->kind == MG_OP_DROP_TRIGGER)
        return drop_trigger(r, op, g, filled, reverse);
    return alter_trigger(r, op, g, filled, reverse);
}

/* The first trigger that uses what op takes away (a table, a column, a function), or NULL. */
static const mg_trigger *
user_of(const mg_replay *r, const mg_op *op)
{
    for (size_t i = 0; i < r->state->triggers.len; i++) {
        const mg_trigger *g = r->state->triggers.items[i];
        if (op->kind == MG_OP_DROP_TABLE && strcmp(g->table, op->name) == 0)
            return g;
        for (size_t j = 0; op->kind == MG_OP_DROP_COLUMN && j < g->update_of.len; j++)
            if (strcmp(g->table, op->table) == 0 && strcmp(g->update_of.items[j], op->name) == 0)
                return g;
        if (op->kind == MG_OP_DROP_FUNCTION && strcmp(op->name, "") != 0 &&
            strncmp(op->name, g->func, strlen(g->func)) == 0 && op->name[strlen(g->func)] == '(')
            return g;
    }
    return NULL;
}

int
mg_replay_trigger_guard(mg_replay *r, const mg_op *op)
{
    const mg_trigger *g = user_of(r, op);
    if (g == NULL)
        return 0;
    mg_diag_error(r->diag, op->loc, "%s: trigger %s of table %s uses it; drop the trigger first",
                  mg_op_kind_name(op->kind), g->name, g->table);
    return -1;
}

void
mg_replay_trigger_follow(mg_replay *r, const mg_op *op)
{
    for (size_t i = 0; i < r->state->triggers.len; i++) {
        mg_trigger *g = r->state->triggers.items[i];
        if (op->kind == MG_OP_RENAME_TABLE && strcmp(g->table, op->from) == 0)
            g->table = op->to;
        size_t n = strlen(g->func);
        if (op->kind == MG_OP_RENAME_FUNCTION && strncmp(op->from, g->func, n) == 0 &&
            op->from[n] == '(') /* the trigger calls the function by its oid */
            g->func = mg_arena_strndup(r->arena, op->to, strcspn(op->to, "("));
        if (op->kind != MG_OP_RENAME_COLUMN || strcmp(g->table, op->table) != 0)
            continue;
        mg_vec cols = {0};
        for (size_t j = 0; j < g->update_of.len; j++) {
            const char *c = g->update_of.items[j];
            mg_vec_push(r->arena, &cols, (void *)(strcmp(c, op->from) == 0 ? op->to : c));
        }
        g->update_of = cols;
        if (g->when != NULL) /* WHEN names columns as NEW.col and OLD.col */
            g->when = mg_exprscan_rename(
                r->arena, mg_exprscan_rename(r->arena, g->when, "new", op->from, op->to), "old",
                op->from, op->to);
    }
}
