/* migc tests: rendering operations into C through the built-in Lua templates.
 * Hand-built plans; checks key fragments, escaping, determinism and template errors. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "templates.h"
#include "unit_check.h"

#define REL0 "revisions/0001_init.yaml"
#define REL1 "revisions/0002_more.yaml"

static mg_loc
at(int line, int col)
{
    return (mg_loc){.file = "/abs/path/should/not/appear.yaml", .line = line, .col = col};
}

static void
strs(mg_arena *a, mg_vec *v, const char *s)
{
    mg_vec_push(a, v, (void *)s);
}

static mg_column *
column(mg_arena *a, const char *name, const char *type, bool nullable)
{
    mg_column *c = mg_arena_alloc(a, sizeof(*c));
    c->name = name;
    c->type = type;
    c->nullable = nullable;
    return c;
}

static mg_op *
new_op(mg_arena *a, mg_op_kind kind, int line)
{
    mg_op *op = mg_arena_alloc(a, sizeof(*op));
    op->kind = kind;
    op->loc = at(line, 5);
    return op;
}

/* users: identity pk, email with default and comment, a table comment and an index. */
static mg_table *
users_table(mg_arena *a)
{
    mg_table *t = mg_arena_alloc(a, sizeof(*t));
    t->name = "users";
    t->comment = "Registered \"people\"";
    mg_column *id = column(a, "id", "bigint", false);
    id->identity = "always";
    mg_column *email = column(a, "email", "character varying(255)", false);
    email->default_expr = "''";
    email->comment = "It's the address";
    mg_vec_push(a, &t->columns, id);
    mg_vec_push(a, &t->columns, email);
    mg_vec_push(a, &t->columns, column(a, "nick", "text", true));
    t->pk = mg_arena_alloc(a, sizeof(*t->pk));
    t->pk->name = "users_pkey";
    strs(a, &t->pk->columns, "id");
    mg_index *x = mg_arena_alloc(a, sizeof(*x));
    x->name = "users_email_idx";
    x->method = "btree";
    strs(a, &x->keys, "email DESC");
    mg_vec_push(a, &t->indexes, x);
    return t;
}

static mg_rev_plan *
new_plan(mg_arena *a, const char *id, const char *parent, const char *rel)
{
    mg_revision *r = mg_arena_alloc(a, sizeof(*r));
    r->id = id;
    r->parent = parent;
    r->path = "/abs/path/should/not/appear.yaml";
    r->rel_path = rel;
    mg_rev_plan *p = mg_arena_alloc(a, sizeof(*p));
    p->rev = r;
    memset(p->checksum, 'a', 64);
    p->transactional = true;
    p->reversible = true;
    return p;
}

/* 0001: create_table users; down: drop_table users. */
static mg_rev_plan *
plan_init(mg_arena *a)
{
    mg_rev_plan *p = new_plan(a, "0001_init", NULL, REL0);
    mg_op *op = new_op(a, MG_OP_CREATE_TABLE, 7);
    op->table_def = users_table(a);
    op->name = "users";
    mg_vec_push(a, &p->up, op);
    mg_op *down = new_op(a, MG_OP_DROP_TABLE, 7);
    down->name = "users";
    down->table_def = op->table_def;
    mg_vec_push(a, &p->down, down);
    return p;
}

/* 0002: add_column, rename_column, alter_column, set_comment, sql up + blank down. */
static void
more_ops(mg_arena *a, mg_vec *ops)
{
    mg_op *add = new_op(a, MG_OP_ADD_COLUMN, 5);
    add->table = "users";
    add->column_def = column(a, "pwd", "text", true);
    mg_vec_push(a, ops, add);
    mg_op *ren = new_op(a, MG_OP_RENAME_COLUMN, 6);
    ren->table = "users";
    ren->from = "pwd";
    ren->to = "password_hash";
    mg_vec_push(a, ops, ren);
    mg_op *alt = new_op(a, MG_OP_ALTER_COLUMN, 7);
    alt->table = "users";
    alt->name = "nick";
    alt->has_type = true;
    alt->type = "character varying(40)";
    alt->nullable_set = true;
    alt->nullable = false;
    mg_vec_push(a, ops, alt);
    mg_op *com = new_op(a, MG_OP_SET_COMMENT, 8);
    com->table = "users";
    com->column = "nick";
    mg_vec_push(a, ops, com);
    mg_op *sql = new_op(a, MG_OP_SQL, 9);
    sql->sql_up = "UPDATE users SET nick = 'x\"y\\z\?\?/*/' -- \303\251\nWHERE nick IS NULL";
    sql->sql_down = "";
    mg_vec_push(a, ops, sql);
}

static mg_rev_plan *
plan_more(mg_arena *a)
{
    mg_rev_plan *p = new_plan(a, "0002_more", "0001_init", REL1);
    ((mg_revision *)p->rev)->message = "More \"stuff\""; /* built here, so not really const */
    more_ops(a, &p->up);
    mg_op *down = new_op(a, MG_OP_SQL, 9);
    down->sql_up = ""; /* the reverse of a sql op renders its down as sql_up */
    mg_vec_push(a, &p->down, down);
    return p;
}

static mg_settings
settings(void)
{
    return (mg_settings){.name = "app", .schema = "public", .version_table = "migc_version"};
}

static const mg_file *
file_at(const mg_vec *files, size_t i)
{
    return i < files->len ? files->items[i] : NULL;
}

static int
render_only(mg_arena *a, const mg_vec *plans, const unsigned char *only, mg_vec *files, mg_diag *d)
{
    mg_settings s = settings();
    mg_diag_init(d, a);
    *files = (mg_vec){0};
    return mg_render_module(a, &s, plans, only, NULL, files, d);
}

static int
render(mg_arena *a, const mg_vec *plans, const char *dir, mg_vec *files, mg_diag *d)
{
    mg_settings s = settings();
    mg_diag_init(d, a);
    *files = (mg_vec){0};
    return mg_render_module(a, &s, plans, NULL, dir, files, d);
}

static void
two_plans(mg_arena *a, mg_vec *plans)
{
    *plans = (mg_vec){0};
    mg_vec_push(a, plans, plan_init(a));
    mg_vec_push(a, plans, plan_more(a));
}

static bool
has(const mg_file *f, const char *needle)
{
    if (f != NULL && strstr(f->data, needle) != NULL)
        return true;
    fprintf(stderr, "missing in %s: %s\n", f ? f->name : "(no file)", needle);
    return false;
}

static void
check_unit_init(check_ctx *c, const mg_file *f)
{
    CHECK_STR(c, f ? f->name : NULL, "0001_init.c");
    const char *head = "/* Generated by migc from revisions/0001_init.yaml. DO NOT EDIT. */\n"
                       "#include <migc/migc.h>\n";
    CHECK(c, f && strncmp(f->data, head, strlen(head)) == 0);
    CHECK(c, has(f, "/* revisions/0001_init.yaml:7:5 */\n"));
    CHECK(c, has(f, "\"CREATE TABLE \\\"public\\\".\\\"users\\\" (\\n\"\n"));
    CHECK(c, has(f, "\"    \\\"id\\\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,\\n\"\n"));
    CHECK(c, has(f, "\\\"email\\\" character varying(255) DEFAULT '' NOT NULL,"));
    CHECK(c, has(f, "\\\"nick\\\" text,\\n\""));
    CHECK(c, has(f, "CONSTRAINT \\\"users_pkey\\\" PRIMARY KEY (\\\"id\\\")\\n\""));
    CHECK(c, has(f, "\"SELECT NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c\\n\"\n"));
    CHECK(c, has(f, "c.relname = 'users' AND c.relnamespace = \"\n"));
    CHECK(c, has(f, "\"pg_catalog.to_regnamespace('\\\"public\\\"')::pg_catalog.oid\\n\"\n"));
    CHECK(c, has(f, "ON \\\"public\\\".\\\"users\\\" USING btree (\\\"email\\\" DESC)"));
    CHECK(c, f && strstr(f->data, "NOT i.indisvalid") == NULL); /* not CONCURRENTLY: no cleanup */
    CHECK(c,
          has(f, "COMMENT ON TABLE \\\"public\\\".\\\"users\\\" IS 'Registered \\\"people\\\"'"));
    CHECK(c, has(f, "IS 'It''s the address'"));
    CHECK(c, has(f, "    {.label = \"create_table users\", .guard = up_1_guard, .sql = up_1_sql, "
                    ".op = 1},\n"));
    CHECK(c, has(f, "static const migc_location locations[] = {{7, 5}")); /* once per operation */
    CHECK(c, has(f, "\"DROP TABLE \\\"public\\\".\\\"users\\\"\""));
    CHECK(c, has(f, "const migc_revision migc_rev_app_0001_init = {\n    .id = \"0001_init\",\n"
                    "    .parent = NULL,\n    .message = \"\",\n"));
    CHECK(c, has(f, "static const migc_expected_schema expected ="));
    CHECK(c, has(f, "    .n_down = 1,\n    .expected = &expected,\n"
                    "    .source = \"revisions/0001_init.yaml\",\n    .locations = locations,\n"));
    CHECK(c, f && strstr(f->data, "/abs/") == NULL);
}

static void
check_unit_more(check_ctx *c, const mg_file *f)
{
    CHECK_STR(c, f ? f->name : NULL, "0002_more.c");
    CHECK(c, has(f, "ALTER TABLE \\\"public\\\".\\\"users\\\" ADD COLUMN \\\"pwd\\\" text\""));
    CHECK(c, has(f, "RENAME COLUMN \\\"pwd\\\" TO \\\"password_hash\\\""));
    CHECK(c, has(f, "a.attname = 'password_hash'"));
    CHECK(c, has(f, "pg_catalog.format_type(a.atttypid, a.atttypmod) <> 'character varying(40)'"));
    CHECK(c, has(f, "ALTER COLUMN \\\"nick\\\" TYPE character varying(40)\""));
    CHECK(c, has(f, "AND NOT a.attnotnull)"));
    CHECK(c, has(f, "ALTER COLUMN \\\"nick\\\" SET NOT NULL\""));
    CHECK(c, has(f, "COMMENT ON COLUMN \\\"public\\\".\\\"users\\\".\\\"nick\\\" IS NULL\""));
    /* the escaping of a quote, a backslash, a trigraph, a comment end, a newline, UTF-8 */
    CHECK(c, has(f, "static const char up_6_sql[] = "
                    "\"UPDATE users SET nick = 'x\\\"y\\\\z\\?\\?/*/' -- \\303\\251\\n\"\n"
                    "                               \"WHERE nick IS NULL\";"));
    CHECK(c, has(f, "{.label = \"sql\", .sql = up_6_sql, .op = 5},"));
    CHECK(c, has(f, "{9, 5}"));          /* operation 5's place */
    CHECK(c, has(f, ".conflict = up_")); /* the rename's third guard state */
    CHECK(c, has(f, "    .message = \"More \\\"stuff\\\"\",\n"));
    CHECK(c, has(f, "    .parent = \"0001_init\",\n"));
    CHECK(c, has(f, "    .down = NULL,\n    .n_down = 0,\n"));
    CHECK(c, f && strstr(f->data, "down_steps") == NULL);
}

static void
check_table(check_ctx *c, const mg_file *f)
{
    CHECK_STR(c, f ? f->name : NULL, "revisions.c");
    CHECK(c, has(f, "/* Generated by migc from module.yaml and revisions/. DO NOT EDIT. */\n"
                    "#include <migc/migc.h>\n"));
    CHECK(c, has(f, "extern const migc_revision migc_rev_app_0002_more;\n"));
    CHECK(c, has(f, "static const migc_revision *const revisions[] = {&migc_rev_app_0001_init, "
                    "&migc_rev_app_0002_more};\n"));
    CHECK(c, has(f, "    .lock_timeout = NULL,\n"));
    CHECK(c, has(f, "    .n_revisions = 2,\n"));
    CHECK(c, has(f, "#ifdef MIGC_MIGRATOR_MAIN\nint\nmain(int argc, char **argv)\n{\n"
                    "    return migc_cli_main(argc, argv, &migc_module_app);\n}\n#endif\n"));
}

/* Writes data to dir/name, creating the ops/ subdirectory when needed. */
static bool
write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/ops", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Copies the built-in templates into dir, replacing the one named broken (if any) by text. */
static void
copy_templates(const char *dir, const char *broken, const char *text)
{
    for (const mg_template *t = mg_builtin_templates; t->name != NULL; t++) {
        if (broken != NULL && strcmp(t->name, broken) == 0)
            write_file(dir, t->name, text, strlen(text));
        else
            write_file(dir, t->name, t->text, t->len);
    }
}

/* Removes the template copies and dir itself. */
static void
remove_dir(const char *dir)
{
    char path[512];
    for (const mg_template *t = mg_builtin_templates; t->name != NULL; t++) {
        snprintf(path, sizeof path, "%s/%s", dir, t->name);
        remove(path);
    }
    snprintf(path, sizeof path, "%s/ops", dir);
    rmdir(path);
    rmdir(dir);
}

static const char *
last_msg(const mg_diag *d)
{
    return d->msgs.len > 0 ? d->msgs.items[d->msgs.len - 1] : "";
}

static void
test_template_dir(check_ctx *c)
{
    char tmpl[] = "/tmp/migc_render_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(c, dir != NULL);
    if (dir == NULL)
        return;
    mg_arena a;
    mg_arena_init(&a);
    mg_vec plans, files;
    mg_diag d;
    two_plans(&a, &plans);
    write_file(dir, "lib.lua", "return {}\n", 10);
    CHECK(c, render(&a, &plans, dir, &files, &d) == -1);
    CHECK(c, d.exit_code == 4 && files.len == 0);
    CHECK(c, strstr(last_msg(&d), "ops/create_extension.lua") != NULL);
    CHECK(c, strstr(last_msg(&d), "missing") != NULL);
    copy_templates(dir, NULL, NULL);
    CHECK(c, render(&a, &plans, dir, &files, &d) == 0 && files.len == 4);
    copy_templates(dir, "ops/rename_column.lua",
                   "-- broken\nreturn function(op, ctx)\n    return op.nope.x\nend\n");
    CHECK(c, render(&a, &plans, dir, &files, &d) == -1 && files.len == 0);
    CHECK(c, strstr(last_msg(&d), "templates/ops/rename_column.lua:3:") != NULL);
    CHECK(c, strstr(last_msg(&d), dir) == NULL);
    copy_templates(dir, "unit.lua", "return function(\n");
    CHECK(c, render(&a, &plans, dir, &files, &d) == -1);
    CHECK(c, strstr(last_msg(&d), "templates/unit.lua:") != NULL);
    remove_dir(dir);
    mg_arena_free(&a);
}

/* Compiles every file with the strict flags when a C compiler is around (optional). */
static void
test_compile(check_ctx *c, const mg_vec *files)
{
    if (system("cc --version >/dev/null 2>&1") != 0) {
        puts("no cc: generated code not compiled");
        return;
    }
    char tmpl[] = "/tmp/migc_render_cc_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(c, dir != NULL);
    const char *src = getenv("MIGC_SOURCE_DIR");
    for (size_t i = 0; dir != NULL && i < files->len; i++) {
        const mg_file *f = files->items[i];
        char cmd[1024], path[512];
        snprintf(path, sizeof path, "%s/%s", dir, f->name);
        CHECK(c, write_file(dir, f->name, f->data, f->len));
        snprintf(cmd, sizeof cmd,
                 "cc -std=c11 -Wall -Wextra -Werror -pedantic -DMIGC_MIGRATOR_MAIN -fsyntax-only "
                 "-I %s/runtime/include %s",
                 src ? src : "../..", path);
        int rc = system(cmd);
        CHECK(c, rc == 0);
        if (rc != 0)
            fprintf(stderr, "failed: %s\n", cmd);
        remove(path);
    }
    if (dir != NULL)
        remove_dir(dir);
}

static void
test_render_module(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_vec plans, files, again;
    mg_diag d;
    two_plans(&a, &plans);
    CHECK(c, render(&a, &plans, NULL, &files, &d) == 0);
    mg_diag_print(&d, stderr);
    CHECK(c, files.len == 4);
    check_unit_init(c, file_at(&files, 0));
    check_unit_more(c, file_at(&files, 1));
    check_table(c, file_at(&files, 2));
    /* plans made by hand have no replayed state: no snapshot, and the reason */
    CHECK(c, has(file_at(&files, 3), ".blocked = \"no replayed state\"};"));
    CHECK(c, render(&a, &plans, NULL, &again, &d) == 0 && again.len == files.len);
    for (size_t i = 0; i < files.len && i < again.len; i++) {
        const mg_file *x = files.items[i], *y = again.items[i];
        CHECK(c, x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    }
    test_compile(c, &files);
    mg_arena_free(&a);
}

/* A statement too long for one ISO C literal becomes an array of pieces, each one literal short
 * enough (MIGC_BUILD_LINES); no revisions at all. */
static void
test_edges(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_vec plans = {0}, files;
    mg_diag d;
    CHECK(c, render(&a, &plans, NULL, &files, &d) == 0 && files.len == 2);
    CHECK(c, has(file_at(&files, 0),
                 "/* Generated by migc from module.yaml and revisions/. DO NOT EDIT. */\n"));
    CHECK(c, has(file_at(&files, 1), "migc_snapshot_app = {.n_pieces = 0};"));
    CHECK(c, has(file_at(&files, 0), "    .revisions = NULL,\n    .n_revisions = 0,\n"));
    test_compile(c, &files);
    mg_rev_plan *p = new_plan(&a, "0001_big", NULL, REL0);
    mg_op *op = new_op(&a, MG_OP_SQL, 3);
    char *big = mg_arena_alloc(&a, 5001);
    memset(big, 'x', 5000);
    memcpy(big, "SELECT '\xc3\xa9\?\?/'' -- ", 16);
    op->sql_up = big;
    mg_vec_push(&a, &p->up, op);
    p->reversible = false;
    mg_vec_push(&a, &plans, p);
    CHECK(c, render(&a, &plans, NULL, &files, &d) == 0 && files.len == 3);
    CHECK(c, has(file_at(&files, 0), "static const char *const up_1_sql[] = {\n    \"SELECT "
                                     "'\\303\\251\\?\\?/'' \"\n    \"xxx"));
    CHECK(c, has(file_at(&files, 0), "xxx\",\n    \"xxx"));       /* cut at 4000 bytes */
    CHECK(c, has(file_at(&files, 0), "xxx\",\n    NULL,\n};\n")); /* 1000 x in the last */
    CHECK(c, has(file_at(&files, 0), ".build = MIGC_BUILD_LINES, .parts = up_1_sql, .op = 1},"));
    CHECK(c, !has(file_at(&files, 0), "'x'"));
    CHECK(c, has(file_at(&files, 0), "    .reversible = 0,\n"));
    test_compile(c, &files);
    mg_arena_free(&a);
}

/* Append-only units: names a later revision gives the table leave 0001's unit as it was and go
 * into revisions.c as a guard override; only renders the units asked for, the tables always. */
static void
test_later_names(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_vec plans, plain, later, some;
    mg_diag d;
    two_plans(&a, &plans);
    CHECK(c, render(&a, &plans, NULL, &plain, &d) == 0 && plain.len == 4);
    mg_vec *names = mg_arena_alloc(&a, sizeof(*names));
    strs(&a, names, "accounts");
    ((mg_op *)((mg_rev_plan *)plans.items[0])->up.items[0])->later_names = names;
    CHECK(c, render(&a, &plans, NULL, &later, &d) == 0 && later.len == 4);
    const mg_file *x = file_at(&plain, 0), *y = file_at(&later, 0);
    CHECK(c, x && y && x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    CHECK(c, file_at(&plain, 2) && strstr(file_at(&plain, 2)->data, "guard_overrides") == NULL);
    const mg_file *t = file_at(&later, 2);
    CHECK(c, has(t, "static const char later_0001_init_up_1[] =\n"));
    CHECK(c, has(t, "c.relname = 'accounts' AND c.relnamespace = "));
    CHECK(c, has(t, "static const migc_guard_override guard_overrides[] = {\n"
                    "    {.revision = 0, .step = 0, .guard = later_0001_init_up_1},\n};\n"));
    CHECK(c, has(t, "    .guard_overrides = guard_overrides,\n    .n_guard_overrides = 1,\n};"));
    const unsigned char only[] = {0, 1};
    CHECK(c, render_only(&a, &plans, only, &some, &d) == 0 && some.len == 3);
    CHECK_STR(c, file_at(&some, 0) ? file_at(&some, 0)->name : NULL, "0002_more.c");
    CHECK(c, file_at(&some, 0) && file_at(&some, 0)->len == file_at(&later, 1)->len);
    CHECK(c, file_at(&some, 1) && file_at(&some, 1)->len == t->len &&
                 memcmp(file_at(&some, 1)->data, t->data, t->len) == 0);
    test_compile(c, &later);
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0};
    test_render_module(&c);
    test_edges(&c);
    test_later_names(&c);
    test_template_dir(&c);
    return check_summary(&c);
}
