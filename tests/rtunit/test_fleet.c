/* Runtime unit tests for --targets: tenant schema names, the retargeted copy of a module (which
 * texts change, which are shared), and reading target lists (comments, schemas, FILE:LINE). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */

#include "fleet.h"
#include "tenant.h"
#include "unit_check.h"

#include <stdlib.h>
#include <unistd.h>

static const migc_step up_steps[] = {
    {.label = "create_table users",
     .guard = "SELECT pg_catalog.to_regclass('\"public\".\"users\"') IS NULL AND "
              "pg_catalog.to_regnamespace('\"public\"') IS NOT NULL",
     .sql = "CREATE TABLE \"public\".\"users\" (\"public\" text, note text DEFAULT 'public')"},
    {.label = "create_extension pgcrypto",
     .guard = NULL,
     .sql = "CREATE EXTENSION \"pgcrypto\" WITH SCHEMA \"public\""},
    {.label = "sql", .sql = "SELECT 1"},
};
static const migc_step down_steps[] = {
    {.label = "remove_enum_value status.gone",
     .sql = "DO $migc$ BEGIN PERFORM 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = "
            "'public'; EXECUTE pg_catalog.format('DROP TYPE %I.%I', 'public', 'status'); END "
            "$migc$",
     .conflict = "SELECT 'x' WHERE pg_catalog.to_regclass('\"public\".\"a\"') IS NOT NULL"},
};
static const migc_revision rev1 = {
    .id = "0001_init", .up = up_steps, .n_up = 3, .down = down_steps, .n_down = 1};
static const migc_revision *const revs[] = {&rev1};
static const migc_module module = {.name = "shop",
                                   .schema = "public",
                                   .version_table = "migc_version",
                                   .revisions = revs,
                                   .n_revisions = 1};

static void
test_names(check_ctx *c)
{
    CHECK(c, migc_tenant_name_ok("tenant_0042"));
    CHECK(c, migc_tenant_name_ok("_t"));
    CHECK(c, !migc_tenant_name_ok("Tenant"));
    CHECK(c, !migc_tenant_name_ok("9lives"));
    CHECK(c, !migc_tenant_name_ok("a-b"));
    CHECK(c, !migc_tenant_name_ok(""));
    CHECK(c,
          migc_tenant_name_ok("a23456789012345678901234567890123456789012345678901234567890123"));
    CHECK(c,
          !migc_tenant_name_ok("a234567890123456789012345678901234567890123456789012345678901234"));
}

static void
test_retarget(check_ctx *c)
{
    migc_tenant t;
    migc_error err;
    const migc_revision *r;

    CHECK(c, migc_tenant_init(&t, &module, "tenant_7", &err) == 0);
    r = t.m.revisions[0];
    CHECK_STR(c, t.m.schema, "tenant_7");
    CHECK_STR(c, t.m.name, "shop");
    CHECK(c, r != &rev1 && r->n_up == 3 && r->n_down == 1);
    CHECK_STR(c, r->up[0].guard,
              "SELECT pg_catalog.to_regclass('\"tenant_7\".\"users\"') IS NULL AND "
              "pg_catalog.to_regnamespace('\"tenant_7\"') IS NOT NULL");
    /* a column called "public" and a literal default stay as they are */
    CHECK_STR(c, r->up[0].sql,
              "CREATE TABLE \"tenant_7\".\"users\" (\"public\" text, note text DEFAULT 'public')");
    /* extensions stay in the module's schema; texts without the schema are shared */
    CHECK_STR(c, r->up[1].sql, up_steps[1].sql);
    CHECK(c, r->up[2].sql == up_steps[2].sql);
    CHECK(c, r->up[1].guard == NULL);
    CHECK_STR(c, r->down[0].sql,
              "DO $migc$ BEGIN PERFORM 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = "
              "'tenant_7'; EXECUTE pg_catalog.format('DROP TYPE %I.%I', 'tenant_7', 'status'); END "
              "$migc$");
    CHECK_STR(c, r->down[0].conflict,
              "SELECT 'x' WHERE pg_catalog.to_regclass('\"tenant_7\".\"a\"') IS NOT NULL");
    CHECK_STR(c, r->down[0].label, "remove_enum_value status.gone");
    migc_tenant_free(&t);
    CHECK(c, migc_tenant_init(&t, &module, "Bad", &err) == -1 && err.status == MIGC_EUSAGE);
    migc_tenant_free(&t);
    migc_module quoted = module;
    quoted.schema = "it's";
    CHECK(c, migc_tenant_init(&t, &quoted, "tenant_1", &err) == -1 && err.status == MIGC_EUSAGE);
    migc_tenant_free(&t);
}

static void
test_ambiguous_rebuild(check_ctx *c)
{
    static const migc_step down[] = {
        {.label = "remove_enum_value visibility.public", .sql = "DO $migc$ ... 'public' $migc$"}};
    static const migc_revision rev = {.id = "0002", .down = down, .n_down = 1};
    static const migc_revision *const list[] = {&rev};
    migc_module m = module;
    migc_tenant t;
    migc_error err;

    m.revisions = list;
    CHECK(c, migc_tenant_init(&t, &m, "tenant_1", &err) == -1 && err.status == MIGC_EUSAGE);
    CHECK(c, strstr(err.message, "visibility.public") != NULL);
    migc_tenant_free(&t);
}

/* Writes text to a temporary file; returns its malloc'd path. */
static char *
temp_list(const char *text)
{
    char *path = malloc(64);
    int fd;
    FILE *f;

    snprintf(path, 64, "/tmp/migc-rtunit-fleet.XXXXXX");
    fd = mkstemp(path);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

/* Reads text as a target list; returns the status (0 on success), the message in err. */
static int
read_list(const char *text, migc_fleet_list *list, migc_error *err)
{
    char *path = temp_list(text);
    int rc = migc_fleet_read(path, list, err);

    unlink(path);
    free(path);
    return rc == 0 ? 0 : err->status;
}

static void
test_list(check_ctx *c)
{
    migc_fleet_list l;
    migc_error err;

    CHECK(c, read_list("# tenants\n\npostgresql://u:pw@h/app tenant_1  # first\n"
                       "  postgresql://u@h/app\n"
                       "host=h dbname=app#x user=u tenant_2\n"
                       "postgresql://u@h/app tenant_3\n",
                       &l, &err) == 0);
    CHECK(c, l.n == 4);
    CHECK_STR(c, l.items[0].url, "postgresql://u:pw@h/app");
    CHECK_STR(c, l.items[0].schema, "tenant_1");
    CHECK_STR(c, l.items[0].desc, "postgresql://u:***@h/app");
    CHECK(c, l.items[0].line == 3);
    CHECK(c, l.items[1].schema == NULL && l.items[1].line == 4);
    CHECK_STR(c, l.items[2].url, "host=h dbname=app#x user=u");
    CHECK_STR(c, l.items[2].schema, "tenant_2");
    CHECK(c, l.items[3].first == 1 && l.items[1].first == 1 && l.items[0].first == 0);
    migc_fleet_list_free(&l);

    CHECK(c, read_list("postgresql://h/app tenant_1\npostgresql://h/app Tenant\n", &l, &err) ==
                 MIGC_EUSAGE);
    CHECK(c, strstr(err.message, ":2: schema \"Tenant\"") != NULL);
    migc_fleet_list_free(&l);
    CHECK(c, read_list("postgresql://h/app a b\n", &l, &err) == MIGC_EUSAGE);
    CHECK(c, strstr(err.message, ":1: expected a connection URL") != NULL);
    migc_fleet_list_free(&l);
    CHECK(c, read_list("host='unterminated password=Sekr3t\n", &l, &err) == MIGC_EUSAGE);
    CHECK(c, strstr(err.message, "cannot be parsed") != NULL && !strstr(err.message, "Sekr3t"));
    migc_fleet_list_free(&l);
    CHECK(c, read_list("# nothing\n\n", &l, &err) == MIGC_EUSAGE);
    migc_fleet_list_free(&l);
}

int
main(void)
{
    check_ctx c = {0, 0};

    test_names(&c);
    test_retarget(&c);
    test_ambiguous_rebuild(&c);
    test_list(&c);
    return check_summary(&c);
}
