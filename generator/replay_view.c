/* migc generator: replay of the view and materialized view operations (SPEC §3.1 `views:`,
 * `materialized_views:`). create, drop, alter (views: CREATE OR REPLACE, which may only append
 * columns) and rename, each reversed. A view another view reads cannot be dropped, as PostgreSQL
 * refuses it. */
#include "replay.h"

#include <string.h>

#include "viewdeps.h"

static bool
op_materialized(mg_op_kind k)
{
    return k == MG_OP_CREATE_MATERIALIZED_VIEW || k == MG_OP_DROP_MATERIALIZED_VIEW ||
           k == MG_OP_RENAME_MATERIALIZED_VIEW;
}

static const char *
what(bool materialized)
{
    return materialized ? "materialized view" : "view";
}

/* The kind of relation or type name would clash with, or NULL. */
static const char *
taken(const mg_schema *s, const char *name)
{
    if (mg_schema_view(s, name) || mg_schema_table(s, name) || mg_schema_sequence(s, name))
        return "relation";
    if (mg_schema_ctype(s, name) || mg_schema_domain(s, name) || mg_schema_enum(s, name))
        return "type";
    return NULL;
}

/* Another view of the state that reads name; NULL when none. */
static const mg_view *
reader_of(mg_replay *r, const char *name)
{
    for (size_t i = 0; i < r->state->views.len; i++) {
        const mg_view *v = r->state->views.items[i];
        if (strcmp(v->name, name) != 0 && mg_view_reads(r->arena, v, name))
            return v;
    }
    return NULL;
}

static int
create_view(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    const mg_view *w = op->view;
    const char *kind = taken(r->state, w->name);
    if (kind != NULL) {
        mg_diag_error(r->diag, op->loc, "%s: a %s \"%s\" already exists", mg_op_kind_name(op->kind),
                      kind, w->name);
        return -1;
    }
    mg_view *v = mg_view_copy(r->arena, w);
    v->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
    filled->later_names = v->later_names;
    mg_vec_push(r->arena, &r->state->views, v);
    *reverse =
        mg_replay_new_op(r, v->materialized ? MG_OP_DROP_MATERIALIZED_VIEW : MG_OP_DROP_VIEW, op);
    (*reverse)->name = w->name;
    return 0;
}

static int
drop_view(mg_replay *r, const mg_op *op, mg_view *v, mg_op *filled, mg_op **reverse)
{
    const mg_view *user = reader_of(r, v->name);
    if (user != NULL) {
        mg_diag_error(r->diag, op->loc,
                      "%s: %s \"%s\" is read by %s \"%s\", which PostgreSQL refuses; drop that "
                      "one first",
                      mg_op_kind_name(op->kind), what(v->materialized), v->name,
                      what(user->materialized), user->name);
        return -1;
    }
    filled->view = mg_view_copy(r->arena, v);
    for (size_t i = 0; i < r->state->views.len; i++)
        if (r->state->views.items[i] == v)
            mg_vec_remove(&r->state->views, i);
    *reverse = mg_replay_new_op(
        r, v->materialized ? MG_OP_CREATE_MATERIALIZED_VIEW : MG_OP_CREATE_VIEW, op);
    (*reverse)->name = v->name;
    (*reverse)->view = filled->view;
    return 0;
}

/* The module's schema, which qualifies a relation name for nothing in a view's query. */
static const char *
module_schema(const mg_replay *r)
{
    return r->settings != NULL ? r->settings->schema : NULL;
}

/* A new query must keep the old output columns and may append some (CREATE OR REPLACE VIEW). */
static int
query_replaceable(mg_replay *r, const mg_op *op, const mg_view *v)
{
    if (!(op->view_set & MG_VIEW_QUERY) || op->view_recreate ||
        mg_view_query_same(r->arena, v->query, op->view->query, module_schema(r)) ||
        mg_view_query_appends(r->arena, v->query, op->view->query))
        return 0;
    mg_diag_error(r->diag, op->loc,
                  "alter_view: the new query of view \"%s\" does not only append columns to the "
                  "old one, which CREATE OR REPLACE VIEW refuses; use drop_view and create_view",
                  v->name);
    return -1;
}

static int
alter_view(mg_replay *r, const mg_op *op, mg_view *v, mg_op *filled, mg_op **reverse)
{
    bool comment_only = op->view_set == MG_VIEW_COMMENT;
    if ((v->materialized && !comment_only) || query_replaceable(r, op, v) != 0) {
        if (v->materialized && !comment_only)
            mg_diag_error(r->diag, op->loc,
                          "alter_view: \"%s\" is a materialized view, of which alter_view "
                          "changes only the comment",
                          v->name);
        return -1;
    }
    *reverse = mg_replay_new_op(r, MG_OP_ALTER_VIEW, op);
    (*reverse)->name = v->name;
    (*reverse)->view_set = op->view_set;
    (*reverse)->view = mg_view_copy(r->arena, v);
    (*reverse)->view_recreate =
        (op->view_set & MG_VIEW_QUERY) &&
        !mg_view_query_same(r->arena, v->query, op->view->query, module_schema(r));
    filled->view_before = (*reverse)->view;
    if (op->view_set & MG_VIEW_QUERY)
        v->query = op->view->query;
    if (op->view_set & MG_VIEW_OPTIONS) {
        v->security_barrier = op->view->security_barrier;
        v->security_invoker = op->view->security_invoker;
        v->check_option = op->view->check_option;
    }
    if (op->view_set & MG_VIEW_COMMENT)
        v->comment = op->view->comment;
    filled->view = mg_view_copy(r->arena, v);
    (*reverse)->view_before = filled->view;
    return 0;
}

static int
rename_view(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    bool m = op_materialized(op->kind);
    mg_view *v = mg_schema_view(r->state, op->from);
    if (v == NULL || v->materialized != m || taken(r->state, op->to)) {
        bool absent = v == NULL || v->materialized != m;
        mg_diag_error(r->diag, op->loc, "%s: %s \"%s\" %s", mg_op_kind_name(op->kind), what(m),
                      absent ? op->from : op->to, absent ? "does not exist" : "already exists");
        return -1;
    }
    mg_replay_view_follow(r, op->from, op->to);
    v->name = op->to;
    if (v->later_names)
        mg_vec_push(r->arena, v->later_names, (void *)op->to);
    *reverse = mg_replay_new_op(r, op->kind, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

void
mg_replay_view_follow(mg_replay *r, const char *from, const char *to)
{
    for (size_t i = 0; i < r->state->views.len; i++) {
        mg_view *v = r->state->views.items[i];
        v->query = mg_text_rename(r->arena, v->query, from, to);
        for (size_t j = 0; j < v->depends_on.len; j++)
            if (strcmp(v->depends_on.items[j], from) == 0)
                v->depends_on.items[j] = (void *)to;
    }
}

int
mg_replay_view_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_VIEW || op->kind == MG_OP_CREATE_MATERIALIZED_VIEW)
        return create_view(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_VIEW || op->kind == MG_OP_RENAME_MATERIALIZED_VIEW)
        return rename_view(r, op, reverse);
    bool m = op_materialized(op->kind);
    mg_view *v = mg_schema_view(r->state, op->name);
    if (v == NULL || (v->materialized != m && op->kind != MG_OP_ALTER_VIEW)) {
        mg_diag_error(r->diag, op->loc, "%s: %s \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), what(m), op->name);
        return -1;
    }
    if (op->kind == MG_OP_ALTER_VIEW)
        return alter_view(r, op, v, filled, reverse);
    return drop_view(r, op, v, filled, reverse);
}
