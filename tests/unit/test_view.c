/* migc tests: views and materialized views: what a view reads (viewdeps.c), the query
 * comparisons the diff makes, replay and reverse (replay_view.c), and the checksum form
 * (computed with the Python encoder of docs/checksum.md). */
#include <string.h>

#include "checksum.h"
#include "load.h"
#include "model.h"
#include "replay.h"
#include "strbuf.h"
#include "unit_check.h"
#include "viewdeps.h"

static void
test_names(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    CHECK(c, mg_text_names(&a, "SELECT id FROM Orders", "orders"));
    CHECK(c, mg_text_names(&a, "SELECT id FROM public.\"Big\" b", "Big"));
    CHECK(c, !mg_text_names(&a, "SELECT id FROM big", "Big"));
    CHECK(c, !mg_text_names(&a, "SELECT 'orders' AS x FROM t", "orders"));
    CHECK(c, !mg_text_names(&a, "SELECT id FROM orders_old", "orders"));
    mg_view v = {.name = "v", .query = "SELECT o.amount FROM orders o"};
    CHECK(c, mg_view_reads_column(&a, &v, "orders", "amount"));
    CHECK(c, !mg_view_reads_column(&a, &v, "orders", "note"));
    v.query = "SELECT * FROM orders";
    CHECK(c, mg_view_reads_column(&a, &v, "orders", "note")); /* * reads every column */
    CHECK_STR(c, mg_text_rename(&a, "SELECT o.id FROM Orders o", "orders", "Big Orders"),
              "SELECT o . id FROM \"Big Orders\" o");
    CHECK_STR(c, mg_text_rename(&a, "SELECT id FROM t", "orders", "x"), "SELECT id FROM t");
    mg_vec_push(&a, &v.depends_on, "other");
    CHECK(c, mg_view_reads(&a, &v, "other"));
    mg_arena_free(&a);
}

/* Query pairs that read the same (a respelling, what pg_get_viewdef shows for the first), and
 * pairs that differ, in a module whose schema is public. */
static const char *const same_queries[][2] = {
    {"SELECT id FROM t WHERE id < 10", "select  id\nfrom T where (id < 10);"},
    {"SELECT a FROM t WHERE (a OR b) AND c", "SELECT a FROM t WHERE ((a OR b)) AND c"},
    {"SELECT id FROM t", "SELECT id FROM public.\"t\""},
    {"SELECT t.id FROM t", "SELECT \"public\".t.\"id\" FROM \"public\".\"t\""},
    {"SELECT u.id, a.name FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.active",
     " SELECT u.id,\n    a.name\n   FROM (users u\n     JOIN accounts a ON ((a.id = "
     "u.account_id)))\n  WHERE a.active"},
    {"SELECT a.x FROM a JOIN b ON a.id = b.id LEFT JOIN c ON c.id = b.id AND c.ok",
     "SELECT a.x FROM ((a JOIN b ON ((a.id = b.id))) LEFT JOIN c ON (((c.id = b.id) AND c.ok)))"},
    {"SELECT x FROM a, b JOIN c USING (id)", "SELECT x FROM a, (b JOIN c USING (id))"},
    {"SELECT x FROM a JOIN b ON a.id = b.id WHERE (a.p OR a.q) AND b.r",
     "SELECT x FROM (a JOIN b ON ((a.id = b.id))) WHERE (((a.p OR a.q)) AND b.r)"},
    {"SELECT CASE WHEN (a > 0) THEN (b + 1) ELSE 0 END AS v FROM t",
     "SELECT CASE WHEN a > 0 THEN b + 1 ELSE 0 END AS v FROM t"},
    {"SELECT id FROM t WHERE n BETWEEN 1 AND 5", "SELECT id FROM t WHERE ((n >= 1) AND (n <= 5))"},
    {"SELECT id FROM t ORDER BY (id)", "SELECT id FROM t ORDER BY id"},
    /* schemas/rental_desk writes its views as the server shows them */
    {"SELECT r.id, r.member_id, f.title, r.due_on FROM rentals r JOIN films f ON f.id = r.film_id "
     "WHERE r.returned_on IS NULL",
     "SELECT r.id,\n    r.member_id,\n    f.title,\n    r.due_on\n   FROM (rentals r\n     JOIN "
     "films f ON ((f.id = r.film_id)))\n  WHERE (r.returned_on IS NULL)"},
    {"SELECT f.id AS film_id, count(r.id) AS times_rented FROM films f LEFT JOIN rentals r ON "
     "r.film_id = f.id GROUP BY f.id",
     "SELECT f.id AS film_id,\n    count(r.id) AS times_rented\n   FROM (films f\n     LEFT JOIN "
     "rentals r ON ((r.film_id = f.id)))\n  GROUP BY f.id"},
};
static const char *const differ_queries[][2] = {
    {"SELECT a FROM t", "SELECT b FROM t"},
    {"SELECT a FROM t WHERE (a OR b) AND c", "SELECT a FROM t WHERE a OR b AND c"},
    {"SELECT a FROM t WHERE a AND (b OR c)", "SELECT a FROM t WHERE a AND b OR c"},
    {"SELECT x FROM a JOIN b ON a.id = b.id", "SELECT x FROM (a LEFT JOIN b ON a.id = b.id)"},
    {"SELECT x FROM a LEFT JOIN b ON a.id = b.id WHERE b.ok",
     "SELECT x FROM a LEFT JOIN b ON a.id = b.id AND b.ok"}, /* a moved condition */
    {"SELECT x FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id",
     "SELECT x FROM a JOIN b JOIN c ON b.id = c.id ON a.id = b.id"},
    {"SELECT id FROM t", "SELECT id FROM other.t"},
    {"SELECT id FROM t", "SELECT id FROM public.t public"}, /* public is an alias too */
    {"SELECT now() AS n FROM t", "SELECT public.now() AS n FROM t"},
    {"SELECT 'x'::text AS n FROM t", "SELECT 'x'::public.text AS n FROM t"},
    {"SELECT id FROM pg_class", "SELECT id FROM public.pg_class"},
    {"SELECT (SELECT x FROM u WHERE c) AND d FROM t",
     "SELECT (SELECT x FROM u WHERE c AND d) FROM t"},
    {"SELECT (SELECT max(x) FROM u) AS m FROM t", "SELECT SELECT max(x) FROM u AS m FROM t"},
    {"SELECT (t.*) FROM t", "SELECT t.* FROM t"},
    {"SELECT DISTINCT ON (a) a FROM t", "SELECT DISTINCT ON a a FROM t"},
    {"SELECT id FROM \"T\"", "SELECT id FROM t"},
    {"SELECT \"select\" FROM t", "SELECT select FROM t"},
};

static void
test_queries(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    for (size_t i = 0; i < sizeof(same_queries) / sizeof(same_queries[0]); i++) {
        CHECK(c, mg_view_query_same(&a, same_queries[i][0], same_queries[i][1], "public"));
        CHECK(c, mg_view_query_same(&a, same_queries[i][1], same_queries[i][0], "public"));
    }
    for (size_t i = 0; i < sizeof(differ_queries) / sizeof(differ_queries[0]); i++)
        CHECK(c, !mg_view_query_same(&a, differ_queries[i][0], differ_queries[i][1], "public"));
    /* another module's schema qualifies for something */
    CHECK(c, !mg_view_query_same(&a, "SELECT id FROM t", "SELECT id FROM public.t", "app"));
    CHECK(c, mg_view_query_same(&a, "SELECT id FROM t", "SELECT id FROM app.t", "app"));
    CHECK(c, !mg_view_query_same(&a, "SELECT id FROM t", "SELECT id FROM public.t", NULL));
    CHECK(c, mg_view_query_appends(&a, "SELECT id, amount FROM t WHERE amount > 1",
                                   "select id, amount, note FROM t WHERE amount > 1"));
    CHECK(c, !mg_view_query_appends(&a, "SELECT id, amount FROM t", "SELECT amount, id FROM t"));
    CHECK(c, !mg_view_query_appends(&a, "SELECT id FROM t", "SELECT id + 1, x FROM t"));
    CHECK(c, !mg_view_query_appends(&a, "SELECT id FROM t", "SELECT id, x FROM u"));
    mg_arena_free(&a);
}

static mg_op *
view_op(mg_arena *a, mg_op_kind kind, const char *name, const char *query)
{
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = kind;
    op->name = name;
    if (query != NULL) {
        op->view = mg_arena_alloc(a, sizeof(mg_view));
        op->view->name = name;
        op->view->query = query;
        op->view->with_data = true;
        op->view->materialized = kind == MG_OP_CREATE_MATERIALIZED_VIEW;
    }
    return op;
}

static void
test_replay(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_settings st = {0};
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    mg_schema *s = mg_arena_alloc(&a, sizeof(*s));
    mg_replay r = {&a, s, &st, &d};
    mg_op *filled, *rev;

    CHECK(c, mg_replay_op(&r, view_op(&a, MG_OP_CREATE_VIEW, "v", "SELECT a FROM t"), &filled,
                          &rev) == 0);
    CHECK(c, rev && rev->kind == MG_OP_DROP_VIEW && filled->later_names != NULL);
    CHECK(c, mg_replay_op(&r, view_op(&a, MG_OP_CREATE_MATERIALIZED_VIEW, "m", "SELECT a FROM v"),
                          &filled, &rev) == 0);
    CHECK(c, rev && rev->kind == MG_OP_DROP_MATERIALIZED_VIEW);
    CHECK(c, mg_replay_op(&r, view_op(&a, MG_OP_DROP_VIEW, "v", NULL), &filled, &rev) != 0);
    mg_op *alter = view_op(&a, MG_OP_ALTER_VIEW, "v", "SELECT a, b FROM t");
    alter->view_set = MG_VIEW_QUERY;
    CHECK(c, mg_replay_op(&r, alter, &filled, &rev) == 0);
    CHECK(c, rev && rev->view_recreate && filled->view_before != NULL);
    CHECK_STR(c, mg_schema_view(s, "v")->query, "SELECT a, b FROM t");
    alter = view_op(&a, MG_OP_ALTER_VIEW, "v", "SELECT b FROM t");
    alter->view_set = MG_VIEW_QUERY;
    CHECK(c, mg_replay_op(&r, alter, &filled, &rev) != 0); /* not an append */
    CHECK(c, mg_replay_op(&r, view_op(&a, MG_OP_DROP_MATERIALIZED_VIEW, "m", NULL), &filled,
                          &rev) == 0);
    CHECK(c, rev && rev->kind == MG_OP_CREATE_MATERIALIZED_VIEW && rev->view->materialized);
    mg_op *ren = view_op(&a, MG_OP_RENAME_VIEW, NULL, NULL);
    ren->from = "v";
    ren->to = "w";
    CHECK(c, mg_replay_op(&r, ren, &filled, &rev) == 0 && mg_schema_view(s, "w") != NULL);
    CHECK(c, rev && rev->kind == MG_OP_RENAME_VIEW && strcmp(rev->to, "v") == 0);
    mg_arena_free(&a);
}

static void
test_checksum(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_sb b;
    char sum[MG_CHECKSUM_SIZE];
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    CHECK(c, mg_load_module(&a, "pipeline/views", &m, &d) == 0 && m.revisions.len == 1);
    if (m.revisions.len == 1) {
        const mg_vec *ops = &((const mg_revision *)m.revisions.items[0])->ops;
        mg_sb_init(&b, &a);
        mg_checksum_form(&b, ops);
        CHECK(c, strstr(mg_sb_str(&b),
                        "r1:s11:create_viewr7:s4:names1:vs5:querys15:SELECT a FROM ts16:"
                        "security_barrierfs12:check_options5:locals16:security_invokerfs7:"
                        "comments1:Vs10:depends_onl0:r1:s10:alter_viewr2:s4:names1:vs5:querys27:"
                        "SELECT a, a + 1 AS b FROM tr1:s24:create_materialized_viewr6:s4:names1:"
                        "ms5:querys15:SELECT a FROM vs9:with_datafs7:indexesl1:r9:") != NULL);
        mg_checksum_v1(&a, ops, sum);
        CHECK_STR(c, sum, "v1:4a3c561820fa6ce10f1ba72189f0ca71dcad8a0a96f11ec4a5da03ee4cc86bee");
    }
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_names(&c);
    test_queries(&c);
    test_replay(&c);
    test_checksum(&c);
    return check_summary(&c);
}
