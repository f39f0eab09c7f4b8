/* migc tests: the embedding API as an application uses it, over its own PGconn.
 * Linked with migc_runtime and artstore_admin's generated C, without MIGC_MIGRATOR_MAIN. */
#include "unit_check.h"

#include <migc/migc.h>

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

extern const migc_module migc_module_artstore_admin; /* from generated/revisions.c */

/* A one-revision module of the test's own whose step fails (division by zero). */
static const migc_step broken_up[] = {
    {.label = "create_table embed_ok",
     .source = "test:1:1",
     .guard = "SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'embed_ok')",
     .sql = "CREATE TABLE embed_ok (id integer)"},
    {.label = "sql", .source = "test:2:1", .sql = "SELECT 1 / 0"},
};
static const migc_revision broken_rev = {
    .id = "0001_broken",
    .message = "",
    .checksum = "00",
    .transactional = 1,
    .reversible = 1,
    .up = broken_up,
    .n_up = 2,
};
static const migc_revision *const broken_revs[] = {&broken_rev};
static const migc_module broken_module = {
    .name = "embed_broken",
    .schema = "embed_broken",
    .version_table = "migc_version",
    .lock_timeout = "200ms",
    .revisions = broken_revs,
    .n_revisions = 1,
};

/* Counts progress callbacks. */
typedef struct counter {
    int begins, ends, ok, fresh;
} counter;

static void
count_begin(void *user, const char *verb, const migc_revision *rev)
{
    (void)verb;
    (void)rev;
    ((counter *)user)->begins++;
}

static void
count_end(void *user, const char *verb, const migc_revision *rev, long ms, int ok)
{
    (void)verb;
    (void)rev;
    (void)ms;
    ((counter *)user)->ends++;
    ((counter *)user)->ok += ok;
}

static void
count_fresh(void *user, const migc_revision *head, size_t n, size_t n_steps, long ms, int ok,
            const char *why)
{
    (void)head;
    (void)n_steps;
    (void)ms;
    (void)why;
    ((counter *)user)->fresh += ok && n > 0;
}

/* Runs sql on conn; returns 0 when the server accepted it. */
static int
exec_ok(PGconn *conn, const char *sql)
{
    PGresult *res = PQexec(conn, sql);
    int ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;

    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQerrorMessage(conn));
    PQclear(res);
    return ok ? 0 : -1;
}

/* Connects to dbname with the PG* environment for everything else. */
static PGconn *
connect_db(const char *dbname)
{
    const char *keys[] = {"dbname", "fallback_application_name", NULL};
    const char *values[] = {dbname, "embed_test", NULL};
    PGconn *conn = PQconnectdbParams(keys, values, 1);

    if (PQstatus(conn) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect to %s: %s", dbname, PQerrorMessage(conn));
        PQfinish(conn);
        return NULL;
    }
    return conn;
}

/* A fresh database for this test; returns a connection to it or NULL. */
static PGconn *
fresh_database(void)
{
    PGconn *admin = connect_db("postgres");
    int rc;

    if (admin == NULL)
        return NULL;
    rc = exec_ok(admin, "DROP DATABASE IF EXISTS migc_embed WITH (FORCE)");
    if (rc == 0)
        rc = exec_ok(admin, "CREATE DATABASE migc_embed");
    PQfinish(admin);
    return rc == 0 ? connect_db("migc_embed") : NULL;
}

/* Start-up migration to head, with progress, then the current revision: on this fresh database
 * the head is built from the snapshot (one fresh callback, no revision callbacks); downgraded to
 * base, MIGC_OPT_REPLAY applies the revisions one by one. */
static void
test_upgrade_and_current(check_ctx *t, PGconn *conn, const migc_module *m)
{
    counter c = {0, 0, 0, 0};
    migc_progress progress = {
        .begin = count_begin, .end = count_end, .user = &c, .fresh = count_fresh};
    migc_run run;
    migc_error err;
    migc_state st;

    CHECK(t, migc_upgrade(conn, m, NULL, &progress, &run, &err) == 0);
    CHECK(t, err.status == MIGC_OK);
    CHECK(t, run.before == 0 && run.after == m->n_revisions && run.snapshot == 1);
    CHECK(t, c.fresh == 1 && c.begins == 0);
    CHECK(t,
          migc_downgrade_with(conn, m, "base", MIGC_OPT_ALLOW_DESTRUCTIVE, NULL, &run, &err) == 0);
    CHECK(t, run.after == 0 && run.snapshot == 0);
    c = (counter){0, 0, 0, 0};
    CHECK(t, migc_upgrade_with(conn, m, NULL, MIGC_OPT_REPLAY, &progress, &run, &err) == 0);
    CHECK(t, run.before == 0 && run.after == m->n_revisions && run.snapshot == 0);
    CHECK(t, c.fresh == 0);
    CHECK(t, c.begins == (int)m->n_revisions && c.ends == c.begins && c.ok == c.begins);
    CHECK(t, migc_state_read(conn, m, &st, &err) == 0);
    CHECK(t, st.n_applied == m->n_revisions);
    if (st.n_applied > 0)
        CHECK_STR(t, st.rows[st.n_applied - 1].rev->id, m->revisions[m->n_revisions - 1]->id);
    migc_state_free(&st);
    /* Nothing to do: still 0, before == after. */
    CHECK(t, migc_upgrade(conn, m, "head", NULL, &run, &err) == 0);
    CHECK(t, run.before == m->n_revisions && run.after == m->n_revisions);
}

/* Drift: clean at head; a column added by hand is one difference naming it; clean again. */
static void
test_check(check_ctx *t, PGconn *conn, const migc_module *m)
{
    migc_drift drift;
    migc_error err;
    int found = 0;

    CHECK(t, migc_check(conn, m, &drift, &err) == 0);
    CHECK(t, drift.n == 0 && drift.revision == m->n_revisions);
    migc_drift_free(&drift);
    CHECK(t, exec_ok(conn, "ALTER TABLE public.users ADD COLUMN embed_extra integer") == 0);
    CHECK(t, migc_check(conn, m, &drift, &err) == 0);
    CHECK(t, drift.n == 1);
    for (size_t i = 0; i < drift.n; i++)
        found += strstr(drift.items[i].message, "embed_extra") != NULL;
    CHECK(t, found == 1);
    migc_drift_free(&drift);
    CHECK(t, exec_ok(conn, "ALTER TABLE public.users DROP COLUMN embed_extra") == 0);
    CHECK(t, migc_check(conn, m, &drift, &err) == 0 && drift.n == 0);
    migc_drift_free(&drift);
}

/* Usage errors: unknown, ambiguous and wrong-direction targets; nothing changes. */
static void
test_bad_targets(check_ctx *t, PGconn *conn, const migc_module *m)
{
    migc_run run;
    migc_error err;

    CHECK(t, migc_upgrade(conn, m, "9999", NULL, &run, &err) == -1);
    CHECK(t, err.status == MIGC_EUSAGE);
    CHECK(t, strstr(err.message, "unknown target 9999") != NULL);
    CHECK(t, err.revision == NULL && err.step == 0 && err.sqlstate[0] == '\0');
    CHECK(t, migc_upgrade(conn, m, "0", NULL, &run, &err) == -1);
    CHECK(t, err.status == MIGC_EUSAGE && strstr(err.message, "ambiguous") != NULL);
    CHECK(t, migc_downgrade(conn, m, "+1", NULL, &run, &err) == -1);
    CHECK(t, err.status == MIGC_EUSAGE);
    CHECK(t, migc_upgrade(conn, m, "base", NULL, &run, &err) == -1);
    CHECK(t, err.status == MIGC_EUSAGE && strstr(err.message, "use downgrade") != NULL);
}

/* Downgrade one step and stamp back, as an application could at start-up. */
static void
test_downgrade_and_stamp(check_ctx *t, PGconn *conn, const migc_module *m)
{
    migc_run run;
    migc_error err;

    CHECK(t, migc_downgrade(conn, m, "-1", NULL, &run, &err) == 0);
    CHECK(t, run.before == m->n_revisions && run.after == m->n_revisions - 1);
    CHECK(t, migc_upgrade(conn, m, "+1", NULL, &run, &err) == 0);
    CHECK(t, run.after == m->n_revisions);
    CHECK(t, migc_stamp(conn, m, "head", &run, &err) == 0);
}

/* A checksum that differs and a revision the module does not know are structured errors. */
static void
test_version_table_errors(check_ctx *t, PGconn *conn, const migc_module *m)
{
    migc_error err;
    migc_state st;

    CHECK(t, exec_ok(conn, "UPDATE public.migc_version SET checksum = 'x' || checksum "
                           "WHERE revision LIKE '0001%'") == 0);
    CHECK(t, migc_upgrade(conn, m, NULL, NULL, NULL, &err) == -1);
    CHECK(t, err.status == MIGC_EDRIFT && strstr(err.message, "checksum mismatch") != NULL);
    CHECK_STR(t, err.revision, m->revisions[0]->id);
    CHECK(t, exec_ok(conn, "UPDATE public.migc_version SET checksum = substr(checksum, 2) "
                           "WHERE revision LIKE '0001%'") == 0);
    CHECK(t, exec_ok(conn, "INSERT INTO public.migc_version (revision, checksum) "
                           "VALUES ('9999_future', 'ab')") == 0);
    CHECK(t, migc_state_read(conn, m, &st, &err) == -1);
    CHECK(t, err.status == MIGC_EUNKNOWN && strstr(err.message, "9999_future") != NULL);
    CHECK(t, exec_ok(conn, "DELETE FROM public.migc_version WHERE revision = '9999_future'") == 0);
    CHECK(t, migc_state_read(conn, m, &st, &err) == 0 && st.n_applied == m->n_revisions);
    migc_state_free(&st);
}

/* A failing revision: rolled back, with revision, step, SQLSTATE and statement. */
static void
test_failing_revision(check_ctx *t, PGconn *conn)
{
    PGresult *res;
    migc_run run;
    migc_error err;

    CHECK(t, migc_upgrade(conn, &broken_module, NULL, NULL, &run, &err) == -1);
    CHECK(t, err.status == MIGC_EFAILED);
    CHECK_STR(t, err.sqlstate, "22012");
    CHECK_STR(t, err.revision, "0001_broken");
    CHECK(t, err.step == 2);
    CHECK_STR(t, err.statement, "SELECT 1 / 0");
    CHECK(t, strstr(err.message, "division by zero") != NULL);
    CHECK(t, run.after == 0);
    res = PQexec(conn, "SELECT (SELECT count(*) FROM embed_broken.migc_version), "
                       "EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relname = 'embed_ok')");
    CHECK(t, PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1);
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        CHECK_STR(t, PQgetvalue(res, 0, 0), "0"); /* no version row */
        CHECK_STR(t, PQgetvalue(res, 0, 1), "f"); /* step 1 rolled back with it */
    }
    PQclear(res);
}

/* Another session holds the module lock: MIGC_ELOCK after the module's lock_timeout. */
static void
test_lock_timeout(check_ctx *t, PGconn *conn)
{
    PGconn *other = connect_db("migc_embed");
    migc_error err;

    CHECK(t, other != NULL);
    if (other == NULL)
        return;
    CHECK(t,
          exec_ok(other, "SELECT pg_advisory_lock(hashtextextended('migc:embed_broken', 0))") == 0);
    CHECK(t, migc_upgrade(conn, &broken_module, NULL, NULL, NULL, &err) == -1);
    CHECK(t, err.status == MIGC_ELOCK);
    PQfinish(other);
}

/* A connection that is not open: MIGC_ECONNECT, no crash. */
static void
test_closed_connection(check_ctx *t)
{
    PGconn *bad = PQconnectdb("host=127.0.0.1 port=1 dbname=none connect_timeout=2");
    migc_error err;

    CHECK(t, migc_upgrade(bad, &migc_module_artstore_admin, NULL, NULL, NULL, &err) == -1);
    CHECK(t, err.status == MIGC_ECONNECT);
    PQfinish(bad);
}

/* Offline SQL through the API: a script into a FILE, a bad path refused. */
static void
test_sql_script(check_ctx *t, const migc_module *m)
{
    static char text[1 << 16];
    FILE *out = tmpfile();
    migc_error err;
    size_t n;

    CHECK(t, out != NULL);
    if (out == NULL)
        return;
    CHECK(t, migc_sql_script(m, "base:head", out, &err) == 0);
    rewind(out);
    n = fread(text, 1, sizeof text - 1, out);
    text[n] = '\0';
    fclose(out);
    CHECK(t, strstr(text, "INSERT INTO \"public\".\"migc_version\"") != NULL);
    CHECK(t, migc_sql_script(m, "nope", stdout, &err) == -1 && err.status == MIGC_EUSAGE);
}

int
main(void)
{
    const migc_module *m = &migc_module_artstore_admin;
    check_ctx t = {0, 0};
    PGconn *conn = fresh_database();

    CHECK(&t, conn != NULL);
    if (conn == NULL)
        return check_summary(&t);
    test_upgrade_and_current(&t, conn, m);
    test_check(&t, conn, m);
    test_bad_targets(&t, conn, m);
    test_downgrade_and_stamp(&t, conn, m);
    test_version_table_errors(&t, conn, m);
    test_failing_revision(&t, conn);
    test_lock_timeout(&t, conn);
    test_closed_connection(&t);
    test_sql_script(&t, m);
    PQfinish(conn);
    return check_summary(&t);
}
