/* migc tests: the YAML writer of revision files and the revision id of `migc diff -m`.
 * Scalar quoting, block/flow layout of operations, and SPEC §6 slugs. */
#include <string.h>

#include "commands.h"
#include "emit.h"
#include "load.h"
#include "strbuf.h"
#include "unit_check.h"

static const char *
scalar(mg_arena *a, const char *s)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_emit_scalar(&b, s);
    return mg_sb_str(&b);
}

/* Plain when a plain scalar reads back the same; double-quoted with escapes otherwise. */
static void
test_scalars(check_ctx *c)
{
    static const char *const cases[][2] = {
        {"users", "users"},
        {"created_at", "created_at"},
        {"character varying(255)", "character varying(255)"},
        {"now()", "now()"},
        {"Order Items_pkey", "Order Items_pkey"},
        {"", "\"\""},
        {"true", "\"true\""},
        {"False", "\"False\""},
        {"null", "\"null\""},
        {"NULL", "\"NULL\""},
        {"~", "\"~\""},
        {"yes", "\"yes\""},
        {"off", "\"off\""},
        {"y", "\"y\""},
        {"0", "\"0\""},
        {"123abc", "\"123abc\""},
        {"-1", "\"-1\""},
        {"'active'", "\"'active'\""},
        {"it's", "\"it's\""},
        {"a: b", "\"a: b\""},
        {"a #b", "\"a #b\""},
        {"#x", "\"#x\""},
        {"[x]", "\"[x]\""},
        {"{x}", "\"{x}\""},
        {"a, b", "\"a, b\""},
        {"*ref", "\"*ref\""},
        {"&anchor", "\"&anchor\""},
        {"!tag", "\"!tag\""},
        {"- x", "\"- x\""},
        {"trailing ", "\"trailing \""},
        {" leading", "\" leading\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"back\\slash", "\"back\\\\slash\""},
        {"line\nbreak", "\"line\\nbreak\""},
        {"tab\there", "\"tab\\there\""},
        {"bell\a", "\"bell\\x07\""},
        {"del\x7f", "\"del\\x7f\""},
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""},
        {"*/ and ?\?/", "\"*/ and ?\?/\""},
    };
    mg_arena a;
    mg_arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK_STR(c, scalar(&a, cases[i][0]), cases[i][1]);
    mg_arena_free(&a);
}

static const char *const layout_0001 =
    "operations:\n"
    "  - create_extension: { name: citext }\n"
    "  - create_enum: { name: mood, values: [happy, sad, angry] }\n"
    "  - create_table:\n"
    "      name: orgs\n"
    "      columns:\n"
    "        id: { type: bigint, identity: always }\n"
    "        name: text\n"
    "      primary_key: { name: orgs_pkey, columns: [id] }\n"
    "  - create_table:\n"
    "      name: users\n"
    "      columns:\n"
    "        id: bigint\n"
    "        email: citext\n"
    "        org_id: { type: bigint, nullable: true }\n"
    "        mood: { type: mood, default: \"'happy'\" }\n"
    "        pwd: { type: character varying(60), comment: hash }\n"
    "        note: { type: text, nullable: true }\n"
    "      primary_key: { name: users_pkey, columns: [id] }\n"
    "      unique:\n"
    "        users_email_key: [email]\n"
    "      checks:\n"
    "        users_email_nonempty: \"email <> ''\"\n"
    "      foreign_keys:\n"
    "        users_org_id_fkey: { columns: [org_id], references: { table: orgs, columns: [id] }, "
    "on_delete: cascade }\n"
    "      indexes:\n"
    "        users_org_idx: { columns: [org_id] }\n";

static const char *const layout_0004 =
    "operations:\n"
    "  - drop_index: { name: users_org_idx }\n"
    "  - drop_check: { table: users, name: users_email_nonempty }\n"
    "  - drop_unique: { table: users, name: users_email_key }\n"
    "  - drop_foreign_key: { table: users, name: users_org_id_fkey }\n"
    "  - drop_primary_key: { table: users }\n"
    "  - drop_column: { table: users, name: nickname }\n"
    "  - alter_column: { table: users, name: note, default: null }\n"
    "  - set_comment: { table: users, comment: null }\n"
    "  - add_enum_value: { enum: mood, value: meh, after: happy }\n"
    "  - add_enum_value: { enum: mood, value: ecstatic, before: happy }\n"
    "  - rename_enum_value: { enum: mood, from: angry, to: furious }\n"
    "  - remove_enum_value: { enum: mood, value: ecstatic }\n"
    "  - remove_enum_value: { enum: mood, value: sad }\n"
    "  - rename_enum: { from: mood, to: feeling }\n"
    "  - set_primary_key: { table: users, name: users_pk2, columns: [email] }\n"
    "  - sql: { up: \"UPDATE users SET note = 'x'\", down: \"UPDATE users SET note = ''\" }\n"
    "  - sql: { up: ANALYZE users, down: \"\" }\n";

/* Tables in block style, every other operation as one flow map per line. */
static void
test_layout(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    CHECK(c, mg_load_module(&a, "pipeline/replay_all", &m, &d) == 0);
    if (m.revisions.len < 4) {
        mg_diag_print(&d, stderr);
        mg_arena_free(&a);
        return;
    }
    mg_sb b;
    mg_sb_init(&b, &a);
    mg_emit_ops(&b, &((const mg_revision *)m.revisions.items[0])->ops);
    CHECK_STR(c, mg_sb_str(&b), layout_0001);
    mg_sb_init(&b, &a);
    mg_emit_ops(&b, &((const mg_revision *)m.revisions.items[3])->ops);
    CHECK_STR(c, mg_sb_str(&b), layout_0004);
    mg_sb_init(&b, &a);
    mg_emit_revision(&b, "0002_x", "0001_y", "Fix: the \"thing\"", &(mg_vec){0});
    CHECK_STR(c, mg_sb_str(&b),
              "revision: 0002_x\nparent: 0001_y\nmessage: \"Fix: the \\\"thing\\\"\"\n"
              "operations: []\n");
    mg_sb_init(&b, &a);
    mg_emit_revision(&b, "0001_x", NULL, NULL, &(mg_vec){0});
    CHECK_STR(c, mg_sb_str(&b), "revision: 0001_x\noperations: []\n");
    mg_arena_free(&a);
}

/* SPEC §6: lower case; runs of other characters than a-z and 0-9 become one "_"; at most 48. */
static void
test_revision_ids(check_ctx *c)
{
    static const char *const cases[][2] = {
        {"Add password policy", "0003_add_password_policy"},
        {"add_password_policy", "0003_add_password_policy"},
        {"  --Add   password,, policy!!  ", "0003_add_password_policy"},
        {"Rename users.pwd -> password_hash", "0003_rename_users_pwd_password_hash"},
        {"V2 of the API (2024)", "0003_v2_of_the_api_2024"},
        {"caf\xc3\xa9 menu", "0003_caf_menu"},
        {"\xc3\x89t\xc3\xa9", "0003_t"},
        {"123", "0003_123"},
        /* 48 characters exactly, then cut. */
        {"aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeee ffff",
         "0003_aaaaaaaaaa_bbbbbbbbbb_cccccccccc_dddddddddd_eeee"},
        {"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdef",
         "0003_abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv"},
        /* A word that would start at the 48th character does not glue onto the previous one. */
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bcd",
         "0003_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bcd",
         "0003_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_b"},
    };
    mg_arena a;
    mg_arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        CHECK_STR(c, mg_cmd_revision_id(&a, 3, cases[i][0]), cases[i][1]);
    CHECK_STR(c, mg_cmd_revision_id(&a, 1, "Init"), "0001_init");
    CHECK_STR(c, mg_cmd_revision_id(&a, 42, "x"), "0042_x");
    const char *empty = mg_cmd_revision_id(&a, 7, "!!!");
    CHECK(c, strncmp(empty, "0007_", 5) == 0 && strlen(empty) > 5); /* never "0007_" alone */
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_scalars(&c);
    test_layout(&c);
    test_revision_ids(&c);
    return check_summary(&c);
}
