/* Runtime unit tests: TARGET arguments (ids, prefixes, +N/-N, head/base) and intervals. */
#include "error.h"
#include "interval.h"
#include "target.h"
#include "unit_check.h"

static const migc_revision r1 = {.id = "0001_init"};
static const migc_revision r2 = {.id = "0002_users"};
static const migc_revision r3 = {.id = "0003_user_roles"};
static const migc_revision r10 = {.id = "0010_orders"};
static const migc_revision *const chain[] = {&r1, &r2, &r3, &r10};
static const migc_module mod = {.name = "m", .revisions = chain, .n_revisions = 4};

/* Resolves target from current in direction dir; returns the position, or -status on errors
 * (with the message in err). */
static long
resolve(const char *target, migc_direction dir, size_t current, migc_error *err)
{
    size_t pos = 999;
    migc_error_clear(err);
    if (migc_target_resolve(&mod, target, dir, current, &pos, err) != 0)
        return -(long)err->status;
    return (long)pos;
}

static void
test_targets(check_ctx *c)
{
    migc_error err = {0};
    CHECK(c, resolve("0002_users", MIGC_DIR_UP, 0, &err) == 2);
    CHECK(c, resolve("0003", MIGC_DIR_UP, 0, &err) == 3);
    CHECK(c, resolve("head", MIGC_DIR_UP, 1, &err) == 4);
    CHECK(c, resolve("base", MIGC_DIR_DOWN, 3, &err) == 0);
    CHECK(c, resolve("+2", MIGC_DIR_UP, 1, &err) == 3);
    CHECK(c, resolve("-1", MIGC_DIR_DOWN, 4, &err) == 3);
    CHECK(c, resolve("+4", MIGC_DIR_UP, 1, &err) == -MIGC_EUSAGE);
    CHECK(c, strstr(err.message, "only 3 revision(s) pending") != NULL);
    CHECK(c, resolve("-1", MIGC_DIR_UP, 2, &err) == -MIGC_EUSAGE);
    CHECK(c, resolve("-5", MIGC_DIR_DOWN, 4, &err) == -MIGC_EUSAGE);
    CHECK(c, resolve("+0", MIGC_DIR_UP, 0, &err) == -MIGC_EUSAGE);
    /* "000" is a prefix of four ids: ambiguous, and the message names candidates */
    CHECK(c, resolve("000", MIGC_DIR_ANY, 0, &err) == -MIGC_EUSAGE);
    CHECK(c, strstr(err.message, "0001_init") != NULL);
    CHECK(c, resolve("0004", MIGC_DIR_ANY, 0, &err) == -MIGC_EUSAGE);
    CHECK(c, resolve("", MIGC_DIR_ANY, 0, &err) == -MIGC_EUSAGE);
    CHECK_STR(c, migc_position_name(&mod, 0), "base");
    CHECK_STR(c, migc_position_name(&mod, 4), "0010_orders");
    migc_error_clear(&err);
}

static long
interval(const char *text)
{
    long ms = -7;
    return migc_interval_ms(text, &ms) == 0 ? ms : -1;
}

static void
test_intervals(check_ctx *c)
{
    CHECK(c, interval("2s") == 2000);
    CHECK(c, interval("500ms") == 500);
    CHECK(c, interval("2min") == 120000);
    CHECK(c, interval("1.5 h") == 5400000);
    CHECK(c, interval("3 seconds") == 3000);
    CHECK(c, interval("250") == 250);
    CHECK(c, interval("0") == 0);
    CHECK(c, interval("") == -1);
    CHECK(c, interval("5 parsecs") == -1);
    CHECK(c, interval("-1s") == -1);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_targets(&c);
    test_intervals(&c);
    return check_summary(&c);
}
