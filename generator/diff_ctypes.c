/* migc generator: the diff of composite types (SPEC §3.1 `types:`).
 * Renames, creates and changes come after the domains and before any table (a column may use
 * the type); drops come after the tables. Attribute order is no change: new attributes are
 * appended, as PostgreSQL's ADD ATTRIBUTE does. */
#include "diff_internal.h"

#include <string.h>

#include "types.h"

static const mg_attr *
attr_named(const mg_vec *attrs, const char *name)
{
    for (size_t i = 0; i < attrs->len; i++)
        if (strcmp(((const mg_attr *)attrs->items[i])->name, name) == 0)
            return attrs->items[i];
    return NULL;
}

/* True when x and y hold the same attributes by name, type and collation. */
static bool
same_attrs(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const mg_attr *a = x->items[i], *b = attr_named(y, a->name);
        if (b == NULL || !mg_str_equal(a->type, b->type) ||
            !mg_str_equal(a->collation, b->collation))
            return false;
    }
    return true;
}

bool
mg_diff_ctype_attrs_change(differ *df, const mg_ctype *have)
{
    const mg_ctype *want = mg_schema_ctype(df->want, have->name);
    return want == NULL || !same_attrs(&have->attrs, &want->attrs);
}

static int
rename_or_create(differ *df, const mg_ctype *want)
{
    const char *from = want->renamed_from;
    mg_hint h = {MG_OP_RENAME_TYPE, want->name, NULL, from, false, want->renamed_from_loc};
    if (from != NULL && mg_schema_ctype(df->work, from) && !mg_schema_ctype(df->want, from) &&
        mg_diff_hint_fresh(df, &h) != NULL) {
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_TYPE, want->loc);
        op->from = from;
        op->to = want->name;
        return mg_diff_emit(df, op);
    }
    mg_op *op = mg_diff_op(df, MG_OP_CREATE_TYPE, want->loc);
    op->ctype = mg_ctype_copy(df->a, want);
    op->name = want->name;
    return mg_diff_emit(df, op);
}

static int
early_one(differ *df, const mg_ctype *want)
{
    const mg_ctype *have = mg_schema_ctype(df->work, want->name);
    if (have == NULL && rename_or_create(df, want) != 0)
        return -1;
    if ((have = mg_schema_ctype(df->work, want->name)) == NULL)
        return -1;
    unsigned set = same_attrs(&have->attrs, &want->attrs) ? 0 : MG_CT_COLUMNS;
    set |= mg_str_equal(have->comment, want->comment) ? 0 : MG_CT_COMMENT;
    if (set == 0)
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_ALTER_TYPE, want->loc);
    op->name = want->name;
    op->ctype = mg_ctype_copy(df->a, want);
    op->ct_set = set;
    return mg_diff_emit(df, op);
}

/* True when every attribute type of t is known in the working state (created already). */
static bool
ready(const differ *df, const mg_ctype *t)
{
    for (size_t i = 0; i < t->attrs.len; i++)
        if (!mg_type_known(((const mg_attr *)t->attrs.items[i])->type, df->work, df->opt->settings))
            return false;
    return true;
}

int
mg_diff_ctypes_early(differ *df, bool all)
{
    for (size_t i = 0; i < df->want->types.len; i++) {
        const mg_ctype *want = df->want->types.items[i];
        if ((all || ready(df, want)) && early_one(df, want) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_ctypes_drop(differ *df, bool all)
{
    for (size_t i = 0; i < df->work->types.len;) {
        const mg_ctype *have = df->work->types.items[i];
        if (mg_schema_ctype(df->want, have->name) ||
            (!all && mg_replay_type_user_of(&df->r, have->name) != NULL)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_TYPE, have->loc);
        op->name = have->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}
