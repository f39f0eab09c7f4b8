/* migc generator: the diff of domains (SPEC §3.1).
 * Renames, creates and changes come before any table (a column may use the domain); drops come
 * after the tables, once no column uses them. */
#include "diff_internal.h"

#include <string.h>

#include "exprnorm.h"
#include "types.h"

/* The context of d's checks: they read VALUE as a column of the base type (so VALUE >= 0 on a
 * numeric domain is PostgreSQL's VALUE >= 0::numeric). */
static mg_exprctx
value_context(mg_arena *a, const mg_domain *d)
{
    mg_table *t = mg_arena_alloc(a, sizeof *t);
    mg_column *value = mg_arena_alloc(a, sizeof *value);
    value->name = "value";
    value->type = d->type;
    t->name = d->name;
    mg_vec_push(a, &t->columns, value);
    return (mg_exprctx){t, NULL};
}

/* True when x and y hold the same checks (names and expressions in their normal form, so a
 * respelling is no change; order is no change either). */
static bool
same_checks(mg_arena *a, const mg_domain *x, const mg_domain *y)
{
    if (x->checks.len != y->checks.len)
        return false;
    mg_exprctx cx = value_context(a, x), cy = value_context(a, y);
    for (size_t i = 0; i < x->checks.len; i++) {
        const mg_check *p = x->checks.items[i];
        bool found = false;
        for (size_t j = 0; j < y->checks.len && !found; j++) {
            const mg_check *q = y->checks.items[j];
            found = strcmp(p->name, q->name) == 0 && mg_expr_same(a, p->expr, &cx, q->expr, &cy);
        }
        if (!found)
            return false;
    }
    return true;
}

/* The MG_DOM_* bits of the fields where want differs from have. */
static unsigned
differs(mg_arena *a, const mg_domain *have, const mg_domain *want)
{
    mg_exprctx dc = {NULL, want->type}; /* a default is assigned to the base type */
    unsigned set = 0;
    set |= have->not_null == want->not_null ? 0 : MG_DOM_NULLABLE;
    set |= mg_expr_same(a, have->default_expr, &dc, want->default_expr, &dc) ? 0 : MG_DOM_DEFAULT;
    set |= same_checks(a, have, want) ? 0 : MG_DOM_CHECKS;
    set |= mg_str_equal(have->comment, want->comment) ? 0 : MG_DOM_COMMENT;
    return set;
}

static int
rename_or_create(differ *df, const mg_domain *want)
{
    const char *from = want->renamed_from;
    mg_hint h = {MG_OP_RENAME_DOMAIN, want->name, NULL, from, false, want->renamed_from_loc};
    if (from != NULL && mg_schema_domain(df->work, from) && !mg_schema_domain(df->want, from) &&
        mg_diff_hint_fresh(df, &h) != NULL) {
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_DOMAIN, want->loc);
        op->from = from;
        op->to = want->name;
        return mg_diff_emit(df, op);
    }
    mg_op *op = mg_diff_op(df, MG_OP_CREATE_DOMAIN, want->loc);
    op->domain = mg_domain_copy(df->a, want);
    op->name = want->name;
    return mg_diff_emit(df, op);
}

/* A change of base type or collation has no ALTER DOMAIN: refused with the way round it. */
static int
fixed_change(differ *df, const mg_domain *have, const mg_domain *want)
{
    const char *what = !mg_str_equal(have->type, want->type)             ? "type"
                       : !mg_str_equal(have->collation, want->collation) ? "collation"
                                                                         : NULL;
    if (what == NULL)
        return 0;
    mg_diag_error(df->d, want->loc,
                  "domain \"%s\": its %s changes, which PostgreSQL cannot alter; declare a domain "
                  "of another name, move the columns to it, then drop this one",
                  want->name, what);
    return -1;
}

static int
early_one(differ *df, const mg_domain *want)
{
    const mg_domain *have = mg_schema_domain(df->work, want->name);
    if (have == NULL && rename_or_create(df, want) != 0)
        return -1;
    if ((have = mg_schema_domain(df->work, want->name)) == NULL)
        return -1;
    if (fixed_change(df, have, want) != 0)
        return -1;
    unsigned set = differs(df->a, have, want);
    if (set == 0)
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_ALTER_DOMAIN, want->loc);
    op->name = want->name;
    op->domain = mg_domain_copy(df->a, want);
    op->dom_set = set;
    return mg_diff_emit(df, op);
}

int
mg_diff_domains_early(differ *df, bool all)
{
    for (size_t i = 0; i < df->want->domains.len; i++) {
        const mg_domain *want = df->want->domains.items[i];
        if ((all || mg_type_known(want->type, df->work, df->opt->settings)) &&
            early_one(df, want) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_domains_drop(differ *df, bool all)
{
    for (size_t i = 0; i < df->work->domains.len;) {
        const mg_domain *have = df->work->domains.items[i];
        if (mg_schema_domain(df->want, have->name) ||
            (!all && mg_replay_type_user_of(&df->r, have->name) != NULL)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_DOMAIN, have->loc);
        op->name = have->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}
