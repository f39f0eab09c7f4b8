/* migc generator: replay of the pieces of the online forms (SPEC §4.1).
 * VALIDATE CONSTRAINT, a key made from an existing unique index, a drop written CONCURRENTLY. */
#include "replay.h"

#include <string.h>

/* The not_valid flag of t's check or foreign key called name, NULL when there is none. */
static bool *
not_valid_flag(mg_table *t, const char *name)
{
    for (size_t i = 0; i < t->checks.len; i++)
        if (strcmp(((mg_check *)t->checks.items[i])->name, name) == 0)
            return &((mg_check *)t->checks.items[i])->not_valid;
    for (size_t i = 0; i < t->fks.len; i++)
        if (strcmp(((mg_fk *)t->fks.items[i])->name, name) == 0)
            return &((mg_fk *)t->fks.items[i])->not_valid;
    return NULL;
}

int
mg_replay_validate(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    (void)reverse;
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    bool *not_valid = not_valid_flag(t, op->name);
    if (not_valid == NULL) {
        mg_diag_error(r->diag, op->loc,
                      "validate_constraint: table \"%s\" has no check or foreign key \"%s\"",
                      t->name, op->name);
        return -1;
    }
    *not_valid = false;
    return 0; /* no reverse: a downgrade leaves it validated, which the state before allows */
}

/* True when index x can back the key over cols: unique, btree, exactly those plain columns. */
static bool
index_fits_key(const mg_index *x, const mg_vec *cols)
{
    if (!x->unique || x->expression != NULL || x->where != NULL || x->include.len > 0 ||
        x->opclass.len > 0 || (x->method != NULL && strcmp(x->method, "btree") != 0))
        return false;
    return mg_strvec_equal(&x->keys, cols);
}

int
mg_replay_take_index(mg_replay *r, const mg_op *op, mg_table *t, mg_index **taken)
{
    *taken = NULL;
    if (op->using_index == NULL)
        return 0;
    for (size_t i = 0; i < t->indexes.len; i++) {
        mg_index *x = t->indexes.items[i];
        if (strcmp(x->name, op->using_index) != 0)
            continue;
        if (!index_fits_key(x, &op->key->columns))
            break;
        mg_vec_remove(&t->indexes, i);
        *taken = mg_index_copy(r->arena, x);
        (*taken)->concurrently = false; /* a downgrade builds it again inside its transaction */
        return 0;
    }
    mg_diag_error(r->diag, op->loc,
                  "%s: table \"%s\" has no unique btree index \"%s\" on exactly the columns of "
                  "\"%s\" (using_index)",
                  mg_op_kind_name(op->kind), t->name, op->using_index, op->key->name);
    return -1;
}

void
mg_replay_keep_index(mg_op *reverse, const mg_op *op, mg_index *taken)
{
    if (reverse == NULL || taken == NULL)
        return;
    reverse->using_index = op->using_index;
    reverse->index = taken;
}
