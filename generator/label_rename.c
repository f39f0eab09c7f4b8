/* migc generator: an enum value rename followed into column defaults.
 * Only a default that is one quoted literal (with an optional cast) is rewritten. */
#include "label_rename.h"

#include <string.h>

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
