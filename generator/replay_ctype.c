/* migc generator: replay of the composite type operations (SPEC §3.1 `types:`).
 * create, drop, alter and rename, each reversed; a rename is followed into column types. An
 * alter keeps the attributes that stay in their place and appends the new ones, as PostgreSQL's
 * ADD ATTRIBUTE does. */
#include "replay.h"

#include <string.h>

#include "types.h"

/* The name of a type or relation of the state that name would clash with, or NULL. */
static const char *
taken(const mg_schema *s, const char *name)
{
    if (mg_schema_ctype(s, name) || mg_schema_domain(s, name) || mg_schema_enum(s, name))
        return "type";
    return mg_schema_table(s, name) || mg_schema_sequence(s, name) ? "relation" : NULL;
}

/* Checks every attribute type of t; -1 (reported) on the first unknown one. */
static int
attr_types_known(mg_replay *r, const mg_op *op, const mg_ctype *t)
{
    for (size_t i = 0; i < t->attrs.len; i++) {
        const mg_attr *x = t->attrs.items[i];
        if (x->type != NULL && !mg_type_known(x->type, r->state, r->settings)) {
            mg_diag_error(r->diag, op->loc, "%s: attribute %s.%s has unknown type \"%s\"",
                          mg_op_kind_name(op->kind), t->name, x->name, x->type);
            return -1;
        }
    }
    return 0;
}

static int
create_type(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_ctype *w = op->ctype;
    const char *what = taken(r->state, w->name);
    if (what != NULL) {
        mg_diag_error(r->diag, op->loc, "create_type: a %s \"%s\" already exists", what, w->name);
        return -1;
    }
    if (attr_types_known(r, op, w) != 0)
        return -1;
    mg_ctype *t = mg_ctype_copy(r->arena, w);
    t->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = t->later_names;
    mg_vec_push(r->arena, &r->state->types, t);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_TYPE, op);
    (*reverse)->name = w->name;
    return 0;
}

const char *
mg_replay_type_user_of(mg_replay *r, const char *name)
{
    const mg_table *owner = NULL;
    const mg_column *c = mg_replay_type_user(r->state, name, &owner);
    if (c != NULL)
        return mg_arena_printf(r->arena, "column %s.%s", owner->name, c->name);
    for (size_t i = 0; i < r->state->domains.len; i++) {
        const mg_domain *d = r->state->domains.items[i];
        if (mg_type_names_enum(d->type, strcspn(d->type, "["), name))
            return mg_arena_printf(r->arena, "domain %s", d->name);
    }
    for (size_t i = 0; i < r->state->types.len; i++) {
        const mg_ctype *t = r->state->types.items[i];
        for (size_t j = 0; j < t->attrs.len; j++) {
            const mg_attr *x = t->attrs.items[j];
            if (mg_type_names_enum(x->type, strcspn(x->type, "["), name))
                return mg_arena_printf(r->arena, "attribute %s.%s", t->name, x->name);
        }
    }
    return NULL;
}

static int
drop_type(mg_replay *r, const mg_op *op, mg_ctype *t, mg_op *filled, mg_op **reverse)
{
    const char *user = mg_replay_type_user_of(r, t->name);
    if (user != NULL) {
        mg_diag_error(r->diag, op->loc, "drop_type: type \"%s\" is used by %s", t->name, user);
        return -1;
    }
    filled->ctype = mg_ctype_copy(r->arena, t);
    for (size_t i = 0; i < r->state->types.len; i++)
        if (r->state->types.items[i] == t)
            mg_vec_remove(&r->state->types, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_TYPE, op);
    (*reverse)->name = t->name;
    (*reverse)->ctype = filled->ctype;
    return 0;
}

static const mg_attr *
attr_named(const mg_vec *attrs, const char *name)
{
    for (size_t i = 0; i < attrs->len; i++)
        if (strcmp(((const mg_attr *)attrs->items[i])->name, name) == 0)
            return attrs->items[i];
    return NULL;
}

/* The attributes after an alter to want: those of have that stay, as want gives them, in their
 * place, then the new ones in want's order. */
static void
physical_attrs(mg_arena *a, mg_vec *out, const mg_vec *have, const mg_vec *want)
{
    *out = (mg_vec){0};
    for (size_t i = 0; i < have->len; i++) {
        const mg_attr *w = attr_named(want, ((const mg_attr *)have->items[i])->name);
        if (w != NULL)
            mg_vec_push(a, out, (void *)w);
    }
    for (size_t i = 0; i < want->len; i++)
        if (attr_named(have, ((const mg_attr *)want->items[i])->name) == NULL)
            mg_vec_push(a, out, want->items[i]);
}

/* PostgreSQL cannot change an attribute's type while a column stores the type: -1 (reported). */
static int
retype_stored(mg_replay *r, const mg_op *op, const mg_ctype *t)
{
    const mg_table *owner = NULL;
    const mg_column *c = mg_replay_type_user(r->state, t->name, &owner);
    for (size_t i = 0; c != NULL && i < op->ctype->attrs.len; i++) {
        const mg_attr *w = op->ctype->attrs.items[i], *h = attr_named(&t->attrs, w->name);
        if (h == NULL ||
            (mg_str_equal(h->type, w->type) && mg_str_equal(h->collation, w->collation)))
            continue;
        mg_diag_error(r->diag, op->loc,
                      "alter_type: attribute %s.%s changes type while column %s.%s stores the "
                      "type, which PostgreSQL refuses; drop the attribute and add one of another "
                      "name instead",
                      t->name, w->name, owner->name, c->name);
        return -1;
    }
    return 0;
}

static int
alter_type(mg_replay *r, const mg_op *op, mg_ctype *t, mg_op *filled, mg_op **reverse)
{
    if ((op->ct_set & MG_CT_COLUMNS) &&
        (attr_types_known(r, op, op->ctype) != 0 || retype_stored(r, op, t) != 0))
        return -1;
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_TYPE, op);
    (*reverse)->name = t->name;
    (*reverse)->ct_set = op->ct_set;
    (*reverse)->ctype = mg_ctype_copy(r->arena, t);
    filled->ctype_before = (*reverse)->ctype;
    if (op->ct_set & MG_CT_COLUMNS) {
        mg_vec attrs;
        physical_attrs(r->arena, &attrs, &t->attrs, &op->ctype->attrs);
        t->attrs = attrs;
    }
    if (op->ct_set & MG_CT_COMMENT)
        t->comment = op->ctype->comment;
    t = mg_ctype_copy(r->arena, t);
    filled->ctype = t;
    (*reverse)->ctype_before = filled->ctype;
    return 0;
}

static int
rename_type(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_ctype *t = mg_schema_ctype(r->state, op->from);
    if (t == NULL || taken(r->state, op->to)) {
        mg_diag_error(r->diag, op->loc, "rename_type: type \"%s\" %s", t ? op->to : op->from,
                      t ? "already exists" : "does not exist");
        return -1;
    }
    t->name = op->to;
    if (t->later_names)
        mg_vec_push(r->arena, t->later_names, (void *)op->to);
    mg_replay_retype(r, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_TYPE, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

int
mg_replay_ctype_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_TYPE)
        return create_type(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_TYPE)
        return rename_type(r, op, reverse);
    mg_ctype *t = mg_schema_ctype(r->state, op->name);
    if (t == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: type \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->name);
        return -1;
    }
    if (op->kind == MG_OP_DROP_TYPE)
        return drop_type(r, op, t, filled, reverse);
    return alter_type(r, op, t, filled, reverse);
}
