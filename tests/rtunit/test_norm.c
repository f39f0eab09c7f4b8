/* Runtime unit tests of the drift check's pure parts: when a live expression is the expected one
 * in parentheses (no server needed), which scratch table ("bin") an expression is parsed in, and
 * module.yaml's ignore patterns as check applies them. */
#include "check_bins.h"
#include "check_norm.h"
#include "pattern.h"
#include "unit_check.h"

static void
test_wrapped(check_ctx *c)
{
    CHECK(c, migc_norm_wrapped("(n >= 0)", "n >= 0"));
    CHECK(c, migc_norm_wrapped("((a + b) > 0)", "(a + b) > 0"));
    CHECK(c, !migc_norm_wrapped("n >= 0", "n >= 0"));       /* not wrapped: settled by equality */
    CHECK(c, !migc_norm_wrapped("(n >= 0) ", "n >= 0"));    /* trailing text */
    CHECK(c, !migc_norm_wrapped("(a) OR (b)", "a) OR (b")); /* parentheses do not balance */
    CHECK(c, migc_norm_wrapped("('a)' = s)", "'a)' = s"));  /* a quoted parenthesis is text */
    CHECK(c, !migc_norm_wrapped("(x; DROP)", "x; DROP"));   /* a semicolon is never trusted */
    CHECK(c, !migc_norm_wrapped("(x -- c)", "x -- c"));     /* nor a comment */
    CHECK(c, !migc_norm_wrapped("($$a$$)", "$$a$$"));       /* nor a dollar quote */
}

static const migc_expected_column cols_a[] = {{.name = "qty", .type = "integer"},
                                              {.name = "label", .type = "text"}};
static const migc_expected_column cols_b[] = {{.name = "qty", .type = "integer"},
                                              {.name = "note", .type = "text"}};
static const migc_expected_column cols_c[] = {{.name = "qty", .type = "bigint"}};
static const migc_expected_table table_a = {.name = "a", .columns = cols_a, .n_columns = 2};
static const migc_expected_table table_b = {.name = "b", .columns = cols_b, .n_columns = 2};
static const migc_expected_table table_c = {.name = "c", .columns = cols_c, .n_columns = 1};

static size_t
place(migc_bins *bs, const migc_expected_table *t, const char *expr)
{
    migc_norm_req r = {NORM_CHECK, t, NULL, NULL, NULL, expr, NULL};
    return migc_bins_place(bs, &r);
}

/* Expressions over columns of the same names and types share a bin; a column of another type,
 * or a word used as a column somewhere and as something else elsewhere, needs another one. */
static void
test_bins(check_ctx *c)
{
    migc_bins bs = {0};
    size_t a = place(&bs, &table_a, "qty > 0");
    size_t b = place(&bs, &table_b, "qty < 1000");
    size_t cq = place(&bs, &table_c, "qty > 0");
    CHECK(c, a != (size_t)-1 && b != (size_t)-1 && cq != (size_t)-1);
    CHECK(c, a == b);  /* qty integer in both */
    CHECK(c, a != cq); /* qty bigint */
    size_t l = place(&bs, &table_a, "length(label) < 10");
    CHECK(c, l == a); /* label joins the bin, length is a word that is no column there */
    migc_bins_free(&bs);
}

static void
test_ignore(check_ctx *c)
{
    const char *const pats[] = {"tmp_*", "app.old?", "other.*"};
    CHECK_STR(c, migc_ignore_match(pats, 3, "app", "tmp_import"), "tmp_*");
    CHECK_STR(c, migc_ignore_match(pats, 3, "app", "olds"), "app.old?");
    CHECK(c, migc_ignore_match(pats, 3, "app", "older") == NULL);
    CHECK(c, migc_ignore_match(pats, 3, "public", "olds") == NULL); /* another schema */
    CHECK(c, migc_ignore_match(pats, 3, "app", "other_t") == NULL);
    CHECK_STR(c, migc_ignore_match(pats, 3, "other", "anything"), "other.*");
    CHECK(c, migc_glob("a*b*c", 5, "aXbYbZc"));
    CHECK(c, !migc_glob("a*b*c", 5, "aXbYbZ"));
    CHECK(c, migc_glob("?é", 3, "xé")); /* ? takes a whole UTF-8 character */
    CHECK(c, migc_ignore_match(pats, 0, "app", "tmp_x") == NULL);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_wrapped(&c);
    test_bins(&c);
    test_ignore(&c);
    return check_summary(&c);
}
