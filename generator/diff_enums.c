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

static int
create_one(differ *df, const mg_enum *want)
{
    const mg_enum *have = mg_schema_enum(df->work, want->name);
    const char *from = want->renamed_from;
    if (have == NULL && from && mg_schema_enum(df->work, from) && !mg_schema_enum(df->want, from)) {
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_ENUM, want->loc);
        op->from = from;
        op->to = want->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
        have = mg_schema_enum(df->work, want->name);
    }
    if (have)
        return add_values(df, want, have);
    mg_op *op = mg_diff_op(df, MG_OP_CREATE_ENUM, want->loc);
    op->name = want->name;
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
