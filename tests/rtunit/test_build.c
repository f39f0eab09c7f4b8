/* Runtime unit tests for statements built by the runtime (runtime/core/build.h): a module
 * without any is used as it is, pieces are joined, revisions without such steps are shared. */
#include "build.h"
#include "enum_remove.h"
#include "error.h"
#include "tenant.h"
#include "unit_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const long_sql[] = {"DO $$\n", "BEGIN\n", "END\n", "$$", NULL};
static const char *const drop_sql[] = {"DROP TABLE \"public\".", "\"users\"", NULL};
static const migc_step up_plain[] = {{.label = "sql", .sql = "SELECT 1"}};
static const migc_step up_built[] = {
    {.label = "sql", .sql = "SELECT 2"},
    {.label = "sql", .guard = "SELECT true", .build = MIGC_BUILD_LINES, .parts = long_sql},
};
static const migc_step down_built[] = {
    {.label = "sql", .build = MIGC_BUILD_LINES, .parts = drop_sql}};
static const migc_step bad[] = {{.label = "sql", .build = 99, .parts = long_sql}};
static const migc_revision rev1 = {.id = "0001_a", .up = up_plain, .n_up = 1};
static const migc_revision rev2 = {
    .id = "0002_b", .up = up_built, .n_up = 2, .down = down_built, .n_down = 1};
static const migc_revision rev3 = {.id = "0003_c", .down = bad, .n_down = 1};
static const migc_revision *const both[] = {&rev1, &rev2};
static const migc_revision *const broken[] = {&rev1, &rev3};

static void
test_plain(check_ctx *c)
{
    migc_module m = {.name = "m", .schema = "public", .revisions = both, .n_revisions = 1};
    migc_flat f;
    migc_error err;

    CHECK(c, migc_flat_init(&f, &m, &err) == 0);
    CHECK(c, f.block == NULL && f.m.revisions == both);
    migc_flat_free(&f);
}

static void
test_joined(check_ctx *c)
{
    migc_module m = {.name = "m", .schema = "public", .revisions = both, .n_revisions = 2};
    migc_flat f;
    migc_error err;
    const migc_revision *r;

    CHECK(c, migc_flat_init(&f, &m, &err) == 0);
    CHECK(c, f.block != NULL && f.m.revisions[0] == &rev1);
    r = f.m.revisions[1];
    CHECK(c, r != &rev2 && r->id == rev2.id && r->n_up == 2);
    CHECK(c, r->up[0].sql == up_built[0].sql);
    CHECK_STR(c, r->up[1].sql, "DO $$\nBEGIN\nEND\n$$");
    CHECK(c, r->up[1].parts == NULL && r->up[1].build == 0 && r->up[1].guard == up_built[1].guard);
    migc_flat_free(&f);
    migc_flat_free(&f); /* twice is harmless */
}

static void
test_unknown(check_ctx *c)
{
    migc_module m = {.name = "m", .schema = "public", .revisions = broken, .n_revisions = 2};
    migc_flat f;
    migc_error err;

    migc_error_clear(&err);
    CHECK(c, migc_flat_init(&f, &m, &err) == -1 && err.status == MIGC_EFAILED);
    CHECK(c, strstr(err.message, "(99)") != NULL);
    migc_flat_free(&f);
}

/* Guard overrides (revisions.c): put in place in a copy of the revisions they name, with the
 * built statements; the base is untouched, a flat copy has none left, a bad index fails. */
static void
test_overrides(check_ctx *c)
{
    static const migc_guard_override over[] = {
        {.revision = 0, .step = 0, .guard = "SELECT 'later'"},
        {.revision = 1, .down = 1, .step = 0, .guard = "SELECT 'down'"},
    };
    static const migc_guard_override off[] = {{.revision = 1, .step = 2, .guard = "SELECT 1"}};
    migc_module m = {.name = "m", .revisions = both, .n_revisions = 2, .guard_overrides = over};
    migc_flat f;
    migc_error err;

    m.n_guard_overrides = 2;
    CHECK(c, migc_flat_init(&f, &m, &err) == 0);
    CHECK(c, f.m.revisions[0] != &rev1 && f.m.n_guard_overrides == 0);
    CHECK_STR(c, f.m.revisions[0]->up[0].guard, "SELECT 'later'");
    CHECK_STR(c, f.m.revisions[0]->up[0].sql, "SELECT 1");
    CHECK_STR(c, f.m.revisions[1]->down[0].guard, "SELECT 'down'");
    CHECK_STR(c, f.m.revisions[1]->down[0].sql, "DROP TABLE \"public\".\"users\"");
    CHECK(c, f.m.revisions[1]->up[1].guard == up_built[1].guard && up_plain[0].guard == NULL);
    migc_flat_free(&f);
    m.guard_overrides = off;
    m.n_guard_overrides = 1;
    migc_error_clear(&err);
    CHECK(c, migc_flat_init(&f, &m, &err) == -1 && err.status == MIGC_EFAILED);
    CHECK(c, strstr(err.message, "names no step") != NULL);
    migc_flat_free(&f);
}

/* A tenant copy retargets the built statement: the pieces are joined first. */
static void
test_tenant(check_ctx *c)
{
    migc_module m = {.name = "m", .schema = "public", .revisions = both, .n_revisions = 2};
    migc_tenant t;
    migc_error err;

    CHECK(c, migc_tenant_init(&t, &m, "tenant_7", &err) == 0);
    CHECK_STR(c, t.m.revisions[1]->down[0].sql, "DROP TABLE \"tenant_7\".\"users\"");
    CHECK_STR(c, t.m.revisions[1]->up[1].sql, "DO $$\nBEGIN\nEND\n$$");
    migc_tenant_free(&t);
}

/* The enum rebuild is the text the remove_enum_value template wrote before the runtime built it
 * (pinned from the offline SQL of golden hostile_names before this change: a value with a quote).
 */
static void
test_enum_remove(check_ctx *c)
{
    static const char *const parts[] = {"public", "mood_kind", "new 'one'", NULL};
    static const char *const tagged[] = {"public", "a$migc$b", "x", NULL};
    char want[8192], *got;
    FILE *f = fopen(MIGC_RTUNIT_DIR "/enum_remove_hostile.sql", "rb");
    size_t len = f != NULL ? fread(want, 1, sizeof want - 1, f) : 0;

    if (f != NULL)
        fclose(f);
    want[len] = '\0';
    CHECK(c, len > 4000 && migc_enum_remove_ok(parts) && !migc_enum_remove_ok(tagged));
    CHECK(c, migc_enum_remove_sql(parts, NULL) == len);
    got = malloc(len + 1);
    CHECK(c, got != NULL);
    if (got != NULL) {
        migc_enum_remove_sql(parts, got);
        CHECK_STR(c, got, want);
    }
    free(got);
}

/* A snapshot in pieces (units' table pieces, snapshot.c's own runs) becomes one list of steps in
 * order, long statements built; the base is untouched. */
static void
test_snapshot_pieces(check_ctx *c)
{
    static const migc_step table_a[] = {{.label = "create_table a", .sql = "CREATE TABLE a ()"},
                                        {.label = "create_index a_i", .sql = "CREATE INDEX"}};
    static const migc_step fk_a[] = {{.label = "add_foreign_key a.f", .sql = "ALTER TABLE a"}};
    static const migc_step run[] = {
        {.label = "create_view v", .build = MIGC_BUILD_LINES, .parts = drop_sql}};
    static const migc_snapshot_piece p1 = {table_a, 2}, p2 = {run, 1}, p3 = {fk_a, 1};
    static const migc_snapshot_piece *const pieces[] = {&p1, &p2, &p3};
    static const migc_snapshot snap = {.pieces = pieces, .n_pieces = 3};
    static const migc_snapshot none = {.pieces = pieces, .n_pieces = 0};
    migc_module m = {.name = "m", .schema = "public", .revisions = both, .n_revisions = 1};
    migc_flat f;
    migc_error err;

    m.snapshot = &snap;
    CHECK(c, migc_flat_init(&f, &m, &err) == 0);
    CHECK(c, f.m.snapshot != &snap && f.m.snapshot->pieces == NULL);
    CHECK(c, f.m.snapshot->n_steps == 4);
    CHECK(c, f.m.snapshot->n_steps == 4 && f.m.snapshot->steps[0].sql == table_a[0].sql);
    CHECK(c, f.m.snapshot->n_steps == 4 && f.m.snapshot->steps[1].sql == table_a[1].sql);
    CHECK_STR(c, f.m.snapshot->n_steps == 4 ? f.m.snapshot->steps[2].sql : NULL,
              "DROP TABLE \"public\".\"users\"");
    CHECK_STR(c, f.m.snapshot->n_steps == 4 ? f.m.snapshot->steps[3].label : NULL,
              "add_foreign_key a.f");
    CHECK(c, snap.steps == NULL && p2.steps[0].sql == NULL);
    migc_flat_free(&f);
    m.snapshot = &none;
    CHECK(c, migc_flat_init(&f, &m, &err) == 0);
    CHECK(c, f.m.snapshot->n_steps == 0 && f.m.snapshot->pieces == NULL);
    migc_flat_free(&f);
}

int
main(void)
{
    check_ctx c = {0};
    test_plain(&c);
    test_joined(&c);
    test_unknown(&c);
    test_overrides(&c);
    test_snapshot_pieces(&c);
    test_tenant(&c);
    test_enum_remove(&c);
    return check_summary(&c);
}
