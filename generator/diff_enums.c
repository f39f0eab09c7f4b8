/* migc generator: the diff of enum types.
 * Renames and new values come before tables change; removals and drops come last. */
#include "diff_internal.h"

#include <string.h>

static bool
has_value(const mg_enum *e, const char *v)
{
    for (size_t i = 0; i < e->values.len; i++)
        if (strcmp(e->values.items[i], v) == 0)
            return true;
    return false;
}

static int
add_values(differ *df, const mg_enum *want, const mg_enum *have)
{
    for (size_t i = 0; i < want->values.len; i++) {
        const char *v = want->values.items[i];
        if (has_value(have, v))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_ADD_ENUM_VALUE, want->loc);
        op->enum_name = want->name;
        op->value = v;
        if (i > 0)
            op->after = want->values.items[i - 1];
        else if (have->values.len)
            op->before = have->values.items[0];
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

/* Emits rename_enum_value for the value hint v of want when it applies: have holds the old label
 * and not the new one. Refuses a hint naming a label the type never had, or one whose new label
 * the type already holds beside the old. */
static int
rename_value(differ *df, const mg_enum *want, const mg_enum *have, const mg_value_rename *v)
{
    mg_hint h = {MG_OP_RENAME_ENUM_VALUE, want->name, v->name, v->renamed_from, false, v->loc};
    bool has_old = has_value(have, v->renamed_from), has_new = has_value(have, v->name);
    if (has_old && has_new && mg_diff_hint_user(df, &h) == NULL) {
        mg_diag_error(df->d, v->loc,
                      "enum \"%s\": value \"%s\" is renamed_from \"%s\", but the type already "
                      "has both; to merge them, update the rows that hold \"%s\" in a sql step "
                      "and drop the renamed_from hint",
                      want->name, v->name, v->renamed_from, v->renamed_from);
        return -1;
    }
    if (!has_old && !has_new && mg_diff_hint_user(df, &h) == NULL) {
        mg_diag_error(df->d, v->loc,
                      "enum \"%s\": value \"%s\" is renamed_from \"%s\", which the type does "
                      "not have",
                      want->name, v->name, v->renamed_from);
        return -1;
    }
    if (!has_old || has_new || mg_diff_hint_fresh(df, &h) == NULL)
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_RENAME_ENUM_VALUE, v->loc);
    op->enum_name = have->name;
    op->from = v->renamed_from;
    op->to = v->name;
    return mg_diff_emit(df, op);
}

static int
rename_values(differ *df, const mg_enum *want, const mg_enum *have)
{
    for (size_t i = 0; i < want->value_renames.len; i++)
        if (rename_value(df, want, have, want->value_renames.items[i]) != 0)
            return -1;
    return 0;
}

/* set_comment { enum } when want's comment is not have's. */
static int
comment_change(differ *df, const mg_enum *want, const mg_enum *have)
{
    if (mg_str_equal(want->comment, have->comment))
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_SET_COMMENT, want->loc);
    op->enum_name = want->name;
    op->comment = want->comment;
    return mg_diff_emit(df, op);
}

static int
create_one(differ *df, const mg_enum *want)
{
    const mg_enum *have = mg_schema_enum(df->work, want->name);
    const char *from = want->renamed_from;
    mg_hint h = {MG_OP_RENAME_ENUM, want->name, NULL, from, false, want->renamed_from_loc};
    if (have == NULL && from && mg_schema_enum(df->work, from) && !mg_schema_enum(df->want, from) &&
        mg_diff_hint_fresh(df, &h) != NULL) {
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_ENUM, want->loc);
        op->from = from;
        op->to = want->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
        have = mg_schema_enum(df->work, want->name);
    }
    if (have && (rename_values(df, want, have) != 0 || add_values(df, want, have) != 0))
        return -1;
    if (have)
        return comment_change(df, want, have);
    mg_op *op = mg_diff_op(df, MG_OP_CREATE_ENUM, want->loc);
    op->name = want->name;
    op->comment = want->comment;
    mg_strvec_copy(df->a, &op->values, &want->values);
    return mg_diff_emit(df, op);
}

int
mg_diff_enums_create(differ *df)
{
    for (size_t i = 0; i < df->want->enums.len; i++)
        if (create_one(df, df->want->enums.items[i]) != 0)
            return -1;
    return 0;
}

static int
remove_values(differ *df, const mg_enum *want, mg_enum *have)
{
    for (size_t i = 0; i < have->values.len;) {
        const char *v = have->values.items[i];
        if (has_value(want, v)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_REMOVE_ENUM_VALUE, want->loc);
        op->enum_name = have->name;
        op->value = v;
        mg_diff_destructive(df, "remove_enum_value %s.%s", have->name, v);
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    if (!mg_strvec_equal(&want->values, &have->values)) {
        mg_diag_error(df->d, want->loc,
                      "enum \"%s\": changing the order of existing values is not supported; "
                      "keep the old order and add new values where they belong",
                      want->name);
        return -1;
    }
    return 0;
}

int
mg_diff_enums_drop(differ *df)
{
    for (size_t i = 0; i < df->work->enums.len;) {
        mg_enum *have = df->work->enums.items[i];
        const mg_enum *want = mg_schema_enum(df->want, have->name);
        if (want) {
            if (remove_values(df, want, have) != 0)
                return -1;
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_ENUM, have->loc);
        op->name = have->name;
        mg_diff_destructive(df, "drop_enum %s%s", have->name, "");
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}
