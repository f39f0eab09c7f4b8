/* migc tests: composite types, their replay (replay_ctype.c), revision form and checksum form.
 * Reverses of every operation, attributes appended by alter_type, a rename followed into column
 * types, a refused drop and a refused retype of a stored type. */
#include <string.h>

#include "checksum.h"
#include "emit.h"
#include "load.h"
#include "model.h"
#include "replay.h"
#include "strbuf.h"
#include "unit_check.h"

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
new_op(mg_arena *a, mg_op_kind kind, const char *name, const char *const *attrs)
{
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = kind;
    op->name = name;
    if (attrs == NULL)
        return op;
    op->ctype = mg_arena_alloc(a, sizeof(mg_ctype));
    op->ctype->name = name;
    for (size_t i = 0; attrs[i] != NULL; i += 2) {
        mg_attr *x = mg_arena_alloc(a, sizeof(*x));
        x->name = attrs[i];
        x->type = attrs[i + 1];
        mg_vec_push(a, &op->ctype->attrs, x);
    }
    return op;
}

/* The flow form of t (create_type's keys). */
static const char *
shape(mg_arena *a, const mg_ctype *t)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_flow f = {&b, 0};
    mg_emit_ctype_fields(&f, t, 0);
    mg_flow_end(&f);
    return mg_sb_str(&b);
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
    static const char *const v1[] = {"street", "text", "n", "integer", NULL};
    static const char *const v2[] = {"zip", "text", "n", "integer", NULL};

    rev = replay(c, &r, new_op(&a, MG_OP_CREATE_TYPE, "address", v1), &filled);
    CHECK(c, rev && rev->kind == MG_OP_DROP_TYPE);
    CHECK_STR(c, shape(&a, mg_schema_ctype(s, "address")),
              "{ columns: { street: text, \"n\": integer } }");
    mg_op *alter = new_op(&a, MG_OP_ALTER_TYPE, "address", v2);
    alter->ct_set = MG_CT_COLUMNS;
    rev = replay(c, &r, alter, &filled);
    CHECK_STR(c, shape(&a, mg_schema_ctype(s, "address")),
              "{ columns: { \"n\": integer, zip: text } }");
    CHECK(c, rev && rev->ctype->attrs.len == 2 && filled->ctype_before != NULL);

    mg_table *t = mg_arena_alloc(&a, sizeof(*t));
    mg_column *col = mg_arena_alloc(&a, sizeof(*col));
    t->name = "people";
    col->name = "home";
    col->type = "address[]";
    mg_vec_push(&a, &t->columns, col);
    mg_vec_push(&a, &s->tables, t);
    static const char *const v3[] = {"zip", "integer", "n", "integer", NULL};
    alter = new_op(&a, MG_OP_ALTER_TYPE, "address", v3);
    alter->ct_set = MG_CT_COLUMNS;
    CHECK(c, mg_replay_op(&r, alter, &filled, &rev) != 0); /* people.home stores the type */

    mg_op *ren = new_op(&a, MG_OP_RENAME_TYPE, NULL, NULL);
    ren->from = "address";
    ren->to = "place";
    rev = replay(c, &r, ren, &filled);
    CHECK_STR(c, col->type, "place[]");
    CHECK(c, mg_replay_op(&r, new_op(&a, MG_OP_DROP_TYPE, "place", NULL), &filled, &rev) != 0);
    s->tables.len = 0;
    rev = replay(c, &r, new_op(&a, MG_OP_DROP_TYPE, "place", NULL), &filled);
    CHECK(c, rev && rev->kind == MG_OP_CREATE_TYPE && rev->ctype->attrs.len == 2);
    mg_arena_free(&a);
}

/* The v1 form of the type operations as docs/checksum.md describes it (computed with its Python
 * encoder): attributes as records of name, normalised type and collation. */
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
    CHECK(c, mg_load_module(&a, "pipeline/ctypes", &m, &d) == 0 && m.revisions.len == 1);
    if (m.revisions.len == 1) {
        const mg_vec *ops = &((const mg_revision *)m.revisions.items[0])->ops;
        mg_sb_init(&b, &a);
        mg_checksum_form(&b, ops);
        CHECK_STR(c, mg_sb_str(&b),
                  "s7:migc.v1l2:r1:s11:create_typer3:s4:names7:addresss7:columnsl2:r3:s4:names6:"
                  "streets4:types4:texts9:collationnr3:s4:names4:citys4:types21:character "
                  "varying(20)s9:collations1:Cs7:comments6:Postalr1:s10:alter_typer2:s4:names7:"
                  "addresss7:columnsl2:r3:s4:names6:streets4:types4:texts9:collationnr3:s4:"
                  "names1:ns4:types7:integers9:collationn");
        mg_checksum_v1(&a, ops, sum);
        CHECK_STR(c, sum, "v1:27986db91d91961753e247a562f9ff69d1fc2f966b987d64206cb8ce835ab9bc");
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
