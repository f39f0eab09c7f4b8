/* migc tests: the SQL expression scanner.
 * Which names of a check, index or default expression are columns, and which are not. */
#include <string.h>

#include "exprscan.h"
#include "strbuf.h"
#include "unit_check.h"

/* The column references of expr on table t, joined with ","; "?" when the scan gave up. */
static const char *
refs_of(mg_arena *a, const char *expr, const char *t)
{
    mg_vec refs = {0};
    if (mg_exprscan_columns(a, expr, t, &refs) != 0)
        return "?";
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < refs.len; i++) {
        const mg_exprref *r = refs.items[i];
        mg_sb_printf(&b, "%s%s", i ? "," : "", r->name);
    }
    return mg_sb_str(&b);
}

static void
expect(check_ctx *c, mg_arena *a, const char *expr, const char *want)
{
    const char *got = refs_of(a, expr, "users");
    if (strcmp(got, want) != 0)
        fprintf(stderr, "scanned: %s\n", expr);
    CHECK_STR(c, got, want);
}

static void
test_plain(check_ctx *c, mg_arena *a)
{
    expect(c, a, "email <> ''", "email");
    expect(c, a, "Email <> ''", "email");
    expect(c, a, "qty > 0 AND price >= 0", "qty,price");
    expect(c, a, "score IS NULL OR (score >= 0 AND score <= 100)", "score,score,score");
    expect(c, a, "NOT retracted", "retracted");
    expect(c, a, "capacity_bytes IS NULL OR used_bytes <= capacity_bytes",
           "capacity_bytes,used_bytes,capacity_bytes");
    expect(c, a, "café <> 'x''y'", "café");
    expect(c, a, "a$b > 1", "a$b");
    expect(c, a, "tags[1] = 'x'", "tags");
    expect(c, a, "x BETWEEN lo AND hi", "x,lo,hi");
    expect(c, a, "x NOT IN (a, b)", "x,a,b");
    expect(c, a, "CASE WHEN kind = 'a' THEN amount ELSE 0 END > 0", "kind,amount");
    expect(c, a, "1 + 2", "");
    expect(c, a, "-1", "");
    expect(c, a, "", "");
}

static void
test_strings_and_quotes(check_ctx *c, mg_arena *a)
{
    expect(c, a, "status = 'active and email'", "status");
    expect(c, a, "note <> E'it\\'s email'", "note");
    expect(c, a, "body <> $$ email $$ AND body <> $tag$ it's $$ $tag$", "body,body");
    expect(c, a, "\"Display Name\" <> ''", "Display Name");
    expect(c, a, "\"true\" IS NOT NULL", "true");
    expect(c, a, "\"x y\" AND \"it's\" <> '*/'", "x y,it's");
    expect(c, a, "\"a\"\"b\" > 0", "a\"b");
    expect(c, a, "U&\"d\\0061t\" > 0", "");
    expect(c, a, "x = U&'\\0041' UESCAPE '!'", "x");
    expect(c, a, "bits = B'101' OR bits = X'1F' OR name = N'x'", "bits,bits,name");
    expect(c, a, "x > 0 -- email\n AND y /* email /* nested */ z */ > 0", "x,y");
    expect(c, a, "email <> 'open", "?");
    expect(c, a, "\"open > 0", "?");
    expect(c, a, "x > 0 /* open", "?");
    expect(c, a, "x = $$ open", "?");
    expect(c, a, "\"\" > 0", "?");
}

static void
test_functions_and_casts(check_ctx *c, mg_arena *a)
{
    expect(c, a, "lower(email)", "email");
    expect(c, a, "lower <> '' AND lower(lower) <> 'x'", "lower,lower");
    expect(c, a, "length(trim(name)) > 0", "name");
    expect(c, a, "to_tsvector('english', title || ' ' || summary)", "title,summary");
    expect(c, a, "pg_catalog.lower(email) <> ''", "email");
    expect(c, a, "coalesce(a, b) > greatest(c, 0)", "a,b,c");
    expect(c, a, "make_interval(days => n) > interval '1 day'", "n");
    expect(c, a, "x::text <> ''", "x");
    expect(c, a, "x::timestamp with time zone > now()", "x");
    expect(c, a, "x::character varying(20) <> y::double precision::text", "x,y");
    expect(c, a, "x::numeric(10, 2) > 0 AND tags::text[] <> '{}'", "x,tags");
    expect(c, a, "x::interval day to second > y", "x,y");
    expect(c, a, "x::\"Mood Type\" = 'a'::public.mood", "x");
    expect(c, a, "CAST(x AS bigint) > CAST(y AS double precision)", "x,y");
    expect(c, a, "CAST(x AS my_type) IS NOT NULL", "x");
    expect(c, a, "x = ANY (ARRAY['a', 'b']::text[])", "x");
    expect(c, a, "x OPERATOR(pg_catalog.=) 1", "x");
    expect(c, a, "(addr).city <> ''", "addr");
    expect(c, a, "nextval('seq'::regclass)", "");
}

static void
test_syntax_words(check_ctx *c, mg_arena *a)
{
    expect(c, a, "date '2020-01-01' < d", "d");
    expect(c, a, "ts > timestamp with time zone '2020-01-01'", "ts");
    expect(c, a, "ts > now() - interval '1' day to second", "ts");
    expect(c, a, "d > double precision '1.5'", "d");
    expect(c, a, "ts AT TIME ZONE 'UTC' > now()", "ts");
    expect(c, a, "(now() AT TIME ZONE 'utc') > ts", "ts");
    expect(c, a, "extract(epoch from ts) > 0 AND extract(year from d) > 2000", "ts,d");
    expect(c, a, "name COLLATE \"C\" > 'a' AND b COLLATE pg_catalog.\"default\" <> ''", "name,b");
    expect(c, a, "email LIKE '%!%' ESCAPE '!'", "email");
    expect(c, a, "x IS NOT DISTINCT FROM y", "x,y");
    expect(c, a, "x IS UNKNOWN OR y IS NOT NORMALIZED OR z IS NFC NORMALIZED", "x,y,z");
    expect(c, a, "doc IS JSON OBJECT", "doc");
    expect(c, a, "doc IS NOT JSON WITH UNIQUE KEYS", "doc");
    expect(c, a, "x::national character varying(3) <> ''", "x");
    expect(c, a, "normalize(name, nfkc) = name", "name,name");
    expect(c, a, "x SIMILAR TO 'a%' AND y ILIKE 'b'", "x,y");
    expect(c, a, "position('a' in name) > 0 AND substring(name from 2 for 3) <> ''", "name,name");
    expect(c, a, "current_timestamp > created_at AND current_user <> owner", "created_at,owner");
    expect(c, a, "(x) IS OF (integer, text)", "x");
    expect(c, a, "xmlparse(document body) IS NOT NULL", "body");
}

static void
test_index_keys_and_qualifiers(check_ctx *c, mg_arena *a)
{
    expect(c, a, "lower(email) DESC NULLS LAST", "email");
    expect(c, a, "\"Display Name\" NULLS FIRST", "Display Name");
    expect(c, a, "lower(email) text_pattern_ops", "email");
    expect(c, a, "email COLLATE \"C\" DESC", "email");
    expect(c, a, "users.email <> ''", "email");
    expect(c, a, "public.users.email <> '' AND \"users\".\"Name\" <> ''", "email,Name");
    expect(c, a, "orders.total > 0", "");
    expect(c, a, "users.* IS NOT NULL", "");
    expect(c, a, "x > 0 AND EXISTS (SELECT 1 FROM t WHERE t.y = x)", "?");
}

static void
test_alone(check_ctx *c, mg_arena *a)
{
    mg_vec refs = {0};
    CHECK(c, mg_exprscan_columns(a, "active", "t", &refs) == 0);
    CHECK(c, refs.len == 1 && ((mg_exprref *)refs.items[0])->alone);
    refs = (mg_vec){0};
    CHECK(c, mg_exprscan_columns(a, "a + 1", "t", &refs) == 0);
    CHECK(c, refs.len == 1 && !((mg_exprref *)refs.items[0])->alone);
    CHECK(c, ((mg_exprref *)refs.items[0])->offset == 0);
    refs = (mg_vec){0};
    CHECK(c, mg_exprscan_columns(a, "1 + bb", "t", &refs) == 0);
    CHECK(c, refs.len == 1 && ((mg_exprref *)refs.items[0])->offset == 4);
    expect(c, a, "now()", "");
    expect(c, a, "gen_random_uuid()", "");
    expect(c, a, "CURRENT_TIMESTAMP", "");
    expect(c, a, "'{}'::jsonb", "");
    expect(c, a, "true", "");
}

/* Checks the literal value (NULL for none) and the cast it reports. */
static void
literal(check_ctx *c, mg_arena *a, const char *expr, const char *want, const char *want_cast)
{
    const char *cast = "unset";
    const char *got = mg_exprscan_literal(a, expr, &cast);
    if (want == NULL) {
        CHECK(c, got == NULL);
        if (got != NULL)
            fprintf(stderr, "  %s: got literal %s\n", expr, got);
        return;
    }
    CHECK_STR(c, got, want);
    if (want_cast == NULL)
        CHECK(c, cast == NULL);
    else
        CHECK_STR(c, cast, want_cast);
}

static void
test_literal(check_ctx *c, mg_arena *a)
{
    literal(c, a, "'draft'", "draft", NULL);
    literal(c, a, " 'it''s' ", "it's", NULL);
    literal(c, a, "'draft'::post_status", "draft", "post_status");
    literal(c, a, "'draft'::Post_Status", "draft", "post_status");
    literal(c, a, "'draft'::\"Post Status\"", "draft", "Post Status");
    literal(c, a, "('draft'::post_status)", "draft", "post_status");
    literal(c, a, "'draft'::public.post_status", "draft", "");
    literal(c, a, "'draft'::character varying", "draft", "");
    literal(c, a, "'x'::text::post_status", NULL, NULL);
    literal(c, a, "'a' || 'b'", NULL, NULL);
    literal(c, a, "E'draft'", NULL, NULL);
    literal(c, a, "draft", NULL, NULL);
    literal(c, a, "now()", NULL, NULL);
    literal(c, a, "'open", NULL, NULL);
}

static void
test_rename(check_ctx *c, mg_arena *a)
{
    CHECK_STR(c, mg_exprscan_rename(a, "qty > 0", "t", "qty", "n"), "n > 0");
    CHECK_STR(c, mg_exprscan_rename(a, "Qty > 0 AND \"qty\" < 9", "t", "qty", "n"),
              "n > 0 AND n < 9");
    CHECK_STR(c, mg_exprscan_rename(a, "t.qty + qty2", "t", "qty", "Big N"), "t.\"Big N\" + qty2");
    CHECK_STR(c, mg_exprscan_rename(a, "lower(qty) = 'qty'", "t", "qty", "user"),
              "lower(\"user\") = 'qty'");
    CHECK_STR(c, mg_exprscan_rename(a, "\"a\"\"b\" IS NOT NULL", "t", "a\"b", "c"),
              "c IS NOT NULL");
    const char *same = "price > 0";
    CHECK(c, mg_exprscan_rename(a, same, "t", "qty", "n") == same);
    CHECK(c, mg_exprscan_rename(a, "qty > (SELECT 1)", "t", "qty", "n")[0] == 'q');
    CHECK(c, mg_exprscan_rename(a, NULL, "t", "qty", "n") == NULL);
}

int
main(void)
{
    check_ctx c = {0, 0};
    mg_arena a;
    mg_arena_init(&a);
    test_plain(&c, &a);
    test_strings_and_quotes(&c, &a);
    test_functions_and_casts(&c, &a);
    test_syntax_words(&c, &a);
    test_index_keys_and_qualifiers(&c, &a);
    test_alone(&c, &a);
    test_literal(&c, &a);
    test_rename(&c, &a);
    mg_arena_free(&a);
    return check_summary(&c);
}
