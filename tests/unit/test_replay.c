/* migc tests: replay of revisions into a state, completed drops and generated reverses.
 * Inputs are the small modules under pipeline/; test_replay runs from tests/unit. */
#include <stdlib.h>
#include <string.h>

#include "checksum.h"
#include "load.h"
#include "model.h"
#include "pipeline/model_eq.h"
#include "replay.h"
#include "unit_check.h"

#define ALL ((size_t)-1)
#define STR(v, i) ((const char *)(v).items[i])
#define OP(v, i) ((const mg_op *)(v).items[i])

/* One load and replay: its own arena, diagnostics, module, state and plans. */
typedef struct replayed {
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_schema *state;
    mg_vec plans; /* mg_rev_plan * */
    int rc;
} replayed;

/* Loads dir and replays its first n revisions (ALL for every one); quiet keeps errors unprinted. */
static void
replay_run(replayed *r, const char *dir, size_t n, bool quiet)
{
    mg_arena_init(&r->a);
    mg_diag_init(&r->d, &r->a);
    r->plans = (mg_vec){0};
    r->state = NULL;
    r->rc = mg_load_module(&r->a, dir, &r->m, &r->d);
    if (r->rc == 0 && n < r->m.revisions.len)
        r->m.revisions.len = n;
    if (r->rc == 0)
        r->rc = mg_replay_module(&r->a, &r->m, &r->state, &r->plans, &r->d);
    if (r->rc != 0 && !quiet)
        mg_diag_print(&r->d, stderr);
}

static void
replay(replayed *r, const char *dir, size_t n)
{
    replay_run(r, dir, n, false);
}

static mg_rev_plan *
plan(const replayed *r, size_t i)
{
    return r->plans.items[i];
}

static const mg_column *
col_at(const mg_table *t, size_t i)
{
    return t->columns.items[i];
}

/* Checks one column: name, type, nullability and default (NULL for none). */
static void
check_column(check_ctx *c, const mg_column *col, const char *name, const char *type, bool nullable,
             const char *dflt)
{
    CHECK_STR(c, col->name, name);
    CHECK_STR(c, col->type, type);
    CHECK(c, col->nullable == nullable);
    if (dflt == NULL)
        CHECK(c, col->default_expr == NULL);
    else
        CHECK_STR(c, col->default_expr, dflt);
}

/* Kinds of a list of operations, space-separated, for compact sequence checks. */
static const char *
kinds(mg_arena *a, const mg_vec *ops)
{
    char *s = mg_arena_strdup(a, "");
    for (size_t i = 0; i < ops->len; i++)
        s = mg_arena_printf(a, "%s%s%s", s, i ? " " : "", mg_op_kind_name(OP(*ops, i)->kind));
    return s;
}

/* State after 0001 and 0002: renames followed into keys, foreign keys and indexes. */
static void
test_state_after_renames(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/replay_all", 2);
    CHECK(c, r.rc == 0);
    CHECK(c, r.state->tables.len == 2 && r.state->enums.len == 1 && r.state->extensions.len == 1);
    const mg_table *o = mg_schema_table(r.state, "organisations");
    const mg_table *u = mg_schema_table(r.state, "users");
    CHECK(c, mg_schema_table(r.state, "orgs") == NULL);
    CHECK(c, o != NULL && u != NULL);
    if (o == NULL || u == NULL)
        goto done;
    CHECK(c, o->columns.len == 2);
    check_column(c, col_at(o, 0), "org_key", "bigint", false, NULL);
    CHECK_STR(c, col_at(o, 0)->identity, "always");
    CHECK_STR(c, o->pk->name, "orgs_pkey"); /* a rename keeps the constraint name */
    CHECK_STR(c, STR(o->pk->columns, 0), "org_key");
    CHECK(c, u->columns.len == 7);
    check_column(c, col_at(u, 0), "id", "bigint", false, NULL);
    check_column(c, col_at(u, 1), "email", "citext", false, NULL);
    check_column(c, col_at(u, 2), "organisation_id", "bigint", true, NULL);
    check_column(c, col_at(u, 3), "mood", "mood", false, "'happy'");
    check_column(c, col_at(u, 4), "password_hash", "character varying(60)", false, NULL);
    CHECK_STR(c, col_at(u, 4)->comment, "bcrypt hash");
    check_column(c, col_at(u, 5), "note", "character varying(200)", false, "''");
    check_column(c, col_at(u, 6), "nickname", "text", true, NULL);
    CHECK_STR(c, u->comment, "People");
    CHECK_STR(c, u->pk->name, "users_pkey");
    const mg_fk *fk = u->fks.items[0];
    CHECK_STR(c, fk->ref_table, "organisations");
    CHECK_STR(c, STR(fk->columns, 0), "organisation_id");
    CHECK_STR(c, STR(fk->ref_columns, 0), "org_key");
    CHECK_STR(c, fk->on_delete, "cascade");
    const mg_index *x = u->indexes.items[0];
    CHECK_STR(c, STR(x->keys, 0), "organisation_id");
done:
    mg_arena_free(&r.a);
}

/* State after every revision, and the enum as revision 0004 leaves it. */
static void
test_final_state(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/replay_all", ALL);
    CHECK(c, r.rc == 0);
    CHECK(c, r.plans.len == 6);
    CHECK(c, r.state->tables.len == 1 && mg_schema_table(r.state, "t") != NULL);
    CHECK(c, r.state->enums.len == 1 && mg_schema_enum(r.state, "other") != NULL);
    CHECK(c, r.state->extensions.len == 1 && mg_schema_extension(r.state, "pg_trgm") != NULL);
    mg_arena_free(&r.a);

    replay(&r, "pipeline/replay_all", 4);
    const mg_enum *e = mg_schema_enum(r.state, "feeling");
    CHECK(c, mg_schema_enum(r.state, "mood") == NULL && e != NULL);
    CHECK(c, e != NULL && e->values.len == 3);
    if (e != NULL && e->values.len == 3) {
        CHECK_STR(c, STR(e->values, 0), "happy");
        CHECK_STR(c, STR(e->values, 1), "meh");
        CHECK_STR(c, STR(e->values, 2), "furious");
    }
    const mg_table *u = mg_schema_table(r.state, "users");
    CHECK_STR(c, col_at(u, 3)->type, "feeling"); /* rename_enum retypes its columns */
    CHECK(c, col_at(u, 5)->default_expr == NULL);
    CHECK(c, u->comment == NULL);
    CHECK_STR(c, u->pk->name, "users_pk2");
    CHECK(c, u->uniques.len == 0 && u->checks.len == 0 && u->fks.len == 0 && u->indexes.len == 0);
    mg_arena_free(&r.a);
}

/* Drops name only the object; replay fills in its definition from the state. */
static void
test_filled_drops(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/replay_all", ALL);
    const mg_op *conc = OP(plan(&r, 2)->up, 1); /* a concurrent drop stands in its own revision */
    CHECK(c, conc->index != NULL && conc->index->concurrently);
    CHECK_STR(c, conc->table, "users");
    CHECK_STR(c, STR(conc->index->keys, 0), "nickname");
    const mg_vec *up = &plan(&r, 3)->up;
    CHECK_STR(c, OP(*up, 1)->check->expr, "email <> ''");
    CHECK_STR(c, STR(OP(*up, 2)->key->columns, 0), "email");
    CHECK_STR(c, OP(*up, 3)->fk->ref_table, "organisations");
    CHECK_STR(c, STR(OP(*up, 3)->fk->ref_columns, 0), "org_key");
    CHECK_STR(c, OP(*up, 4)->key->name, "users_pkey");
    CHECK_STR(c, STR(OP(*up, 4)->key->columns, 0), "id");
    const mg_column *nick = OP(*up, 5)->column_def;
    CHECK(c, nick != NULL && nick->nullable);
    CHECK_STR(c, nick->type, "text");
    const mg_op *drop_users = OP(plan(&r, 4)->up, 0);
    const mg_table *def = drop_users->table_def;
    CHECK(c, def != NULL && def->columns.len == 6);
    CHECK_STR(c, col_at(def, 3)->type, "feeling");
    CHECK_STR(c, col_at(def, 4)->comment, "bcrypt hash");
    CHECK_STR(c, def->pk->name, "users_pk2");
    const mg_op *drop_enum = OP(plan(&r, 4)->up, 2);
    CHECK(c, drop_enum->enum_def != NULL && drop_enum->enum_def->values.len == 3);
    /* The revision itself keeps the drops as written (they are hashed as written). */
    const mg_revision *rev = plan(&r, 4)->rev;
    CHECK(c, OP(rev->ops, 0)->table_def == NULL);
    mg_arena_free(&r.a);
}

/* The down list is the reverse of every operation, in reverse order. */
static void
test_down_0001_0002(check_ctx *c, mg_arena *a, const replayed *r)
{
    const mg_vec *down = &plan(r, 0)->down;
    CHECK_STR(c, kinds(a, down), "drop_table drop_table drop_enum drop_extension");
    CHECK_STR(c, OP(*down, 0)->name, "users");
    CHECK(c, OP(*down, 0)->table_def && OP(*down, 0)->table_def->columns.len == 6);
    CHECK_STR(c, OP(*down, 1)->name, "orgs");
    CHECK(c, OP(*down, 2)->enum_def && OP(*down, 2)->enum_def->values.len == 3);
    CHECK_STR(c, OP(*down, 3)->name, "citext");
    down = &plan(r, 1)->down;
    CHECK_STR(c, kinds(a, down),
              "drop_column set_comment set_comment alter_column rename_column rename_column "
              "rename_column rename_table");
    CHECK_STR(c, OP(*down, 0)->name, "nickname");
    CHECK_STR(c, OP(*down, 0)->column_def->type, "text");
    CHECK(c, OP(*down, 1)->column == NULL && OP(*down, 1)->comment == NULL);
    CHECK_STR(c, OP(*down, 2)->column, "password_hash");
    CHECK_STR(c, OP(*down, 2)->comment, "hash");
    const mg_op *alter = OP(*down, 3);
    CHECK(c, alter->has_type && alter->nullable_set && alter->default_set);
    CHECK_STR(c, alter->type, "text");
    CHECK(c, alter->nullable && alter->default_expr == NULL);
    CHECK_STR(c, OP(*down, 4)->from, "password_hash");
    CHECK_STR(c, OP(*down, 4)->to, "pwd");
    CHECK_STR(c, OP(*down, 6)->table, "organisations");
    CHECK_STR(c, OP(*down, 6)->from, "org_key");
    CHECK_STR(c, OP(*down, 7)->from, "organisations");
    CHECK_STR(c, OP(*down, 7)->to, "orgs");
}

static void
test_down_0004(check_ctx *c, mg_arena *a, const replayed *r)
{
    const mg_vec *down = &plan(r, 3)->down;
    CHECK(c, plan(r, 3)->up.len == 17);
    CHECK_STR(c, kinds(a, down),
              "sql drop_primary_key rename_enum add_enum_value add_enum_value rename_enum_value "
              "remove_enum_value remove_enum_value set_comment alter_column add_column "
              "set_primary_key add_foreign_key add_unique add_check create_index");
    if (down->len != 16)
        return;
    CHECK_STR(c, OP(*down, 0)->sql_up, "UPDATE users SET note = ''");
    CHECK_STR(c, OP(*down, 0)->sql_down, "UPDATE users SET note = 'x'");
    CHECK_STR(c, OP(*down, 1)->key->name, "users_pk2");
    CHECK_STR(c, OP(*down, 2)->from, "feeling");
    CHECK_STR(c, OP(*down, 2)->to, "mood");
    CHECK_STR(c, OP(*down, 3)->value, "sad"); /* removed from the middle: after its neighbour */
    CHECK_STR(c, OP(*down, 3)->after, "meh");
    CHECK(c, OP(*down, 3)->before == NULL);
    CHECK_STR(c, OP(*down, 4)->value, "ecstatic"); /* removed from the front: before the next */
    CHECK_STR(c, OP(*down, 4)->before, "happy");
    CHECK(c, OP(*down, 4)->after == NULL);
    CHECK_STR(c, OP(*down, 5)->from, "furious");
    CHECK_STR(c, OP(*down, 5)->to, "angry");
    CHECK_STR(c, OP(*down, 6)->value, "ecstatic");
    CHECK_STR(c, OP(*down, 7)->value, "meh");
    CHECK_STR(c, OP(*down, 8)->comment, "People");
    CHECK(c, OP(*down, 9)->default_set && !OP(*down, 9)->has_type && !OP(*down, 9)->nullable_set);
    CHECK_STR(c, OP(*down, 9)->default_expr, "''");
    CHECK_STR(c, OP(*down, 10)->column_def->name, "nickname");
    CHECK_STR(c, OP(*down, 11)->key->name, "users_pkey");
    CHECK_STR(c, OP(*down, 12)->fk->name, "users_org_id_fkey");
    CHECK_STR(c, OP(*down, 12)->table, "users");
    CHECK_STR(c, OP(*down, 13)->key->name, "users_email_key");
    CHECK_STR(c, OP(*down, 14)->check->expr, "email <> ''");
    CHECK_STR(c, OP(*down, 15)->index->name, "users_org_idx");
    CHECK_STR(c, OP(*down, 15)->table, "users");
}

static void
test_reverses(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/replay_all", ALL);
    test_down_0001_0002(c, &r.a, &r);
    CHECK_STR(c, kinds(&r.a, &plan(&r, 2)->down), "create_index drop_index");
    CHECK(c, OP(plan(&r, 2)->down, 0)->index->concurrently);
    test_down_0004(c, &r.a, &r);
    const mg_vec *down = &plan(&r, 4)->down;
    CHECK_STR(c, kinds(&r.a, down),
              "drop_extension create_extension drop_enum create_enum create_table create_table");
    CHECK_STR(c, OP(*down, 3)->name, "feeling");
    CHECK(c, OP(*down, 3)->values.len == 3);
    CHECK_STR(c, OP(*down, 4)->table_def->name, "organisations");
    CHECK_STR(c, OP(*down, 5)->table_def->name, "users");
    for (size_t i = 0; i < 5; i++)
        CHECK(c, plan(&r, i)->reversible);
    CHECK(c, !plan(&r, 5)->reversible); /* a sql step without down */
    CHECK(c, plan(&r, 5)->down.len == 0);
    CHECK(c, plan(&r, 5)->up.len == 2);
    mg_arena_free(&r.a);
}

/* Replaying the down list of revision n onto the state after n gives the state after n - 1. */
static void
test_down_restores(check_ctx *c)
{
    for (size_t n = 1; n <= 5; n++) {
        replayed after, before;
        replay(&after, "pipeline/replay_all", n);
        replay(&before, "pipeline/replay_all", n - 1);
        mg_replay rp = {&after.a, mg_schema_copy(&after.a, after.state), &after.m.settings,
                        &after.d};
        const mg_vec *down = &plan(&after, n - 1)->down;
        int rc = 0;
        for (size_t i = 0; i < down->len && rc == 0; i++) {
            mg_op *filled, *reverse;
            rc = mg_replay_op(&rp, OP(*down, i), &filled, &reverse);
        }
        if (rc != 0)
            mg_diag_print(&after.d, stderr);
        CHECK(c, rc == 0);
        CHECK(c, eq_schema(rp.state, before.state));
        if (n != 3) /* 0003 builds an index concurrently and drops it again */
            CHECK(c, !eq_schema(after.state, before.state));
        mg_arena_free(&after.a);
        mg_arena_free(&before.a);
    }
}

static void
test_transactional(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/replay_all", ALL);
    CHECK(c, plan(&r, 0)->transactional);
    CHECK(c, plan(&r, 1)->transactional);
    CHECK(c, !plan(&r, 2)->transactional); /* CREATE and DROP INDEX CONCURRENTLY */
    CHECK(c, plan(&r, 3)->transactional);
    CHECK(c, plan(&r, 4)->transactional);
    mg_arena_free(&r.a);
}

static const char *
checksum_of(check_ctx *c, const char *dir, char out[MG_CHECKSUM_SIZE])
{
    replayed r;
    replay(&r, dir, ALL);
    CHECK(c, r.rc == 0 && r.plans.len == 1);
    if (r.rc == 0)
        mg_plan_checksums(&r.a, plan(&r, 0));
    memcpy(out, r.rc == 0 ? plan(&r, 0)->checksum : "", r.rc == 0 ? MG_CHECKSUM_SIZE : 1);
    mg_arena_free(&r.a);
    return out;
}

static void
test_checksums(check_ctx *c)
{
    replayed x, y;
    replay(&x, "pipeline/replay_all", ALL);
    replay(&y, "pipeline/replay_all", ALL);
    for (size_t i = 0; i < x.plans.len; i++) {
        char sum[MG_CHECKSUM_SIZE], hex[65];
        CHECK(c, plan(&x, i)->checksum[0] == '\0'); /* filled when a unit is rendered */
        mg_plan_checksums(&x.a, plan(&x, i));
        mg_plan_checksums(&y.a, plan(&y, i));
        CHECK(c, strlen(plan(&x, i)->checksum) == 67);
        CHECK(c, strncmp(plan(&x, i)->checksum, "v1:", 3) == 0);
        CHECK(c, strlen(plan(&x, i)->legacy_checksum) == 64);
        CHECK_STR(c, plan(&x, i)->checksum, plan(&y, i)->checksum);
        mg_checksum_v1(&x.a, &plan(&x, i)->rev->ops, sum);
        CHECK_STR(c, plan(&x, i)->checksum, sum);
        mg_checksum_legacy(&x.a, &plan(&x, i)->rev->ops, hex);
        CHECK_STR(c, plan(&x, i)->legacy_checksum, hex);
        for (size_t j = 0; j < i; j++)
            CHECK(c, strcmp(plan(&x, i)->checksum, plan(&x, j)->checksum) != 0);
    }
    mg_arena_free(&x.a);
    mg_arena_free(&y.a);
    char a[MG_CHECKSUM_SIZE], b[MG_CHECKSUM_SIZE], same[MG_CHECKSUM_SIZE];
    checksum_of(c, "pipeline/checksum_a", a);
    checksum_of(c, "pipeline/checksum_b", b); /* one default differs */
    checksum_of(c, "pipeline/checksum_c", same);
    CHECK(c, strcmp(a, b) != 0);
    CHECK_STR(c, same, a); /* spelling, quoting, layout and message do not count */
}

/* Expects exactly one diagnostic, equal to want. */
static void
check_error(check_ctx *c, const char *dir, const char *want)
{
    replayed r;
    replay_run(&r, dir, ALL, true);
    CHECK(c, r.rc != 0);
    CHECK(c, r.d.exit_code == 3);
    CHECK(c, r.d.msgs.len == 1);
    CHECK_STR(c, r.d.msgs.len ? STR(r.d.msgs, 0) : NULL, want);
    mg_arena_free(&r.a);
}

static void
test_errors(check_ctx *c)
{
    check_error(c, "pipeline/err_drop_missing_table",
                "pipeline/err_drop_missing_table/revisions/0002_bad.yaml:4:5: error: drop_table: "
                "table \"nope\" does not exist at this revision");
    check_error(c, "pipeline/err_add_existing_column",
                "pipeline/err_add_existing_column/revisions/0002_bad.yaml:5:5: error: add_column: "
                "table \"users\" already has a column \"email\"");
    check_error(c, "pipeline/err_drop_indexed_column",
                "pipeline/err_drop_indexed_column/revisions/0002_bad.yaml:4:5: error: "
                "drop_column: column \"users.email\" is used by \"users_email_idx\"; drop that "
                "first");
    check_error(c, "pipeline/err_unknown_type",
                "pipeline/err_unknown_type/revisions/0002_bad.yaml:5:5: error: add_column: column "
                "\"mood\" has unknown type \"mood\" (declare the enum, the extension, or list it "
                "under external_types in module.yaml)");
}

/* Index keys carry ASC/DESC and NULLS FIRST/LAST after the column name (SPEC §3): a rename
 * follows into "created_at DESC", and dropping that column is refused while the index uses it. */
static void
test_ordered_index_keys(check_ctx *c)
{
    replayed r;
    replay(&r, "pipeline/rename_desc", ALL);
    CHECK(c, r.rc == 0);
    const mg_table *u = mg_schema_table(r.state, "users");
    const mg_index *x = u ? u->indexes.items[1] : NULL;
    CHECK_STR(c, x ? STR(x->keys, 0) : NULL, "created DESC");
    mg_arena_free(&r.a);
    check_error(c, "pipeline/err_drop_desc_indexed_column",
                "pipeline/err_drop_desc_indexed_column/revisions/0002_bad.yaml:4:5: error: "
                "drop_column: column \"users.created_at\" is used by \"users_created_idx\"; drop "
                "that first");
    check_error(c, "pipeline/err_drop_referenced_pk",
                "pipeline/err_drop_referenced_pk/revisions/0002_bad.yaml:4:5: error: "
                "drop_primary_key: \"a_pkey\" is needed by foreign key \"c_a_id_fkey\" of table "
                "\"c\"; drop that first");
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_state_after_renames(&c);
    test_final_state(&c);
    test_filled_drops(&c);
    test_reverses(&c);
    test_down_restores(&c);
    test_transactional(&c);
    test_checksums(&c);
    test_errors(&c);
    test_ordered_index_keys(&c);
    return check_summary(&c);
}
