/* migc tests: sequences, the pure part (sequence.c) and their replay (replay_seq.c).
 * PostgreSQL's defaults and range rules, nextval names in defaults, reverses of every operation. */
#include <string.h>

#include "checksum.h"
#include "emit.h"
#include "load.h"
#include "model.h"
#include "replay.h"
#include "sequence.h"
#include "strbuf.h"
#include "unit_check.h"

/* The defaults CREATE SEQUENCE gives each type and direction. */
static void
test_values(check_ctx *c)
{
    mg_sequence q = {0};
    mg_seq_values v;
    mg_seq_values_of(&q, &v);
    CHECK_STR(c, v.type, "bigint");
    CHECK(c, v.increment == 1 && v.min == 1 && v.max == INT64_MAX && v.start == 1);
    CHECK(c, v.cache == 1 && !v.cycle);
    q.type = "smallint";
    q.increment = "-2";
    mg_seq_values_of(&q, &v);
    CHECK(c, v.min == INT16_MIN && v.max == -1 && v.start == -1);
    q.type = "integer";
    q.increment = "3";
    q.min_value = "10";
    mg_seq_values_of(&q, &v);
    CHECK(c, v.min == 10 && v.max == INT32_MAX && v.start == 10);
}

static void
test_problems(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_sequence q = {0};
    CHECK(c, mg_seq_problem(&a, &q) == NULL);
    q.increment = "0";
    CHECK_STR(c, mg_seq_problem(&a, &q), "increment must not be zero");
    q.increment = NULL;
    q.min_value = "5";
    q.max_value = "5";
    CHECK_STR(c, mg_seq_problem(&a, &q), "min_value (5) must be less than max_value (5)");
    q.max_value = "50";
    q.start = "51";
    CHECK_STR(c, mg_seq_problem(&a, &q), "start (51) must lie between min_value and max_value");
    q.start = NULL;
    q.type = "smallint";
    q.max_value = "40000";
    CHECK_STR(c, mg_seq_problem(&a, &q),
              "min_value and max_value must lie within the range of smallint");
    int64_t n;
    CHECK(c, mg_seq_parse("-9223372036854775808", &n) == 0 && n == INT64_MIN);
    CHECK(c, mg_seq_parse("9223372036854775808", &n) != 0);
    CHECK(c, mg_seq_parse(" 1", &n) != 0 && mg_seq_parse("1x", &n) != 0);
    mg_arena_free(&a);
}

/* Collects the names nextval_names finds, space-separated. */
static int
collect(const char *name, void *ctx)
{
    mg_sb *b = ctx;
    mg_sb_printf(b, "%s%s", b->len ? " " : "", name);
    return 0;
}

static const char *
names_in(mg_arena *a, const char *expr)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_seq_nextval_names(a, expr, collect, &b);
    return b.len ? mg_sb_str(&b) : "";
}

static void
test_nextval(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    CHECK_STR(c, names_in(&a, "nextval('actor_actor_id_seq'::regclass)"), "actor_actor_id_seq");
    CHECK_STR(c, names_in(&a, "NEXTVAL ( 'Public.Seq' )"), "seq");
    CHECK_STR(c, names_in(&a, "nextval('\"Odd Seq\"'::regclass) + nextval('a''b')"), "Odd Seq a'b");
    CHECK_STR(c, names_in(&a, "mynextval('x') || 'nextval(''y'')'"), "");
    CHECK_STR(c, mg_seq_nextval_rename(&a, "nextval('old'::regclass)", "old", "new"),
              "nextval('new'::regclass)");
    CHECK_STR(c, mg_seq_nextval_rename(&a, "nextval('public.old')", "old", "Big One"),
              "nextval('public.\"Big One\"')");
    const char *keep = "nextval('other')";
    CHECK(c, mg_seq_nextval_rename(&a, keep, "old", "new") == keep);
    mg_arena_free(&a);
}

/* Replays op onto s; returns its reverse (NULL on error, which the check reports). */
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

/* create, alter (only the fields it names), rename into a default, and the reverses. */
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

    mg_op *create = new_op(&a, MG_OP_CREATE_SEQUENCE, "q");
    create->seq = mg_arena_alloc(&a, sizeof(mg_sequence));
    create->seq->name = "q";
    create->seq->increment = "5";
    create->seq->cache = "3";
    rev = replay(c, &r, create, &filled);
    CHECK(c, rev && rev->kind == MG_OP_DROP_SEQUENCE && strcmp(rev->name, "q") == 0);

    mg_table *t = mg_arena_alloc(&a, sizeof(*t));
    mg_column *col = mg_arena_alloc(&a, sizeof(*col));
    t->name = "t";
    col->name = "n";
    col->type = "bigint";
    col->default_expr = "nextval('q'::regclass)";
    mg_vec_push(&a, &t->columns, col);
    mg_vec_push(&a, &s->tables, t);

    mg_op *alter = new_op(&a, MG_OP_ALTER_SEQUENCE, "q");
    alter->seq = mg_arena_alloc(&a, sizeof(mg_sequence));
    alter->seq->increment = "2";
    alter->seq->owned_table = "t";
    alter->seq->owned_column = "n";
    alter->seq_set = MG_SEQ_INCREMENT | MG_SEQ_OWNED;
    rev = replay(c, &r, alter, &filled);
    const mg_sequence *q = mg_schema_sequence(s, "q");
    CHECK(c, q != NULL && strcmp(q->increment, "2") == 0 && strcmp(q->cache, "3") == 0);
    CHECK_STR(c, filled->seq->owned_table, "t");
    CHECK(c, rev && rev->seq_set == alter->seq_set && strcmp(rev->seq->increment, "5") == 0);
    CHECK(c, rev && rev->seq->owned_table == NULL);

    mg_sb b;
    mg_sb_init(&b, &a);
    mg_flow f = {&b, 0};
    mg_emit_seq_fields(&f, rev->seq, rev->seq_set);
    mg_flow_end(&f);
    CHECK_STR(c, mg_sb_str(&b), "{ increment: 5, owned_by: null }");

    mg_op *ren = new_op(&a, MG_OP_RENAME_SEQUENCE, NULL);
    ren->from = "q";
    ren->to = "q2";
    rev = replay(c, &r, ren, &filled);
    CHECK_STR(c, col->default_expr, "nextval('q2'::regclass)");
    CHECK(c, rev && strcmp(rev->from, "q2") == 0 && strcmp(rev->to, "q") == 0);

    mg_op *drop = new_op(&a, MG_OP_DROP_SEQUENCE, "q2");
    CHECK(c, mg_replay_op(&r, drop, &filled, &rev) != 0); /* the default still uses it */
    mg_arena_free(&a);
}

/* The v1 form of the sequence operations as docs/checksum.md describes it (computed with its
 * Python encoder): numbers in canonical decimal, types normalised, alter_sequence with only the
 * keys it gives. */
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
    CHECK(c, mg_load_module(&a, "pipeline/sequences", &m, &d) == 0 && m.revisions.len == 1);
    if (m.revisions.len == 1) {
        const mg_vec *ops = &((const mg_revision *)m.revisions.items[0])->ops;
        mg_sb_init(&b, &a);
        mg_checksum_form(&b, ops);
        CHECK_STR(c, mg_sb_str(&b),
                  "s7:migc.v1l2:r1:s15:create_sequencer11:s4:names1:qs4:types7:integers9:"
                  "incrementns9:min_valuens9:max_valuens5:starts3:100s5:cachens5:cyclets11:"
                  "owned_tablens12:owned_columnns7:comments1:Cr1:s14:alter_sequencer3:s4:names1:"
                  "qs9:increments1:5s9:max_valuen");
        mg_checksum_v1(&a, ops, sum);
        CHECK_STR(c, sum, "v1:4ab688330e3f699dd395cfa2e1818db83918b9e4d1b68c1d659b605e10ac1960");
    }
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_values(&c);
    test_problems(&c);
    test_nextval(&c);
    test_replay(&c);
    test_checksum(&c);
    return check_summary(&c);
}
