/* migc generator: the head snapshot (see snapshot.h). It is the diff of the head state against
 * an empty schema: the same operations, in the same dependency order, that `migc diff` writes
 * for a new module whose schema.yaml is the head. */
#include "snapshot.h"

#include "diff.h"
#include "plan.h"

/* The first sql step of the history that a fresh database may not leave out, as its place and
 * a reason; NULL when every sql step says fresh: skip. */
static const char *
blocking_sql(mg_arena *a, const mg_vec *plans)
{
    for (size_t i = 0; i < plans->len; i++) {
        const mg_revision *rev = ((const mg_rev_plan *)plans->items[i])->rev;
        for (size_t k = 0; k < rev->ops.len; k++) {
            const mg_op *op = rev->ops.items[k];
            if (op->kind != MG_OP_SQL || op->sql_fresh != NULL)
                continue;
            if (rev->rel_path != NULL)
                return mg_arena_printf(a, "%s:%d:%d: a sql step without fresh: skip", rev->rel_path,
                                       op->loc.line, op->loc.col);
            return mg_arena_printf(a, "revisions/%s.yaml:%d:%d: a sql step without fresh: skip",
                                   rev->id, op->loc.line, op->loc.col);
        }
    }
    return NULL;
}

int
mg_snapshot_build(mg_arena *a, const mg_settings *settings, const mg_vec *plans, mg_snapshot *out,
                  mg_diag *d)
{
    *out = (mg_snapshot){0};
    if (plans->len == 0 || (out->blocked = blocking_sql(a, plans)) != NULL)
        return 0;
    const mg_rev_plan *head = plans->items[plans->len - 1];
    if (head->state == NULL) { /* plans made without a replay (the renderer's unit tests) */
        out->blocked = "no replayed state";
        return 0;
    }
    mg_schema empty = {0};
    mg_diff_result res;
    if (mg_diff_run(a, &empty, head->state, settings, &res, d) != 0)
        return -1;
    for (size_t i = 0; i < res.ops.len; i++) {
        mg_op *op = res.ops.items[i];
        op->loc = (mg_loc){0}; /* the snapshot has no place of its own in the revision files */
    }
    out->ops = res.ops;
    return 0;
}
