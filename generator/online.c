/* migc generator: the changes the online forms of SPEC §4.1 refuse without --allow-rewrite.
 * Read from the hazards, so that refusal and hazard line never disagree. */
#include "online.h"

const char *
mg_online_rewrite_recipe(mg_arena *a, const mg_hazard *h)
{
    const mg_op *op = h->op;
    if (!h->rewrites || h->locks.len == 0)
        return NULL;
    if (op->kind == MG_OP_ADD_COLUMN && op->column_def != NULL) {
        const mg_column *c = op->column_def;
        const char *fn = NULL;
        if (c->identity == NULL &&
            (c->default_expr == NULL ||
             mg_hazard_volatility(a, c->default_expr, &fn) != MG_VOLATILITY_VOLATILE))
            return NULL;
        return "add the column nullable and without that default; then, in later revisions, "
               "SET DEFAULT (new rows only), backfill the existing rows in batches with sql "
               "steps, and make it NOT NULL (written online)";
    }
    if (op->kind == MG_OP_ALTER_COLUMN && op->has_type)
        return "add a column of the new type, fill it for new rows (a default or a trigger) and "
               "backfill the others in batches with sql steps, move readers and writers to it, "
               "then drop the old column";
    return NULL;
}
