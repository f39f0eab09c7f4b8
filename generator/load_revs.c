/* migc generator: revision loader.
 * Each file gives one mg_revision; the chain checks then report gaps, forks and bad parents. */
#include "load_revs.h"

#include <string.h>

#include "load.h"
#include "load_ops.h"

static const char *const revision_keys[] = {"revision", "parent", "message", "operations", NULL};

/* One revision file while the chain is checked. */
typedef struct rev_file {
    mg_revision *rev;
    int number;        /* NNNN of the file name, -1 when the name is malformed */
    mg_loc parent_loc; /* where parent is written, else the start of the file */
    bool parsed;       /* the file's keys could be read */
    bool forked;       /* already reported as the second child of a parent */
} rev_file;

/* NNNN of "NNNN_slug.yaml" (slug of [a-z0-9_]), or -1. */
static int
file_number(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 + 1 + 1 + 5 || name[4] != '_')
        return -1;
    int number = 0;
    for (int i = 0; i < 4; i++) {
        if (name[i] < '0' || name[i] > '9')
            return -1;
        number = number * 10 + (name[i] - '0');
    }
    size_t slug = n - 5 - 5;
    if (strspn(name + 5, "abcdefghijklmnopqrstuvwxyz0123456789_") < slug)
        return -1;
    return number;
}

/* Reads the keys of a parsed revision file. */
static void
revision_keys_of(mg_loader *ld, const mg_node *root, rev_file *f)
{
    mg_revision *rev = f->rev;
    mg_load_check_keys(ld, root, revision_keys, NULL);
    const mg_node *id = mg_node_get(root, "revision");
    const char *written = mg_load_key_str(ld, root, "revision", true);
    if (id != NULL)
        rev->loc = mg_node_key(root, "revision")->loc;
    if (written != NULL && strcmp(written, rev->id) != 0)
        mg_diag_error(ld->d, id->loc,
                      "revision \"%s\" does not match the file name (expected \"%s\")", written,
                      rev->id);
    const mg_node *parent = mg_node_get(root, "parent");
    rev->parent = mg_load_key_ident(ld, root, "parent", false);
    f->parent_loc = parent != NULL ? parent->loc : rev->loc;
    rev->message = mg_load_key_str(ld, root, "message", false);
    const mg_node *ops = mg_node_get(root, "operations");
    if (ops == NULL)
        mg_diag_error(ld->d, root->loc, "missing required key \"operations\"");
    else if (!mg_node_is_null(ops))
        mg_load_ops(ld, ops, &rev->ops);
}

/* Loads one revision file into f. */
static void
read_revision(mg_loader *ld, const char *dir, const char *name, rev_file *f)
{
    mg_revision *rev = mg_arena_alloc(ld->a, sizeof(*rev));
    f->rev = rev;
    rev->rel_path = mg_arena_printf(ld->a, "revisions/%s", name);
    rev->path = mg_load_path(ld->a, dir, rev->rel_path);
    rev->id = mg_arena_strndup(ld->a, name, strlen(name) - 5);
    rev->loc = (mg_loc){rev->path, 1, 1};
    f->parent_loc = rev->loc;
    f->number = file_number(name);
    if (f->number < 0)
        mg_diag_error(ld->d, rev->loc,
                      "revision file name must be NNNN_slug.yaml (four digits, _, then lower-case "
                      "letters, digits and _)");
    const mg_node *root = mg_yaml_prefetch_take(ld->prefetch, rev->path);
    if (root == NULL) /* not parsed ahead, or with something to report */
        root = mg_yaml_load_file(ld->a, rev->path, ld->d);
    if (root == NULL || !mg_load_is_map(ld, root, "a revision file"))
        return;
    f->parsed = true;
    revision_keys_of(ld, root, f);
}

/* Reports the second child i of the parent that f[j] has too, with a renumbering hint. */
static void
report_fork(mg_loader *ld, const rev_file *f, size_t n, size_t j, size_t i)
{
    size_t last = (i == n - 1) ? n - 2 : n - 1; /* the revision the renumbered one follows */
    int number = f[last].number >= 0 ? f[last].number + 1 : (int)n;
    const mg_revision *r = f[i].rev;
    const char *slug = f[i].number >= 0 ? r->id + 5 : r->id;
    const char *parent =
        r->parent ? mg_arena_printf(ld->a, "parent \"%s\"", r->parent) : "no parent";
    if (number == f[i].number) { /* numbered right already: only the parent is wrong */
        mg_diag_error(ld->d, f[i].parent_loc,
                      "%s and %s both have %s; the parent of %s must be the previous revision "
                      "\"%s\"",
                      f[j].rev->rel_path, r->rel_path, parent, r->rel_path, f[last].rev->id);
        return;
    }
    mg_diag_error(ld->d, f[i].parent_loc,
                  "%s and %s both have %s (two branches were merged); renumber %s to "
                  "revisions/%04d_%s.yaml with revision \"%04d_%s\" and parent \"%s\"",
                  f[j].rev->rel_path, r->rel_path, parent, r->rel_path, number, slug, number, slug,
                  f[last].rev->id);
}

/* Reports every revision that shares its parent with an earlier one. */
static void
check_forks(mg_loader *ld, rev_file *f, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        for (size_t j = 0; f[i].parsed && j < i; j++) {
            if (f[j].parsed && mg_str_equal(f[i].rev->parent, f[j].rev->parent)) {
                report_fork(ld, f, n, j, i);
                f[i].forked = true;
                break;
            }
        }
    }
}

/* Reports a number that does not follow the previous revision's (prev, NULL for the first). */
static void
check_number(mg_loader *ld, const rev_file *f, size_t i, const rev_file *prev)
{
    if (prev != NULL && prev->number < 0)
        return;
    int expected = prev ? prev->number + 1 : 1;
    if (f[i].number == expected)
        return;
    const mg_revision *r = f[i].rev;
    if (prev == NULL)
        mg_diag_error(ld->d, r->loc, "the first revision must be numbered 0001, not %04d",
                      f[i].number);
    else if (f[i].number == prev->number)
        mg_diag_error(ld->d, r->loc, "%s and %s have the same number; renumber %s to %04d",
                      prev->rev->rel_path, r->rel_path, r->rel_path, expected);
    else
        mg_diag_error(ld->d, r->loc,
                      "gap in revision numbers: %s follows %s; numbers must run without gaps "
                      "(expected %04d)",
                      r->rel_path, prev->rev->rel_path, expected);
}

/* True when some file has this id. */
static bool
id_exists(const rev_file *f, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].rev->id, id) == 0)
            return true;
    return false;
}

/* Reports a parent that is not the previous revision (before, NULL for the first). */
static void
check_parent(mg_loader *ld, const rev_file *f, size_t n, size_t i, const rev_file *before)
{
    const mg_revision *r = f[i].rev, *prev = before ? before->rev : NULL;
    if (r->parent == NULL) {
        if (prev != NULL)
            mg_diag_error(ld->d, r->loc, "missing \"parent\"; it should be \"%s\"", prev->id);
        return;
    }
    if (!id_exists(f, n, r->parent))
        mg_diag_error(ld->d, f[i].parent_loc, "parent \"%s\" does not exist in revisions/",
                      r->parent);
    else if (prev == NULL)
        mg_diag_error(ld->d, f[i].parent_loc, "the first revision must not have a parent");
    else if (strcmp(r->parent, prev->id) != 0)
        mg_diag_error(ld->d, f[i].parent_loc,
                      "parent must be the previous revision \"%s\", not \"%s\"", prev->id,
                      r->parent);
}

int
mg_load_revisions(mg_loader *ld, const char *dir, mg_module *out)
{
    size_t errors = mg_diag_count(ld->d);
    const char *path = mg_load_path(ld->a, dir, "revisions");
    mg_vec names = {0};
    if (mg_load_path_kind(path) != 2)
        return 0;
    if (ld->revision_names != NULL)
        names = *ld->revision_names;
    else
        mg_load_list_yaml(ld, path, &names);
    rev_file *f = mg_arena_alloc(ld->a, (names.len + 1) * sizeof(*f));
    for (size_t i = 0; i < names.len; i++) {
        read_revision(ld, dir, names.items[i], &f[i]);
        mg_vec_push(ld->a, &out->revisions, f[i].rev);
    }
    check_forks(ld, f, names.len);
    const rev_file *prev = NULL; /* the previous revision, forks left out */
    for (size_t i = 0; i < names.len; i++) {
        if (f[i].forked)
            continue;
        if (f[i].parsed && f[i].number >= 0) {
            check_number(ld, f, i, prev);
            check_parent(ld, f, names.len, i, prev);
        }
        prev = &f[i];
    }
    return mg_diag_count(ld->d) > errors ? -1 : 0;
}

int
mg_load_next_revision(mg_arena *a, const char *dir, const char *name, mg_module *out, mg_diag *d)
{
    mg_loader ld = {.a = a, .d = d};
    size_t errors = mg_diag_count(d);
    const mg_vec *revs = &out->revisions;
    const mg_revision *prev = revs->len ? revs->items[revs->len - 1] : NULL;
    rev_file f = {0};
    read_revision(&ld, dir, name, &f);
    if (f.parsed && !mg_str_equal(f.rev->parent, prev ? prev->id : NULL))
        mg_diag_error(d, f.parent_loc, "parent must be the previous revision \"%s\"",
                      prev ? prev->id : "(none)");
    mg_vec_push(a, &out->revisions, f.rev);
    return mg_diag_count(d) > errors ? -1 : 0;
}
