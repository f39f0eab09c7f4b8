/* migc generator: the diff of functions and procedures (SPEC §3.1 `functions:`).
 * A function is created once what its text names exists: migc finds the declared tables and
 * functions whose names appear in its arguments, result and body (quoted or not), plus those of
 * `depends_on`. Functions that name no table come before the tables (a default or check may call
 * them), the others after them; drops run the other way round. Bodies compare after trimming. */
#include "diff_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "pattern.h"

static bool
ident_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$';
}

/* The first place name occurs in text, ignoring ASCII case; NULL when none. */
static const char *
find_nocase(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; *p != '\0'; p++)
        if (strncasecmp(p, name, n) == 0)
            return p;
    return NULL;
}

/* True when name occurs in text as a whole word (case-insensitively), or double-quoted. */
static bool
text_names(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; text != NULL && (p = find_nocase(p, name)) != NULL; p++) {
        bool quoted = p > text && p[-1] == '"' && p[n] == '"';
        if (quoted ? strncmp(p, name, n) == 0
                   : (p == text || !ident_char(p[-1])) && !ident_char(p[n]))
            return true;
    }
    return false;
}

/* True when f's text or depends_on names name. */
static bool
func_uses(const mg_func *f, const char *name)
{
    for (size_t i = 0; i < f->depends_on.len; i++)
        if (strcmp(f->depends_on.items[i], name) == 0)
            return true;
    return text_names(f->body, name) || text_names(f->returns, name) ||
           text_names(f->arguments, name);
}

/* True when f names a table of s. */
static bool
names_table(const mg_schema *s, const mg_func *f)
{
    for (size_t i = 0; i < s->tables.len; i++)
        if (func_uses(f, ((const mg_table *)s->tables.items[i])->name))
            return true;
    return false;
}

/* True when every declared table and function f names exists in the working state. */
static bool
ready(const differ *df, const mg_func *f)
{
    for (size_t i = 0; i < df->want->tables.len; i++) {
        const char *t = ((const mg_table *)df->want->tables.items[i])->name;
        if (func_uses(f, t) && mg_schema_table(df->work, t) == NULL)
            return false;
    }
    for (size_t i = 0; i < df->want->funcs.len; i++) {
        const mg_func *g = df->want->funcs.items[i];
        if (g != f && strcmp(g->proname, f->proname) != 0 && func_uses(f, g->proname) &&
            mg_schema_func(df->work, g->name) == NULL)
            return false;
    }
    return true;
}

static bool
same_set(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const mg_check *a = x->items[i], *b = y->items[i];
        if (strcmp(a->name, b->name) != 0 || strcmp(a->expr, b->expr) != 0)
            return false;
    }
    return true;
}

bool
mg_diff_func_same(const mg_func *x, const mg_func *y)
{
    return x->procedure == y->procedure && mg_str_equal(x->arguments, y->arguments) &&
           mg_str_equal(x->returns, y->returns) && mg_str_equal(x->language, y->language) &&
           mg_str_equal(x->volatility, y->volatility) && x->strict == y->strict &&
           x->security_definer == y->security_definer && x->leakproof == y->leakproof &&
           mg_str_equal(x->parallel, y->parallel) && mg_str_equal(x->cost, y->cost) &&
           mg_str_equal(x->rows, y->rows) && same_set(&x->set, &y->set) &&
           migc_same_trimmed(x->body, y->body) && mg_str_equal(x->comment, y->comment);
}

/* A rename when want's renamed_from names a function that is no longer declared. */
static int
rename_one(differ *df, const mg_func *want, bool *done)
{
    const char *from = want->renamed_from;
    mg_hint h = {MG_OP_RENAME_FUNCTION, want->name, NULL, from, false, want->renamed_from_loc};
    *done = false;
    if (from == NULL || !mg_schema_func(df->work, from) || mg_schema_func(df->want, from) ||
        strcmp(strchr(from, '('), strchr(want->name, '(')) != 0 ||
        mg_diff_hint_fresh(df, &h) == NULL)
        return 0;
    mg_op *op = mg_diff_op(df, MG_OP_RENAME_FUNCTION, want->loc);
    op->from = from;
    op->to = want->name;
    *done = true;
    return mg_diff_emit(df, op);
}

/* True when have becomes want only by DROP and CREATE (a new result, arguments or kind). */
static bool
rebuilt(const mg_func *have, const mg_func *want)
{
    return have != NULL &&
           !(mg_str_equal(have->returns, want->returns) &&
             mg_str_equal(have->arguments, want->arguments) && have->procedure == want->procedure);
}

/* The column defaults and checks of the working state that call f: PostgreSQL will not drop f
 * under them. Each as an operation that takes it away and one that puts it back as it was (the
 * table diff makes its own changes later). A stored generated column or an index that calls f
 * cannot be taken away so: an error. */
typedef struct dependents {
    mg_vec away, back; /* mg_op * */
} dependents;

static void
default_dependent(differ *df, const mg_table *t, const mg_column *c, dependents *out)
{
    for (int restore = 0; restore <= 1; restore++) {
        mg_op *op = mg_diff_op(df, MG_OP_ALTER_COLUMN, c->loc);
        op->table = t->name;
        op->name = c->name;
        op->default_set = true;
        op->default_expr = restore ? c->default_expr : NULL;
        mg_vec_push(df->a, restore ? &out->back : &out->away, op);
    }
}

static void
check_dependent(differ *df, const mg_table *t, mg_check *c, dependents *out)
{
    mg_op *away = mg_diff_op(df, MG_OP_DROP_CHECK, c->loc), *back;
    away->table = t->name;
    away->name = c->name;
    back = mg_diff_op(df, MG_OP_ADD_CHECK, c->loc);
    back->table = t->name;
    back->check = c;
    mg_vec_push(df->a, &out->away, away);
    mg_vec_push(df->a, &out->back, back);
}

static int
table_dependents(differ *df, const mg_func *want, const mg_table *t, dependents *out)
{
    const char *f = want->proname;
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *c = t->columns.items[i];
        if (c->generated != NULL && text_names(c->generated, f)) {
            mg_diag_error(df->d, want->loc,
                          "function %s: its result changes, so it is dropped and created again, "
                          "which PostgreSQL refuses while the generated column %s.%s calls it; "
                          "drop the column in a revision before",
                          want->name, t->name, c->name);
            return -1;
        }
        if (c->default_expr != NULL && text_names(c->default_expr, f))
            default_dependent(df, t, c, out);
    }
    for (size_t i = 0; i < t->checks.len; i++)
        if (text_names(((const mg_check *)t->checks.items[i])->expr, f))
            check_dependent(df, t, t->checks.items[i], out);
    for (size_t i = 0; i < t->indexes.len; i++) {
        const mg_index *x = t->indexes.items[i];
        if (text_names(x->expression, f) || text_names(x->where, f)) {
            mg_diag_error(df->d, want->loc,
                          "function %s: its result changes, so it is dropped and created again, "
                          "which PostgreSQL refuses while index %s calls it; drop the index in "
                          "a revision before",
                          want->name, x->name);
            return -1;
        }
    }
    return 0;
}

/* Emits the operations of list. */
static int
emit_all(differ *df, const mg_vec *list)
{
    for (size_t i = 0; i < list->len; i++)
        if (mg_diff_emit(df, list->items[i]) != 0)
            return -1;
    return 0;
}

/* Creates, renames or alters want to match; nothing when it matches already. */
static int
one(differ *df, const mg_func *want)
{
    const mg_func *have = mg_schema_func(df->work, want->name);
    bool renamed = false;
    if (have == NULL && rename_one(df, want, &renamed) != 0)
        return -1;
    have = mg_schema_func(df->work, want->name);
    if (have != NULL && mg_diff_func_same(have, want))
        return 0;
    dependents deps = {{0}, {0}};
    for (size_t i = 0; rebuilt(have, want) && i < df->work->tables.len; i++)
        if (table_dependents(df, want, df->work->tables.items[i], &deps) != 0)
            return -1;
    mg_op *op = mg_diff_op(df, have ? MG_OP_ALTER_FUNCTION : MG_OP_CREATE_FUNCTION, want->loc);
    op->name = want->name;
    op->func = mg_func_copy(df->a, want);
    return emit_all(df, &deps.away) != 0 || mg_diff_emit(df, op) != 0 ? -1
                                                                      : emit_all(df, &deps.back);
}

int
mg_diff_funcs_create(differ *df, bool tables)
{
    for (size_t before = SIZE_MAX; before != df->out->ops.len;) {
        before = df->out->ops.len;
        for (size_t i = 0; i < df->want->funcs.len; i++) {
            const mg_func *f = df->want->funcs.items[i];
            if (names_table(df->want, f) == tables && ready(df, f) && one(df, f) != 0)
                return -1;
        }
    }
    for (size_t i = 0; tables && i < df->want->funcs.len; i++)
        if (one(df, df->want->funcs.items[i]) != 0)
            return -1;
    return 0;
}

/* True when another function of the working state that is going too names f. */
static bool
used_by_leaving(const differ *df, const mg_func *f)
{
    for (size_t i = 0; i < df->work->funcs.len; i++) {
        const mg_func *g = df->work->funcs.items[i];
        if (g != f && !mg_schema_func(df->want, g->name) && func_uses(g, f->proname) &&
            strcmp(g->proname, f->proname) != 0)
            return true;
    }
    return false;
}

/* Drops the functions no longer declared that name a table (or not), those another leaving
 * function names last unless all. */
static int
drop_pass(differ *df, bool tables, bool all)
{
    for (size_t i = 0; i < df->work->funcs.len;) {
        const mg_func *have = df->work->funcs.items[i];
        if (mg_schema_func(df->want, have->name) || names_table(df->work, have) != tables ||
            (!all && used_by_leaving(df, have))) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_FUNCTION, have->loc);
        op->name = have->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_funcs_drop(differ *df, bool tables)
{
    for (size_t before = SIZE_MAX; before != df->out->ops.len;) {
        before = df->out->ops.len;
        if (drop_pass(df, tables, false) != 0)
            return -1;
    }
    return drop_pass(df, tables, true);
}
