/* migc tests: the operation kind descriptors (op_kinds.h, op_desc.h) are complete and agree. */
#include <ctype.h>

#include "hazard.h"
#include "load_ops.h"
#include "op_desc.h"
#include "unit_check.h"

/* The kinds in enum order: generated code and checksums depend on the numbers, so a row may be
 * added at the end only. */
static const char *const pinned[] = {
    "create_extension",
    "drop_extension",
    "create_enum",
    "drop_enum",
    "rename_enum",
    "add_enum_value",
    "rename_enum_value",
    "remove_enum_value",
    "create_table",
    "drop_table",
    "rename_table",
    "add_column",
    "drop_column",
    "rename_column",
    "alter_column",
    "set_primary_key",
    "drop_primary_key",
    "add_unique",
    "drop_unique",
    "add_check",
    "drop_check",
    "add_foreign_key",
    "drop_foreign_key",
    "create_index",
    "drop_index",
    "rename_constraint",
    "rename_index",
    "set_comment",
    "sql",
    "validate_constraint",
    "create_sequence",
    "drop_sequence",
    "alter_sequence",
    "rename_sequence",
    "create_domain",
    "drop_domain",
    "alter_domain",
    "rename_domain",
    "create_type",
    "drop_type",
    "alter_type",
    "rename_type",
    "create_function",
    "drop_function",
    "alter_function",
    "rename_function",
    "create_trigger",
    "drop_trigger",
    "alter_trigger",
    "rename_trigger",
    "create_view",
    "drop_view",
    "alter_view",
    "rename_view",
    "create_materialized_view",
    "drop_materialized_view",
    "rename_materialized_view",
    "alter_table",
    "alter_index",
    "add_exclusion",
    "drop_exclusion",
};

/* True when name is id in lower case (CREATE_TABLE and "create_table"). */
static bool
id_matches(const char *id, const char *name)
{
    size_t i = 0;
    for (; id[i] != '\0'; i++)
        if (tolower((unsigned char)id[i]) != (unsigned char)name[i])
            return false;
    return name[i] == '\0';
}

/* Every row: its ID and name agree, and the name is its enumerator's descriptor's. */
static void
test_rows(check_ctx *c)
{
    int n = 0;
#define CHECK_ROW(id, kind_name, load, write, form, replay, hazard, lua)                           \
    CHECK(c, MG_OP_##id == n++);                                                                   \
    CHECK(c, id_matches(#id, kind_name));                                                          \
    CHECK_STR(c, mg_op_descs[MG_OP_##id].name, kind_name);
    MG_OP_KINDS(CHECK_ROW)
#undef CHECK_ROW
    CHECK(c, n == MG_OP_COUNT);
}

/* Every kind: a name that round-trips, in the pinned order, and every facet. */
static void
test_descs(check_ctx *c)
{
    const unsigned all_groups = (MG_LUA_STORAGE << 1) - 1;
    CHECK(c, sizeof pinned / sizeof pinned[0] == MG_OP_COUNT);
    for (int k = 0; k < MG_OP_COUNT; k++) {
        const mg_op_desc *d = &mg_op_descs[k];
        CHECK(c, d->name != NULL && d->name[0] != '\0');
        if (d->name == NULL)
            continue;
        CHECK_STR(c, d->name, k < (int)(sizeof pinned / sizeof pinned[0]) ? pinned[k] : "");
        CHECK(c, mg_op_kind_from_name(d->name) == k);
        CHECK_STR(c, mg_op_kind_name((mg_op_kind)k), d->name);
        CHECK(c, d->load != NULL);
        CHECK(c, d->write != NULL);
        CHECK(c, d->form != NULL);
        CHECK(c, d->replay != NULL);
        CHECK(c, d->hazard != NULL);
        CHECK(c, d->lua != 0 && (d->lua & ~all_groups) == 0);
    }
    CHECK(c, mg_op_kind_from_name("create_tables") == -1);
    CHECK_STR(c, mg_op_kind_name(MG_OP_COUNT), "unknown");
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_rows(&c);
    test_descs(&c);
    CHECK(&c, mg_load_ops_specs_ok());           /* each key list ends in NULL */
    CHECK(&c, mg_hazard_descriptors_complete()); /* each hazard row names its object */
    return check_summary(&c);
}
