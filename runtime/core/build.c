/* migc runtime: the statements generated code leaves to the runtime to build (migc_step.build).
 * One pass sizes the copy, one block holds it, a second pass fills it, as cli/tenant.c does. */
#include "build.h"

#include "enum_remove.h"
#include "error.h"
#include "stepobj.h"

#include <stdlib.h>
#include <string.h>

/* A copy under way: sizing (filling == 0) adds up what the block needs; filling writes there. */
typedef struct flattener {
    const migc_module *base;
    int filling;
    int snapshot;                            /* sizing: the snapshot is copied too */
    size_t n_revisions, n_steps, text_bytes; /* sizing: what the copied revisions hold */
    migc_revision *revs;                     /* filling: the next free revision */
    migc_step *steps;                        /* filling: the next free step */
    char *text;                              /* filling: the next free text byte */
} flattener;

/* Checks that every guard override names a step of base; -1 with err filled when one does not. */
static int
check_overrides(const migc_module *base, migc_error *err)
{
    for (size_t i = 0; i < base->n_guard_overrides; i++) {
        const migc_guard_override *o = &base->guard_overrides[i];
        const migc_revision *rev =
            o->revision < base->n_revisions ? base->revisions[o->revision] : NULL;
        size_t n = rev == NULL ? 0 : o->down ? rev->n_down : rev->n_up;
        if (o->step >= n || o->guard == NULL)
            return migc_fail(err, MIGC_EFAILED,
                             "guard override %zu names no step (revision %zu, %s step %zu): "
                             "revisions.c and the units come from different generations",
                             i, o->revision, o->down ? "down" : "up", o->step);
    }
    return 0;
}

/* True when a guard override names revision index r. */
static int
overridden(const migc_module *base, size_t r)
{
    for (size_t i = 0; i < base->n_guard_overrides; i++)
        if (base->guard_overrides[i].revision == r)
            return 1;
    return 0;
}

/* Puts the guard overrides of revision index r, direction down, into its copied steps. */
static void
apply_overrides(const migc_module *base, size_t r, int down, migc_step *steps)
{
    for (size_t i = 0; i < base->n_guard_overrides; i++) {
        const migc_guard_override *o = &base->guard_overrides[i];
        if (o->revision == r && (o->down != 0) == (down != 0))
            steps[o->step].guard = o->guard;
    }
}

/* Writes the pieces of a MIGC_BUILD_LINES statement into dst (NULL: only counts); returns the
 * length, without the terminating NUL that it writes too. */
static size_t
join_parts(const char *const *parts, char *dst)
{
    size_t n = 0;

    for (const char *const *p = parts; *p != NULL; p++) {
        size_t len = strlen(*p);
        if (dst != NULL)
            memcpy(dst + n, *p, len);
        n += len;
    }
    if (dst != NULL)
        dst[n] = '\0';
    return n;
}

/* Writes the statement step builds into dst (NULL: only counts); returns its length. */
static size_t
build_sql(const migc_step *step, char *dst)
{
    if (step->build == MIGC_BUILD_ENUM_REMOVE)
        return migc_enum_remove_sql(step->parts, dst);
    return join_parts(step->parts, dst);
}

/* True when this runtime builds step's kind from such parts. */
static int
known_build(const migc_step *step)
{
    return step->build == MIGC_BUILD_LINES ||
           (step->build == MIGC_BUILD_ENUM_REMOVE && migc_enum_remove_ok(step->parts));
}

static int
needs_build(const migc_step *step)
{
    return step->sql == NULL && step->parts != NULL;
}

/* 1 when a step of steps needs building, 0 when none does, -1 with err for an unknown kind. */
static int
any_built(const migc_revision *rev, const migc_step *steps, size_t n, migc_error *err)
{
    int found = 0;
    char where[512];

    for (size_t i = 0; i < n; i++) {
        if (!needs_build(&steps[i]))
            continue;
        if (!known_build(&steps[i]))
            return migc_fail(err, MIGC_EFAILED,
                             "step \"%s\" (%s) is built in a way (%d) this runtime does not know, "
                             "or from parts it cannot take",
                             steps[i].label ? steps[i].label : "?",
                             migc_step_where(rev, &steps[i], where, sizeof where), steps[i].build);
        found = 1;
    }
    return found;
}

/* Copies n steps (sizing: counts them and their built texts); returns the copy (sizing: src). */
static const migc_step *
copy_steps(flattener *f, const migc_step *src, size_t n)
{
    migc_step *out = f->steps;

    for (size_t i = 0; i < n; i++) {
        if (!needs_build(&src[i])) {
            if (f->filling)
                out[i] = src[i];
            continue;
        }
        if (!f->filling) {
            f->text_bytes += build_sql(&src[i], NULL) + 1;
            continue;
        }
        out[i] = src[i];
        out[i].sql = f->text;
        out[i].build = 0;
        out[i].parts = NULL;
        f->text += build_sql(&src[i], f->text) + 1;
    }
    if (!f->filling) {
        f->n_steps += n;
        return src;
    }
    f->steps += n;
    return out;
}

/* The revision the flat module uses for revision index r: its copy, with its guard overrides in
 * place (sizing: the revision itself, counted). */
static const migc_revision *
copy_revision(flattener *f, size_t r)
{
    const migc_revision *rev = f->base->revisions[r];
    migc_revision *out = f->revs;
    const migc_step *up = copy_steps(f, rev->up, rev->n_up);
    const migc_step *down = copy_steps(f, rev->down, rev->n_down);

    if (!f->filling) {
        f->n_revisions++;
        return rev;
    }
    apply_overrides(f->base, r, 0, (migc_step *)up);
    apply_overrides(f->base, r, 1, (migc_step *)down);
    *out = *rev;
    out->up = up;
    out->down = down;
    f->revs++;
    return out;
}

/* Sizing (order NULL) or filling pass over base's revisions; -1 with err filled. */
static int
walk(flattener *f, const migc_module *base, const migc_revision **order, migc_error *err)
{
    for (size_t i = 0; i < base->n_revisions; i++) {
        const migc_revision *rev = base->revisions[i];
        int up = any_built(rev, rev->up, rev->n_up, err);
        int down = any_built(rev, rev->down, rev->n_down, err);
        if (up < 0 || down < 0)
            return -1;
        if (up || down || overridden(base, i))
            rev = copy_revision(f, i);
        if (order != NULL)
            order[i] = rev;
    }
    return 0;
}

/* Sizing or filling pass over base's snapshot (generated/snapshot.c): copied into f as one list
 * of steps when it comes in pieces or a step of it needs building. -1 with err filled. */
static int
walk_snapshot(flattener *fl, const migc_module *base, migc_flat *f, migc_error *err)
{
    const migc_snapshot *s = base->snapshot;
    int built = s != NULL && s->pieces == NULL ? any_built(NULL, s->steps, s->n_steps, err) : 0;
    const migc_step *first = NULL;
    size_t n = 0;

    for (size_t i = 0; s != NULL && s->pieces != NULL && i < s->n_pieces; i++)
        if ((built = any_built(NULL, s->pieces[i]->steps, s->pieces[i]->n_steps, err)) < 0)
            return -1;
    if (s != NULL && s->pieces != NULL)
        built = 1; /* the pieces always become one list */
    if (built <= 0)
        return built;
    fl->snapshot = 1;
    if (s->pieces == NULL) {
        first = copy_steps(fl, s->steps, s->n_steps);
        n = s->n_steps;
    }
    for (size_t i = 0; s->pieces != NULL && i < s->n_pieces; i++) { /* one run of steps */
        const migc_step *run = copy_steps(fl, s->pieces[i]->steps, s->pieces[i]->n_steps);
        first = i == 0 ? run : first;
        n += s->pieces[i]->n_steps;
    }
    if (!fl->filling)
        return 0;
    f->snapshot = *s;
    f->snapshot.steps = first;
    f->snapshot.n_steps = n;
    f->snapshot.pieces = NULL;
    f->snapshot.n_pieces = 0;
    f->m.snapshot = &f->snapshot;
    return 0;
}

int
migc_flat_init(migc_flat *f, const migc_module *base, migc_error *err)
{
    flattener fl = {base, 0, 0, 0, 0, 0, NULL, NULL, NULL};
    const migc_revision **order;

    f->m = *base;
    f->m.guard_overrides = NULL; /* in place in the copy: a second pass has none to apply */
    f->m.n_guard_overrides = 0;
    f->block = NULL;
    if (check_overrides(base, err) != 0 || walk(&fl, base, NULL, err) != 0 ||
        walk_snapshot(&fl, base, f, err) != 0)
        return -1;
    if (fl.n_revisions == 0 && !fl.snapshot)
        return 0;
    f->block = malloc(base->n_revisions * sizeof(migc_revision *) +
                      fl.n_revisions * sizeof(migc_revision) + fl.n_steps * sizeof(migc_step) +
                      fl.text_bytes);
    if (f->block == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    order = f->block;
    fl.filling = 1;
    fl.revs = (migc_revision *)(order + base->n_revisions);
    fl.steps = (migc_step *)(fl.revs + fl.n_revisions);
    fl.text = (char *)(fl.steps + fl.n_steps);
    walk(&fl, base, order, err);
    walk_snapshot(&fl, base, f, err);
    f->m.revisions = order;
    return 0;
}

void
migc_flat_free(migc_flat *f)
{
    if (f == NULL)
        return;
    free(f->block);
    f->block = NULL;
}
