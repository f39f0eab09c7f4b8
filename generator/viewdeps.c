/* migc generator: what a view reads, from its text (viewdeps.h). */
#include "viewdeps.h"

#include <string.h>

#include "exprnorm.h"
#include "exprscan.h"
#include "strbuf.h"
#include "types.h"

bool
mg_text_names(mg_arena *a, const char *text, const char *name)
{
    mg_exprtok *toks;
    size_t n;
    if (text == NULL)
        return false;
    if (mg_exprscan_tokens(a, text, &toks, &n) != 0)
        return true;
    for (size_t i = 0; i < n; i++) {
        const mg_exprtok *t = &toks[i];
        if (t->kind == MG_EXPRTOK_WORD || t->kind == MG_EXPRTOK_QIDENT) {
            if (t->name == NULL || strcmp(t->name, name) == 0)
                return true;
        } else if (t->kind == MG_EXPRTOK_STRING && t->raw[0] == '$') {
            if (strstr(t->raw, name) != NULL) /* a function body in the query */
                return true;
        }
    }
    return false;
}

const char *
mg_text_rename(mg_arena *a, const char *text, const char *from, const char *to)
{
    mg_exprtok *t;
    size_t n;
    if (text == NULL || !mg_text_names(a, text, from) || mg_exprscan_tokens(a, text, &t, &n) != 0)
        return text;
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        bool named = t[i].kind == MG_EXPRTOK_WORD || t[i].kind == MG_EXPRTOK_QIDENT;
        if (i > 0)
            mg_sb_putc(&b, ' ');
        mg_sb_puts(&b, named && t[i].name && strcmp(t[i].name, from) == 0 ? mg_type_ident(a, to)
                                                                          : t[i].raw);
    }
    return mg_sb_str(&b);
}

bool
mg_view_reads(mg_arena *a, const mg_view *v, const char *name)
{
    for (size_t i = 0; i < v->depends_on.len; i++)
        if (strcmp(v->depends_on.items[i], name) == 0)
            return true;
    return mg_text_names(a, v->query, name);
}

bool
mg_view_reads_column(mg_arena *a, const mg_view *v, const char *table, const char *column)
{
    if (!mg_view_reads(a, v, table))
        return false;
    /* SELECT * and t.* read every column */
    return mg_text_names(a, v->query, column) || strchr(v->query, '*') != NULL;
}

/* Two tokens read alike: words and quoted names by name, the rest as written. */
static bool
tok_same(const mg_exprtok *x, const mg_exprtok *y)
{
    bool xn = x->kind == MG_EXPRTOK_WORD || x->kind == MG_EXPRTOK_QIDENT;
    bool yn = y->kind == MG_EXPRTOK_WORD || y->kind == MG_EXPRTOK_QIDENT;
    if (xn || yn)
        return xn && yn && x->name && y->name && strcmp(x->name, y->name) == 0;
    return x->kind == y->kind && strcmp(x->raw, y->raw) == 0;
}

/* Index of the first FROM outside parentheses, or n. */
static size_t
top_from(const mg_exprtok *t, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind == MG_EXPRTOK_PUNCT && strcmp(t[i].raw, "(") == 0)
            depth++;
        else if (t[i].kind == MG_EXPRTOK_PUNCT && strcmp(t[i].raw, ")") == 0)
            depth--;
        else if (depth == 0 && t[i].kind == MG_EXPRTOK_WORD && strcmp(t[i].name, "from") == 0)
            return i;
    }
    return n;
}

bool
mg_view_query_appends(mg_arena *a, const char *from, const char *to)
{
    mg_exprtok *x, *y;
    size_t nx, ny;
    if (mg_exprscan_tokens(a, from, &x, &nx) != 0 || mg_exprscan_tokens(a, to, &y, &ny) != 0)
        return false;
    size_t fx = top_from(x, nx), fy = top_from(y, ny);
    if (fy <= fx || nx - fx != ny - fy || nx == 0 || x[0].kind != MG_EXPRTOK_WORD ||
        strcmp(x[0].name, "select") != 0)
        return false;
    for (size_t i = 0; i < fx; i++)
        if (!tok_same(&x[i], &y[i]))
            return false;
    if (y[fx].kind != MG_EXPRTOK_PUNCT || strcmp(y[fx].raw, ",") != 0)
        return false;
    for (size_t i = 0; fx + i < nx; i++)
        if (!tok_same(&x[fx + i], &y[fy + i]))
            return false;
    return true;
}

bool
mg_view_query_same(mg_arena *a, const char *x, const char *y, const char *schema)
{
    if (x == NULL || y == NULL || strcmp(x, y) == 0)
        return x == y || (x != NULL && y != NULL);
    const char *nx = mg_query_normal(a, x, schema), *ny = mg_query_normal(a, y, schema);
    return nx != NULL && ny != NULL && strcmp(nx, ny) == 0;
}
