/* migc tests: hazards of operations on live tables (SPEC §4.1).
 * Lock, scan, rewrite and data loss per operation kind, the squawk rule named, and the facts
 * migc reads from SQL text (default volatility, type changes that rewrite). */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hazard.h"
#include "lint.h"
#include "load.h"
#include "replay.h"
#include "unit_check.h"

static const char base_rev[] =
    "revision: 0001_base\n"
    "operations:\n"
    "  - create_enum: { name: mood, values: [sad, ok, happy] }\n"
    "  - create_enum: { name: spare, values: [a] }\n"
    "  - create_table:\n"
    "      name: users\n"
    "      columns:\n"
    "        id: bigint\n"
    "        email: { type: varchar(20), nullable: true }\n"
    "        nick: { type: text, nullable: true }\n"
    "        feeling: { type: mood, nullable: true }\n"
    "        score: { type: integer, nullable: true }\n"
    "        code4: { type: varchar(4), nullable: true }\n"
    "      primary_key: { name: users_pkey, columns: [id] }\n"
    "      checks:\n"
    "        users_nick_set: \"(nick IS NOT NULL)\"\n"
    "  - create_table:\n"
    "      name: orders\n"
    "      columns:\n"
    "        id: bigint\n"
    "        user_id: { type: bigint, nullable: true }\n"
    "      primary_key: { name: orders_pkey, columns: [id] }\n"
    "      foreign_keys:\n"
    "        orders_user_id_fkey: { columns: [user_id], references: { table: users, columns: "
    "[id] } }\n"
    "      indexes:\n"
    "        orders_user_idx: { columns: [user_id] }\n"
    "  - create_table:\n"
    "      name: lines\n"
    "      columns:\n"
    "        id: bigint\n"
    "        user_id: bigint\n"
    "      foreign_keys:\n"
    "        lines_user_id_fkey: { columns: [user_id], references: { table: users, columns: "
    "[id] } }\n";

/* One operation per line; the test checks the hazards in this order. */
static const char change_rev[] =
    "revision: 0002_changes\n"
    "parent: 0001_base\n"
    "operations:\n"
    "  - create_table: { name: fresh, columns: { id: bigint } }\n"
    "  - add_column: { table: fresh, name: x, type: integer, default: \"random()\" }\n"
    "  - add_foreign_key: { table: fresh, name: fresh_fkey, columns: [id], references: { table: "
    "users, columns: [id] } }\n"
    "  - drop_index: { name: orders_user_idx }\n"
    "  - drop_foreign_key: { table: orders, name: orders_user_id_fkey }\n"
    "  - alter_column: { table: users, name: email, type: text }\n"
    "  - alter_column: { table: users, name: email, nullable: false }\n"
    "  - alter_column: { table: users, name: nick, nullable: false }\n"
    "  - alter_column: { table: users, name: score, type: bigint }\n"
    "  - alter_column: { table: users, name: code4, type: varchar(8) }\n"
    "  - add_column: { table: users, name: serial, type: bigint, identity: by_default }\n"
    "  - remove_enum_value: { enum: mood, value: sad }\n"
    "  - drop_enum: { name: spare }\n"
    "  - rename_table: { from: orders, to: purchases }\n"
    "  - add_column: { table: purchases, name: note, type: text, nullable: true }\n"
    "  - set_comment: { table: purchases, comment: Bought }\n"
    "  - drop_table: { name: lines }\n"
    "  - add_column: { table: users, name: token, type: uuid, default: \"gen_random_uuid()\" }\n"
    "  - add_column: { table: users, name: made, type: timestamptz, default: \"now()\" }\n"
    "  - add_column: { table: users, name: code, type: text, default: \"make_code()\" }\n"
    "  - add_unique: { table: users, name: users_email_key, columns: [email] }\n"
    "  - create_index: { table: users, name: users_made_idx, columns: [made] }\n"
    "  - add_check: { table: users, name: users_score_pos, expression: \"score > 0\", not_valid: "
    "true }\n"
    "  - validate_constraint: { table: users, name: users_score_pos }\n"
    "  - add_foreign_key: { table: purchases, name: purchases_user_nv_fkey, columns: [user_id], "
    "references: { table: users, columns: [id] }, not_valid: true }\n"
    "  - create_index: { table: users, name: users_score_key, columns: [score], unique: true }\n"
    "  - add_unique: { table: users, name: users_score_key, columns: [score], using_index: "
    "users_score_key }\n";

/* A concurrent index stands in a revision of its own (a sql step may go with it), and so does a
 * drop written CONCURRENTLY (the online form) of an index built without it. */
static const char index_rev[] =
    "revision: 0003_index\n"
    "parent: 0002_changes\n"
    "operations:\n"
    "  - create_index: { table: users, name: users_code_idx, columns: [code], concurrently: "
    "true }\n"
    "  - sql: { up: \"UPDATE users SET nick = email WHERE nick IS NULL AND email IS NOT NULL\", "
    "down: \"\" }\n"
    "  - drop_index: { name: users_made_idx, concurrently: true }\n";

static int
write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fputs(text, f);
    return fclose(f);
}

/* The hazard line of h, or "" when it has none. */
static const char *
line_of(mg_arena *a, const mg_hazard *h)
{
    if (!mg_hazard_shown(h))
        return "";
    mg_sb b;
    mg_sb_init(&b, a);
    mg_hazard_text(&b, h);
    return mg_arena_strdup(a, mg_sb_str(&b));
}

/* The squawk rules of h, comma-separated. */
static const char *
rules_of(mg_arena *a, const mg_hazard *h)
{
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < h->problems.len; i++) {
        const mg_problem *p = h->problems.items[i];
        if (p->squawk)
            mg_sb_printf(&b, "%s%s", b.len ? "," : "", p->squawk);
    }
    return mg_arena_strdup(a, mg_sb_str(&b));
}

/* "MODE on t, MODE on u": the locks alone. */
static const char *
locks_of(mg_arena *a, const mg_hazard *h)
{
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < h->locks.len; i++) {
        const mg_table_lock *l = h->locks.items[i];
        mg_sb_printf(&b, "%s%s on %s", i ? ", " : "", mg_lock_name(l->mode), l->table);
    }
    return mg_arena_strdup(a, mg_sb_str(&b));
}

typedef struct expect {
    const char *object;
    const char *locks;
    const char *flags; /* "s" scans, "r" rewrites, "d" destructive, "-" none */
    const char *rules;
} expect;

static const expect expected[] = {
    {"fresh", "", "-", ""},
    {"fresh.x", "", "-", ""}, /* a table of this revision: nobody else sees it */
    {"fresh.fresh_fkey", "SHARE ROW EXCLUSIVE on users", "-", ""},
    {"orders.orders_user_idx", "ACCESS EXCLUSIVE on orders", "-",
     "require-concurrent-index-deletion"},
    {"orders.orders_user_id_fkey", "ACCESS EXCLUSIVE on orders, ACCESS EXCLUSIVE on users", "-",
     ""},
    {"users.email", "ACCESS EXCLUSIVE on users", "-", "changing-column-type"},
    {"users.email", "ACCESS EXCLUSIVE on users", "s", "adding-not-nullable-field"},
    {"users.nick", "ACCESS EXCLUSIVE on users", "-", ""}, /* the CHECK proves it: no scan */
    {"users.score", "ACCESS EXCLUSIVE on users", "sr", "changing-column-type"},
    {"users.code4", "ACCESS EXCLUSIVE on users", "-", "changing-column-type,prefer-text-field"},
    {"users.serial", "ACCESS EXCLUSIVE on users", "sr", "adding-field-with-default"},
    {"mood.sad", "ACCESS EXCLUSIVE on users", "srd", "changing-column-type"},
    {"spare", "", "d", ""},
    {"orders -> purchases", "ACCESS EXCLUSIVE on orders", "-", "renaming-table"},
    {"purchases.note", "ACCESS EXCLUSIVE on purchases", "-", ""},
    {"purchases", "SHARE UPDATE EXCLUSIVE on purchases", "-", ""},
    {"lines", "ACCESS EXCLUSIVE on lines, ACCESS EXCLUSIVE on users", "d", "ban-drop-table"},
    {"users.token", "ACCESS EXCLUSIVE on users", "sr", "adding-field-with-default"},
    {"users.made", "ACCESS EXCLUSIVE on users", "-", ""},
    {"users.code", "ACCESS EXCLUSIVE on users", "sr", "adding-field-with-default"},
    {"users.users_email_key", "ACCESS EXCLUSIVE on users", "s",
     "disallowed-unique-constraint, constraint-missing-not-valid"},
    {"users.users_made_idx", "SHARE on users", "s", "require-concurrent-index-creation"},
    /* the online forms (SPEC 4.1): brief locks, the scan moved to VALIDATE (no write lock) */
    {"users.users_score_pos", "ACCESS EXCLUSIVE on users", "-", ""},
    {"users.users_score_pos", "SHARE UPDATE EXCLUSIVE on users", "s", ""},
    {"purchases.purchases_user_nv_fkey",
     "SHARE ROW EXCLUSIVE on purchases, SHARE ROW EXCLUSIVE on users", "-", ""},
    {"users.users_score_key", "SHARE on users", "s", "require-concurrent-index-creation"},
    {"users.users_score_key", "ACCESS EXCLUSIVE on users", "-", ""},
    {"users.users_code_idx", "SHARE UPDATE EXCLUSIVE on users", "s", ""},
    {"UPDATE users SET nick = email WHERE nick...", "", "-", ""},
    {"users.users_made_idx", "SHARE UPDATE EXCLUSIVE on users", "-", ""},
};
enum { N_INDEX = 3 }; /* the last N_INDEX are 0003_index */
enum { N_CHANGES = sizeof(expected) / sizeof(expected[0]) - N_INDEX };

static const char *
flags_of(mg_arena *a, const mg_hazard *h)
{
    const char *f = mg_arena_printf(a, "%s%s%s", h->scans ? "s" : "", h->rewrites ? "r" : "",
                                    h->destructive ? "d" : "");
    return f[0] ? f : "-";
}

/* The hazards of lr against expected[from..from + n). */
static void
check_hazards(check_ctx *c, mg_arena *a, const mg_lint_rev *lr, size_t from, size_t n)
{
    CHECK(c, lr->hazards.len == n);
    for (size_t i = 0; i < n && i < lr->hazards.len; i++) {
        const mg_hazard *h = lr->hazards.items[i];
        const expect *e = &expected[from + i];
        CHECK_STR(c, h->object, e->object);
        CHECK_STR(c, locks_of(a, h), e->locks);
        CHECK_STR(c, flags_of(a, h), e->flags);
        CHECK_STR(c, rules_of(a, h), e->rules);
    }
}

static void
check_changes(check_ctx *c, mg_arena *a, const mg_lint_rev *lr, const mg_lint_rev *index)
{
    check_hazards(c, a, lr, 0, N_CHANGES);
    check_hazards(c, a, index, N_CHANGES, N_INDEX);
    if (lr->hazards.len != N_CHANGES || index->hazards.len != N_INDEX)
        return;
    const mg_hazard *sql = index->hazards.items[1];
    CHECK(c, !sql->known && mg_hazard_lock(sql) == MG_LOCK_UNKNOWN && mg_hazard_shown(sql));
    CHECK_STR(c, line_of(a, lr->hazards.items[0]), ""); /* create_table of a new table */
    CHECK_STR(c, line_of(a, lr->hazards.items[17]),
              "ACCESS EXCLUSIVE on users; table rewrite; not destructive; volatile default "
              "gen_random_uuid() is computed for every row: table rewrite (add the column "
              "without it, backfill in batches) (squawk: adding-field-with-default)");
    CHECK_STR(c, line_of(a, lr->hazards.items[12]),
              "no lock on an existing table; no scan; "
              "destructive");
}

static void
test_module(check_ctx *c)
{
    char dir[] = "/tmp/migc-hazard.XXXXXX";
    CHECK(c, mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof(path), "%s/revisions", dir);
    mkdir(path, 0777);
    snprintf(path, sizeof(path), "%s/module.yaml", dir);
    write_text(path, "name: hz\n");
    snprintf(path, sizeof(path), "%s/revisions/0001_base.yaml", dir);
    write_text(path, base_rev);
    snprintf(path, sizeof(path), "%s/revisions/0002_changes.yaml", dir);
    write_text(path, change_rev);
    snprintf(path, sizeof(path), "%s/revisions/0003_index.yaml", dir);
    write_text(path, index_rev);
    mg_arena a;
    mg_arena_init(&a);
    mg_diag d;
    mg_diag_init(&d, &a);
    mg_module m;
    mg_schema *state;
    mg_vec revs = {0};
    int rc = mg_load_module(&a, dir, &m, &d);
    rc = rc ? rc : mg_replay_module(&a, &m, &state, NULL, &d);
    rc = rc ? rc : mg_lint_module(&a, &m, &revs, &d);
    if (rc != 0)
        mg_diag_print(&d, stderr);
    CHECK(c, rc == 0 && revs.len == 3);
    if (rc == 0 && revs.len == 3) {
        const mg_lint_rev *first = revs.items[0];
        for (size_t i = 0; i < first->hazards.len; i++) /* nothing exists before 0001 */
            CHECK(c, !mg_hazard_shown(first->hazards.items[i]));
        check_changes(c, &a, revs.items[1], revs.items[2]);
    }
    mg_arena_free(&a);
    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    CHECK(c, system(path) == 0);
}

static void
test_volatility(check_ctx *c)
{
    static const struct {
        const char *expr;
        mg_volatility want;
        const char *fn;
    } cases[] = {
        {"0", MG_VOLATILITY_STABLE, NULL},
        {"'active'", MG_VOLATILITY_STABLE, NULL},
        {"'random()'::text", MG_VOLATILITY_STABLE, NULL},
        {"now()", MG_VOLATILITY_STABLE, NULL},
        {"CURRENT_TIMESTAMP", MG_VOLATILITY_STABLE, NULL},
        {"pg_catalog.now()", MG_VOLATILITY_STABLE, NULL},
        {"CAST(0 AS numeric(10,2))", MG_VOLATILITY_STABLE, NULL},
        {"'{}'::character varying(10)[]", MG_VOLATILITY_STABLE, NULL},
        {"gen_random_uuid()", MG_VOLATILITY_VOLATILE, "gen_random_uuid"},
        {"public.uuid_generate_v4 ()", MG_VOLATILITY_VOLATILE, "uuid_generate_v4"},
        {"nextval('orders_seq'::regclass)", MG_VOLATILITY_VOLATILE, "nextval"},
        {"(random() * 10)::integer", MG_VOLATILITY_VOLATILE, "random"},
        {"now()::date + clock_timestamp()", MG_VOLATILITY_VOLATILE, "clock_timestamp"},
        {"my_code()", MG_VOLATILITY_UNKNOWN, "my_code"},
        {"\"Make\"(1) || random()", MG_VOLATILITY_VOLATILE, "random"},
        {"\"Make\"(1)", MG_VOLATILITY_UNKNOWN, "Make"},
        {"E'it\\'s random()'", MG_VOLATILITY_STABLE, NULL},
        {"$$x$$ || lower('A')", MG_VOLATILITY_STABLE, NULL},
    };
    mg_arena a;
    mg_arena_init(&a);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *fn = NULL;
        mg_volatility v = mg_hazard_volatility(&a, cases[i].expr, &fn);
        if (v != cases[i].want)
            fprintf(stderr, "volatility of %s: %d\n", cases[i].expr, (int)v);
        CHECK(c, v == cases[i].want);
        CHECK(c, (fn == NULL) == (cases[i].fn == NULL));
        if (fn && cases[i].fn)
            CHECK_STR(c, fn, cases[i].fn);
    }
    mg_arena_free(&a);
}

static void
test_type_rewrites(check_ctx *c)
{
    static const char *const no_rewrite[][2] = {
        {"character varying(20)", "character varying(40)"},
        {"character varying(20)", "character varying"},
        {"character varying(20)", "text"},
        {"text", "character varying"},
        {"numeric(10,2)", "numeric(12,2)"},
        {"numeric(10,2)", "numeric"},
        {"timestamp(3) with time zone", "timestamp with time zone"},
        {"timestamp(3) without time zone", "timestamp(6) without time zone"},
        {"cidr", "inet"},
        {"bit varying(4)", "bit varying(8)"},
    };
    static const char *const rewrite[][2] = {
        {"integer", "bigint"},
        {"smallint", "integer"},
        {"real", "double precision"},
        {"character varying(40)", "character varying(20)"},
        {"text", "character varying(20)"},
        {"numeric(10,2)", "numeric(12,3)"},
        {"numeric(12,2)", "numeric(10,2)"},
        {"timestamp without time zone", "timestamp with time zone"},
        {"character(4)", "character(8)"},
        {"character varying(20)[]", "character varying(40)[]"},
        {"text", "mood"},
    };
    for (size_t i = 0; i < sizeof(no_rewrite) / sizeof(no_rewrite[0]); i++)
        CHECK(c, !mg_hazard_type_rewrites(no_rewrite[i][0], no_rewrite[i][1], NULL));
    for (size_t i = 0; i < sizeof(rewrite) / sizeof(rewrite[0]); i++)
        CHECK(c, mg_hazard_type_rewrites(rewrite[i][0], rewrite[i][1], NULL));
    CHECK(c, mg_hazard_type_rewrites("character varying(20)", "text", "lower(x)"));
}

int
main(void)
{
    check_ctx c = {0, 0};
    CHECK(&c, mg_hazard_descriptors_complete());
    CHECK_STR(&c, mg_lock_name(MG_LOCK_SHARE_ROW_EXCLUSIVE), "SHARE ROW EXCLUSIVE");
    test_module(&c);
    test_volatility(&c);
    test_type_rewrites(&c);
    return check_summary(&c);
}
