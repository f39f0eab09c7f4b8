/* migc tests: the SQL scanner of sql steps.
 * Transaction control, meta-commands and unterminated quotes, and what must not be taken for them.
 */
#include <string.h>

#include "sqlscan.h"
#include "unit_check.h"

/* Checks the transaction control command found in sql ("" for none). */
static void
expect_txn(check_ctx *c, const char *sql, const char *want)
{
    mg_sqlscan_result r;
    mg_sqlscan_run(sql, &r);
    const char *got = r.txn == MG_SQLSCAN_NONE ? "" : r.txn_word;
    if (strcmp(got, want) != 0)
        fprintf(stderr, "scanned: %s\n", sql);
    CHECK_STR(c, got, want);
}

/* Checks the meta-command found in sql ("" for none). */
static void
expect_meta(check_ctx *c, const char *sql, const char *want)
{
    mg_sqlscan_result r;
    mg_sqlscan_run(sql, &r);
    const char *got = r.meta == MG_SQLSCAN_NONE ? "" : r.meta_word;
    if (strcmp(got, want) != 0)
        fprintf(stderr, "scanned: %s\n", sql);
    CHECK_STR(c, got, want);
}

static void
test_txn_control(check_ctx *c)
{
    expect_txn(c, "COMMIT;", "COMMIT");
    expect_txn(c, "begin", "BEGIN");
    expect_txn(c, "UPDATE t SET x = 1;\n  Begin Work;", "BEGIN");
    expect_txn(c, "SAVEPOINT x;", "SAVEPOINT");
    expect_txn(c, "release savepoint x", "RELEASE");
    expect_txn(c, "ROLLBACK TO SAVEPOINT x", "ROLLBACK");
    expect_txn(c, "end;", "END");
    expect_txn(c, "abort", "ABORT");
    expect_txn(c, "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "START TRANSACTION");
    expect_txn(c, "PREPARE TRANSACTION 'x'", "PREPARE TRANSACTION");
    expect_txn(c, "COMMIT PREPARED 'x'", "COMMIT PREPARED");
    expect_txn(c, "rollback prepared 'x'", "ROLLBACK PREPARED");
    expect_txn(c, "-- note\n/* a /* nested */ comment */ COMMIT", "COMMIT");
    expect_txn(c, "SELECT 1; SELECT 2; commit; begin;", "COMMIT");
    mg_sqlscan_result r;
    mg_sqlscan_run("SELECT 1;\n  COMMIT;", &r);
    CHECK(c, r.txn == 12);
}

static void
test_not_txn_control(check_ctx *c)
{
    expect_txn(c, "DO $$ BEGIN PERFORM 1; COMMIT; END $$;", "");
    expect_txn(c, "DO $body$ BEGIN RAISE NOTICE '$$'; END $body$", "");
    expect_txn(c, "SELECT 'COMMIT; BEGIN'; SELECT \"commit\";", "");
    expect_txn(c, "SELECT E'it\\'s; COMMIT'", "");
    expect_txn(c, "SELECT 'it''s; COMMIT'", "");
    expect_txn(c, "SELECT 1 -- ; COMMIT\n", "");
    expect_txn(c, "SELECT 1 /* ; /* ; */ COMMIT */", "");
    expect_txn(c, "PREPARE transactions AS SELECT 1; PREPARE q AS SELECT 2", "");
    expect_txn(c, "START_x; endless; commits; beginning", "");
    expect_txn(c, "UPDATE t SET \"end\" = 1 WHERE a$end = 2", "");
    expect_txn(c, "CREATE RULE r AS ON INSERT TO t DO ALSO (NOTIFY a; NOTIFY b)", "");
    /* SQL-standard function bodies: their BEGIN ATOMIC ... END holds semicolons */
    expect_txn(c,
               "CREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
               "BEGIN ATOMIC\n  SELECT CASE WHEN true THEN 1 END;\n  SELECT 2;\nEND;",
               "");
    expect_txn(c,
               "create or replace procedure p() language sql begin atomic insert into t "
               "values (1); end; COMMIT",
               "COMMIT");
}

static void
test_meta_commands(check_ctx *c)
{
    expect_meta(c, "\\! id", "\\!");
    expect_meta(c, "SELECT 1;\n   \\connect postgres\n", "\\connect");
    expect_meta(c, "SELECT 1 \\gexec", "\\gexec");
    expect_meta(c, "SELECT 'a\n\\ b'", "\\");         /* line start, inside a string */
    expect_meta(c, "DO $$\n  \\set x\n$$", "\\set");  /* line start, in a dollar quote */
    expect_meta(c, "SELECT 'C:\\dir' || E'\\n'", ""); /* inside strings */
    expect_meta(c, "SELECT 1 -- a \\ in a comment", "");
    expect_meta(c, "SELECT $$ \\ $$, \"a\\b\"", "");
    mg_sqlscan_result r;
    mg_sqlscan_run("SELECT 1 \\g\n\\q", &r);
    CHECK(c, r.meta == 9);
}

static void
test_unterminated(check_ctx *c)
{
    mg_sqlscan_result r;
    mg_sqlscan_run("SELECT 'abc", &r);
    CHECK_STR(c, r.open_what, "quoted string");
    CHECK(c, r.open == 7);
    mg_sqlscan_run("SELECT E'abc\\'", &r);
    CHECK_STR(c, r.open_what, "quoted string");
    mg_sqlscan_run("DO $x$ BEGIN END $y$", &r);
    CHECK_STR(c, r.open_what, "dollar-quoted string");
    mg_sqlscan_run("SELECT /* /* */", &r);
    CHECK_STR(c, r.open_what, "comment");
    mg_sqlscan_run("SELECT \"a\"\"", &r);
    CHECK_STR(c, r.open_what, "quoted identifier");
    mg_sqlscan_run("SELECT $1, $$a$$, 'b''', x$y -- 'open", &r);
    CHECK(c, r.open_what == NULL && r.open == MG_SQLSCAN_NONE);
    CHECK(c, r.txn == MG_SQLSCAN_NONE && r.meta == MG_SQLSCAN_NONE);
}

int
main(void)
{
    check_ctx c = {0};
    test_txn_control(&c);
    test_not_txn_control(&c);
    test_meta_commands(&c);
    test_unterminated(&c);
    return check_summary(&c);
}
