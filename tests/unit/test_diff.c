/* migc tests: the diff of schema.yaml against the replayed revisions.
 * Exact operation sequences, destructive changes, errors, and the revision writer round trip. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diff.h"
#include "emit.h"
#include "load.h"
#include "model.h"
#include "pipeline/model_eq.h"
#include "replay.h"
#include "strbuf.h"
#include "unit_check.h"

#define STR(v, i) ((const char *)(v).items[i])
#define OP(v, i) ((const mg_op *)(v).items[i])

/* One load, replay and diff: its own arena, diagnostics, module, state and result. */
typedef struct diffed {
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_schema *state;
    mg_diff_result res;
    int rc;
} diffed;

static void
diff_dir(diffed *x, const char *dir, bool quiet)
{
    mg_arena_init(&x->a);
    mg_diag_init(&x->d, &x->a);
    x->res = (mg_diff_result){{0}, {0}, {0}, {0}};
    x->rc = mg_load_module(&x->a, dir, &x->m, &x->d);
    if (x->rc == 0)
        x->rc = mg_replay_module(&x->a, &x->m, &x->state, NULL, &x->d);
    if (x->rc == 0)
        x->rc = mg_diff_run(&x->a, x->state, x->m.schema, &x->m.settings, &x->res, &x->d);
    if (x->rc != 0 && !quiet)
        mg_diag_print(&x->d, stderr);
}

/* "kind:subject" for one operation, e.g. "add_column:users.added" or "rename_table:a>b". */
static const char *
describe(mg_arena *a, const mg_op *op)
{
    const char *k = mg_op_kind_name(op->kind);
    switch (op->kind) {
    case MG_OP_RENAME_TABLE:
    case MG_OP_RENAME_ENUM:
        return mg_arena_printf(a, "%s:%s>%s", k, op->from, op->to);
    case MG_OP_RENAME_COLUMN:
    case MG_OP_RENAME_CONSTRAINT:
    case MG_OP_RENAME_INDEX:
        return mg_arena_printf(a, "%s:%s.%s>%s", k, op->table, op->from, op->to);
    case MG_OP_ADD_ENUM_VALUE:
    case MG_OP_REMOVE_ENUM_VALUE:
        return mg_arena_printf(a, "%s:%s.%s", k, op->enum_name, op->value);
    case MG_OP_SET_COMMENT:
        return mg_arena_printf(a, "%s:%s%s%s", k, op->table, op->column ? "." : "",
                               op->column ? op->column : "");
    case MG_OP_DROP_PRIMARY_KEY:
        return mg_arena_printf(a, "%s:%s", k, op->table);
    case MG_OP_CREATE_EXTENSION:
    case MG_OP_DROP_EXTENSION:
    case MG_OP_CREATE_ENUM:
    case MG_OP_DROP_ENUM:
    case MG_OP_CREATE_TABLE:
    case MG_OP_DROP_TABLE:
    case MG_OP_DROP_INDEX:
        return mg_arena_printf(a, "%s:%s", k, eq_op_name(op));
    default:
        return mg_arena_printf(a, "%s:%s.%s", k, op->table, eq_op_name(op));
    }
}

/* The whole operation list as one line of descriptions. */
static const char *
sequence(mg_arena *a, const mg_vec *ops)
{
    char *s = mg_arena_strdup(a, "");
    for (size_t i = 0; i < ops->len; i++)
        s = mg_arena_printf(a, "%s%s%s", s, i ? " " : "", describe(a, OP(*ops, i)));
    return s;
}

static const char *
joined(mg_arena *a, const mg_vec *v)
{
    char *s = mg_arena_strdup(a, "");
    for (size_t i = 0; i < v->len; i++)
        s = mg_arena_printf(a, "%s%s%s", s, i ? "|" : "", STR(*v, i));
    return s;
}

/* Everything new: extension and enum first, a foreign key to a later table deferred. */
static void
test_create(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_create", false);
    CHECK(c, x.rc == 0);
    CHECK_STR(c, sequence(&x.a, &x.res.ops),
              "create_extension:pgcrypto create_enum:status create_table:a create_table:b "
              "create_table:c add_foreign_key:a.a_b_id_fkey");
    CHECK(c, x.res.destructive.len == 0);
    if (x.res.ops.len == 6) {
        const mg_table *a = OP(x.res.ops, 2)->table_def, *cc = OP(x.res.ops, 4)->table_def;
        CHECK(c, a->fks.len == 0);  /* b does not exist yet */
        CHECK(c, cc->fks.len == 1); /* b was created earlier in the same diff */
        CHECK_STR(c, ((mg_fk *)cc->fks.items[0])->on_delete, "set null");
        CHECK_STR(c, a->pk->name, "a_pkey");
        CHECK_STR(c, OP(x.res.ops, 5)->fk->ref_table, "b");
        CHECK_STR(c, ((mg_column *)OP(x.res.ops, 3)->table_def->columns.items[0])->identity,
                  "by_default");
    }
    mg_arena_free(&x.a);
}

static const char *const changes_sequence =
    "add_enum_value:e_add.a add_enum_value:e_add.c add_enum_value:e_add.e create_enum:e_new "
    "rename_table:old_users>users rename_column:users.pwd>password_hash "
    "rename_constraint:users.old_users_pkey>users_pkey "
    "drop_foreign_key:posts.posts_user_id_fkey drop_index:posts_user_idx "
    "drop_check:posts.posts_body_len drop_unique:posts.posts_body_key alter_column:users.w1 "
    "alter_column:users.w2 alter_column:users.w3 alter_column:users.w4 alter_column:users.n1 "
    "alter_column:users.n2 alter_column:users.n3 alter_column:users.d1 alter_column:users.d2 "
    "alter_column:users.nn set_comment:users.c1 add_column:users.added add_column:users.added2 "
    "drop_column:users.gone set_comment:users "
    "add_unique:posts.posts_body_key add_check:posts.posts_body_len "
    "create_index:posts.posts_user_idx add_foreign_key:posts.posts_user_id_fkey "
    "drop_table:doomed remove_enum_value:e_rm.y drop_enum:e_drop";

/* Fields of the alter_column operations of diff_changes. */
static void
check_alters(check_ctx *c, const mg_vec *ops)
{
    const mg_op *w4 = OP(*ops, 14), *n2 = OP(*ops, 16), *d1 = OP(*ops, 18), *d2 = OP(*ops, 19),
                *nn = OP(*ops, 20);
    CHECK(c, w4->has_type && !w4->nullable_set && !w4->default_set);
    CHECK_STR(c, w4->type, "numeric(8,2)");
    CHECK(c, w4->using_expr == NULL);
    CHECK_STR(c, n2->using_expr, "n2::integer");
    CHECK(c, !d1->has_type && d1->default_set);
    CHECK_STR(c, d1->default_expr, "'b'");
    CHECK(c, d2->default_set && d2->default_expr == NULL);
    CHECK(c, nn->nullable_set && !nn->nullable && !nn->has_type);
    CHECK_STR(c, OP(*ops, 21)->comment, "new");
    CHECK_STR(c, OP(*ops, 25)->comment, "Users table");
    const mg_op *a = OP(*ops, 0), *cc = OP(*ops, 1), *e = OP(*ops, 2);
    CHECK(c, a->after == NULL && cc->before == NULL && e->before == NULL);
    CHECK_STR(c, a->before, "b");
    CHECK_STR(c, cc->after, "b");
    CHECK_STR(c, e->after, "d");
}

/* Renames by hint, alters, drops, changed objects as drop + add, enum values. */
static void
test_changes(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_changes", false);
    CHECK(c, x.rc == 0);
    CHECK_STR(c, sequence(&x.a, &x.res.ops), changes_sequence);
    /* Widenings (integer→bigint, varchar(10)→(20), varchar→text, numeric(5,2)→(8,2)) are not
     * destructive; narrowings and text→integer are. Stale hints (ghost_table, author_id,
     * nothing_here, using without a type change) produced nothing. */
    CHECK_STR(c, joined(&x.a, &x.res.destructive),
              "alter_column users.n1: type change may lose data|"
              "alter_column users.n2: type change may lose data|"
              "alter_column users.n3: type change may lose data|drop_column users.gone|"
              "drop_table doomed|remove_enum_value e_rm.y|drop_enum e_drop");
    if (x.res.ops.len == 34)
        check_alters(c, &x.res.ops);
    mg_arena_free(&x.a);
}

static void
test_not_null_error(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_not_null", true);
    CHECK(c, x.rc != 0);
    CHECK(c, x.d.exit_code == 3);
    CHECK(c, x.d.msgs.len == 1);
    CHECK_STR(c, x.d.msgs.len ? STR(x.d.msgs, 0) : NULL,
              "pipeline/diff_not_null/schema.yaml:6:7: error: column \"required\" is added to "
              "existing table \"t\" as NOT NULL without a default; give it a `default:` or make "
              "it `nullable: true`");
    mg_arena_free(&x.a);
}

/* A primary key that a foreign key needs and that only changes its derived name (renamed table)
 * is renamed: the foreign key stays (SPEC §4 soundness rules). */
static void
test_referenced_key(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_referenced_key", false);
    CHECK(c, x.rc == 0);
    CHECK_STR(c, sequence(&x.a, &x.res.ops), "rename_table:a>b rename_constraint:b.a_pkey>b_pkey");
    mg_arena_free(&x.a);
}

static void
test_noop(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_noop", false);
    CHECK(c, x.rc == 0);
    CHECK_STR(c, sequence(&x.a, &x.res.ops), "");
    CHECK(c, x.res.destructive.len == 0);
    mg_arena_free(&x.a);
}

static void
test_widens(check_ctx *c)
{
    static const char *const widen[][2] = {
        {"smallint", "integer"},
        {"smallint", "bigint"},
        {"integer", "bigint"},
        {"real", "double precision"},
        {"character varying(10)", "character varying(20)"},
        {"character varying(10)", "character varying"},
        {"character varying(10)", "text"},
        {"numeric(5,2)", "numeric(8,2)"},
    };
    static const char *const narrow[][2] = {
        {"bigint", "integer"},
        {"integer", "smallint"},
        {"double precision", "real"},
        {"character varying(20)", "character varying(10)"},
        {"character varying(10)", "character varying(10)"},
        {"text", "character varying(10)"},
        {"text", "integer"},
        {"integer", "text"},
        {"numeric(8,2)", "numeric(5,2)"},
        {"numeric(5,2)", "numeric(8,3)"},
        {"integer", "numeric(8,2)"},
        {"character(10)", "character(20)"},
        {"timestamp without time zone", "timestamp with time zone"},
    };
    for (size_t i = 0; i < sizeof(widen) / sizeof(widen[0]); i++)
        CHECK(c, mg_diff_type_widens(widen[i][0], widen[i][1]));
    for (size_t i = 0; i < sizeof(narrow) / sizeof(narrow[0]); i++) {
        if (mg_diff_type_widens(narrow[i][0], narrow[i][1]))
            fprintf(stderr, "%s → %s counted as widening\n", narrow[i][0], narrow[i][1]);
        CHECK(c, !mg_diff_type_widens(narrow[i][0], narrow[i][1]));
    }
}

/* The conservative table of casts ALTER COLUMN TYPE makes without USING (pg_cast of PostgreSQL
 * 15, implicit or assignment, and output to string types). */
static void
test_cast_automatic(check_ctx *c)
{
    static const char *const yes[][2] = {
        {"bigint", "integer"},
        {"numeric(12,2)", "smallint"},
        {"double precision", "numeric"},
        {"uuid", "text"},
        {"boolean", "character varying(5)"},
        {"integer[]", "text"},
        {"integer[]", "bigint[]"},
        {"character varying(40)", "character varying(20)"},
        {"text", "character(3)"},
        {"timestamp(3) with time zone", "date"},
        {"timestamp with time zone", "timestamp without time zone"},
        {"date", "timestamp with time zone"},
        {"jsonb", "json"},
        {"cidr", "inet"},
    };
    static const char *const no[][2] = {
        {"text", "integer"},     {"uuid", "integer"},      {"integer", "uuid"},
        {"integer", "boolean"},  {"text", "jsonb"},        {"date", "time without time zone"},
        {"text[]", "integer[]"}, {"integer", "integer[]"}, {"text", "mood"},
        {"smallint", "money"},
    };
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        CHECK(c, mg_diff_cast_automatic(yes[i][0], yes[i][1]));
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        if (mg_diff_cast_automatic(no[i][0], no[i][1]))
            fprintf(stderr, "%s → %s counted as automatic\n", no[i][0], no[i][1]);
        CHECK(c, !mg_diff_cast_automatic(no[i][0], no[i][1]));
    }
}

/* ---- round trip: emitted revision → file → loader gives the same operations ---- */

static int
write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = fwrite(data, 1, len, f);
    return fclose(f) == 0 && n == len ? 0 : -1;
}

static int
copy_file(mg_arena *a, const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (f == NULL)
        return -1;
    mg_sb b;
    mg_sb_init(&b, a);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        mg_sb_putn(&b, buf, n);
    fclose(f);
    return write_file(to, b.data ? b.data : "", b.len);
}

/* Temporary module: src's module.yaml, schema.yaml and revisions plus one written by the
 * emitter. Paths go to *files (for removal). Returns the directory, or NULL. */
static const char *
write_module(diffed *x, const char *src, const char *rev_text, const char *rev_id, mg_vec *files)
{
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char *dir = mg_arena_printf(&x->a, "%s/migc_test_diff_XXXXXX", tmp);
    if (mkdtemp(dir) == NULL)
        return NULL;
    const char *revs = mg_arena_printf(&x->a, "%s/revisions", dir);
    if (mkdir(revs, 0700) != 0)
        return NULL;
    mg_vec_push(&x->a, files, (void *)revs);
    static const char *const top[] = {"module.yaml", "schema.yaml"};
    mg_vec rels = {0};
    for (size_t i = 0; i < 2; i++)
        mg_vec_push(&x->a, &rels, (void *)top[i]);
    for (size_t i = 0; i < x->m.revisions.len; i++)
        mg_vec_push(&x->a, &rels, (void *)((mg_revision *)x->m.revisions.items[i])->rel_path);
    int rc = 0;
    for (size_t i = 0; i < rels.len; i++) {
        const char *to = mg_arena_printf(&x->a, "%s/%s", dir, STR(rels, i));
        rc |= copy_file(&x->a, mg_arena_printf(&x->a, "%s/%s", src, STR(rels, i)), to);
        mg_vec_insert(&x->a, files, 0, (void *)to);
    }
    const char *path = mg_arena_printf(&x->a, "%s/%s.yaml", revs, rev_id);
    rc |= write_file(path, rev_text, strlen(rev_text));
    mg_vec_insert(&x->a, files, 0, (void *)path);
    mg_vec_push(&x->a, files, dir);
    return rc == 0 ? dir : NULL;
}

static void
remove_all(const mg_vec *files)
{
    for (size_t i = 0; i < files->len; i++)
        if (remove(STR(*files, i)) != 0)
            fprintf(stderr, "cannot remove %s\n", STR(*files, i));
}

/* Diffs src, writes the operations as its next revision, reloads: same operations, and the
 * reloaded module has no pending change left. */
static void
round_trip(check_ctx *c, const char *src, const char *message)
{
    diffed x, y;
    diff_dir(&x, src, false);
    CHECK(c, x.rc == 0 && x.res.ops.len > 0);
    size_t n = x.m.revisions.len;
    const mg_revision *last = n ? x.m.revisions.items[n - 1] : NULL;
    const char *id = mg_arena_printf(&x.a, "%04zu_round_trip", n + 1);
    mg_sb b;
    mg_sb_init(&b, &x.a);
    mg_emit_revision(&b, id, last ? last->id : NULL, message, &x.res.ops);
    mg_vec files = {0};
    const char *dir = write_module(&x, src, mg_sb_str(&b), id, &files);
    CHECK(c, dir != NULL);
    if (dir == NULL)
        goto done;
    diff_dir(&y, dir, false);
    CHECK(c, y.rc == 0);
    const mg_revision *got = y.m.revisions.len == n + 1 ? y.m.revisions.items[n] : NULL;
    CHECK(c, got != NULL);
    if (got != NULL) {
        CHECK(c, eq_ops(&x.res.ops, &got->ops));
        CHECK_STR(c, got->message, message);
    }
    CHECK_STR(c, sequence(&y.a, &y.res.ops), ""); /* the new revision reaches schema.yaml */
    if (c->failed)
        fprintf(stderr, "--- revision written for %s:\n%s", src, mg_sb_str(&b));
    mg_arena_free(&y.a);
    remove_all(&files);
done:
    mg_arena_free(&x.a);
}

static void
test_round_trip(check_ctx *c)
{
    round_trip(c, "pipeline/diff_create", "Create: \"all\" # tables");
    round_trip(c, "pipeline/diff_changes", "true");
    round_trip(c, "pipeline/diff_hostile", "Hostile\nnames: 'quotes' \\ and é");
}

/* The hostile schema keeps its texts through the diff (the round trip checks the writer). */
static void
test_hostile(check_ctx *c)
{
    diffed x;
    diff_dir(&x, "pipeline/diff_hostile", false);
    CHECK(c, x.rc == 0);
    CHECK_STR(c, sequence(&x.a, &x.res.ops),
              "create_enum:feel create_enum:Mood: \"x\" create_table:Order Items");
    if (x.res.ops.len == 3) {
        const mg_table *t = OP(x.res.ops, 2)->table_def;
        CHECK_STR(c, t->comment, "Line one\nline two: with \"quotes\" # and a hash \\ backslash");
        CHECK_STR(c, mg_table_column(t, "a: b")->comment, "tab\there, */ and ?\?/ trigraph");
        CHECK_STR(c, mg_table_column(t, "Ünïcode")->default_expr, "'é ✓'");
        CHECK_STR(c, STR(OP(x.res.ops, 1)->values, 4), "true");
    }
    mg_arena_free(&x.a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_create(&c);
    test_changes(&c);
    test_not_null_error(&c);
    test_noop(&c);
    test_referenced_key(&c);
    test_widens(&c);
    test_cast_automatic(&c);
    test_hostile(&c);
    test_round_trip(&c);
    return check_summary(&c);
}
