/* migc generator: replay of storage parameters (SPEC §3.1 `with:`).
 * alter_table and alter_index set and reset parameters; the reverse restores the values before. */
#include "replay.h"

#include <string.h>

/* The index name of a table of the state, its table in *owner; NULL when none has it. */
static mg_index *
find_index(const mg_schema *s, const char *name, mg_table **owner)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        mg_table *t = s->tables.items[i];
        for (size_t j = 0; j < t->indexes.len; j++) {
            mg_index *x = t->indexes.items[j];
            if (strcmp(x->name, name) == 0) {
                *owner = t;
                return x;
            }
        }
    }
    return NULL;
}

/* A parameter to RESET: its name only. */
static mg_check *
reset_of(mg_replay *r, const mg_check *c)
{
    mg_check *n = mg_arena_alloc(r->arena, sizeof(*n));
    n->name = c->name;
    n->loc = c->loc;
    return n;
}

/* The list after op's set and reset (a new one: lists are shared by copies, never changed in
 * place), in PostgreSQL's order: ALTER ... SET/RESET drops every parameter it names from
 * reloptions, then appends those it sets, so a parameter set again moves to the end (and a
 * database built fresh from the head lists them as the evolved one does); rev receives what
 * restores with. */
static mg_vec
apply(mg_replay *r, const mg_op *op, const mg_vec *with, mg_op *rev)
{
    mg_vec next = {0};
    for (size_t i = 0; i < with->len; i++) {
        const mg_check *c = with->items[i];
        if (mg_with_get(&op->with_reset, c->name) != NULL)
            mg_with_put(r->arena, &rev->with_set, c);
        else if (mg_with_get(&op->with_set, c->name) == NULL)
            mg_vec_push(r->arena, &next, (void *)c);
    }
    for (size_t i = 0; i < op->with_set.len; i++) {
        const mg_check *c = op->with_set.items[i], *was = mg_with_get(with, c->name);
        if (was != NULL && strcmp(was->expr, c->expr) != 0)
            mg_with_put(r->arena, &rev->with_set, was);
        else if (was == NULL)
            mg_with_put(r->arena, &rev->with_reset, reset_of(r, c));
        mg_with_put(r->arena, &next, c);
    }
    return next;
}

/* Applies op to *with, the parameters of table t; filled and the reverse carry the table and the
 * lists before them (their template's guard). */
static int
alter_with(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse, mg_table *t, mg_vec *with)
{
    mg_op *rev = mg_replay_new_op(r, op->kind, op);
    rev->name = op->name;
    rev->table = t->name;
    filled->table = t->name;
    filled->with_before = *with;
    mg_vec next = apply(r, op, with, rev);
    rev->with_before = next;
    *with = next;
    *reverse = rev->with_set.len > 0 || rev->with_reset.len > 0 ? rev : NULL;
    return 0;
}

int
mg_replay_storage_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_ALTER_TABLE) {
        mg_table *t = mg_replay_table(r, op, op->name);
        if (t == NULL)
            return -1;
        if (t->partition_by != NULL) {
            mg_diag_error(r->diag, op->loc,
                          "alter_table: \"%s\" is a partitioned table, which has no storage "
                          "parameters (give them to its partitions)",
                          t->name);
            return -1;
        }
        return alter_with(r, op, filled, reverse, t, &t->with);
    }
    mg_table *t = NULL;
    mg_index *x = find_index(r->state, op->name, &t);
    if (x == NULL) {
        mg_diag_error(r->diag, op->loc,
                      "alter_index: no table has an index \"%s\" at this revision", op->name);
        return -1;
    }
    if (t->partition_by != NULL) { /* ALTER INDEX ... SET is refused on partitioned indexes */
        mg_diag_error(r->diag, op->loc,
                      "alter_index: \"%s\" is an index of partitioned table \"%s\", whose "
                      "storage parameters PostgreSQL 15 cannot change",
                      op->name, t->name);
        return -1;
    }
    return alter_with(r, op, filled, reverse, t, &x->with);
}
