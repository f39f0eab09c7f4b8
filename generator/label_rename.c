/* migc generator: an enum value rename followed into column defaults and expressions.
 * Only a default that is one quoted literal (with an optional cast) is rewritten; in a CHECK or
 * an index expression or predicate, a literal PostgreSQL read as the enum: cast to it, or compared
 * with (or listed IN for) a column of it. */
#include "label_rename.h"

#include <string.h>

#include "exprscan.h"
#include "strbuf.h"
#include "types.h"

/* A default cut in three: the literal's text (unescaped) and what follows its closing quote. */
typedef struct literal {
    const char *text;
    const char *rest; /* "" or a cast, "::role" */
} literal;

/* Reads a default that is one single-quoted literal, optionally cast; false for any other. */
static bool
read_literal(mg_arena *a, const char *def, literal *out)
{
    const char *p = def + strspn(def, " \t\n");
    if (*p++ != '\'')
        return false;
    mg_sb b;
    mg_sb_init(&b, a);
    for (; *p && !(p[0] == '\'' && p[1] != '\''); p++) {
        if (p[0] == '\'')
            p++; /* '' is one quote */
        mg_sb_putc(&b, *p);
    }
    if (*p != '\'')
        return false;
    const char *rest = p + 1, *after = rest + strspn(rest, " \t\n");
    if (*after != '\0' && strncmp(after, "::", 2) != 0)
        return false;
    out->text = mg_sb_str(&b);
    out->rest = rest;
    return true;
}

/* Writes text as a single-quoted SQL literal. */
static void
put_quoted(mg_sb *b, const char *text)
{
    mg_sb_putc(b, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '\'')
            mg_sb_putc(b, '\'');
        mg_sb_putc(b, *p);
    }
    mg_sb_putc(b, '\'');
}

/* True when an array element needs double quotes. */
static bool
element_needs_quotes(const char *s)
{
    return *s == '\0' || strpbrk(s, ",{}\"\\ \t") != NULL || strcmp(s, "NULL") == 0;
}

/* One element of an array literal's text, unquoted; *pp moves past it and the spaces after it. */
static const char *
read_element(mg_arena *a, const char **pp)
{
    const char *p = *pp + strspn(*pp, " ");
    mg_sb b;
    mg_sb_init(&b, a);
    if (*p == '"') {
        for (p++; *p && *p != '"'; p++) {
            if (*p == '\\' && p[1])
                p++;
            mg_sb_putc(&b, *p);
        }
        p += *p == '"';
    } else {
        size_t n = strcspn(p, ",}");
        while (n > 0 && p[n - 1] == ' ')
            n--;
        mg_sb_putn(&b, p, n);
        p += n;
    }
    *pp = p + strspn(p, " ");
    return mg_sb_str(&b);
}

/* The array literal text "{a,b}" with every element equal to from renamed; NULL when none is. */
static const char *
rename_elements(mg_arena *a, const char *text, const char *from, const char *to)
{
    size_t n = strlen(text);
    if (n < 2 || text[0] != '{' || text[n - 1] != '}' || strchr(text + 1, '{'))
        return NULL;
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_putc(&b, '{');
    bool renamed = false;
    for (const char *p = text + 1; *p && *p != '}';) {
        const char *e = read_element(a, &p);
        if (strcmp(e, from) == 0) {
            e = to;
            renamed = true;
        }
        if (b.len > 1)
            mg_sb_putc(&b, ',');
        if (element_needs_quotes(e)) {
            mg_sb_putc(&b, '"');
            for (const char *q = e; *q; q++) {
                if (*q == '"' || *q == '\\')
                    mg_sb_putc(&b, '\\');
                mg_sb_putc(&b, *q);
            }
            mg_sb_putc(&b, '"');
        } else {
            mg_sb_puts(&b, e);
        }
        p += *p == ',';
    }
    mg_sb_putc(&b, '}');
    return renamed ? mg_sb_str(&b) : NULL;
}

/* The default def of a column of the enum (array: of its array type) with the label renamed;
 * NULL when def is not a literal naming from. */
static const char *
renamed_default(mg_arena *a, const char *def, bool array, const char *from, const char *to)
{
    literal lit;
    if (!read_literal(a, def, &lit))
        return NULL;
    const char *text =
        array ? rename_elements(a, lit.text, from, to) : (strcmp(lit.text, from) == 0 ? to : NULL);
    if (text == NULL)
        return NULL;
    mg_sb b;
    mg_sb_init(&b, a);
    put_quoted(&b, text);
    mg_sb_puts(&b, lit.rest);
    return mg_sb_str(&b);
}

void
mg_label_rename_defaults(mg_arena *a, mg_schema *s, const char *enum_name, const char *from,
                         const char *to)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *t = s->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            mg_column *c = t->columns.items[j];
            size_t n = strlen(c->type);
            bool array = n > 2 && strcmp(c->type + n - 2, "[]") == 0;
            if (c->default_expr == NULL ||
                !mg_type_names_enum(c->type, n - (array ? 2 : 0), enum_name))
                continue;
            const char *def = renamed_default(a, c->default_expr, array, from, to);
            if (def != NULL)
                c->default_expr = def;
        }
    }
}

/* ---- expressions ---- */

/* Byte offsets of toks in expr, each found after the previous one with only blanks between;
 * false when something else is (a comment): then the expression is left as it is. */
static bool
token_offsets(const char *expr, const mg_exprtok *toks, size_t n, size_t *off)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(expr + at, toks[i].raw);
        if (p == NULL || strspn(expr + at, " \t\r\n") < (size_t)(p - (expr + at)))
            return false;
        off[i] = (size_t)(p - expr);
        at = off[i] + strlen(toks[i].raw);
    }
    return true;
}

static bool
is_tok(const mg_exprtok *t, mg_exprtok_kind kind, const char *raw)
{
    return t->kind == kind && strcmp(t->raw, raw) == 0;
}

static bool
is_comparison(const mg_exprtok *t)
{
    static const char *const ops[] = {"=", "<>", "!=", "<", ">", "<=", ">="};
    for (size_t i = 0; t->kind == MG_EXPRTOK_OP && i < sizeof(ops) / sizeof(ops[0]); i++)
        if (strcmp(t->raw, ops[i]) == 0)
            return true;
    return false;
}

/* True when toks[i] names one of cols (a column of the enum type). */
static bool
is_enum_column(const mg_exprtok *t, const mg_vec *cols)
{
    if (t->name == NULL || (t->kind != MG_EXPRTOK_WORD && t->kind != MG_EXPRTOK_QIDENT))
        return false;
    for (size_t i = 0; i < cols->len; i++)
        if (strcmp(cols->items[i], t->name) == 0)
            return true;
    return false;
}

/* The string at toks[i] is an enum literal: 'x'::enum, col = 'x', 'x' = col, col IN (.., 'x'). */
static bool
enum_literal(const mg_exprtok *toks, size_t n, size_t i, const char *enum_name, const mg_vec *cols)
{
    if (i + 2 < n && is_tok(&toks[i + 1], MG_EXPRTOK_PUNCT, "::") && toks[i + 2].name &&
        strcmp(toks[i + 2].name, enum_name) == 0)
        return true;
    if (i >= 2 && is_comparison(&toks[i - 1]) && is_enum_column(&toks[i - 2], cols))
        return true;
    if (i + 2 < n && is_comparison(&toks[i + 1]) && is_enum_column(&toks[i + 2], cols))
        return true;
    size_t j = i;
    while (j >= 2 && is_tok(&toks[j - 1], MG_EXPRTOK_PUNCT, ",") &&
           toks[j - 2].kind == MG_EXPRTOK_STRING)
        j -= 2;
    return j >= 3 && is_tok(&toks[j - 1], MG_EXPRTOK_PUNCT, "(") && toks[j - 2].name &&
           strcmp(toks[j - 2].name, "in") == 0 && toks[j - 2].kind == MG_EXPRTOK_WORD &&
           is_enum_column(&toks[j - 3], cols);
}

/* expr with the enum literals from written as to; expr itself when there is none. */
static const char *
renamed_expr(mg_arena *a, const char *expr, const char *enum_name, const mg_vec *cols,
             const char *from, const char *to)
{
    mg_exprtok *toks;
    size_t n;
    if (expr == NULL || mg_exprscan_tokens(a, expr, &toks, &n) != 0 || n == 0)
        return expr;
    size_t *off = mg_arena_alloc(a, n * sizeof(*off));
    mg_sb old, b;
    mg_sb_init(&old, a);
    put_quoted(&old, from);
    const char *quoted = mg_sb_str(&old);
    if (!token_offsets(expr, toks, n, off))
        return expr;
    mg_sb_init(&b, a);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        if (toks[i].kind != MG_EXPRTOK_STRING || strcmp(toks[i].raw, quoted) != 0 ||
            !enum_literal(toks, n, i, enum_name, cols))
            continue;
        mg_sb_putn(&b, expr + done, off[i] - done);
        put_quoted(&b, to);
        done = off[i] + strlen(toks[i].raw);
    }
    if (done == 0)
        return expr;
    mg_sb_puts(&b, expr + done);
    return mg_sb_str(&b);
}

void
mg_label_rename_exprs(mg_arena *a, mg_schema *s, const char *enum_name, const char *from,
                      const char *to)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        mg_table *t = s->tables.items[i];
        mg_vec cols = {0};
        for (size_t j = 0; j < t->columns.len; j++) {
            const mg_column *c = t->columns.items[j];
            if (mg_type_names_enum(c->type, strlen(c->type), enum_name))
                mg_vec_push(a, &cols, (void *)c->name);
        }
        if (cols.len == 0)
            continue;
        for (size_t j = 0; j < t->checks.len; j++) {
            mg_check *k = t->checks.items[j];
            k->expr = renamed_expr(a, k->expr, enum_name, &cols, from, to);
        }
        for (size_t j = 0; j < t->indexes.len; j++) {
            mg_index *x = t->indexes.items[j];
            x->where = renamed_expr(a, x->where, enum_name, &cols, from, to);
            x->expression = renamed_expr(a, x->expression, enum_name, &cols, from, to);
        }
    }
}
