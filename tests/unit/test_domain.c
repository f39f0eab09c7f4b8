/* migc tests: domains, their replay (replay_domain.c), revision form (emit.c) and checksum form.
 * Reverses of every operation, a rename followed into column types, a refused drop. */
#include <string.h>

#include "checksum.h"
#include "emit.h"
#include "load.h"
#include "model.h"
#include "replay.h"
#include "strbuf.h"
#include "unit_check.h"

/* Replays op onto r's state; returns its reverse (NULL on error, which the check reports). */
static mg_op *
replay(check_ctx *c, mg_replay *r, mg_op *op, mg_op **filled)
{
    mg_op *reverse = NULL;
    int rc = mg_replay_op(r, op, filled, &reverse);
    CHECK(c, rc == 0);
    if (rc != 0)
        mg_diag_print(r->diag, stderr);
    return reverse;
}

static mg_op *
new_op(mg_arena *a, mg_op_kind kind, const char *name)
{
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = kind;
    op->name = name;
    return op;
}

static mg_check *
new_check(mg_arena *a, const char *name, const char *expr)
{
    mg_check *k = mg_arena_alloc(a, sizeof(*k));
    k->name = name;
    k->expr = expr;
    return k;
}

/* The flow text of the domain fields set names (0: create_domain's). */
static const char *
fields(mg_arena *a, const mg_domain *d, unsigned set)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_flow f = {&b, 0};
    mg_emit_domain_fields(&f, d, set);
    mg_flow_end(&f);
    return mg_sb_str(&b);
}

/* A table t with column v of type year. */
static void
add_table(mg_arena *a, mg_schema *s)
{
    mg_table *t = mg_arena_alloc(a, sizeof(*t));
    mg_column *col = mg_arena_alloc(a, sizeof(*col));
    t->name = "t";
    col->name = "v";
    col->type = "year";
    mg_vec_push(a, &t->columns, col);
    mg_vec_push(a, &s->tables, t);
}

/* alter_domain replaces the fields it names; its reverse restores the old ones. */
static void
test_alter(check_ctx *c, mg_arena *a, mg_replay *r)
{
    mg_op *filled, *rev;
    mg_op *alter = new_op(a, MG_OP_ALTER_DOMAIN, "year");
    alter->domain = mg_arena_alloc(a, sizeof(mg_domain));
    alter->domain->default_expr = "1999";
    mg_vec_push(a, &alter->domain->checks, new_check(a, "year_min", "VALUE >= 1888"));
    alter->dom_set = MG_DOM_DEFAULT | MG_DOM_CHECKS;
    rev = replay(c, r, alter, &filled);
    const mg_domain *d = mg_schema_domain(r->state, "year");
    CHECK(c, d != NULL && d->not_null && strcmp(d->default_expr, "1999") == 0);
    CHECK(c, d != NULL && d->checks.len == 1 && d->comment != NULL);
    CHECK(c, filled->domain_before != NULL && filled->domain_before->checks.len == 2);
    if (rev == NULL)
        return;
    CHECK_STR(c, fields(a, rev->domain, rev->dom_set),
              "{ default: \"2000\", checks: { year_min: \"VALUE >= 1901\", year_max: \"VALUE <= "
              "2155\" } }");
    CHECK_STR(c, fields(a, filled->domain, MG_DOM_NULLABLE | MG_DOM_COMMENT),
              "{ nullable: false, comment: A year }");
}

/* create, alter, rename (into the column), a refused drop, and the reverses. */
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

    mg_op *create = new_op(&a, MG_OP_CREATE_DOMAIN, "year");
    mg_domain *y = create->domain = mg_arena_alloc(&a, sizeof(mg_domain));
    *y = (mg_domain){.name = "year",
                     .type = "integer",
                     .not_null = true,
                     .default_expr = "2000",
                     .comment = "A year"};
    mg_vec_push(&a, &y->checks, new_check(&a, "year_min", "VALUE >= 1901"));
    mg_vec_push(&a, &y->checks, new_check(&a, "year_max", "VALUE <= 2155"));
    rev = replay(c, &r, create, &filled);
    CHECK(c, rev && rev->kind == MG_OP_DROP_DOMAIN && strcmp(rev->name, "year") == 0);
    CHECK_STR(c, fields(&a, y, 0),
              "{ type: integer, nullable: false, default: \"2000\", checks: { year_min: \"VALUE "
              ">= 1901\", year_max: \"VALUE <= 2155\" }, comment: A year }");
    CHECK(c, mg_replay_op(&r, create, &filled, &rev) != 0); /* exists already */
    add_table(&a, s);
    test_alter(c, &a, &r);

    mg_op *ren = new_op(&a, MG_OP_RENAME_DOMAIN, NULL);
    ren->from = "year";
    ren->to = "Film Year";
    rev = replay(c, &r, ren, &filled);
    const mg_table *t = s->tables.items[0];
    CHECK_STR(c, ((const mg_column *)t->columns.items[0])->type, "\"Film Year\"");
    CHECK(c, rev && strcmp(rev->from, "Film Year") == 0 && strcmp(rev->to, "year") == 0);

    mg_op *drop = new_op(&a, MG_OP_DROP_DOMAIN, "Film Year");
    CHECK(c, mg_replay_op(&r, drop, &filled, &rev) != 0); /* column t.v still uses it */
    s->tables.len = 0;
    rev = replay(c, &r, drop, &filled);
    CHECK(c, rev && rev->kind == MG_OP_CREATE_DOMAIN && rev->domain->checks.len == 1);
    CHECK(c, mg_schema_domain(s, "Film Year") == NULL);
    mg_arena_free(&a);
}

/* The v1 form of the domain operations as docs/checksum.md describes it (computed with its
 * Python encoder): the base type normalised, checks as records, alter_domain with only the keys
 * it gives. */
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
    CHECK(c, mg_load_module(&a, "pipeline/domains", &m, &d) == 0 && m.revisions.len == 1);
    if (m.revisions.len == 1) {
        const mg_vec *ops = &((const mg_revision *)m.revisions.items[0])->ops;
        mg_sb_init(&b, &a);
        mg_checksum_form(&b, ops);
        CHECK_STR(c, mg_sb_str(&b),
                  "s7:migc.v1l2:r1:s13:create_domainr7:s4:names4:codes4:types20:character "
                  "varying(8)s8:nullablefs7:defaults3:'x's9:collations1:Cs6:checksl1:r2:s4:"
                  "names8:code_lens10:expressions17:length(VALUE) > 1s7:comments6:A coder1:s12:"
                  "alter_domainr4:s4:names4:codes8:nullablets7:defaultns6:checksl0:");
        mg_checksum_v1(&a, ops, sum);
        CHECK_STR(c, sum, "v1:5f01bf1f8f954aa21490ca37671f62eee07c9e8ccc3c199d06e4b7e2ea728b3b");
    }
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_replay(&c);
    test_checksum(&c);
    return check_summary(&c);
}
