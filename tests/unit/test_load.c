/* migc tests: the loader.
 * Loads the small modules under fixtures/ and checks the model and the diagnostics. */
#include <string.h>

#include "load.h"
#include "load_ops.h"
#include "model.h"
#include "unit_check.h"
#include "yaml_node.h"

/* One load: its own arena, diagnostics and module. */
typedef struct loaded {
    mg_arena a;
    mg_diag d;
    mg_module m;
    int rc;
} loaded;

static void
load(loaded *l, const char *dir)
{
    mg_arena_init(&l->a);
    mg_diag_init(&l->d, &l->a);
    l->rc = mg_load_module(&l->a, dir, &l->m, &l->d);
}

/* True when some diagnostic contains text; prints them all otherwise. */
static bool
has_diag(const loaded *l, const char *text)
{
    for (size_t i = 0; i < l->d.msgs.len; i++)
        if (strstr(l->d.msgs.items[i], text) != NULL)
            return true;
    fprintf(stderr, "no diagnostic contains: %s\n", text);
    mg_diag_print(&l->d, stderr);
    return false;
}

#define STR(v, i) ((const char *)(v).items[i])

static void
test_settings(check_ctx *c)
{
    loaded l;
    load(&l, "fixtures/good");
    const mg_settings *s = &l.m.settings;
    CHECK(c, l.rc == 0);
    CHECK_STR(c, s->name, "artstore_admin");
    CHECK_STR(c, s->schema, "admin");
    CHECK(c, s->exclusive);
    CHECK_STR(c, s->version_table, "admin_version");
    CHECK_STR(c, s->lock_timeout, "5s");
    CHECK_STR(c, s->statement_timeout, "0");
    CHECK(c, s->external_types.len == 2);
    CHECK_STR(c, STR(s->external_types, 1), "other_type");
    CHECK(c, l.m.schema_files.len == 1);
    CHECK_STR(c, STR(l.m.schema_files, 0), "schema.yaml");
    mg_arena_free(&l.a);

    load(&l, "fixtures/defaults");
    CHECK(c, l.rc == 0);
    CHECK_STR(c, l.m.settings.schema, "public");
    CHECK_STR(c, l.m.settings.version_table, "migc_version");
    CHECK(c, !l.m.settings.exclusive);
    CHECK(c, l.m.settings.lock_timeout == NULL);
    CHECK(c, l.m.schema == NULL);
    CHECK(c, l.m.revisions.len == 0);
    mg_arena_free(&l.a);
}

static void
test_users_columns(check_ctx *c, const mg_table *t)
{
    CHECK(c, t->columns.len == 9);
    const mg_column *id = mg_table_column(t, "id");
    CHECK_STR(c, id->type, "uuid");
    CHECK_STR(c, id->default_expr, "gen_random_uuid()");
    CHECK(c, !id->nullable);
    CHECK_STR(c, mg_table_column(t, "email")->type, "character varying(255)");
    CHECK(c, mg_table_column(t, "nickname")->nullable);
    CHECK_STR(c, mg_table_column(t, "login_count")->type, "integer");
    CHECK_STR(c, mg_table_column(t, "login_count")->default_expr, "0");
    CHECK_STR(c, mg_table_column(t, "created_at")->type, "timestamp with time zone");
    const mg_column *pw = mg_table_column(t, "password_hash");
    CHECK_STR(c, pw->renamed_from, "pwd");
    CHECK_STR(c, pw->using_expr, "pwd::text");
    CHECK_STR(c, pw->comment, "hashed");
    CHECK_STR(c, ((mg_column *)t->columns.items[8])->name, "password_hash");
    CHECK(c, id->loc.line == 11 && id->loc.col == 7);
    CHECK_STR(c, id->loc.file, "fixtures/good/schema.yaml");
}

/* Shorthands folded into table-level objects with PostgreSQL's default names. */
static void
test_users_folding(check_ctx *c, const mg_table *t)
{
    CHECK_STR(c, t->pk->name, "users_pkey");
    CHECK(c, t->pk->columns.len == 1);
    CHECK(c, t->uniques.len == 2);
    CHECK_STR(c, ((mg_key *)t->uniques.items[0])->name, "users_manager_id_key");
    CHECK_STR(c, ((mg_key *)t->uniques.items[1])->name, "users_email_key");
    CHECK(c, t->fks.len == 2);
    const mg_fk *org = t->fks.items[0], *mgr = t->fks.items[1];
    CHECK_STR(c, org->name, "users_org_id_fkey");
    CHECK_STR(c, org->ref_table, "orgs");
    CHECK(c, org->ref_columns.len == 1);
    CHECK_STR(c, STR(org->ref_columns, 0), "id");
    CHECK_STR(c, org->on_delete, "set null");
    CHECK_STR(c, org->on_update, "no action");
    CHECK_STR(c, mgr->name, "users_manager_id_fkey");
    CHECK(c, mgr->ref_columns.len == 0);
    CHECK_STR(c, mgr->on_update, "cascade");
    CHECK(c, t->checks.len == 1);
    CHECK_STR(c, ((mg_check *)t->checks.items[0])->expr, "email <> ''");
    CHECK_STR(c, t->comment, "Registered people");
}

static void
test_users_indexes(check_ctx *c, const mg_table *t)
{
    CHECK(c, t->indexes.len == 4);
    const mg_index *trgm = t->indexes.items[0], *recent = t->indexes.items[1];
    const mg_index *lower = t->indexes.items[2], *pair = t->indexes.items[3];
    CHECK_STR(c, trgm->method, "gin");
    CHECK(c, trgm->opclass.len == 1);
    CHECK_STR(c, STR(trgm->opclass, 0), "gin_trgm_ops");
    CHECK_STR(c, STR(recent->keys, 0), "created_at DESC");
    CHECK_STR(c, recent->where, "status = 'active'");
    CHECK(c, recent->concurrently);
    CHECK_STR(c, recent->method, "btree");
    CHECK_STR(c, lower->expression, "lower(email)");
    CHECK(c, lower->unique);
    CHECK(c, pair->opclass.len == 2 && pair->opclass.items[1] == NULL);
    CHECK_STR(c, STR(pair->include, 0), "status");
}

static void
test_schema(check_ctx *c)
{
    loaded l;
    load(&l, "fixtures/good");
    const mg_schema *s = l.m.schema;
    CHECK(c, s != NULL && s->extensions.len == 2 && s->enums.len == 2 && s->tables.len == 4);
    const mg_enum *mode = mg_schema_enum(s, "storage_mode");
    CHECK(c, mode->values.len == 4);
    CHECK_STR(c, mode->renamed_from, "storage_modes");
    CHECK_STR(c, STR(mg_schema_enum(s, "user_status")->values, 2), "locked");
    test_users_columns(c, mg_schema_table(s, "users"));
    test_users_folding(c, mg_schema_table(s, "users"));
    test_users_indexes(c, mg_schema_table(s, "users"));
    const mg_table *orgs = mg_schema_table(s, "orgs");
    CHECK_STR(c, orgs->renamed_from, "organisations");
    CHECK_STR(c, mg_table_column(orgs, "id")->identity, "always");
    CHECK_STR(c, mg_table_column(orgs, "parent_id")->type, "bigint");
    CHECK_STR(c, orgs->pk->name, "orgs_pkey");
    const mg_fk *fk = orgs->fks.items[0];
    CHECK(c, fk->deferrable && fk->initially_deferred);
    CHECK_STR(c, fk->on_delete, "cascade");
    const mg_key *pairs = mg_schema_table(s, "pairs")->pk;
    CHECK(c, pairs->columns.len == 2);
    CHECK_STR(c, STR(pairs->columns, 1), "b");
    CHECK_STR(c, mg_schema_table(s, "named")->pk->name, "named_pk");
    mg_arena_free(&l.a);
}

static const mg_op *
op_at(const mg_revision *r, size_t i)
{
    return r->ops.items[i];
}

static void
test_revision_1(check_ctx *c, const mg_revision *r)
{
    CHECK_STR(c, r->id, "0001_init");
    CHECK(c, r->parent == NULL);
    CHECK_STR(c, r->message, "Initial schema");
    CHECK_STR(c, r->rel_path, "revisions/0001_init.yaml");
    CHECK_STR(c, r->path, "fixtures/good/revisions/0001_init.yaml");
    CHECK(c, r->ops.len == 4);
    CHECK(c, op_at(r, 0)->kind == MG_OP_CREATE_EXTENSION);
    CHECK(c, op_at(r, 0)->loc.line == 4 && op_at(r, 0)->loc.col == 5);
    CHECK(c, op_at(r, 1)->values.len == 2);
    const mg_table *t = op_at(r, 2)->table_def;
    CHECK_STR(c, op_at(r, 2)->name, "orgs");
    CHECK(c, t != NULL && t->columns.len == 2 && t->pk != NULL);
    CHECK_STR(c, mg_table_column(t, "id")->identity, "by_default");
    CHECK_STR(c, op_at(r, 3)->after, "disabled");
}

static void
test_revision_2(check_ctx *c, const mg_revision *r)
{
    CHECK_STR(c, r->parent, "0001_init");
    CHECK(c, r->ops.len == 26);
    const mg_op *add = op_at(r, 0), *alter = op_at(r, 2), *alter2 = op_at(r, 3);
    CHECK_STR(c, add->table, "orgs");
    CHECK_STR(c, add->column_def->type, "timestamp with time zone");
    CHECK(c, add->column_def->nullable);
    CHECK_STR(c, alter->type, "character varying(80)");
    CHECK(c, alter->has_type && alter->nullable_set && alter->nullable);
    CHECK(c, alter->default_set && alter->default_expr == NULL);
    CHECK(c, !alter2->has_type && !alter2->nullable_set && alter2->default_set);
    CHECK_STR(c, op_at(r, 4)->key->name, "orgs_pkey");
    CHECK_STR(c, op_at(r, 5)->key->name, "orgs_title_key");
    CHECK_STR(c, op_at(r, 6)->check->expr, "title <> ''");
    CHECK_STR(c, op_at(r, 7)->fk->on_delete, "restrict");
    CHECK_STR(c, op_at(r, 8)->index->method, "hash");
    CHECK(c, op_at(r, 9)->comment == NULL);
    CHECK_STR(c, op_at(r, 9)->column, "title");
    CHECK(c, op_at(r, 10)->column == NULL);
    CHECK_STR(c, op_at(r, 11)->sql_down, "");
    CHECK(c, op_at(r, 12)->sql_down == NULL);
    CHECK(c, op_at(r, 25)->kind == MG_OP_DROP_EXTENSION);
}

static void
test_revisions(check_ctx *c)
{
    loaded l;
    load(&l, "fixtures/good");
    CHECK(c, l.m.revisions.len == 2);
    if (l.m.revisions.len == 2) {
        test_revision_1(c, l.m.revisions.items[0]);
        test_revision_2(c, l.m.revisions.items[1]);
    }
    mg_arena_free(&l.a);
}

/* Loads dir, expects failure with exit code 3 and a diagnostic containing text. */
static void
fails(check_ctx *c, const char *dir, const char *text)
{
    loaded l;
    load(&l, dir);
    CHECK(c, l.rc == -1);
    CHECK(c, l.d.exit_code == 3);
    CHECK(c, has_diag(&l, text));
    mg_arena_free(&l.a);
}

static void
test_errors(check_ctx *c)
{
    fails(c, "fixtures/bad_key",
          "fixtures/bad_key/schema.yaml:4:28: error: unknown key \"nulable\" (did you mean "
          "\"nullable\"?)");
    fails(c, "fixtures/bad_key", "schema.yaml:5:5: error: unknown key \"indexs\" (did you mean");
    fails(c, "fixtures/dup_key",
          "dup_key/schema.yaml:6:7: error: duplicate key \"email\" (first "
          "at line 4)");
    fails(c, "fixtures/multi",
          "multi/schema/b.yaml:2:3: error: table \"b_table\" is defined twice "
          "(first at fixtures/multi/schema/a.yaml:6:3)");
    fails(c, "fixtures/rev_gap",
          "rev_gap/revisions/0003_c.yaml:1:1: error: gap in revision numbers");
    fails(c, "fixtures/rev_fork",
          "revisions/0002_a.yaml and revisions/0002_b.yaml both have parent \"0001_init\"");
    fails(c, "fixtures/rev_fork", "renumber revisions/0002_b.yaml to revisions/0003_b.yaml");
    fails(c, "fixtures/rev_parent", "0002_a.yaml:2:9: error: parent \"0001_nope\" does not exist");
    fails(c, "fixtures/rev_id", "0002_a.yaml:1:11: error: revision \"0002_b\" does not match");
    fails(c, "fixtures/no_such_module", "module.yaml: error: module file not found");
}

/* One run reports the errors of every file, and several per file. */
static void
test_many_errors(check_ctx *c)
{
    loaded l;
    load(&l, "fixtures/many_errors");
    CHECK(c, l.rc == -1);
    CHECK(c, l.d.msgs.len == 4);
    CHECK(c, has_diag(&l, "module.yaml:1:7: error: invalid module name \"Bad-Name\""));
    CHECK(c, has_diag(&l, "schema.yaml:4:19: error: type serial is not supported"));
    CHECK(c, has_diag(&l, "schema.yaml:5:37: error: \"nullable\" must be true or false"));
    CHECK(c, has_diag(&l, "0002_x.yaml:1:1: error: the first revision must be numbered 0001"));
    mg_arena_free(&l.a);
}

/* The generic tree: quoted versus plain scalars, locations, refusals. */
static void
test_yaml(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    const char *text = "a: null\nb: \"null\"\nc: ~\nd: [1, {e: f}]\n";
    const mg_node *root = mg_yaml_load_string(&a, text, strlen(text), "t.yaml", &d);
    CHECK(c, root != NULL && root->kind == MG_NODE_MAP && root->keys.len == 4);
    CHECK(c, mg_node_is_null(mg_node_get(root, "a")));
    CHECK(c, !mg_node_is_null(mg_node_get(root, "b")));
    CHECK(c, mg_node_is_null(mg_node_get(root, "c")));
    const mg_node *dn = mg_node_get(root, "d");
    CHECK(c, dn->kind == MG_NODE_SEQ && dn->items.len == 2);
    CHECK(c, dn->loc.line == 4 && dn->loc.col == 4);
    const char *alias = "a: &x [1]\nb: *x\n";
    CHECK(c, mg_yaml_load_string(&a, alias, strlen(alias), "t.yaml", &d) == NULL);
    char deep[200];
    memset(deep, '[', sizeof(deep));
    CHECK(c, mg_yaml_load_string(&a, deep, sizeof(deep), "t.yaml", &d) == NULL);
    const char *tab = "a:\n\tb: 1\n";
    CHECK(c, mg_yaml_load_string(&a, tab, strlen(tab), "t.yaml", &d) == NULL);
    const char *bad = "a: \"\xff\"\n";
    CHECK(c, mg_yaml_load_string(&a, bad, strlen(bad), "t.yaml", &d) == NULL);
    CHECK(c, d.msgs.len == 4);
    mg_diag_print(&d, stdout);
    mg_arena_free(&a);
}

/* Where a byte of a scalar's text is in the file, and NUL escapes refused where written. */
static void
test_text_loc(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    const char *text = "p: SELECT 1\n"
                       "q: { r: 'x; y' }\n"
                       "s: |\n"
                       "\n"
                       "    ab\n"
                       "      \xc3\xa9"
                       "c\n"
                       "t: \"a\\tb\"\n"
                       "u: >\n  folded\n  text\n";
    const mg_node *root = mg_yaml_load_string(&a, text, strlen(text), "t.yaml", &d);
    CHECK(c, root != NULL);
    mg_loc l = mg_node_text_loc(mg_node_get(root, "p"), 7);
    CHECK(c, l.line == 1 && l.col == 11);
    l = mg_node_text_loc(mg_node_get(mg_node_get(root, "q"), "r"), 3);
    CHECK(c, l.line == 2 && l.col == 13);
    const mg_node *block = mg_node_get(root, "s");
    CHECK_STR(c, block->scalar,
              "\nab\n  \xc3\xa9"
              "c\n");
    l = mg_node_text_loc(block, 1); /* "ab", after the empty first line */
    CHECK(c, l.line == 5 && l.col == 5);
    l = mg_node_text_loc(block, 8); /* "c", after two spaces and a two-byte character */
    CHECK(c, l.line == 6 && l.col == 8);
    l = mg_node_text_loc(mg_node_get(root, "t"), 2); /* escapes: the scalar's start */
    CHECK(c, l.line == 7 && l.col == 4);
    l = mg_node_text_loc(mg_node_get(root, "u"), 9); /* folded: the scalar's start */
    CHECK(c, l.line == 8 && l.col == 4);
    const char *nul = "a: \"x\\\\0\"\nb: [\"ok\", \"y\\x00z\"]\n";
    CHECK(c, mg_yaml_load_string(&a, nul, strlen(nul), "t.yaml", &d) == NULL);
    CHECK(c, d.msgs.len == 1);
    CHECK_STR(c, d.msgs.len ? d.msgs.items[0] : NULL,
              "t.yaml:2:13: error: a NUL character (\\0) is not allowed in a string");
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0};
    test_settings(&c);
    test_schema(&c);
    test_revisions(&c);
    test_errors(&c);
    test_many_errors(&c);
    test_yaml(&c);
    test_text_loc(&c);
    CHECK(&c, mg_load_ops_specs_ok()); /* each key list ends in NULL within its array */
    return check_summary(&c);
}
