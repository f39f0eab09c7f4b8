/* migc generator: diff hints are used once.
 * A hint that an earlier revision used is stale: the diff ignores it and `migc check` lists it. */
#include "diff_internal.h"

#include <string.h>

/* The names a walk back through the history follows: the hint's table (or enum) and column (or
 * value) as they were before each older operation. */
typedef struct trail {
    const char *owner;
    const char *name;
} trail;

enum { GO_ON, USED, ENDS };

static bool
eq(const char *x, const char *y)
{
    return x != NULL && y != NULL && strcmp(x, y) == 0;
}

/* A rename of what the trail follows (slot): USED when it is the hint's own, else follows it. */
static int
renamed(const mg_hint *h, mg_op_kind kind, const mg_op *op, const char **slot)
{
    if (!eq(op->to, *slot))
        return GO_ON;
    if (h->kind == kind && eq(op->from, h->text))
        return USED;
    *slot = op->from;
    return GO_ON;
}

/* Steps back over a column operation of the trail's table. */
static int
column_step(const mg_hint *h, trail *t, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_RENAME_COLUMN:
        return renamed(h, MG_OP_RENAME_COLUMN, op, &t->name);
    case MG_OP_ADD_COLUMN:
    case MG_OP_DROP_COLUMN:
        return eq(op->name, t->name) ? ENDS : GO_ON;
    case MG_OP_ALTER_COLUMN:
        return h->kind == MG_OP_ALTER_COLUMN && op->has_type && eq(op->name, t->name) &&
                       eq(h->down ? op->down_using : op->using_expr, h->text)
                   ? USED
                   : GO_ON;
    default:
        return GO_ON;
    }
}

/* Steps back over a table or column operation. */
static int
table_step(const mg_hint *h, trail *t, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_RENAME_TABLE:
        return renamed(h, MG_OP_RENAME_TABLE, op, &t->owner);
    case MG_OP_CREATE_TABLE:
        return op->table_def != NULL && eq(op->table_def->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_DROP_TABLE:
        return eq(op->name, t->owner) ? ENDS : GO_ON;
    default:
        if (h->kind == MG_OP_RENAME_TABLE || !eq(op->table, t->owner))
            return GO_ON;
        return column_step(h, t, op);
    }
}

/* Steps back over an enum operation. */
static int
enum_step(const mg_hint *h, trail *t, const mg_op *op)
{
    bool value = h->kind == MG_OP_RENAME_ENUM_VALUE;
    switch (op->kind) {
    case MG_OP_RENAME_ENUM:
        return renamed(h, MG_OP_RENAME_ENUM, op, &t->owner);
    case MG_OP_CREATE_ENUM:
    case MG_OP_DROP_ENUM:
        return eq(op->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_RENAME_ENUM_VALUE:
        return value && eq(op->enum_name, t->owner)
                   ? renamed(h, MG_OP_RENAME_ENUM_VALUE, op, &t->name)
                   : GO_ON;
    case MG_OP_ADD_ENUM_VALUE:
    case MG_OP_REMOVE_ENUM_VALUE:
        return value && eq(op->enum_name, t->owner) && eq(op->value, t->name) ? ENDS : GO_ON;
    default:
        return GO_ON;
    }
}

/* Steps back over a sequence (or domain, as h->kind says) operation. */
static int
seq_step(const mg_hint *h, trail *t, const mg_op *op)
{
    switch (op->kind) {
    case MG_OP_RENAME_SEQUENCE:
    case MG_OP_RENAME_DOMAIN:
    case MG_OP_RENAME_TYPE:
    case MG_OP_RENAME_VIEW:
    case MG_OP_RENAME_MATERIALIZED_VIEW:
        return op->kind == h->kind ? renamed(h, op->kind, op, &t->owner) : GO_ON;
    case MG_OP_CREATE_VIEW:
    case MG_OP_DROP_VIEW:
        return h->kind == MG_OP_RENAME_VIEW && eq(op->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_CREATE_MATERIALIZED_VIEW:
    case MG_OP_DROP_MATERIALIZED_VIEW:
        return h->kind == MG_OP_RENAME_MATERIALIZED_VIEW && eq(op->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_CREATE_SEQUENCE:
    case MG_OP_DROP_SEQUENCE:
        return h->kind == MG_OP_RENAME_SEQUENCE && eq(op->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_CREATE_DOMAIN:
    case MG_OP_DROP_DOMAIN:
        return h->kind == MG_OP_RENAME_DOMAIN && eq(op->name, t->owner) ? ENDS : GO_ON;
    case MG_OP_CREATE_TYPE:
    case MG_OP_DROP_TYPE:
        return h->kind == MG_OP_RENAME_TYPE && eq(op->name, t->owner) ? ENDS : GO_ON;
    default:
        return GO_ON;
    }
}

/* Walks ops newest first: USED, ENDS, or GO_ON when they hold neither. */
static int
walk(const mg_hint *h, trail *t, const mg_vec *ops)
{
    bool enums = h->kind == MG_OP_RENAME_ENUM || h->kind == MG_OP_RENAME_ENUM_VALUE;
    bool seqs = h->kind == MG_OP_RENAME_SEQUENCE || h->kind == MG_OP_RENAME_DOMAIN ||
                h->kind == MG_OP_RENAME_TYPE || h->kind == MG_OP_RENAME_VIEW ||
                h->kind == MG_OP_RENAME_MATERIALIZED_VIEW;
    for (size_t i = ops->len; i > 0; i--) {
        const mg_op *op = ops->items[i - 1];
        int rc = seqs ? seq_step(h, t, op) : enums ? enum_step(h, t, op) : table_step(h, t, op);
        if (rc != GO_ON)
            return rc;
    }
    return GO_ON;
}

const char *
mg_diff_hint_user(const differ *df, const mg_hint *h)
{
    trail t = {h->owner, h->name};
    int rc = walk(h, &t, &df->out->ops);
    if (rc != GO_ON)
        return rc == USED ? "" : NULL;
    const mg_vec *revs = df->opt->revisions;
    for (size_t i = revs ? revs->len : 0; i > 0; i--) {
        const mg_revision *rev = revs->items[i - 1];
        rc = walk(h, &t, &rev->ops);
        if (rc != GO_ON)
            return rc == USED ? rev->id : NULL;
    }
    return NULL;
}

/* 'renamed_from "qty" of column a.n', for messages. */
static const char *
describe(mg_arena *a, const mg_hint *h)
{
    switch (h->kind) {
    case MG_OP_RENAME_TABLE:
        return mg_arena_printf(a, "renamed_from \"%s\" of table %s", h->text, h->owner);
    case MG_OP_RENAME_COLUMN:
        return mg_arena_printf(a, "renamed_from \"%s\" of column %s.%s", h->text, h->owner,
                               h->name);
    case MG_OP_RENAME_ENUM:
        return mg_arena_printf(a, "renamed_from \"%s\" of enum %s", h->text, h->owner);
    case MG_OP_RENAME_ENUM_VALUE:
        return mg_arena_printf(a, "renamed_from \"%s\" of value %s.%s", h->text, h->owner, h->name);
    case MG_OP_RENAME_SEQUENCE:
        return mg_arena_printf(a, "renamed_from \"%s\" of sequence %s", h->text, h->owner);
    case MG_OP_RENAME_DOMAIN:
        return mg_arena_printf(a, "renamed_from \"%s\" of domain %s", h->text, h->owner);
    case MG_OP_RENAME_TYPE:
        return mg_arena_printf(a, "renamed_from \"%s\" of type %s", h->text, h->owner);
    case MG_OP_RENAME_VIEW:
    case MG_OP_RENAME_MATERIALIZED_VIEW:
        return mg_arena_printf(a, "renamed_from \"%s\" of view %s", h->text, h->owner);
    default:
        return mg_arena_printf(a, "%s \"%s\" of column %s.%s", h->down ? "down_using" : "using",
                               h->text, h->owner, h->name);
    }
}

const char *
mg_diff_hint_fresh(differ *df, const mg_hint *h)
{
    if (h->text == NULL)
        return NULL;
    const char *user = mg_diff_hint_user(df, h);
    if (user == NULL || *user == '\0')
        return h->text;
    mg_vec_push(df->a, &df->out->warnings,
                mg_arena_printf(df->a,
                                "%s:%d:%d: warning: %s was used by revision %s; a hint is used "
                                "once, so this diff ignores it (remove it from the file)",
                                h->loc.file, h->loc.line, h->loc.col, describe(df->a, h), user));
    return NULL;
}

/* Lists h when it is stale: a renamed_from that this diff does not apply, or a using or
 * down_using that an earlier revision used. */
static void
list_if_stale(differ *df, const mg_hint *h)
{
    if (h->text == NULL)
        return;
    const char *user = mg_diff_hint_user(df, h);
    if (user != NULL && *user == '\0')
        return;
    if (user == NULL && h->kind == MG_OP_ALTER_COLUMN)
        return;
    const char *why =
        user ? mg_arena_printf(df->a, "used by revision %s", user) : "nothing left to rename";
    mg_vec_push(df->a, &df->out->stale,
                mg_arena_printf(df->a, "%s:%d:%d: %s: %s", h->loc.file, h->loc.line, h->loc.col,
                                describe(df->a, h), why));
}

static void
stale_in_table(differ *df, const mg_table *t)
{
    mg_hint h = {MG_OP_RENAME_TABLE, t->name, NULL, t->renamed_from, false, t->renamed_from_loc};
    list_if_stale(df, &h);
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *c = t->columns.items[i];
        h = (mg_hint){MG_OP_RENAME_COLUMN, t->name, c->name,
                      c->renamed_from,     false,   c->renamed_from_loc};
        list_if_stale(df, &h);
        h = (mg_hint){MG_OP_ALTER_COLUMN, t->name, c->name, c->using_expr, false, c->using_loc};
        list_if_stale(df, &h);
        h = (mg_hint){MG_OP_ALTER_COLUMN, t->name, c->name, c->down_using, true, c->down_using_loc};
        list_if_stale(df, &h);
    }
}

void
mg_diff_stale_hints(differ *df)
{
    for (size_t i = 0; i < df->want->enums.len; i++) {
        const mg_enum *e = df->want->enums.items[i];
        mg_hint h = {MG_OP_RENAME_ENUM, e->name, NULL, e->renamed_from, false, e->renamed_from_loc};
        list_if_stale(df, &h);
        for (size_t j = 0; j < e->value_renames.len; j++) {
            const mg_value_rename *v = e->value_renames.items[j];
            h = (mg_hint){MG_OP_RENAME_ENUM_VALUE, e->name, v->name,
                          v->renamed_from,         false,   v->loc};
            list_if_stale(df, &h);
        }
    }
    for (size_t i = 0; i < df->want->tables.len; i++)
        stale_in_table(df, df->want->tables.items[i]);
    for (size_t i = 0; i < df->want->sequences.len; i++) {
        const mg_sequence *q = df->want->sequences.items[i];
        mg_hint h = {MG_OP_RENAME_SEQUENCE, q->name, NULL,
                     q->renamed_from,       false,   q->renamed_from_loc};
        list_if_stale(df, &h);
    }
    for (size_t i = 0; i < df->want->domains.len; i++) {
        const mg_domain *d = df->want->domains.items[i];
        mg_hint h = {MG_OP_RENAME_DOMAIN, d->name, NULL,
                     d->renamed_from,     false,   d->renamed_from_loc};
        list_if_stale(df, &h);
    }
    for (size_t i = 0; i < df->want->views.len; i++) {
        const mg_view *v = df->want->views.items[i];
        mg_op_kind kind = v->materialized ? MG_OP_RENAME_MATERIALIZED_VIEW : MG_OP_RENAME_VIEW;
        mg_hint h = {kind, v->name, NULL, v->renamed_from, false, v->renamed_from_loc};
        list_if_stale(df, &h);
    }
}
