/* migc tests: validation of the expressions a schema and its revisions write.
 * A module whose every expression is sound passes, schema and revision alike; a schema holding
 * each kind of error reports each one at its place. */
#include <string.h>

#include "load.h"
#include "replay.h"
#include "unit_check.h"
#include "validate.h"

/* One module, loaded, validated and replayed in its own arena. */
typedef struct run {
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_schema *state;
    int rc;
} run;

static void
run_module(run *r, const char *dir)
{
    mg_arena_init(&r->a);
    mg_diag_init(&r->d, &r->a);
    r->rc = mg_load_module(&r->a, dir, &r->m, &r->d);
    if (r->rc == 0)
        r->rc = mg_validate_schema(&r->a, r->m.schema, &r->m.settings, &r->d);
    if (r->rc == 0)
        r->rc = mg_replay_module(&r->a, &r->m, &r->state, NULL, &r->d);
}

/* True when exactly one diagnostic contains text; prints them all otherwise. */
static bool
has_diag(const run *r, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < r->d.msgs.len; i++)
        n += strstr(r->d.msgs.items[i], text) != NULL;
    if (n == 1)
        return true;
    fprintf(stderr, "%zu diagnostics contain: %s\n", n, text);
    mg_diag_print(&r->d, stderr);
    return false;
}

static void
test_sound(check_ctx *c)
{
    run r;
    run_module(&r, "fixtures/expressions");
    CHECK(c, r.rc == 0);
    CHECK(c, r.m.revisions.len == 1);
    CHECK(c, r.d.msgs.len == 0);
    if (r.d.msgs.len)
        mg_diag_print(&r.d, stderr);
    mg_arena_free(&r.a);
}

static const char *const expected[] = {
    "schema.yaml:13:7: error: column posts.status: default 'drafted' is not a value of enum "
    "post_status (values: draft, published)",
    "schema.yaml:14:7: error: column posts.status2: default 'Draft' is not a value of enum "
    "post_status",
    "schema.yaml:15:7: error: column posts.kind: default 'its' is not a value of enum \"Post "
    "Kind\" (values: note, it's)",
    "schema.yaml:16:7: error: column posts.copy: default cannot refer to column \"title\"",
    "schema.yaml:17:7: error: column posts.word: default active reads as a column reference",
    "schema.yaml:20:7: error: check posts_email_nonempty names column \"emial\", which table posts "
    "does not have (did you mean \"email\"?)",
    "schema.yaml:21:7: error: check posts_two names column \"titel\"",
    "schema.yaml:21:7: error: check posts_two names column \"Email\", which table posts does not "
    "have (did you mean \"email\"?)",
    "schema.yaml:22:7: error: check posts_other_table names column \"titl\"",
    "schema.yaml:24:7: error: where of index posts_live names column \"deleted_at\", which table "
    "posts does not have",
    "schema.yaml:25:7: error: expression of index posts_lower names column \"emal\"",
    "schema.yaml:26:7: error: key \"lower(titl) DESC\" of index posts_keys names column \"titl\"",
    "schema.yaml:27:7: error: index posts_trgm: operator class gin_trgm_ops comes with the "
    "extension pg_trgm, which is not declared (declare it: extensions: [pg_trgm])",
    "schema.yaml:28:7: error: index posts_pattern: unknown operator class text_pattern_op (did you "
    "mean text_pattern_ops?)",
    "schema.yaml:29:7: error: index posts_path: operator class jsonb_path_ops does not serve index "
    "method btree, only gin",
    "schema.yaml:30:7: error: index posts_int_gin: operator class int8_ops comes with the "
    "extension btree_gin",
};

static void
test_errors(check_ctx *c)
{
    run r;
    run_module(&r, "fixtures/expr_errors");
    CHECK(c, r.rc != 0);
    CHECK(c, r.d.exit_code == 3);
    size_t n = sizeof(expected) / sizeof(expected[0]);
    for (size_t i = 0; i < n; i++)
        CHECK(c, has_diag(&r, expected[i]));
    CHECK(c, r.d.msgs.len == n); /* users.email, 'drafted'::text and citext_ops pass */
    if (r.d.msgs.len != n)
        mg_diag_print(&r.d, stderr);
    mg_arena_free(&r.a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_sound(&c);
    test_errors(&c);
    return check_summary(&c);
}
