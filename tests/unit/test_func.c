/* migc tests: function signatures (func_sig.c), the replay of function and trigger operations
 * (replay_func.c, replay_trigger.c) and their checksum form. */
#include <string.h>

#include "checksum.h"
#include "func_sig.h"
#include "load.h"
#include "model.h"
#include "replay.h"
#include "strbuf.h"
#include "unit_check.h"

static void
test_signatures(check_ctx *c)
{
    mg_arena a;
    const char *error = NULL, *proname = NULL;
    mg_arena_init(&a);
    CHECK_STR(c, mg_func_key(&a, "f(int4, varchar(20)[])", &proname, &error),
              "f(integer, character varying[])");
    CHECK_STR(c, proname, "f");
    CHECK_STR(c, mg_func_key(&a, "now()", &proname, &error), "now()");
    CHECK(c, mg_func_key(&a, "f int", &proname, &error) == NULL && error != NULL);
    const char *args = "IN a int, OUT b text, c double precision DEFAULT 1.5, VARIADIC d text[]";
    CHECK_STR(c, mg_func_arg_types(&a, args, false, &error), "integer, double precision, text[]");
    CHECK_STR(c, mg_func_arg_types(&a, args, true, &error),
              "integer, text, double precision, text[]");
    CHECK_STR(c, mg_func_arg_types(&a, "\"My Arg\" timestamptz, numeric(10,2)", false, &error),
              "timestamp with time zone, numeric");
    CHECK_STR(c, mg_func_arg_types(&a, "", false, &error), "");
    CHECK(c, mg_func_arg_types(&a, "a int, (b", false, &error) == NULL && error != NULL);
    CHECK_STR(c, mg_func_returns(&a, "setof int4", &error), "SETOF integer");
    CHECK_STR(c, mg_func_returns(&a, "TABLE (a int, b text)", &error), "TABLE(a int, b text)");
    CHECK_STR(c, mg_func_returns(&a, "varchar(3)", &error), "character varying");
    CHECK_STR(c, mg_func_proc_args(&a, "a int, INOUT b text"), "IN a int, INOUT b text");
    mg_arena_free(&a);
}

static mg_op *
replay(check_ctx *c, mg_replay *r, const mg_op *op, mg_op **filled)
{
    mg_op *reverse = NULL;
    int rc = mg_replay_op(r, op, filled, &reverse);
    CHECK(c, rc == 0);
    if (rc != 0)
        mg_diag_print(r->diag, stderr);
    return reverse;
}

static mg_op *
named(mg_arena *a, mg_op_kind kind, const char *table, const char *name)
{
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = kind;
    op->table = table;
    op->name = name;
    return op;
}

/* The pipeline module's operations replayed: a rename followed into the trigger, a drop of the
 * function refused while the trigger calls it, reverses that restore each definition. */
static void
test_replay(check_ctx *c, const mg_vec *ops)
{
    mg_arena a;
    mg_diag d;
    mg_settings st = {0};
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    mg_schema *s = mg_arena_alloc(&a, sizeof(*s));
    mg_replay r = {&a, s, &st, &d};
    mg_op *filled, *rev = NULL;
    for (size_t i = 0; i < ops->len; i++)
        rev = replay(c, &r, ops->items[i], &filled);
    CHECK(c, rev && rev->kind == MG_OP_RENAME_FUNCTION);
    CHECK_STR(c, rev ? rev->to : NULL, "stamp(integer)");
    mg_trigger *g = mg_schema_trigger(s, "items", "items_stamp");
    CHECK_STR(c, g ? g->func : NULL, "mark");
    CHECK(c, mg_schema_func(s, "mark(integer)") != NULL);
    CHECK(c, mg_replay_op(&r, named(&a, MG_OP_DROP_FUNCTION, NULL, "mark(integer)"), &filled,
                          &rev) != 0);
    rev = replay(c, &r, named(&a, MG_OP_DROP_TRIGGER, "items", "items_stamp"), &filled);
    CHECK(c, rev && rev->kind == MG_OP_CREATE_TRIGGER && rev->trigger->row &&
                 rev->trigger->update_of.len == 1);
    rev = replay(c, &r, named(&a, MG_OP_DROP_FUNCTION, NULL, "mark(integer)"), &filled);
    CHECK(c, rev && rev->kind == MG_OP_CREATE_FUNCTION && rev->func->set.len == 1);
    CHECK_STR(c, rev ? rev->func->body : NULL, "BEGIN RETURN NEW; END\n");
    mg_arena_free(&a);
}

/* The v1 form of the function and trigger operations as docs/checksum.md describes it (computed
 * with its Python encoder). */
static void
test_checksum(check_ctx *c, const mg_vec *ops)
{
    mg_arena a;
    mg_sb b;
    char sum[MG_CHECKSUM_SIZE];
    mg_arena_init(&a);
    mg_sb_init(&b, &a);
    mg_checksum_form(&b, ops);
    const char *form = mg_sb_str(&b);
    const char *fn = strstr(form, "r1:s15:create_function");
    CHECK_STR(
        c, fn,
        "r1:s15:create_functionr16:s4:names14:stamp(integer)s4:kinds8:functions9:argumentss15:"
        "n int DEFAULT 1s7:returnss7:triggers8:languages7:plpgsqls10:volatilitys8:volatiles6:"
        "strictfs16:security_definerfs8:parallels6:unsafes9:leakprooffs4:costns4:rowsns3:"
        "setl1:r2:s4:names8:work_mems10:expressions4:64MBs4:bodys22:BEGIN RETURN NEW; END\n"
        "s7:commentns10:depends_onl0:r1:s14:create_triggerr12:s5:tables5:itemss4:names11:"
        "items_stamps6:timings6:befores6:eventsl2:s6:inserts6:updates9:update_ofl1:s4:notes8:"
        "for_eachs3:rows8:functions5:stamps9:argumentss3:'!'s4:whens10:NEW.id > 0s9:"
        "old_tablens9:new_tablens7:commentnr1:s15:rename_functionr2:s4:froms14:"
        "stamp(integer)s2:tos13:mark(integer)");
    mg_checksum_v1(&a, ops, sum);
    CHECK_STR(c, sum, "v1:29ddbd485ce02a295bdf8de7b6f895047a44e9da32b59bcf4fbeb4301b90433d");
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    mg_arena a;
    mg_diag d;
    mg_module m;
    test_signatures(&c);
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    CHECK(&c, mg_load_module(&a, "pipeline/funcs", &m, &d) == 0 && m.revisions.len == 1);
    if (m.revisions.len == 1) {
        const mg_vec *ops = &((const mg_revision *)m.revisions.items[0])->ops;
        test_checksum(&c, ops);
        test_replay(&c, ops);
    } else {
        mg_diag_print(&d, stderr);
    }
    mg_arena_free(&a);
    return check_summary(&c);
}
