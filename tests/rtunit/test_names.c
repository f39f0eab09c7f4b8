/* Runtime unit tests: identifier quoting, dollar-quote tags, the object keys of create and drop
 * steps (kept objects), and which stored checksums a revision accepts. */
#include "checksum.h"
#include "query.h"
#include "stepobj.h"
#include "unit_check.h"

static void
test_quote(check_ctx *c)
{
    char buf[16];
    CHECK(c, migc_quote_ident("users", buf, sizeof buf) == 0);
    CHECK_STR(c, buf, "\"users\"");
    CHECK(c, migc_quote_ident("a\"b", buf, sizeof buf) == 0);
    CHECK_STR(c, buf, "\"a\"\"b\"");
    CHECK(c, migc_quote_ident("", buf, sizeof buf) == 0);
    CHECK_STR(c, buf, "\"\"");
    CHECK(c, migc_quote_ident("fourteen chars", buf, sizeof buf) == -1); /* 16 bytes quoted */
    CHECK(c, migc_quote_ident("thirteen char", buf, sizeof buf) == 0);
    CHECK(c, migc_quote_literal("it's", buf, sizeof buf) == 0);
    CHECK_STR(c, buf, "'it''s'");
    CHECK(c, migc_quote_literal("\"x\"", buf, sizeof buf) == 0);
    CHECK_STR(c, buf, "'\"x\"'");
    CHECK(c, migc_quote_literal("abcdefgh'''", buf, sizeof buf) == -1); /* 16 bytes + NUL */
}

static void
test_dollar_tag(check_ctx *c)
{
    char tag[64];
    const char *plain[] = {"SELECT 1", NULL};
    migc_dollar_tag(tag, "migc", plain, 2);
    CHECK(c, tag[0] == '$' && tag[strlen(tag) - 1] == '$');
    /* a text holding the first choice makes the tag differ from it and from every text */
    char first[64];
    strcpy(first, tag);
    const char *clash[] = {first, "x"};
    migc_dollar_tag(tag, "migc", clash, 2);
    CHECK(c, strcmp(tag, first) != 0 && strstr(first, tag) == NULL);
}

static int
key_of(const char *label, char *key, size_t size)
{
    migc_step step = {.label = label, .sql = "SELECT 1"};
    return migc_step_object(&step, key, size);
}

static void
test_step_keys(check_ctx *c)
{
    char a[128], b[128];
    CHECK(c, key_of("create_table users", a, sizeof a) == MIGC_STEP_MAKES);
    CHECK(c, key_of("drop_table users", b, sizeof b) == MIGC_STEP_REMOVES);
    CHECK_STR(c, a, b);
    CHECK(c, key_of("add_column users.email", a, sizeof a) == MIGC_STEP_MAKES);
    CHECK(c, key_of("drop_column users.email", b, sizeof b) == MIGC_STEP_REMOVES);
    CHECK_STR(c, a, b);
    CHECK(c, key_of("rename_table users", a, sizeof a) == MIGC_STEP_NONE);
    CHECK(c, key_of("alter_column users.email type", a, sizeof a) == MIGC_STEP_NONE);
    CHECK(c, migc_key_listed("table users\ncolumn users.email", "column users.email"));
    CHECK(c, migc_key_listed("table users\ncolumn users.email", "table users"));
    CHECK(c, !migc_key_listed("table users2", "table users"));
    CHECK(c, !migc_key_listed(NULL, "table users"));
}

static void
test_checksums(check_ctx *c)
{
    migc_revision rev = {.id = "0001_x", .checksum = "v1:abc", .legacy_checksum = "def"};
    CHECK(c, migc_checksum_accepts(&rev, "v1:abc"));
    CHECK(c, migc_checksum_accepts(&rev, "def"));
    CHECK(c, !migc_checksum_accepts(&rev, "v1:def")); /* a tagged value is never the legacy form */
    CHECK(c, !migc_checksum_accepts(&rev, "abc"));
    CHECK_STR(c, migc_checksum_counterpart(&rev, "0123"), "def");
    CHECK_STR(c, migc_checksum_counterpart(&rev, "v1:0123"), "v1:abc");
    rev.legacy_checksum = NULL;
    CHECK(c, !migc_checksum_accepts(&rev, "def"));
    CHECK_STR(c, migc_checksum_counterpart(&rev, "0123"), "v1:abc");
}

/* Step numbers are operation positions; without them (older output), step positions. */
static void
test_step_numbers(check_ctx *c)
{
    static const migc_step numbered[] = {
        {.label = "create_index a (drop invalid)", .op = 1},
        {.label = "create_index a", .op = 1},
        {.label = "sql", .op = 2},
    };
    static const migc_step down[] = {{.label = "sql", .op = 2}, {.label = "drop_index a", .op = 1}};
    static const migc_step plain[] = {{.label = "sql"}, {.label = "sql"}};

    CHECK(c, migc_step_number(numbered, 0) == 1 && migc_step_number(numbered, 1) == 1);
    CHECK(c, migc_step_number(numbered, 2) == 2 && migc_step_count(numbered, 3) == 2);
    CHECK(c, migc_step_number(down, 0) == 2 && migc_step_count(down, 2) == 2);
    CHECK(c, migc_step_number(plain, 1) == 2 && migc_step_count(plain, 2) == 2);
    CHECK(c, migc_step_count(plain, 0) == 0);
}

/* A step's place: its own source (older output, the snapshot), else its revision's file and the
 * location of its operation. */
static void
test_step_where(check_ctx *c)
{
    static const migc_location at[] = {{7, 5}, {0, 0}};
    static const migc_step steps[] = {
        {.label = "create_table a", .op = 1},
        {.label = "sql", .op = 2},
        {.label = "sql", .op = 3},
        {.label = "sql", .source = "head snapshot"},
        {.label = "sql"},
    };
    static const migc_revision rev = {
        .id = "0001_a", .source = "revisions/0001_a.yaml", .locations = at, .n_locations = 2};
    static const migc_revision old = {.id = "0001_a"};
    char buf[64], tiny[8];

    CHECK_STR(c, migc_step_where(&rev, &steps[0], buf, sizeof buf), "revisions/0001_a.yaml:7:5");
    CHECK_STR(c, migc_step_where(&rev, &steps[1], buf, sizeof buf), "revisions/0001_a.yaml");
    CHECK_STR(c, migc_step_where(&rev, &steps[2], buf, sizeof buf), "revisions/0001_a.yaml");
    CHECK_STR(c, migc_step_where(&rev, &steps[3], buf, sizeof buf), "head snapshot");
    CHECK_STR(c, migc_step_where(&old, &steps[0], buf, sizeof buf), "?");
    CHECK_STR(c, migc_step_where(NULL, &steps[4], buf, sizeof buf), "?");
    CHECK_STR(c, migc_step_where(&rev, &steps[0], tiny, sizeof tiny), "revisio");
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_quote(&c);
    test_dollar_tag(&c);
    test_step_keys(&c);
    test_checksums(&c);
    test_step_numbers(&c);
    test_step_where(&c);
    return check_summary(&c);
}
