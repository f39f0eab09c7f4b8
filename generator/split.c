/* migc generator: the revisions a diff's operations are written in.
 * The operations are replayed on a copy of the state so each one is classified as the revision
 * would run it (a drop_index is concurrent when the index it drops was built that way). */
#include "split.h"

#include "replay.h"

int
mg_split_concurrent(mg_arena *a, const mg_schema *state, const mg_settings *settings,
                    const mg_vec *ops, mg_vec parts[MG_PART_COUNT], mg_diag *d)
{
    mg_replay r = {a, mg_schema_copy(a, state), settings, d};
    for (int p = 0; p < MG_PART_COUNT; p++)
        parts[p] = (mg_vec){0};
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        mg_op *filled, *reverse;
        if (mg_replay_op(&r, op, &filled, &reverse) != 0)
            return -1;
        int part = !mg_replay_outside_transaction(filled) ? MG_PART_MAIN
                   : op->kind == MG_OP_DROP_INDEX         ? MG_PART_DROPS
                                                          : MG_PART_BUILDS;
        mg_vec_push(a, &parts[part], (void *)op);
    }
    return 0;
}
