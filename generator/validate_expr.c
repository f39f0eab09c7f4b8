/* migc generator: validation of the SQL a schema or a revision writes into its objects.
 * Column names inside checks, index keys, expressions and where clauses, and defaults; enum
 * defaults among the values; operator classes of PostgreSQL or of a declared extension. */
#include "validate.h"

#include <string.h>

#include "exprscan.h"
#include "load_util.h"
#include "opclass.h"
#include "sequence.h"
#include "strbuf.h"
#include "types.h"

/* What is being checked: one table of a schema (or of a replayed state). */
typedef struct exprs {
    mg_arena *a;
    const mg_schema *s;
    const mg_table *t;
    const mg_op *op; /* the revision operation that writes it; NULL for schema.yaml */
    mg_diag *d;
} exprs;

/* System columns: PostgreSQL has them on every table (a check may use tableoid only, which
 * PostgreSQL itself says; they are never a misspelt column). */
static const char *const system_columns[] = {"ctid", "xmin",     "xmax", "cmin",
                                             "cmax", "tableoid", NULL};

static bool
in_list(const char *word, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcmp(word, *list) == 0)
            return true;
    return false;
}

static bool
vec_has(const mg_vec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0)
            return true;
    return false;
}

/* Records msg at the object's own location, or at the operation's, prefixed with its kind. */
static void
report(const exprs *x, mg_loc own, const char *msg)
{
    if (x->op == NULL)
        mg_diag_error(x->d, own, "%s", msg);
    else
        mg_diag_error(x->d, x->op->loc, "%s: %s", mg_op_kind_name(x->op->kind), msg);
}

/* " (did you mean "col"?)" for the column of the table nearest to name, or "". */
static const char *
did_you_mean(const exprs *x, const char *name)
{
    const char **names = mg_arena_alloc(x->a, (x->t->columns.len + 1) * sizeof(*names));
    for (size_t i = 0; i < x->t->columns.len; i++)
        names[i] = ((const mg_column *)x->t->columns.items[i])->name;
    const char *best = mg_load_suggest(name, names, NULL);
    return best ? mg_arena_printf(x->a, " (did you mean \"%s\"?)", best) : "";
}

/* Reports each name of expr that reads as a column the table does not have; what names the
 * expression ("check users_email_nonempty"). Text the scanner cannot read is left alone. */
static void
unknown_columns(const exprs *x, const char *expr, mg_loc own, const char *what)
{
    mg_vec refs = {0}, seen = {0};
    if (expr == NULL || mg_exprscan_columns(x->a, expr, x->t->name, &refs) != 0)
        return;
    for (size_t i = 0; i < refs.len; i++) {
        const mg_exprref *r = refs.items[i];
        if (mg_table_column(x->t, r->name) || in_list(r->name, system_columns) ||
            vec_has(&seen, r->name))
            continue;
        mg_vec_push(x->a, &seen, (void *)r->name);
        report(x, own,
               mg_arena_printf(x->a, "%s names column \"%s\", which table %s does not have%s", what,
                               r->name, x->t->name, did_you_mean(x, r->name)));
    }
}

/* The operator class name as PostgreSQL looks it up: lower case, without a schema or
 * parameters (gist_trgm_ops(siglen=32)); NULL when it is quoted (left to PostgreSQL). */
static const char *
opclass_name(mg_arena *a, const char *written)
{
    if (strchr(written, '"') != NULL)
        return NULL;
    const char *dot = strrchr(written, '.');
    char *name = mg_arena_strdup(a, dot ? dot + 1 : written);
    name[strcspn(name, "( \t")] = '\0';
    for (char *c = name; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    return name;
}

/* True when migc knows the operator classes of every extension the schema declares, so that a
 * name it does not know cannot come from one of them. */
static bool
extensions_known(const mg_schema *s)
{
    for (size_t i = 0; i < s->extensions.len; i++)
        if (!mg_opclass_extension_known(((const mg_ext *)s->extensions.items[i])->name))
            return false;
    return true;
}

static void
check_opclass(const exprs *x, const mg_index *idx, const char *name)
{
    const char *ext, *methods, *hint;
    switch (mg_opclass_lookup(x->a, name, idx->method, &ext, &methods)) {
    case MG_OPCLASS_BUILTIN:
        return;
    case MG_OPCLASS_EXTENSION:
        if (mg_schema_extension(x->s, ext) != NULL)
            return;
        hint = x->op ? "create it with create_extension in this or an earlier revision"
                     : mg_arena_printf(x->a, "declare it: extensions: [%s]", ext);
        report(x, idx->loc,
               mg_arena_printf(x->a,
                               "index %s: operator class %s comes with the extension %s, which is "
                               "not declared (%s)",
                               idx->name, name, ext, hint));
        return;
    case MG_OPCLASS_OTHER_METHOD:
        report(x, idx->loc,
               mg_arena_printf(
                   x->a, "index %s: operator class %s does not serve index method %s, only %s",
                   idx->name, name, idx->method, methods));
        return;
    case MG_OPCLASS_UNKNOWN:
        break;
    }
    if (!extensions_known(x->s))
        return; /* it may come from a declared extension migc does not know */
    const char *best = mg_opclass_suggest(x->a, name);
    report(x, idx->loc,
           mg_arena_printf(x->a,
                           "index %s: unknown operator class %s%s: neither PostgreSQL nor a "
                           "declared extension has it for index method %s (declare the extension "
                           "that provides it)",
                           idx->name, name,
                           best ? mg_arena_printf(x->a, " (did you mean %s?)", best) : "",
                           idx->method));
}

static void
index_opclasses(const exprs *x, const mg_index *idx)
{
    for (size_t i = 0; i < idx->opclass.len; i++) {
        const char *written = idx->opclass.items[i];
        const char *name = written ? opclass_name(x->a, written) : NULL;
        if (name != NULL && name[0] != '\0')
            check_opclass(x, idx, name);
    }
}

/* The expression, where clause, expression keys ("lower(email)", "\"Display Name\" DESC") and
 * operator classes of an index. */
static void
index_exprs(const exprs *x, const mg_index *idx)
{
    mg_arena *a = x->a;
    unknown_columns(x, idx->expression, idx->loc,
                    mg_arena_printf(a, "expression of index %s", idx->name));
    unknown_columns(x, idx->where, idx->loc, mg_arena_printf(a, "where of index %s", idx->name));
    for (size_t i = 0; i < idx->keys.len; i++) {
        const char *k = idx->keys.items[i];
        if (mg_index_key_column_len(k) == 0) /* plain names are checked with the keys */
            unknown_columns(x, k, idx->loc,
                            mg_arena_printf(a, "key \"%s\" of index %s", k, idx->name));
    }
    index_opclasses(x, idx);
}

/* A default may name no column (PostgreSQL: "cannot use column reference in default
 * expression"). A name of the table is always that error; an unknown name is reported only
 * when it is the whole default (default: active, meant as 'active'), where nothing else can
 * have been meant. */
static void
column_default(const exprs *x, const mg_column *c)
{
    mg_vec refs = {0};
    if (c->default_expr == NULL ||
        mg_exprscan_columns(x->a, c->default_expr, x->t->name, &refs) != 0)
        return;
    for (size_t i = 0; i < refs.len; i++) {
        const mg_exprref *r = refs.items[i];
        if (mg_table_column(x->t, r->name) != NULL) {
            report(x, c->loc,
                   mg_arena_printf(x->a,
                                   "column %s.%s: default cannot refer to column \"%s\" "
                                   "(PostgreSQL allows no column reference in a default)",
                                   x->t->name, c->name, r->name));
            return;
        }
        if (r->alone && !in_list(r->name, system_columns)) {
            report(x, c->loc,
                   mg_arena_printf(x->a,
                                   "column %s.%s: default %s reads as a column reference, which "
                                   "PostgreSQL refuses in a default; a string is written in "
                                   "single quotes: default: \"'%s'\"",
                                   x->t->name, c->name, c->default_expr, r->name));
            return;
        }
    }
}

/* The enum a column's type names (not an array of it), or NULL. */
static const mg_enum *
column_enum(const exprs *x, const mg_column *c)
{
    if (strchr(c->type, '[') != NULL)
        return NULL;
    for (size_t i = 0; i < x->s->enums.len; i++) {
        const mg_enum *e = x->s->enums.items[i];
        if (mg_type_names_enum(c->type, strlen(c->type), e->name))
            return e;
    }
    return NULL;
}

/* value as a SQL string literal, quotes doubled. */
static const char *
sql_string(mg_arena *a, const char *value)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_putc(&b, '\'');
    for (const char *c = value; *c; c++) {
        if (*c == '\'')
            mg_sb_putc(&b, '\'');
        mg_sb_putc(&b, *c);
    }
    mg_sb_putc(&b, '\'');
    return mg_sb_str(&b);
}

/* What one nextval scan of a default reports against. */
typedef struct nextval_ctx {
    const exprs *x;
    const mg_column *c;
} nextval_ctx;

/* True when name is the sequence PostgreSQL makes for an identity column: <table>_<column>_seq. */
static bool
identity_sequence(const exprs *x, const char *name)
{
    for (size_t i = 0; i < x->s->tables.len; i++) {
        const mg_table *t = x->s->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            const mg_column *c = t->columns.items[j];
            if (c->identity != NULL &&
                strcmp(mg_arena_printf(x->a, "%s_%s_seq", t->name, c->name), name) == 0)
                return true;
        }
    }
    return false;
}

static int
nextval_declared(const char *name, void *ctx)
{
    const nextval_ctx *n = ctx;
    if (mg_schema_sequence(n->x->s, name) != NULL || identity_sequence(n->x, name))
        return 0;
    const char *hint = n->x->op != NULL ? "create_sequence it in an earlier operation"
                                        : "declare it under sequences:";
    report(n->x, n->c->loc,
           mg_arena_printf(n->x->a,
                           "column %s.%s: default %s uses sequence \"%s\", which is not declared "
                           "(%s, with owned_by: %s.%s if the column owns it)",
                           n->x->t->name, n->c->name, n->c->default_expr, name, hint, n->x->t->name,
                           n->c->name));
    return 0;
}

/* A default calling nextval('name') must name a declared sequence, or one an identity column owns
 * (SPEC §3.1). */
static void
nextval_default(const exprs *x, const mg_column *c)
{
    nextval_ctx n = {x, c};
    if (c->default_expr != NULL)
        mg_seq_nextval_names(x->a, c->default_expr, nextval_declared, &n);
}

/* A default of an enum column written 'x' or 'x'::that_enum must be one of its values. */
static void
enum_default(const exprs *x, const mg_column *c)
{
    const mg_enum *e = c->default_expr ? column_enum(x, c) : NULL;
    const char *cast;
    const char *v = e ? mg_exprscan_literal(x->a, c->default_expr, &cast) : NULL;
    if (v == NULL || (cast != NULL && strcmp(cast, e->name) != 0) || vec_has(&e->values, v))
        return;
    mg_sb values;
    mg_sb_init(&values, x->a);
    for (size_t i = 0; i < e->values.len; i++)
        mg_sb_printf(&values, "%s%s", i ? ", " : "", (const char *)e->values.items[i]);
    report(x, c->loc,
           mg_arena_printf(x->a, "column %s.%s: default %s is not a value of enum %s (values: %s)",
                           x->t->name, c->name, sql_string(x->a, v), mg_type_ident(x->a, e->name),
                           mg_sb_str(&values)));
}

static void
column_exprs(const exprs *x, const mg_column *c)
{
    if (c == NULL)
        return;
    column_default(x, c);
    enum_default(x, c);
    nextval_default(x, c);
}

/* The expressions of an exclusion constraint's elements (before WITH) and its where. */
static void
excl_exprs(const exprs *x, const mg_exclusion *e, mg_loc loc)
{
    const char *what = mg_arena_printf(x->a, "exclusion constraint %s", e->name);
    for (size_t i = 0; i < e->elements.len; i++) {
        const char *el = e->elements.items[i], *w = mg_excl_element_with(el);
        const char *expr = w ? mg_arena_strndup(x->a, el, (size_t)(w - el)) : el;
        unknown_columns(x, expr, loc, what);
    }
    if (e->where != NULL)
        unknown_columns(x, e->where, loc, what);
}

void
mg_validate_table_exprs(mg_arena *a, const mg_schema *s, const mg_table *t, const mg_op *op,
                        mg_diag *d)
{
    exprs x = {a, s, t, op, d};
    for (size_t i = 0; i < t->columns.len; i++)
        column_exprs(&x, t->columns.items[i]);
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *ck = t->checks.items[i];
        unknown_columns(&x, ck->expr, ck->loc, mg_arena_printf(a, "check %s", ck->name));
    }
    for (size_t i = 0; i < t->indexes.len; i++)
        index_exprs(&x, t->indexes.items[i]);
    for (size_t i = 0; i < t->excls.len; i++)
        excl_exprs(&x, t->excls.items[i], ((const mg_exclusion *)t->excls.items[i])->loc);
}

/* The table an operation writes into, or NULL. */
static const char *
op_table(const mg_op *op)
{
    if (op->kind == MG_OP_CREATE_TABLE)
        return op->table_def ? op->table_def->name : NULL;
    return op->table;
}

int
mg_validate_op(mg_arena *a, const mg_schema *state, const mg_op *op, mg_diag *d)
{
    const char *name = op_table(op);
    const mg_table *t = name ? mg_schema_table(state, name) : NULL;
    if (t == NULL)
        return 0;
    size_t before = mg_diag_count(d);
    exprs x = {a, state, t, op, d};
    if (op->kind == MG_OP_CREATE_TABLE)
        mg_validate_table_exprs(a, state, t, op, d);
    else if (op->kind == MG_OP_ADD_CHECK && op->check != NULL)
        unknown_columns(&x, op->check->expr, op->loc,
                        mg_arena_printf(a, "check %s", op->check->name));
    else if (op->kind == MG_OP_ADD_EXCLUSION && op->excl != NULL)
        excl_exprs(&x, op->excl, op->loc);
    else if (op->kind == MG_OP_CREATE_INDEX && op->index != NULL)
        index_exprs(&x, op->index);
    else if (op->kind == MG_OP_ADD_COLUMN && op->column_def != NULL)
        column_exprs(&x, mg_table_column(t, op->column_def->name));
    else if (op->kind == MG_OP_ALTER_COLUMN && (op->default_set || op->has_type))
        column_exprs(&x, mg_table_column(t, op->name));
    return mg_diag_count(d) > before ? -1 : 0;
}
