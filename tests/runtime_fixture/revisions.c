/* Hand-written stand-in for a generated revisions.c, to exercise the runtime by hand.
 * Variants: -DFIXTURE_FAIL adds a failing 0004; -DFIXTURE_IRREVERSIBLE marks 0001 so. */
#include "migc/migc.h"

#define USERS_ABSENT                                                                               \
    "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "       \
    "ON n.oid = c.relnamespace WHERE n.nspname = 'app' AND c.relname = 'users')"
#define USERS_PRESENT                                                                              \
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "           \
    "ON n.oid = c.relnamespace WHERE n.nspname = 'app' AND c.relname = 'users')"
#define EMAIL_ABSENT                                                                               \
    "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = "               \
    "'app.users'::pg_catalog.regclass AND a.attname = 'email' AND NOT a.attisdropped)"
#define INDEX_ABSENT "SELECT pg_catalog.to_regclass('app.users_email_idx') IS NULL"

static const migc_step r0001_up[] = {
    {"create_table users", "revisions/0001_init.yaml:3:5", USERS_ABSENT,
     "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL)"},
};
static const migc_step r0001_down[] = {
    {"drop_table users", "revisions/0001_init.yaml:3:5", USERS_PRESENT, "DROP TABLE users"},
};
#ifdef FIXTURE_IRREVERSIBLE
#define R0001_REVERSIBLE 0
#else
#define R0001_REVERSIBLE 1
#endif
static const migc_revision r0001 = {
    "0001_init", NULL, "Create users", "c0ffee01", 1, R0001_REVERSIBLE, r0001_up, 1, r0001_down, 1};

static const migc_step r0002_up[] = {
    {"add_column users.email", "revisions/0002_email.yaml:4:5", EMAIL_ABSENT,
     "ALTER TABLE users ADD COLUMN email text"},
    {"sql", "revisions/0002_email.yaml:5:5", NULL,
     "INSERT INTO users (id, name, email) VALUES (1, 'ann', 'ann@example.org')"},
};
static const migc_step r0002_down[] = {
    {"sql", "revisions/0002_email.yaml:5:5", NULL, "DELETE FROM users WHERE id = 1"},
    {"drop_column users.email", "revisions/0002_email.yaml:4:5", NULL,
     "ALTER TABLE users DROP COLUMN email"},
};
static const migc_revision r0002 = {"0002_email",
                                    "0001_init",
                                    "Add \"email\"\tcolumn",
                                    "c0ffee02",
                                    1,
                                    1,
                                    r0002_up,
                                    2,
                                    r0002_down,
                                    2};

static const migc_step r0003_up[] = {
    {"create_index users_email_idx", "revisions/0003_index.yaml:3:5", INDEX_ABSENT,
     "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)"},
};
static const migc_step r0003_down[] = {
    {"drop_index users_email_idx", "revisions/0003_index.yaml:3:5", NULL,
     "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx"},
};
static const migc_revision r0003 = {
    "0003_index", "0002_email", "", "c0ffee03", 0, 1, r0003_up, 1, r0003_down, 1};

#ifdef FIXTURE_FAIL
static const migc_step r0004_up[] = {
    {"create_table t4", "revisions/0004_fail.yaml:3:5", NULL, "CREATE TABLE t4 (x int)"},
    {"sql", "revisions/0004_fail.yaml:4:5", NULL, "INSERT INTO t4 VALUES (1)"},
    {"sql", "revisions/0004_fail.yaml:5:5", NULL, "INSERT INTO users (id, name) VALUES (1, 'dup')"},
};
static const migc_step r0004_down[] = {
    {"drop_table t4", "revisions/0004_fail.yaml:3:5", NULL, "DROP TABLE t4"},
};
static const migc_revision r0004 = {"0004_fail", "0003_index", "Fails", "c0ffee04", 1,
                                    1,           r0004_up,     3,       r0004_down, 1};
#endif

static const migc_revision *const revisions[] = {
    &r0001,
    &r0002,
    &r0003,
#ifdef FIXTURE_FAIL
    &r0004,
#endif
};

const migc_module migc_module_rtfix = {
    "rtfix", "app", "migc_version", 1,
    "1s",    NULL,  revisions,      sizeof revisions / sizeof revisions[0],
};

#ifdef MIGC_MIGRATOR_MAIN
int
main(int argc, char **argv)
{
    return migc_cli_main(argc, argv, &migc_module_rtfix);
}
#endif
