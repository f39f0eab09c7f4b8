/* migc tests: where a migrator that shares one transaction between revisions must commit.
 * mg_batch_commit_before over hand-built plans: enum values added by operation or by SQL, the
 * settings that would outlive their revision, VALIDATE (in SQL and validate_constraint), and words
 * that only look alike. */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "unit_check.h"

/* A plan whose up and down lists hold one operation each (either may be NULL: none). */
typedef struct fake_plan {
    mg_rev_plan plan;
    mg_op up, down;
    void *up_items[1], *down_items[1];
} fake_plan;

/* A sql operation running text (kind MG_OP_SQL unless kind says otherwise). */
static mg_op
op_of(mg_op_kind kind, const char *sql)
{
    mg_op op;

    memset(&op, 0, sizeof op);
    op.kind = kind;
    op.sql_up = sql;
    return op;
}

/* Fills p: its up list holds up (when up_kind >= 0), its down list down (when down_kind >= 0). */
static void
fake(fake_plan *p, int up_kind, const char *up_sql, int down_kind, const char *down_sql)
{
    memset(p, 0, sizeof *p);
    p->up = op_of((mg_op_kind)(up_kind < 0 ? 0 : up_kind), up_sql);
    p->down = op_of((mg_op_kind)(down_kind < 0 ? 0 : down_kind), down_sql);
    p->up_items[0] = &p->up;
    p->down_items[0] = &p->down;
    p->plan.up = (mg_vec){p->up_items, up_kind >= 0, 1};
    p->plan.down = (mg_vec){p->down_items, down_kind >= 0, 1};
    p->plan.transactional = true;
}

/* The commit_before bits of every plan of ps (n of them) as "U", "D", "UD" or "-", joined. */
static const char *
bits(fake_plan *ps, size_t n, char *out)
{
    void *items[8];
    mg_vec plans = {items, n, 8};

    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        items[i] = &ps[i].plan;
    for (size_t i = 0; i < n; i++) {
        unsigned b = mg_batch_commit_before(&plans, i);
        strcat(out, i ? " " : "");
        strcat(out, b == 0 ? "-" : "");
        strcat(out, b & MG_COMMIT_BEFORE_UP ? "U" : "");
        strcat(out, b & MG_COMMIT_BEFORE_DOWN ? "D" : "");
    }
    return out;
}

/* add_enum_value commits inside itself: commits before it, and before the revision after it;
 * its down (a rebuild) needs none, but a remove_enum_value's down adds the value back. */
static void
test_enum_ops(check_ctx *c)
{
    fake_plan p[4];
    char out[64];

    fake(&p[0], MG_OP_CREATE_TABLE, NULL, MG_OP_DROP_TABLE, NULL);
    fake(&p[1], MG_OP_ADD_ENUM_VALUE, NULL, MG_OP_REMOVE_ENUM_VALUE, NULL);
    fake(&p[2], MG_OP_CREATE_TABLE, NULL, MG_OP_DROP_TABLE, NULL);
    fake(&p[3], MG_OP_REMOVE_ENUM_VALUE, NULL, MG_OP_ADD_ENUM_VALUE, NULL);
    CHECK_STR(c, bits(p, 4, out), "- U UD D");
    fake(&p[1], MG_OP_RENAME_ENUM_VALUE, NULL, MG_OP_RENAME_ENUM_VALUE, NULL);
    CHECK_STR(c, bits(p, 3, out), "- - -");
}

/* Raw SQL: ADD VALUE and SET LOCAL, SET CONSTRAINTS, set_config end a transaction (the next
 * revision commits first); VALIDATE commits before its own revision. */
static void
test_sql_words(check_ctx *c)
{
    fake_plan p[3];
    char out[64];

    fake(&p[0], MG_OP_SQL, "alter type color add\n  value 'green'", MG_OP_SQL, "");
    fake(&p[1], MG_OP_SQL, "SELECT 1", MG_OP_SQL, "SET LOCAL work_mem = '1GB'");
    fake(&p[2], MG_OP_SQL, "ALTER TABLE t VALIDATE CONSTRAINT t_c", -1, NULL);
    CHECK_STR(c, bits(p, 3, out), "D U U");
    fake(&p[0], MG_OP_SQL, "SELECT pg_catalog.set_config('x.y', '1', true)", -1, NULL);
    fake(&p[1], MG_OP_SQL, "SET CONSTRAINTS ALL IMMEDIATE", -1, NULL);
    fake(&p[2], MG_OP_SQL, "SELECT 1", -1, NULL);
    CHECK_STR(c, bits(p, 3, out), "- U U");
}

/* validate_constraint, the second half of an online form (SPEC §4.1), runs after a commit: not
 * under the lock its ADD ... NOT VALID took in the revision before. Its down list is empty. */
static void
test_validate_op(check_ctx *c)
{
    fake_plan p[3];
    char out[64];

    fake(&p[0], MG_OP_ADD_CHECK, NULL, MG_OP_DROP_CHECK, NULL);
    fake(&p[1], MG_OP_VALIDATE_CONSTRAINT, NULL, -1, NULL);
    fake(&p[2], MG_OP_ADD_FOREIGN_KEY, NULL, MG_OP_DROP_FOREIGN_KEY, NULL);
    CHECK_STR(c, bits(p, 3, out), "- U -");
}

/* Words that only look alike: no commit. */
static void
test_lookalikes(check_ctx *c)
{
    fake_plan p[2];
    char out[64];

    fake(&p[0], MG_OP_SQL,
         "INSERT INTO t (added_value, set_locale) VALUES (1, 2); UPDATE t SET localized = 1; "
         "SELECT invalidated, add_values FROM t",
         MG_OP_SQL, "UPDATE t SET x = 1 WHERE addvalue");
    fake(&p[1], MG_OP_SQL, "SELECT 1", MG_OP_SQL, "SELECT 1");
    CHECK_STR(c, bits(p, 2, out), "- -");
}

int
main(void)
{
    check_ctx c = {0, 0};

    test_enum_ops(&c);
    test_sql_words(&c);
    test_validate_op(&c);
    test_lookalikes(&c);
    return check_summary(&c);
}
