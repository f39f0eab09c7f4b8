/* migc generator: diff of a table's columns (added, altered with their type hints and
 * generation changes, dropped) and of the comments of a table and its columns. */
#include "diff_internal.h"

#include <string.h>

#include "exprnorm.h"

/* A column of t, the table as it is, that w no longer has and whose type is type: the column a
 * new one may be a rename of. NULL when there is none. */
static const mg_column *
dropped_like(const mg_table *w, const mg_table *t, const char *type)
{
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *old = t->columns.items[i];
        if (strcmp(old->type, type) == 0 && mg_table_column(w, old->name) == NULL)
            return old;
    }
    return NULL;
}

static int
add_column(differ *df, const mg_table *w, const mg_table *t, const mg_column *c)
{
    if (!c->nullable && c->default_expr == NULL && c->identity == NULL && c->generated == NULL) {
        const mg_column *old = dropped_like(w, t, c->type);
        const char *hint =
            old ? mg_arena_printf(df->a,
                                  "; if it is \"%s\" renamed (a %s column this change drops), "
                                  "write `renamed_from: %s` on it",
                                  old->name, old->type, old->name)
                : "";
        mg_diag_error(df->d, c->loc,
                      "column \"%s\" is added to existing table \"%s\" as NOT NULL without a "
                      "default; give it a `default:` or make it `nullable: true`%s",
                      c->name, w->name, hint);
        return -1;
    }
    mg_op *op = mg_diff_op(df, MG_OP_ADD_COLUMN, c->loc);
    op->table = w->name;
    op->name = c->name;
    op->column_def = mg_column_copy(df->a, c);
    return mg_diff_emit(df, op);
}

/* True when the downgrade of a type change from `from` to `to` needs no USING: PostgreSQL casts
 * back on its own, or `from` is an enum (replay gives the downgrade a text cast to it). */
static bool
reverse_automatic(differ *df, const char *from, const char *to)
{
    return mg_schema_enum(df->work, from) != NULL || mg_diff_cast_automatic(to, from);
}

/* The using and down_using of a type change, from the column's hints (a hint an earlier revision
 * used is ignored where it cannot be meant: a widening, a down_using); without down_using a
 * downgrade that needs one is refused, or with --irreversible the change is marked irreversible. */
static int
type_hints(differ *df, const mg_table *w, const mg_column *c, const mg_column *have, mg_op *op)
{
    mg_hint h = {MG_OP_ALTER_COLUMN, w->name, c->name, c->using_expr, false, c->using_loc};
    /* A widening needs no USING: a hint an earlier revision used is a leftover there, ignored.
     * Any other change needs the hint written beside it, even when an earlier narrowing used
     * the same text (narrowed, widened, narrowed again). */
    op->using_expr =
        mg_diff_type_widens(have->type, c->type) ? mg_diff_hint_fresh(df, &h) : c->using_expr;
    h = (mg_hint){MG_OP_ALTER_COLUMN, w->name, c->name, c->down_using, true, c->down_using_loc};
    op->down_using = mg_diff_hint_fresh(df, &h);
    if (op->down_using != NULL || reverse_automatic(df, have->type, c->type))
        return 0;
    if (df->opt->irreversible) {
        op->irreversible = true;
        return 0;
    }
    mg_diag_error(df->d, c->type_loc.line ? c->type_loc : c->loc,
                  "column \"%s.%s\": its type changes from %s to %s, and PostgreSQL cannot change "
                  "it back from %s to %s without USING, so the downgrade would fail; give "
                  "`down_using:` next to `type:` (an expression of the %s value that yields %s, "
                  "e.g. down_using: \"NULL::%s\"), or run migc diff --irreversible",
                  w->name, c->name, have->type, c->type, c->type, have->type, c->type, have->type,
                  have->type);
    return -1;
}

/* A change of the generation expression: only dropping it can be written (DROP EXPRESSION, with
 * no way back on PostgreSQL 15, so under --irreversible); giving an existing column one, or
 * another one, is refused. */
static int
generation_change(differ *df, const mg_table *w, const mg_column *c, const mg_column *have,
                  mg_op *op)
{
    mg_exprctx gc = {w, NULL};
    if (mg_expr_same(df->a, have->generated, &gc, c->generated, &gc))
        return 0;
    if (c->generated != NULL) {
        mg_diag_error(df->d, c->loc,
                      "column \"%s.%s\": PostgreSQL 15 cannot give an existing column a "
                      "generation expression or change it; drop the column in one revision and "
                      "add it again in the next (its values are computed), or write a sql step",
                      w->name, c->name);
        return -1;
    }
    if (!df->opt->irreversible) {
        mg_diag_error(df->d, c->loc,
                      "column \"%s.%s\": dropping its generation expression keeps the values but "
                      "cannot be undone by a downgrade (PostgreSQL 15 cannot make a column "
                      "generated again); run migc diff --irreversible",
                      w->name, c->name);
        return -1;
    }
    op->drop_expression = true;
    op->irreversible = true;
    return 0;
}

static int
alter_column(differ *df, const mg_table *w, const mg_column *c, const mg_column *have)
{
    if (!mg_str_equal(c->identity, have->identity)) {
        mg_diag_error(df->d, c->loc,
                      "column \"%s.%s\": changing identity is not supported by alter_column; "
                      "write the change as a sql step",
                      w->name, c->name);
        return -1;
    }
    mg_op *op = mg_diff_op(df, MG_OP_ALTER_COLUMN, c->loc);
    op->table = w->name;
    op->name = c->name;
    op->has_type = strcmp(c->type, have->type) != 0;
    op->type = op->has_type ? c->type : NULL;
    if (op->has_type && type_hints(df, w, c, have, op) != 0)
        return -1;
    op->nullable_set = c->nullable != have->nullable;
    op->nullable = c->nullable;
    mg_exprctx dc = {NULL, op->has_type ? NULL : c->type}; /* casts to the column's own type */
    op->default_set = !mg_expr_same(df->a, have->default_expr, &dc, c->default_expr, &dc);
    op->default_expr = c->default_expr;
    op->collation_set = !mg_str_equal(c->collation, have->collation);
    op->collation = c->collation;
    if (generation_change(df, w, c, have, op) != 0)
        return -1;
    if (!op->has_type && !op->nullable_set && !op->default_set && !op->collation_set &&
        !op->drop_expression)
        return 0;
    if (op->has_type && !mg_diff_type_widens(have->type, c->type))
        mg_diff_destructive(df, "alter_column %s.%s: type change may lose data", w->name, c->name);
    return mg_diff_emit(df, op);
}

int
mg_diff_comment_op(differ *df, const mg_table *w, const char *column, const char *constraint,
                   const char *want, const char *have, mg_loc loc)
{
    if (mg_str_equal(want, have))
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_SET_COMMENT, loc);
    op->table = w->name;
    op->column = column;
    op->constraint = constraint;
    op->comment = want;
    return mg_diff_emit(df, op);
}

static int
comment_change(differ *df, const mg_table *w, const char *column, const char *want,
               const char *have, mg_loc loc)
{
    return mg_diff_comment_op(df, w, column, NULL, want, have, loc);
}

int
mg_diff_alter_columns(differ *df, const mg_table *w, const mg_table *t)
{
    for (size_t i = 0; i < w->columns.len; i++) {
        const mg_column *c = w->columns.items[i];
        const mg_column *have = mg_table_column(t, c->name);
        int rc = have ? alter_column(df, w, c, have) : add_column(df, w, t, c);
        if (rc == 0 && have)
            rc = comment_change(df, w, c->name, c->comment, have->comment, c->loc);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; i < t->columns.len;) {
        const mg_column *c = t->columns.items[i];
        if (mg_table_column(w, c->name) && (i++, 1))
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_DROP_COLUMN, c->loc);
        op->table = t->name;
        op->name = c->name;
        mg_diff_destructive(df, "drop_column %s.%s", t->name, c->name);
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return comment_change(df, w, NULL, w->comment, t->comment, w->loc);
}
