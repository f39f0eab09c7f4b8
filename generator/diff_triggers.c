/* migc generator: the diff of triggers (SPEC §3.1 `tables.<t>.triggers`).
 * Triggers go first (after the renames), before anything they use changes: those no longer
 * declared, and those whose function is dropped and created again (a new result type), which are
 * created again after it. They are created and changed (CREATE OR REPLACE TRIGGER) last, once
 * their tables and functions exist. */
#include "diff_internal.h"
#include "exprnorm.h"

#include <string.h>

static bool
same_strs(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (strcmp(x->items[i], y->items[i]) != 0)
            return false;
    return true;
}

/* The WHEN condition and the arguments are compared in their normal form (exprnorm.h), so
 * PostgreSQL's spelling of them (as inspect writes it) is no change. */
static bool
same_trigger(mg_arena *a, const mg_trigger *x, const mg_trigger *y)
{
    return strcmp(x->timing, y->timing) == 0 && same_strs(&x->events, &y->events) &&
           same_strs(&x->update_of, &y->update_of) && x->row == y->row &&
           mg_str_equal(x->func, y->func) && mg_expr_same(a, x->args, NULL, y->args, NULL) &&
           mg_expr_same(a, x->when, NULL, y->when, NULL) &&
           mg_str_equal(x->old_table, y->old_table) && mg_str_equal(x->new_table, y->new_table) &&
           mg_str_equal(x->comment, y->comment);
}

/* True when the diff drops and creates again the function g calls (its result changes). */
static bool
function_rebuilt(const differ *df, const mg_trigger *g)
{
    const char *key = mg_arena_printf(df->a, "%s()", g->func);
    const mg_func *have = mg_schema_func(df->work, key), *want = mg_schema_func(df->want, key);
    return have != NULL && want != NULL &&
           (!mg_str_equal(have->returns, want->returns) ||
            !mg_str_equal(have->arguments, want->arguments) || have->procedure != want->procedure);
}

int
mg_diff_triggers_drop(differ *df)
{
    for (size_t i = 0; i < df->work->triggers.len;) {
        const mg_trigger *g = df->work->triggers.items[i];
        if (mg_schema_trigger(df->want, g->table, g->name) != NULL && !function_rebuilt(df, g)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_TRIGGER, g->loc);
        op->table = g->table;
        op->name = g->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_triggers_create(differ *df)
{
    for (size_t i = 0; i < df->want->triggers.len; i++) {
        const mg_trigger *want = df->want->triggers.items[i];
        const mg_trigger *have = mg_schema_trigger(df->work, want->table, want->name);
        if (have != NULL && same_trigger(df->a, have, want))
            continue;
        mg_op *op = mg_diff_op(df, have ? MG_OP_ALTER_TRIGGER : MG_OP_CREATE_TRIGGER, want->loc);
        op->table = want->table;
        op->name = want->name;
        op->trigger = mg_trigger_copy(df->a, want);
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}
