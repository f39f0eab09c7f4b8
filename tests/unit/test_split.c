/* migc tests: the revisions a diff's operations are written in (split.c).
 * The online forms of SPEC §4.1 on tables that exist, the plain forms on new ones and with
 * online: false, and a key a foreign key of the same diff needs (orders_code_key, which the new
 * table tags references: it stays plain, in the main part). */
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "load.h"
#include "replay.h"
#include "split.h"
#include "strbuf.h"
#include "unit_check.h"

#define MODULE "pipeline/split_online"

/* One load, replay, diff and split of MODULE, online or not. */
typedef struct split_run {
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_schema *state;
    mg_diff_result res;
    mg_vec parts[MG_PART_COUNT];
    int rc;
} split_run;

static void
split_module(split_run *x, bool online)
{
    mg_arena_init(&x->a);
    mg_diag_init(&x->d, &x->a);
    x->rc = mg_load_module(&x->a, MODULE, &x->m, &x->d);
    x->m.settings.online = online;
    if (x->rc == 0)
        x->rc = mg_replay_module(&x->a, &x->m, &x->state, NULL, &x->d);
    if (x->rc == 0)
        x->rc = mg_diff_run(&x->a, x->state, x->m.schema, &x->m.settings, &x->res, &x->d);
    if (x->rc == 0)
        x->rc = mg_split_parts(&x->a, x->state, &x->m.settings, &x->res.ops, x->parts, &x->d);
    if (x->rc != 0)
        mg_diag_print(&x->d, stderr);
}

/* The name an operation acts on. */
static const char *
subject(const mg_op *op)
{
    if (op->kind == MG_OP_CREATE_TABLE)
        return op->table_def->name;
    if (op->check != NULL)
        return op->check->name;
    if (op->fk != NULL)
        return op->fk->name;
    if (op->key != NULL)
        return op->key->name;
    if (op->index != NULL)
        return op->index->name;
    return op->name;
}

/* "kind:subject[ flags]" for each operation of part, joined with "; ". */
static const char *
describe(split_run *x, int part)
{
    mg_sb b;
    mg_sb_init(&b, &x->a);
    for (size_t i = 0; i < x->parts[part].len; i++) {
        const mg_op *op = x->parts[part].items[i];
        mg_sb_printf(&b, "%s%s:%s", i ? "; " : "", mg_op_kind_name(op->kind), subject(op));
        if (op->not_valid)
            mg_sb_puts(&b, " not_valid");
        if (op->using_index != NULL)
            mg_sb_printf(&b, " using %s", op->using_index);
        if (op->concurrently || (op->kind == MG_OP_CREATE_INDEX && op->index->concurrently))
            mg_sb_puts(&b, " concurrently");
        if (op->kind == MG_OP_ALTER_COLUMN && op->nullable_set)
            mg_sb_puts(&b, op->nullable ? " null" : " not null");
    }
    return mg_sb_str(&b);
}

/* Every part of the online split, in order. */
static void
test_online(check_ctx *c)
{
    split_run x;
    split_module(&x, true);
    CHECK(c, x.rc == 0);
    if (x.rc != 0) {
        mg_arena_free(&x.a);
        return;
    }
    CHECK_STR(c, describe(&x, MG_PART_DROPS), "drop_index:users_email_idx concurrently");
    CHECK_STR(c, describe(&x, MG_PART_MAIN),
              "add_check:users_email_not_null not_valid; add_check:users_Nick Name_not_null "
              "not_valid; add_check:users_email_nonempty not_valid; add_check:orders_id_not_null "
              "not_valid; add_unique:orders_code_key; create_table:notes; create_table:tags; "
              "add_foreign_key:orders_user_id_fkey not_valid");
    CHECK_STR(c, describe(&x, MG_PART_BUILDS),
              "create_index:users_email_key concurrently; create_index:orders_pkey concurrently; "
              "create_index:orders_code_idx concurrently");
    CHECK_STR(c, describe(&x, MG_PART_SECOND),
              "validate_constraint:users_email_not_null; alter_column:email not null; "
              "drop_check:users_email_not_null; validate_constraint:users_Nick Name_not_null; "
              "alter_column:Nick Name not null; drop_check:users_Nick Name_not_null; "
              "add_unique:users_email_key using users_email_key; "
              "validate_constraint:users_email_nonempty; validate_constraint:orders_id_not_null; "
              "alter_column:id not null; drop_check:orders_id_not_null; "
              "set_primary_key:orders_pkey using orders_pkey; "
              "validate_constraint:orders_user_id_fkey");
    const mg_op *helper = x.parts[MG_PART_MAIN].items[1];
    CHECK_STR(c, helper->check->expr, "\"Nick Name\" IS NOT NULL");
    mg_arena_free(&x.a);
}

/* online: false: everything transactional in one part, in the diff's order. */
static void
test_plain(check_ctx *c)
{
    split_run x;
    split_module(&x, false);
    CHECK(c, x.rc == 0);
    if (x.rc == 0) {
        CHECK(c, x.parts[MG_PART_DROPS].len == 0 && x.parts[MG_PART_BUILDS].len == 0 &&
                     x.parts[MG_PART_SECOND].len == 0);
        CHECK(c, x.parts[MG_PART_MAIN].len == x.res.ops.len);
        for (size_t i = 0; i < x.res.ops.len && i < x.parts[MG_PART_MAIN].len; i++)
            CHECK(c, x.parts[MG_PART_MAIN].items[i] == x.res.ops.items[i]);
    }
    mg_arena_free(&x.a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_online(&c);
    test_plain(&c);
    return check_summary(&c);
}
