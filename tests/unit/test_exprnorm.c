/* migc tests: expressions in a normal form.
 * Pairs that PostgreSQL reads the same way must compare equal; pairs that differ must not. */
#include <stdarg.h>
#include <string.h>

#include "exprnorm.h"
#include "unit_check.h"

/* A table "t" with columns of the types given as name, type, ..., NULL. */
static mg_table *
table_of(mg_arena *a, const char *first, ...)
{
    mg_table *t = mg_arena_alloc(a, sizeof(*t));
    t->name = "t";
    va_list ap;
    va_start(ap, first);
    for (const char *name = first; name != NULL; name = va_arg(ap, const char *)) {
        mg_column *c = mg_arena_alloc(a, sizeof(*c));
        c->name = name;
        c->type = va_arg(ap, const char *);
        mg_vec_push(a, &t->columns, c);
    }
    va_end(ap);
    return t;
}

typedef struct pair {
    const char *x, *y;
} pair;

static void
expect_same(check_ctx *c, mg_arena *a, const pair *p, size_t n, const mg_exprctx *ctx, bool want)
{
    for (size_t i = 0; i < n; i++) {
        bool got = mg_expr_same(a, p[i].x, ctx, p[i].y, ctx);
        if (got != want)
            fprintf(stderr, "%s: [%s] [%s] -> [%s] [%s]\n",
                    want ? "should be same" : "should differ", p[i].x, p[i].y,
                    mg_expr_normal(a, p[i].x, ctx), mg_expr_normal(a, p[i].y, ctx));
        CHECK(c, got == want);
    }
}

#define COUNT(p) (sizeof(p) / sizeof((p)[0]))

static void
test_spelling(check_ctx *c, mg_arena *a)
{
    static const pair same[] = {
        {"NOW()", "now()"},
        {"x is not null", "x IS NOT NULL"},
        {"price>=0", "price >= 0"},
        {"price  >=\n\t0", "price >= 0"},
        {"(price >= 0)", "price >= 0"},
        {"((price >= 0))", "price >= 0"},
        {"\"price\" > 0", "price > 0"},
        {"a != b", "a <> b"},
        {"LOWER(Email)", "lower(email)"},
        {"x > 0 -- why\n", "x > 0"},
        {"x /* c */ > 0", "x > 0"},
        {"1E3", "1e3"},
        {"(a > 0) AND (b < 1)", "a > 0 AND b < 1"},
        {"(a > 0) OR (NOT b)", "a > 0 or not b"},
        {"f((x))", "f(x)"},
        {"f(a, (b + 1))", "f(a, b + 1)"},
        {"a + (b)", "a + b"},
        {"(title || ' ') || summary", "title || ' ' || summary"},
        {"(a + b) + c", "a + b + c"},
        {"x = (a || b) || c", "x = a || b || c"},
        {"(now() AT TIME ZONE 'utc')", "now() at time zone 'utc'"},
        {"5::integer", "5"},
        {"1.5::numeric", "1.5"},
        {"x > (0)::integer", "x > 0"},
        {"NOT (retracted)", "not retracted"},
        {NULL, NULL},
    };
    expect_same(c, a, same, COUNT(same), NULL, true);
}

static void
test_spelling_differs(check_ctx *c, mg_arena *a)
{
    static const pair differ[] = {
        {"a > 0", "a >= 0"},
        {"'A'", "'a'"},
        {"\"Price\" > 0", "price > 0"},
        {"x::text", "x"},
        {"lower(email)", "lower(name)"},
        {"f(a, b)", "f(b, a)"},
        {"f(a)", "f(a, b)"},
        {"\"select\" > 0", "select > 0"},
        {"(a, b)", "a, b"},
        {"(a).b", "a.b"},
        {"x IN (1)", "x IN 1"},
        {"(a OR b) AND c", "a OR b AND c"},
        {"a - (b - c)", "a - b - c"},
        {"(a = b) = c", "a = b = c"},
        {"x BETWEEN 1 AND (y = 2)", "x BETWEEN 1 AND y = 2"},
        {"x / 2::numeric", "x / 2"},
        {"2147483648::integer", "2147483648"},
        {"1.5::integer", "1.5"},
        {"'it''s'", "'its'"},
        {"E'a'", "'a'"},
        {"x > 0", NULL},
        {"'open", "'open "},
        {"(x > 0", "x > 0"},
    };
    expect_same(c, a, differ, COUNT(differ), NULL, false);
}

static void
test_defaults(check_ctx *c, mg_arena *a)
{
    static const pair same[] = {
        {"'stripe'::varchar", "'stripe'"},
        {"'stripe'::character varying", "'stripe'"},
        {"('stripe'::character varying)", "'stripe'"},
        {"0::integer", "0"},
        {"'{}'::jsonb", "'{}'"},
    };
    static const pair differ[] = {
        {"'stripe'::text", "'stripe'"},
        {"'stripe'::varchar(3)", "'stripe'"},
        {"'stripe'::varchar || 'x'", "'stripe' || 'x'"},
        {"'stripe'::varchar(20)", "'stripe'"},
        {"'s'::char", "'s'"},
    };
    mg_exprctx vc = {NULL, "character varying(20)"};
    expect_same(c, a, same, 3, &vc, true);
    expect_same(c, a, differ, COUNT(differ), &vc, false);
    mg_exprctx ic = {NULL, "integer"};
    expect_same(c, a, same + 3, 1, &ic, true);
    mg_exprctx jc = {NULL, "jsonb"};
    expect_same(c, a, same + 4, 1, &jc, true);
    static const pair typed[] = {{"'active'::user_status", "'active'"}};
    mg_exprctx ec = {NULL, "user_status"};
    expect_same(c, a, typed, 1, &ec, true);
    mg_exprctx other = {NULL, "mood"};
    expect_same(c, a, typed, 1, &other, false);
    static const pair num[] = {{"0.5::real", "0.5"}, {"'ab'::bpchar", "'ab'"}};
    mg_exprctx rc = {NULL, "real"};
    expect_same(c, a, num, 1, &rc, true);
    mg_exprctx bc = {NULL, "character(4)"};
    expect_same(c, a, num + 1, 1, &bc, true);
}

/* Defaults PostgreSQL shows as a quoted number: '-1.5'::numeric. */
static void
test_default_numbers(check_ctx *c, mg_arena *a)
{
    mg_exprctx vc = {NULL, "character varying(20)"};
    mg_exprctx ic = {NULL, "integer"};
    static const pair negative[] = {
        {"'-1.5'::numeric", "-1.5"},
        {"'-42'::integer", "-42"},
        {"('-42'::integer)", "- 42"},
        {"'7'", "7"},
    };
    static const pair not_negative[] = {
        {"'-1.5'::numeric", "-1.50"}, {"'1.5'", "1.5"}, {"'-'", "-"}, {"'1e3'", "1e3"},
        {"'-42'::integer", "42"},
    };
    mg_exprctx nc = {NULL, "numeric(12,2)"};
    expect_same(c, a, negative, 1, &nc, true);
    expect_same(c, a, not_negative, 1, &nc, false);
    expect_same(c, a, negative + 1, COUNT(negative) - 1, &ic, true);
    expect_same(c, a, not_negative + 1, COUNT(not_negative) - 1, &ic, false);
    expect_same(c, a, negative, 1, &vc, false); /* not for a string column */
}

static void
test_default_types(check_ctx *c, mg_arena *a)
{
    static const pair nobool[] = {{"0::boolean", "0"}};
    mg_exprctx boolc = {NULL, "boolean"};
    expect_same(c, a, nobool, 1, &boolc, false);
}

static void
test_comparisons(check_ctx *c, mg_arena *a)
{
    mg_table *t = table_of(a, "price", "numeric(12,2)", "status", "user_status", "qty", "integer",
                           "title", "text", "summary", "text", "code", "character varying(4)",
                           "flag", "real", "small", "smallint", NULL);
    mg_exprctx ctx = {t, NULL};
    static const pair same[] = {
        {"(price >= (0)::numeric)", "price >= 0"},
        {"price >= 0::numeric AND price <= 1::numeric", "price >= 0 AND price <= 1"},
        {"status = 'active'::user_status", "status = 'active'"},
        {"'active'::user_status = status", "'active' = status"},
        {"qty > 0::integer", "qty > 0"},
        {"to_tsvector('english'::regconfig, (title || ' '::text) || summary)",
         "to_tsvector('english', title || ' ' || summary)"},
        {"NOT (status = 'active'::user_status)", "not status = 'active'"},
        {"nextval('ticket_seq'::regclass)", "nextval('ticket_seq')"},
    };
    static const pair differ[] = {
        {"status = 'active'::mood", "status = 'active'"},
        {"code = 'ab'::text", "code = 'ab'"},
        {"price * 2 >= 0::numeric", "price * 2 >= 0"},
        {"qty / 2::numeric > 1", "qty / 2 > 1"},
        {"other = 'x'::text", "other = 'x'"},
        {"t.status = 'a'::user_status", "t.status = 'a'"},
        {"status = 'a'::user_status || 'b'", "status = 'a' || 'b'"},
        {"flag > 0.1::real", "flag > 0.1"},
        {"code = 'abcdef'::varchar(4)", "code = 'abcdef'"},
        {"small = 70000::smallint", "small = 70000"},
        {"to_tsvector('english'::regconfig)", "to_tsvector('english')"},
        {"s.to_tsvector('english'::regconfig, title)", "s.to_tsvector('english', title)"},
        {"x BETWEEN 0 AND price = 1::numeric", "x BETWEEN 0 AND price = 1"},
        {"1 || title || ' '::text", "1 || title || ' '"},
        {"s.nextval('ticket_seq'::regclass)", "s.nextval('ticket_seq')"},
        {"nextval('ticket_seq'::text)", "nextval('ticket_seq')"},
    };
    expect_same(c, a, same, COUNT(same), &ctx, true);
    expect_same(c, a, differ, COUNT(differ), &ctx, false);
    expect_same(c, a, same, 1, NULL, false); /* without the table the cast stays */
}

/* BETWEEN as PostgreSQL stores it, and groups of AND/OR that read the same without parentheses. */
static void
test_between(check_ctx *c, mg_arena *a)
{
    static const pair same[] = {
        {"VALUE BETWEEN 1901 AND 2155", "((VALUE >= 1901) AND (VALUE <= 2155))"},
        {"y between 1 and 5 and z > 0", "y >= 1 AND y <= 5 AND z > 0"},
        {"z > 0 OR y BETWEEN 'a' AND 'b'", "z > 0 OR (y >= 'a' AND y <= 'b')"},
        {"y NOT BETWEEN 7 AND 9 OR y IS NULL", "(((y < 7) OR (y > 9)) OR (y IS NULL))"},
        {"y NOT BETWEEN 7 AND 9", "y < 7 OR y > 9"},
        {"(a OR b) OR c", "a OR b OR c"},
        {"(a AND b) OR (c AND d)", "a AND b OR c AND d"},
        {"f(x BETWEEN 1 AND 2)", "f(x >= 1 AND x <= 2)"},
    };
    static const pair differ[] = {
        {"y NOT BETWEEN 7 AND 9 AND z", "y < 7 OR y > 9 AND z"},
        {"NOT y BETWEEN 1 AND 5", "NOT y >= 1 AND y <= 5"},
        {"y + 1 BETWEEN 1 AND 5", "y + 1 >= 1 AND y + 1 <= 5"},
        {"y BETWEEN 1 AND 5", "y >= 1 AND y < 5"},
        {"y BETWEEN SYMMETRIC 5 AND 1", "y >= 5 AND y <= 1"},
        {"NOT (a OR b)", "NOT a OR b"},
        {"NOT (a AND b)", "NOT a AND b"},
        {"(a OR b) AND c", "a OR b AND c"},
        {"c AND (a OR b)", "c AND a OR b"},
    };
    expect_same(c, a, same, COUNT(same), NULL, true);
    expect_same(c, a, differ, COUNT(differ), NULL, false);
}

static void
test_normal_form(check_ctx *c, mg_arena *a)
{
    CHECK_STR(c, mg_expr_normal(a, "(Price>=0)", NULL), "price >= 0");
    CHECK_STR(c, mg_expr_normal(a, "\"Group\" IS NOT NULL", NULL), "\"Group\" is not null");
    CHECK_STR(c, mg_expr_normal(a, "NOW()", NULL), "now ( )");
    CHECK(c, mg_expr_normal(a, "'open", NULL) == NULL);
    CHECK(c, mg_expr_normal(a, NULL, NULL) == NULL);
    CHECK(c, mg_expr_same(a, NULL, NULL, NULL, NULL));
    CHECK(c, !mg_expr_same(a, NULL, NULL, "0", NULL));
}

int
main(void)
{
    check_ctx c = {0, 0};
    mg_arena a;
    mg_arena_init(&a);
    test_spelling(&c, &a);
    test_spelling_differs(&c, &a);
    test_defaults(&c, &a);
    test_default_numbers(&c, &a);
    test_default_types(&c, &a);
    test_comparisons(&c, &a);
    test_between(&c, &a);
    test_normal_form(&c, &a);
    mg_arena_free(&a);
    return check_summary(&c);
}
