/* migc generator: the commands of the migc tool.
 * load → validate → replay → diff → render → write, each command taking the stages it needs. */
#include "commands.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "emit.h"
#include "hazard.h"
#include "lint.h"
#include "load.h"
#include "online.h"
#include "output.h"
#include "render.h"
#include "replay.h"
#include "split.h"
#include "validate.h"

/* Everything one command run owns; released by run_free. */
typedef struct run {
    mg_arena arena;
    mg_diag diag;
    mg_module module;
    mg_schema *state;
    mg_vec plans; /* mg_rev_plan * */
} run;

static void
run_init(run *r)
{
    mg_arena_init(&r->arena);
    mg_diag_init(&r->diag, &r->arena);
    memset(&r->module, 0, sizeof(r->module));
    r->state = NULL;
    r->plans = (mg_vec){0};
}

/* Prints the diagnostics, frees everything and returns the exit code (or ok when clean). */
static int
run_finish(run *r, int ok)
{
    int code = r->diag.exit_code ? r->diag.exit_code : ok;
    mg_diag_print(&r->diag, stderr);
    mg_arena_free(&r->arena);
    return code;
}

static const char *
module_path(run *r, const char *dir, const char *rel)
{
    if (strcmp(dir, ".") == 0)
        return rel;
    return mg_arena_printf(&r->arena, "%s/%s", dir, rel);
}

/* The schema's validation on a second thread: its own arena and diagnostics. */
/* The schema's half of a load on two threads: the schema loaded and validated into its own
 * module, arena and diagnostics. */
typedef struct side_check {
    const char *dir;
    mg_module module; /* settings, schema and schema_files */
    mg_arena arena;
    mg_diag diag;
    int rc;
} side_check;

static void *
side_check_run(void *arg)
{
    side_check *v = arg;
    v->rc = mg_load_module_parts(&v->arena, v->dir, MG_LOAD_SCHEMA, &v->module, &v->diag);
    if (v->rc == 0 && v->module.schema != NULL)
        v->rc = mg_validate_schema(&v->arena, v->module.schema, &v->module.settings, &v->diag);
    return NULL;
}

/* True when d recorded nothing at all. */
static bool
silent(const mg_diag *d)
{
    return d->msgs.len == 0 && d->warnings.len == 0 && d->exit_code == 0;
}

/* Loads and validates the schema on a second thread while this one loads and replays the history
 * (neither reads what the other writes). 0 when both are clean, the schema's warnings then
 * recorded in order; -1 when anything else was reported, the schema is missing but needed, or no
 * thread could start: the caller then does it all again, one step after the other, for the
 * diagnostics to be those of that order. */
static int
load_in_two(run *r, const mg_options *o, bool need_schema)
{
    side_check v = {.dir = o->dir};
    mg_arena_init(&v.arena);
    mg_diag_init(&v.diag, &v.arena);
    pthread_t thread;
    if (pthread_create(&thread, NULL, side_check_run, &v) != 0) {
        mg_arena_free(&v.arena);
        return -1;
    }
    mg_diag quiet;
    mg_diag_init(&quiet, &r->arena);
    mg_module m;
    mg_schema *state = NULL;
    mg_vec plans = {0};
    int rc = mg_load_module_parts(&r->arena, o->dir, MG_LOAD_REVISIONS, &m, &quiet);
    if (rc == 0 && silent(&quiet))
        rc = mg_replay_module(&r->arena, &m, &state, &plans, &quiet);
    pthread_join(thread, NULL);
    mg_arena_adopt(&r->arena, &v.arena); /* the schema and the warnings live on */
    if (rc != 0 || !silent(&quiet) || v.rc != 0 || v.diag.msgs.len || v.diag.exit_code ||
        (need_schema && v.module.schema == NULL))
        return -1;
    m.schema = v.module.schema;
    m.schema_files = v.module.schema_files;
    mg_diag_append(&r->diag, &v.diag); /* warnings only */
    r->module = m;
    r->state = state;
    r->plans = plans;
    return 0;
}

/* Loads the module, validates the schema (when required or present) and replays the history. */
static int
load_and_replay(run *r, const mg_options *o, bool need_schema)
{
    if (load_in_two(r, o, need_schema) == 0)
        return 0;
    if (mg_load_module(&r->arena, o->dir, &r->module, &r->diag) != 0)
        return -1;
    if (need_schema && r->module.schema == NULL) {
        mg_loc loc = {module_path(r, o->dir, "schema.yaml"), 0, 0};
        mg_diag_error(&r->diag, loc, "no schema.yaml (or schema/*.yaml) in the module");
        return -1;
    }
    if (r->module.schema &&
        mg_validate_schema(&r->arena, r->module.schema, &r->module.settings, &r->diag) != 0)
        return -1;
    return mg_replay_module(&r->arena, &r->module, &r->state, &r->plans, &r->diag);
}

/* Renders revisions.c, snapshot.c and the units only selects (NULL: every unit). */
static int
render(run *r, const mg_options *o, const unsigned char *only, mg_vec *files)
{
    *files = (mg_vec){0};
    return mg_render_module(&r->arena, &r->module.settings, &r->plans, only, o->templates, files,
                            &r->diag);
}

int
mg_cmd_generate(const mg_options *o)
{
    run r;
    run_init(&r);
    mg_vec files;
    if (load_and_replay(&r, o, false) == 0 && render(&r, o, NULL, &files) == 0)
        mg_output_sync(&r.arena, module_path(&r, o->dir, "generated"), &files, false, &r.diag);
    return run_finish(&r, 0);
}

/* Diffs the module's schema against the replayed state, the history at hand (hints are used
 * once). */
static int
diff_module(run *r, const mg_options *o, mg_diff_result *res)
{
    mg_diff_options d = {.settings = &r->module.settings,
                         .revisions = &r->module.revisions,
                         .irreversible = o->irreversible};
    return mg_diff_run_with(&r->arena, r->state, r->module.schema, &d, res, &r->diag);
}

/* Prints each line of v on out. */
static void
print_lines(FILE *out, const char *prefix, const mg_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        fprintf(out, "%s%s\n", prefix, (const char *)v->items[i]);
}

/* Runs the diff of the schema (when there is one) for its checks only: validate refuses what
 * diff would refuse, and writes nothing. */
static int
diff_checks(run *r, const mg_options *o)
{
    mg_diff_result res;
    if (r->module.schema == NULL)
        return 0;
    return diff_module(r, o, &res);
}

int
mg_cmd_validate(const mg_options *o)
{
    run r;
    run_init(&r);
    if (load_and_replay(&r, o, false) == 0 && diff_checks(&r, o) == 0)
        printf("%s: valid (%zu revision%s)\n", o->dir, r.module.revisions.len,
               r.module.revisions.len == 1 ? "" : "s");
    return run_finish(&r, 0);
}

int
mg_cmd_lint(const mg_options *o)
{
    run r;
    run_init(&r);
    mg_vec revs;
    if (load_and_replay(&r, o, false) != 0 ||
        mg_lint_module(&r.arena, &r.module, &revs, &r.diag) != 0)
        return run_finish(&r, 0);
    if (o->json)
        mg_lint_print_json(stdout, &r.module.settings, &revs);
    else
        mg_lint_print_text(stdout, &r.arena, &revs);
    return run_finish(&r, 0);
}

/* One operation as the revision file has it: "  - kind: ...\n", maybe several lines. */
static const char *
op_yaml(run *r, mg_op *op)
{
    mg_sb b;
    mg_sb_init(&b, &r->arena);
    mg_vec one = {0};
    mg_vec_push(&r->arena, &one, op);
    mg_emit_ops(&b, &one);
    return mg_sb_str(&b) + strlen("operations:\n");
}

/* Prints each pending operation as the YAML line diff would write. */
static void
print_pending(run *r, const mg_diff_result *res)
{
    for (size_t i = 0; i < res->ops.len; i++)
        printf("pending: %s", op_yaml(r, res->ops.items[i]) + strlen("  - "));
}

int
mg_cmd_check(const mg_options *o)
{
    run r;
    run_init(&r);
    mg_diff_result res;
    mg_vec files;
    int differences = 0;
    if (load_and_replay(&r, o, true) != 0 || diff_module(&r, o, &res) != 0 ||
        render(&r, o, NULL, &files) != 0)
        return run_finish(&r, 0);
    print_pending(&r, &res);
    print_lines(stdout, "stale hint: ", &res.stale); /* listed only: they never fail check */
    const char *gen = module_path(&r, o->dir, "generated");
    int n = mg_output_compare(&r.arena, gen, gen, &files, &r.diag);
    differences = (int)res.ops.len + (n > 0 ? n : 0);
    if (n >= 0 && differences == 0)
        printf("%s: up to date (%zu revision%s)\n", o->dir, r.module.revisions.len,
               r.module.revisions.len == 1 ? "" : "s");
    else if (n >= 0)
        printf("%s: %zu pending change%s, %d generated file%s out of date; run `migc diff` "
               "or `migc generate`\n",
               o->dir, res.ops.len, res.ops.len == 1 ? "" : "s", n, n == 1 ? "" : "s");
    return run_finish(&r, differences ? 1 : 0);
}

char *
mg_cmd_revision_id(mg_arena *a, unsigned n, const char *message)
{
    char slug[49];
    size_t len = 0;
    bool gap = false;
    for (const char *p = message; *p && len < sizeof(slug) - 1; p++) {
        char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && len > 0 && len >= sizeof(slug) - 2)
                break; /* no room for "_" and a character: stop rather than glue two words */
            if (gap && len > 0)
                slug[len++] = '_';
            slug[len++] = c;
            gap = false;
        } else {
            gap = true;
        }
    }
    slug[len] = '\0';
    return mg_arena_printf(a, "%04u_%s", n, len ? slug : "change");
}

/* Prints the revision --dry-run shows: the file diff would write, with a "# hazard:" comment
 * under each operation that has a hazard line (hazards: one mg_hazard * per op, or NULL). */
static void
print_dry_run(run *r, const char *header, const mg_vec *ops, const mg_vec *hazards)
{
    size_t n = strlen(header), empty = strlen("operations: []\n");
    if (ops->len == 0 || n < empty || strcmp(header + n - empty, "operations: []\n") != 0) {
        fputs(header, stdout);
        return;
    }
    printf("%.*soperations:\n", (int)(n - empty), header);
    for (size_t i = 0; i < ops->len; i++) {
        fputs(op_yaml(r, ops->items[i]), stdout);
        const mg_hazard *h = hazards ? hazards->items[i] : NULL;
        if (h == NULL || !mg_hazard_shown(h))
            continue;
        mg_sb b;
        mg_sb_init(&b, &r->arena);
        mg_hazard_text(&b, h);
        printf("    # hazard: %s\n", mg_sb_str(&b));
    }
}

/* Writes the next revision file, numbered after the last one (or n after it with --dry-run,
 * which prints it with the hazards of its operations instead); *written receives its id. */
static int
write_revision(run *r, const mg_options *o, const char *message, const mg_vec *ops,
               const mg_vec *hazards, const char **written)
{
    const mg_vec *revs = &r->module.revisions;
    const char *parent = revs->len ? ((const mg_revision *)revs->items[revs->len - 1])->id : NULL;
    unsigned n = (unsigned)revs->len + 1;
    if (o->dry_run && *written != NULL) { /* an earlier part of this diff, not loaded */
        parent = *written;
        n = (unsigned)strtoul(parent, NULL, 10) + 1;
    }
    char *id = mg_cmd_revision_id(&r->arena, n, message);
    mg_sb b;
    mg_sb_init(&b, &r->arena);
    if (o->dry_run) {
        mg_vec none = {0};
        mg_emit_revision(&b, id, parent, message, &none);
        print_dry_run(r, mg_sb_str(&b), ops, hazards);
        *written = id;
        return 0;
    }
    mg_emit_revision(&b, id, parent, message, ops);
    const char *dir = module_path(r, o->dir, "revisions");
    const char *path = mg_arena_printf(&r->arena, "%s/%s.yaml", dir, id);
    bool changed;
    if (mg_output_mkdir(dir, &r->diag) != 0 ||
        mg_output_write(&r->arena, path, b.data, b.len, &changed, &r->diag) != 0)
        return -1;
    printf("wrote %s\n", path);
    if (hazards)
        mg_lint_print_hazards(stdout, &r->arena, hazards, "  ");
    *written = id;
    return 0;
}

static void
print_destructive(const mg_diff_result *res)
{
    fprintf(stderr, "migc: the schema change is destructive; rerun with --allow-destructive to "
                    "write it:\n");
    for (size_t i = 0; i < res->destructive.len; i++)
        fprintf(stderr, "  %s\n", (const char *)res->destructive.items[i]);
}

/* The units regenerate renders: the new revision's, and any that generated/ (dir) lacks or that
 * is not newer than its revision file (a revision edited by hand since, such as an empty one
 * `migc revision` wrote). Units are append-only (a unit depends on its own revision alone), so
 * the others are as written. */
static const unsigned char *
new_units(run *r, const char *dir)
{
    unsigned char *only = mg_arena_alloc(&r->arena, r->plans.len + 1);
    for (size_t i = 0; i < r->plans.len; i++) {
        const mg_rev_plan *p = r->plans.items[i];
        const char *unit = mg_arena_printf(&r->arena, "%s/%s.c", dir, p->rev->id);
        only[i] = i + 1 == r->plans.len || mg_output_stale(unit, p->rev->path);
    }
    return only;
}

/* Loads the revision just written alone, replays it on top of the history already replayed and
 * writes its unit, revisions.c and snapshot.c into generated/: what `migc generate` would change,
 * without loading it all again or rendering the earlier units. */
static void
regenerate(run *r, const mg_options *o, const char *id)
{
    mg_vec files;
    const mg_vec *revs = &r->module.revisions;
    const char *name = mg_arena_printf(&r->arena, "%s.yaml", id);
    const char *dir = module_path(r, o->dir, "generated");
    if (mg_load_next_revision(&r->arena, r->module.dir, name, &r->module, &r->diag) == 0 &&
        mg_replay_next(&r->arena, &r->module.settings, r->state, revs->items[revs->len - 1],
                       &r->plans, &r->diag) == 0 &&
        render(r, o, new_units(r, dir), &files) == 0)
        mg_output_update(&r->arena, dir, &files, false, &r->diag);
}

/* The hazards of ops, the diff's operations, on the state the revisions leave (SPEC §4.1). */
static int
diff_hazards(run *r, const mg_vec *ops, mg_vec *out)
{
    mg_hazard_walk w;
    *out = (mg_vec){0};
    mg_hazard_walk_init(&w, &r->arena, &r->module.settings, r->state, &r->diag);
    return mg_hazard_revision(&w, ops, out);
}

/* The hazards of every part's operations, on the state each earlier part leaves. */
static int
part_hazards(run *r, const mg_vec parts[MG_PART_COUNT], mg_vec out[MG_PART_COUNT])
{
    mg_vec all = {0}, hazards;
    for (int p = 0; p < MG_PART_COUNT; p++)
        for (size_t i = 0; i < parts[p].len; i++)
            mg_vec_push(&r->arena, &all, parts[p].items[i]);
    if (diff_hazards(r, &all, &hazards) != 0)
        return -1;
    size_t k = 0;
    for (int p = 0; p < MG_PART_COUNT; p++) {
        out[p] = (mg_vec){0};
        for (size_t i = 0; i < parts[p].len; i++)
            mg_vec_push(&r->arena, &out[p], hazards.items[k++]);
    }
    return 0;
}

/* Writes the diff's operations as one revision, or as up to four when concurrent index drops
 * or builds must stand in revisions of their own (SPEC §4) or the second halves of online forms
 * must run after a commit (SPEC §4.1); each is loaded and generated in turn. */
static void
write_parts(run *r, const mg_options *o, const mg_vec *ops)
{
    static const char *const suffix[MG_PART_COUNT] = {" (drop indexes concurrently)", "",
                                                      " (build indexes concurrently)",
                                                      " (validate and finish)"};
    mg_vec parts[MG_PART_COUNT], hazards[MG_PART_COUNT];
    if (mg_split_parts(&r->arena, r->state, &r->module.settings, ops, parts, &r->diag) != 0 ||
        part_hazards(r, parts, hazards) != 0)
        return;
    int used = 0;
    for (int p = 0; p < MG_PART_COUNT; p++)
        used += parts[p].len > 0;
    const char *written = NULL;
    for (int p = 0; p < MG_PART_COUNT; p++) {
        if (parts[p].len == 0)
            continue;
        const char *msg =
            used > 1 ? mg_arena_printf(&r->arena, "%s%s", o->message, suffix[p]) : o->message;
        if (write_revision(r, o, msg, &parts[p], &hazards[p], &written) != 0)
            return;
        if (!o->dry_run)
            regenerate(r, o, written);
    }
}

/* Lists on stderr each operation of ops that rewrites an existing table, with its hazard and
 * a recipe (SPEC §4.1); true when there is one. */
static bool
print_rewrites(run *r, const mg_vec *ops)
{
    mg_vec hazards;
    bool any = false;
    if (diff_hazards(r, ops, &hazards) != 0)
        return false;
    for (size_t i = 0; i < hazards.len; i++) {
        const mg_hazard *h = hazards.items[i];
        const char *recipe = mg_online_rewrite_recipe(&r->arena, h);
        if (recipe == NULL)
            continue;
        if (!any)
            fprintf(stderr, "migc: the schema change rewrites tables that exist (online: true); "
                            "rerun with --allow-rewrite to write it:\n");
        any = true;
        mg_sb b;
        mg_sb_init(&b, &r->arena);
        mg_hazard_text(&b, h);
        fprintf(stderr, "  %s %s: %s\n    recipe: %s\n", mg_op_kind_name(h->op->kind), h->object,
                mg_sb_str(&b), recipe);
    }
    return any;
}

/* True when diff must refuse the rewrites of ops (printing them), as it refuses destructive
 * changes: online: true without --allow-rewrite. */
static bool
refuse_rewrites(run *r, const mg_options *o, const mg_vec *ops)
{
    return r->module.settings.online && !o->allow_rewrite && print_rewrites(r, ops);
}

int
mg_cmd_diff(const mg_options *o)
{
    run r;
    run_init(&r);
    mg_diff_result res;
    if (load_and_replay(&r, o, true) != 0 || diff_module(&r, o, &res) != 0)
        return run_finish(&r, 0);
    print_lines(stderr, "", &res.warnings);
    if (res.ops.len == 0) {
        printf("no changes\n");
        return run_finish(&r, 0);
    }
    bool refused = res.destructive.len && !o->allow_destructive;
    if (refused && !o->dry_run) {
        print_destructive(&res);
        return run_finish(&r, 1);
    }
    if (!o->dry_run && refuse_rewrites(&r, o, &res.ops))
        return run_finish(&r, 1);
    write_parts(&r, o, &res.ops);
    if (refused) /* --dry-run showed it; still refused */
        print_destructive(&res);
    if (o->dry_run && refuse_rewrites(&r, o, &res.ops))
        refused = true;
    return run_finish(&r, refused ? 1 : 0);
}

int
mg_cmd_revision(const mg_options *o)
{
    run r;
    run_init(&r);
    mg_vec none = {0};
    const char *written = NULL;
    if (load_and_replay(&r, o, false) == 0 &&
        write_revision(&r, o, o->message, &none, NULL, &written) == 0 && !o->dry_run &&
        written != NULL)
        regenerate(&r, o, written);
    return run_finish(&r, 0);
}
