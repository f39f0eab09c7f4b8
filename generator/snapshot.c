/* migc generator: the head snapshot (see snapshot.h). It is the diff of the head state against
 * an empty schema: the same operations, in the same dependency order, that `migc diff` writes
 * for a new module whose schema.yaml is the head, but every foreign key to another table added
 * after all tables. The operations of a table version are the same in every head that has it,
 * so the unit of the revision where the version first appears defines them (pieces) and the
 * snapshot names them. */
#include "snapshot.h"

#include <string.h>

#include "diff.h"
#include "plan.h"
#include "strmap.h"

/* The first sql step of the history that a fresh database may not leave out, as its place and
 * a reason; NULL when every sql step says fresh: skip. */
static const char *
blocking_sql(mg_arena *a, const mg_vec *plans)
{
    for (size_t i = 0; i < plans->len; i++) {
        const mg_revision *rev = ((const mg_rev_plan *)plans->items[i])->rev;
        for (size_t k = 0; k < rev->ops.len; k++) {
            const mg_op *op = rev->ops.items[k];
            if (op->kind != MG_OP_SQL || op->sql_fresh != NULL)
                continue;
            if (rev->rel_path != NULL)
                return mg_arena_printf(a, "%s:%d:%d: a sql step without fresh: skip", rev->rel_path,
                                       op->loc.line, op->loc.col);
            return mg_arena_printf(a, "revisions/%s.yaml:%d:%d: a sql step without fresh: skip",
                                   rev->id, op->loc.line, op->loc.col);
        }
    }
    return NULL;
}

/* ---- table versions: where each first appears ---- */

static const mg_schema *
plan_state(const mg_vec *plans, size_t i)
{
    return ((const mg_rev_plan *)plans->items[i])->state;
}

/* Where each table version (an address the replayed states share while the table is unchanged)
 * of plans[from..upto] first appears: the map gives an index into at, which holds the plan and
 * the table's position in that plan's tables. */
typedef struct origins {
    mg_ptrmap map;
    size_t *plan, *pos;
} origins;

static origins
collect_origins(mg_arena *a, const mg_vec *plans, size_t from, size_t upto)
{
    size_t total = 0, n = 0;
    for (size_t i = from; i <= upto; i++)
        total += plan_state(plans, i)->tables.len;
    origins o = {{0},
                 mg_arena_alloc(a, (total + 1) * sizeof(size_t)),
                 mg_arena_alloc(a, (total + 1) * sizeof(size_t))};
    for (size_t i = from; i <= upto; i++) {
        const mg_vec *tables = &plan_state(plans, i)->tables;
        for (size_t k = 0; k < tables->len; k++)
            if (mg_ptrmap_add(a, &o.map, tables->items[k], n)) {
                o.plan[n] = i;
                o.pos[n++] = k;
            }
    }
    return o;
}

/* "<plan>_t<pos>_<n>": the piece name of operation n of the table version at pos in plan's
 * tables (plan 1-based, as the units count). */
static const char *
piece_name(mg_arena *a, size_t plan, size_t pos, size_t n)
{
    return mg_arena_printf(a, "%zu_t%zu_%zu", plan + 1, pos, n);
}

/* The table an operation of the snapshot builds, and which of its operations it is; NULL for
 * operations that stay in snapshot.c. */
static const mg_table *
piece_table(const mg_schema *head, const mg_op *op, size_t *n)
{
    if (op->kind == MG_OP_CREATE_TABLE) {
        *n = 0;
        return mg_schema_table(head, op->name);
    }
    if (op->kind != MG_OP_ADD_FOREIGN_KEY)
        return NULL;
    const mg_table *t = mg_schema_table(head, op->table);
    if (t == NULL)
        return NULL;
    *n = 0;
    for (size_t i = 0; i < t->fks.len; i++) {
        const mg_fk *fk = t->fks.items[i];
        if (strcmp(fk->ref_table, t->name) == 0)
            continue;
        ++*n;
        if (fk == op->fk)
            return t;
    }
    return NULL;
}

/* Names the pieces of out->ops that a unit defines. */
static void
name_pieces(mg_arena *a, const mg_vec *plans, mg_snapshot *out)
{
    size_t last = plans->len - 1;
    const mg_schema *head = plan_state(plans, last);
    origins o = collect_origins(a, plans, 0, last);
    out->pieces = (mg_vec){0};
    for (size_t i = 0; i < out->ops.len; i++) {
        size_t n;
        const mg_table *t = piece_table(head, out->ops.items[i], &n);
        const char *name = NULL;
        size_t at;
        if (t != NULL && mg_ptrmap_get(&o.map, t, &at))
            name = piece_name(a, o.plan[at], o.pos[at], n);
        mg_vec_push(a, &out->pieces, (void *)name);
    }
}

int
mg_snapshot_build(mg_arena *a, const mg_settings *settings, const mg_vec *plans, mg_snapshot *out,
                  mg_diag *d)
{
    *out = (mg_snapshot){0};
    if (plans->len == 0 || (out->blocked = blocking_sql(a, plans)) != NULL)
        return 0;
    const mg_rev_plan *head = plans->items[plans->len - 1];
    if (head->state == NULL) { /* plans made without a replay (the renderer's unit tests) */
        out->blocked = "no replayed state";
        return 0;
    }
    mg_schema empty = {0};
    mg_diff_result res;
    mg_diff_options o = {.settings = settings, .defer_fks = true};
    if (mg_diff_run_with(a, &empty, head->state, &o, &res, d) != 0)
        return -1;
    for (size_t i = 0; i < res.ops.len; i++) {
        mg_op *op = res.ops.items[i];
        op->loc = (mg_loc){0}; /* the snapshot has no place of its own in the revision files */
    }
    out->ops = res.ops;
    name_pieces(a, plans, out);
    return 0;
}

void
mg_snapshot_unit_pieces(mg_arena *a, const mg_vec *plans, size_t i, mg_vec *ops, mg_vec *names)
{
    *ops = (mg_vec){0};
    *names = (mg_vec){0};
    const mg_schema *state = plan_state(plans, i);
    if (state == NULL)
        return;
    /* the versions the previous state does not have: replay shares a table only while it is
     * unchanged, so these are the ones this revision creates or changes */
    origins before = {{0}, NULL, NULL};
    if (i > 0 && plan_state(plans, i - 1) != NULL)
        before = collect_origins(a, plans, i - 1, i - 1);
    for (size_t k = 0; k < state->tables.len; k++) {
        const mg_table *t = state->tables.items[k];
        if (mg_ptrmap_get(&before.map, t, NULL))
            continue; /* an earlier unit defines this version */
        size_t first = ops->len;
        mg_diff_table_snapshot_ops(a, t, ops);
        for (size_t n = first; n < ops->len; n++)
            mg_vec_push(a, names, (void *)piece_name(a, i, k, n - first));
    }
}

/* The body of a job: the build, into the job's own arena and diagnostics. */
static void *
snapshot_run(void *arg)
{
    mg_snapshot_job *job = arg;
    job->rc = mg_snapshot_build(&job->arena, job->settings, job->plans, &job->snapshot, &job->diag);
    return NULL;
}

void
mg_snapshot_start(mg_snapshot_job *job, const mg_settings *settings, const mg_vec *plans)
{
    job->settings = settings;
    job->plans = plans;
    mg_arena_init(&job->arena);
    mg_diag_init(&job->diag, &job->arena);
    job->running = pthread_create(&job->thread, NULL, snapshot_run, job) == 0;
    if (!job->running)
        snapshot_run(job);
}

const mg_snapshot *
mg_snapshot_wait(mg_snapshot_job *job)
{
    if (job->running)
        pthread_join(job->thread, NULL);
    job->running = false;
    return job->rc == 0 ? &job->snapshot : NULL;
}

int
mg_snapshot_finish(mg_snapshot_job *job, mg_arena *a, mg_diag *d)
{
    mg_snapshot_wait(job);
    mg_arena_adopt(a, &job->arena);
    mg_diag_append(d, &job->diag);
    return job->rc;
}
