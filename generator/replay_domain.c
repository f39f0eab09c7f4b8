/* migc generator: replay of the domain operations (SPEC §3.1).
 * create, drop, alter and rename, each reversed; a rename is followed into column types. */
#include "replay.h"

#include <string.h>

#include "types.h"

/* A type of that name (enum or domain) exists in the state. */
static bool
type_taken(const mg_schema *s, const char *name)
{
    return mg_schema_domain(s, name) != NULL || mg_schema_enum(s, name) != NULL;
}

/* Names the first check name that occurs twice in d, or NULL. */
static const char *
duplicate_check(const mg_domain *d)
{
    for (size_t i = 0; i < d->checks.len; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(((const mg_check *)d->checks.items[i])->name,
                       ((const mg_check *)d->checks.items[j])->name) == 0)
                return ((const mg_check *)d->checks.items[i])->name;
    return NULL;
}

static int
create_domain(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_domain *w = op->domain;
    if (type_taken(r->state, w->name) || mg_schema_table(r->state, w->name) != NULL) {
        mg_diag_error(r->diag, op->loc, "create_domain: type \"%s\" already exists", w->name);
        return -1;
    }
    if (w->type != NULL && !mg_type_known(w->type, r->state, r->settings)) {
        mg_diag_error(r->diag, op->loc, "create_domain: domain \"%s\" has unknown type \"%s\"",
                      w->name, w->type);
        return -1;
    }
    mg_domain *d = mg_domain_copy(r->arena, w);
    d->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = d->later_names;
    mg_vec_push(r->arena, &r->state->domains, d);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_DOMAIN, op);
    (*reverse)->name = w->name;
    return 0;
}

static int
drop_domain(mg_replay *r, const mg_op *op, mg_domain *d, mg_op *filled, mg_op **reverse)
{
    const mg_table *owner = NULL;
    const mg_column *user = mg_replay_type_user(r->state, d->name, &owner);
    if (user != NULL) {
        mg_diag_error(r->diag, op->loc, "drop_domain: domain \"%s\" is used by column %s.%s",
                      d->name, owner->name, user->name);
        return -1;
    }
    for (size_t i = 0; i < r->state->domains.len; i++) {
        const mg_domain *o = r->state->domains.items[i];
        if (o != d && mg_type_names_enum(o->type, strcspn(o->type, "["), d->name)) {
            mg_diag_error(r->diag, op->loc,
                          "drop_domain: domain \"%s\" is the base type of domain %s", d->name,
                          o->name);
            return -1;
        }
    }
    filled->domain = mg_domain_copy(r->arena, d);
    for (size_t i = 0; i < r->state->domains.len; i++)
        if (r->state->domains.items[i] == d)
            mg_vec_remove(&r->state->domains, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_DOMAIN, op);
    (*reverse)->name = d->name;
    (*reverse)->domain = filled->domain;
    return 0;
}

/* Copies into dst the fields of src that set names (MG_DOM_* bits). */
static void
assign(mg_arena *a, mg_domain *dst, const mg_domain *src, unsigned set)
{
    if (set & MG_DOM_NULLABLE)
        dst->not_null = src->not_null;
    if (set & MG_DOM_DEFAULT)
        dst->default_expr = src->default_expr;
    if (set & MG_DOM_CHECKS) {
        dst->checks = (mg_vec){0};
        for (size_t i = 0; i < src->checks.len; i++)
            mg_vec_push(a, &dst->checks, mg_check_copy(a, src->checks.items[i]));
    }
    if (set & MG_DOM_COMMENT)
        dst->comment = src->comment;
}

static int
alter_domain(mg_replay *r, const mg_op *op, mg_domain *d, mg_op *filled, mg_op **reverse)
{
    const char *dup = duplicate_check(op->domain);
    if (dup != NULL) {
        mg_diag_error(r->diag, op->loc, "alter_domain: domain \"%s\": check \"%s\" given twice",
                      d->name, dup);
        return -1;
    }
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_DOMAIN, op);
    (*reverse)->name = d->name;
    (*reverse)->dom_set = op->dom_set;
    (*reverse)->domain = mg_domain_copy(r->arena, d);
    filled->domain_before = (*reverse)->domain;
    assign(r->arena, d, op->domain, op->dom_set);
    filled->domain = mg_domain_copy(r->arena, d);
    (*reverse)->domain_before = filled->domain;
    return 0;
}

static int
rename_domain(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_domain *d = mg_schema_domain(r->state, op->from);
    if (d == NULL || type_taken(r->state, op->to) || mg_schema_table(r->state, op->to)) {
        mg_diag_error(r->diag, op->loc, "rename_domain: type \"%s\" %s", d ? op->to : op->from,
                      d ? "already exists" : "does not exist");
        return -1;
    }
    d->name = op->to;
    if (d->later_names)
        mg_vec_push(r->arena, d->later_names, (void *)op->to);
    mg_replay_retype(r, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_DOMAIN, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

int
mg_replay_domain_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_DOMAIN)
        return create_domain(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_DOMAIN)
        return rename_domain(r, op, reverse);
    mg_domain *d = mg_schema_domain(r->state, op->name);
    if (d == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: domain \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->name);
        return -1;
    }
    if (op->kind == MG_OP_DROP_DOMAIN)
        return drop_domain(r, op, d, filled, reverse);
    return alter_domain(r, op, d, filled, reverse);
}
