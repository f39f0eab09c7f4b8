/* migc generator: the diff of views and materialized views (SPEC §3.1).
 * Before anything else changes, the views that must go are dropped, readers before what they read:
 * those no longer declared, those whose new definition CREATE OR REPLACE cannot give (a
 * materialized view that changes at all), those that read a column whose type changes, that is
 * renamed or that goes (decided from the text: the table and the column are named), and every
 * view that reads one of these or one whose query changes, so that the downgrade, which runs the
 * reverse order, finds the old columns when it creates them again. Views are renamed first; the
 * table renames that follow are followed by PostgreSQL (and by replay), so a view that only
 * reads a renamed table stays. After the tables, sequences and types (and the functions they may
 * call), views are replaced and created, each after what it reads. */
#include "diff_internal.h"

#include <string.h>

#include "types.h"
#include "viewdeps.h"

/* The module's schema, which qualifies a relation name for nothing in a view's query. */
static const char *
module_schema(const differ *df)
{
    return df->opt->settings != NULL ? df->opt->settings->schema : NULL;
}

static bool
same_indexes(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const mg_index *a = x->items[i], *b = y->items[i];
        if (strcmp(a->name, b->name) != 0 || !mg_diff_index_same(a, b))
            return false;
    }
    return true;
}

/* The declared table that work's table name becomes: the same name, or the one renamed from it
 * (the renames come after the drops of views); NULL when it goes. */
static const mg_table *
table_becomes(differ *df, const char *name)
{
    const mg_table *w = mg_diff_want_table(df, name);
    for (size_t i = 0; w == NULL && i < df->want->tables.len; i++) {
        const mg_table *t = df->want->tables.items[i];
        if (t->renamed_from && strcmp(t->renamed_from, name) == 0 &&
            !mg_diff_work_table(df, t->name))
            w = t;
    }
    return w;
}

/* The query of have as PostgreSQL will show it after the table renames of this diff. */
static const char *
renamed_query(differ *df, const mg_view *have)
{
    const char *q = have->query;
    for (size_t i = 0; i < df->work->tables.len; i++) {
        const char *name = ((const mg_table *)df->work->tables.items[i])->name;
        const mg_table *w = table_becomes(df, name);
        if (w != NULL && strcmp(w->name, name) != 0)
            q = mg_text_rename(df->a, q, name, w->name);
    }
    return q;
}

/* True when view have must be dropped to become want (or want is NULL). */
static bool
must_recreate(differ *df, const mg_view *have, const mg_view *want)
{
    if (want == NULL || want->materialized != have->materialized)
        return true;
    const char *q = renamed_query(df, have);
    bool same_query = mg_view_query_same(df->a, q, want->query, module_schema(df));
    if (!have->materialized)
        return !same_query && !mg_view_query_appends(df->a, q, want->query);
    return !same_query || have->with_data != want->with_data ||
           !same_indexes(&have->indexes, &want->indexes);
}

/* True when the column's type is an enum (or an array of one) whose values this diff changes:
 * removing a value (in the upgrade, or in the downgrade of an added one) rebuilds the type under
 * the column, which PostgreSQL refuses under a view. */
static bool
enum_rebuilt(differ *df, const mg_column *c)
{
    for (size_t i = 0; i < df->work->enums.len; i++) {
        const mg_enum *e = df->work->enums.items[i], *w = mg_schema_enum(df->want, e->name);
        if (mg_type_names_enum(c->type, strcspn(c->type, "["), e->name))
            return w == NULL || !mg_strvec_equal(&e->values, &w->values);
    }
    return false;
}

/* True when v reads a column of a table that this diff drops, renames, or whose type it
 * changes (or rebuilds). */
static bool
reads_changed_column(differ *df, const mg_view *v)
{
    for (size_t i = 0; i < df->work->tables.len; i++) {
        const mg_table *t = df->work->tables.items[i], *w = table_becomes(df, t->name);
        if (!mg_view_reads(df->a, v, t->name))
            continue;
        if (w == NULL)
            return true;
        for (size_t j = 0; j < t->columns.len; j++) {
            const mg_column *c = t->columns.items[j], *wc = mg_table_column(w, c->name);
            if ((wc == NULL || !mg_str_equal(c->type, wc->type) || enum_rebuilt(df, c)) &&
                mg_view_reads_column(df->a, v, t->name, c->name))
                return true;
        }
    }
    return false;
}

/* True when v names a composite type whose attributes this diff changes: PostgreSQL keeps the
 * attribute types the view was created with in its stored query (a ROW(...)::type cast keeps
 * the old typmods), so the view is re-created after the change. */
static bool
reads_changed_type(differ *df, const mg_view *v)
{
    for (size_t i = 0; i < df->work->types.len; i++) {
        const mg_ctype *t = df->work->types.items[i];
        if (mg_diff_ctype_attrs_change(df, t) && mg_text_names(df->a, v->query, t->name))
            return true;
    }
    return false;
}

/* The declared view of name, NULL when it is not declared (or is another one's renamed_from). */
static const mg_view *
wanted(differ *df, const char *name)
{
    return mg_schema_view(df->want, name);
}

/* Marks in gone[] the views of work to drop; returns how many. */
static size_t
mark_gone(differ *df, bool *gone)
{
    size_t n = 0, before;
    const mg_vec *vs = &df->work->views;
    for (size_t i = 0; i < vs->len; i++) {
        const mg_view *v = vs->items[i];
        gone[i] = must_recreate(df, v, wanted(df, v->name)) || reads_changed_column(df, v) ||
                  reads_changed_type(df, v);
        n += gone[i];
    }
    do { /* readers of a view that goes or whose query changes go too */
        before = n;
        for (size_t i = 0; i < vs->len; i++) {
            const mg_view *u = vs->items[i], *w = wanted(df, u->name);
            bool changes = gone[i] || (w && !mg_view_query_same(df->a, renamed_query(df, u),
                                                                w->query, module_schema(df)));
            for (size_t j = 0; changes && j < vs->len; j++)
                if (!gone[j] && j != i && mg_view_reads(df->a, vs->items[j], u->name)) {
                    gone[j] = true;
                    n++;
                }
        }
    } while (n != before);
    return n;
}

/* The next view to drop: marked, and read by no other marked view; -1 when none. */
static long
next_drop(differ *df, const bool *gone)
{
    const mg_vec *vs = &df->work->views;
    for (size_t i = 0; i < vs->len; i++) {
        if (!gone[i])
            continue;
        const mg_view *v = vs->items[i];
        bool read = false;
        for (size_t j = 0; j < vs->len && !read; j++)
            read = j != i && gone[j] && mg_view_reads(df->a, vs->items[j], v->name);
        if (!read)
            return (long)i;
    }
    return -1;
}

static int
rename_one(differ *df, const mg_view *want)
{
    const char *from = want->renamed_from;
    const mg_view *have = from ? mg_schema_view(df->work, from) : NULL;
    mg_op_kind kind = want->materialized ? MG_OP_RENAME_MATERIALIZED_VIEW : MG_OP_RENAME_VIEW;
    mg_hint h = {kind, want->name, NULL, from, false, want->renamed_from_loc};
    if (have == NULL || mg_schema_view(df->work, want->name) || wanted(df, from) ||
        have->materialized != want->materialized || mg_diff_hint_fresh(df, &h) == NULL)
        return 0;
    mg_op *op = mg_diff_op(
        df, want->materialized ? MG_OP_RENAME_MATERIALIZED_VIEW : MG_OP_RENAME_VIEW, want->loc);
    op->from = from;
    op->to = want->name;
    return mg_diff_emit(df, op);
}

int
mg_diff_views_drop(differ *df)
{
    for (size_t i = 0; i < df->want->views.len; i++) /* renames first: nothing to re-create */
        if (rename_one(df, df->want->views.items[i]) != 0)
            return -1;
    size_t len = df->work->views.len;
    bool *gone = mg_arena_alloc(df->a, (len + 1) * sizeof(bool));
    size_t n = mark_gone(df, gone);
    for (; n > 0; n--) {
        long i = next_drop(df, gone);
        if (i < 0) /* a cycle of readers: drop in any order; replay reports it */
            for (i = 0; !gone[i]; i++)
                ;
        const mg_view *v = df->work->views.items[i];
        mg_op *op = mg_diff_op(df, v->materialized ? MG_OP_DROP_MATERIALIZED_VIEW : MG_OP_DROP_VIEW,
                               v->loc);
        op->name = v->name;
        memmove(gone + i, gone + i + 1, (df->work->views.len - (size_t)i - 1) * sizeof(bool));
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

/* alter_view of a view that stays: new query (appended columns), options, comment (the comment
 * only, of a materialized view). */
static int
alter_one(differ *df, const mg_view *want)
{
    const mg_view *have = mg_schema_view(df->work, want->name);
    if (have == NULL)
        return 0;
    unsigned set =
        have->materialized || mg_view_query_same(df->a, have->query, want->query, module_schema(df))
            ? 0
            : MG_VIEW_QUERY; /* a materialized view's only in-place change: comment */
    if (!have->materialized && (have->security_barrier != want->security_barrier ||
                                have->security_invoker != want->security_invoker ||
                                !mg_str_equal(have->check_option, want->check_option)))
        set |= MG_VIEW_OPTIONS;
    set |= mg_str_equal(have->comment, want->comment) ? 0 : MG_VIEW_COMMENT;
    if (set == 0)
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_ALTER_VIEW, want->loc);
    op->name = want->name;
    op->view = mg_view_copy(df->a, want);
    op->view_set = set;
    if (set & MG_VIEW_OPTIONS) /* CREATE OR REPLACE names the query with the options */
        op->view_set |= MG_VIEW_QUERY;
    return mg_diff_emit(df, op);
}

/* True when every declared view want reads exists. */
static bool
ready(differ *df, const mg_view *want)
{
    for (size_t i = 0; i < df->want->views.len; i++) {
        const mg_view *u = df->want->views.items[i];
        if (u != want && !mg_schema_view(df->work, u->name) && mg_view_reads(df->a, want, u->name))
            return false;
    }
    return true;
}

static int
create_one(differ *df, const mg_view *want)
{
    mg_op *op = mg_diff_op(
        df, want->materialized ? MG_OP_CREATE_MATERIALIZED_VIEW : MG_OP_CREATE_VIEW, want->loc);
    op->name = want->name;
    op->view = mg_view_copy(df->a, want);
    return mg_diff_emit(df, op);
}

int
mg_diff_views_create(differ *df)
{
    const mg_vec *vs = &df->want->views;
    for (size_t i = 0; i < vs->len; i++)
        if (alter_one(df, vs->items[i]) != 0)
            return -1;
    for (size_t made = 1; made > 0;) {
        made = 0;
        for (size_t i = 0; i < vs->len; i++) {
            const mg_view *w = vs->items[i];
            if (mg_schema_view(df->work, w->name) || !ready(df, w))
                continue;
            if (create_one(df, w) != 0)
                return -1;
            made++;
        }
    }
    for (size_t i = 0; i < vs->len; i++) {
        const mg_view *w = vs->items[i];
        if (!mg_schema_view(df->work, w->name)) {
            mg_diag_error(df->d, w->loc, "view \"%s\" reads itself through other views", w->name);
            return -1;
        }
    }
    return 0;
}
