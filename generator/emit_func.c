/* migc generator: YAML writer for functions and triggers.
 * A function is written as a block map (create_function, alter_function, schema.yaml from
 * inspect), its body as a literal block scalar when YAML keeps the text exactly; a trigger as a
 * flow map. */
#include "emit.h"

#include <string.h>

/* True when text reads back unchanged from a literal block scalar: printable, no trailing blank
 * on a line, not only newlines. */
static bool
block_safe(const char *text)
{
    if (text[strspn(text, "\n")] == '\0')
        return false;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            return false;
        if (*p == ' ' && (p[1] == '\n' || p[1] == '\0'))
            return false;
    }
    return true;
}

/* "|", "|-" or "|+" and the lines of text indented by in, or a quoted scalar. */
static void
emit_text(mg_sb *b, int in, const char *text)
{
    size_t n = strlen(text), nl = 0;
    if (strchr(text, '\n') == NULL || !block_safe(text)) {
        mg_emit_scalar(b, text);
        return;
    }
    while (nl < n && text[n - 1 - nl] == '\n')
        nl++;
    /* an indentation indicator when the first line that holds text starts with a blank */
    mg_sb_puts(b, text[strspn(text, "\n")] == ' ' ? "|2" : "|");
    mg_sb_puts(b, nl == 0 ? "-" : nl == 1 ? "" : "+");
    for (const char *p = text, *stop = text + n - nl; p < stop;) {
        const char *end = memchr(p, '\n', (size_t)(stop - p));
        size_t len = end ? (size_t)(end - p) : (size_t)(stop - p);
        mg_sb_putc(b, '\n');
        if (len > 0)
            mg_sb_printf(b, "%*s%.*s", in, "", (int)len, p);
        p += len + 1;
    }
    for (size_t i = 1; i < nl; i++)
        mg_sb_putc(b, '\n');
}

static void
line_str(mg_sb *b, int in, const char *key, const char *value)
{
    if (value == NULL)
        return;
    mg_sb_printf(b, "%*s%s: ", in, "", key);
    mg_emit_scalar(b, value);
    mg_sb_putc(b, '\n');
}

static void
line_bool(mg_sb *b, int in, const char *key, bool value)
{
    if (value)
        mg_sb_printf(b, "%*s%s: true\n", in, "", key);
}

/* set: { name: value, ... } */
static void
line_set(mg_sb *b, int in, const mg_vec *set)
{
    if (set->len == 0)
        return;
    mg_sb_printf(b, "%*sset: ", in, "");
    mg_flow f = {b, 0};
    for (size_t i = 0; i < set->len; i++) {
        const mg_check *c = set->items[i];
        mg_sb_puts(b, f.n++ ? ", " : "{ ");
        mg_emit_scalar(b, c->name);
        mg_sb_puts(b, ": ");
        mg_emit_scalar(b, c->expr);
    }
    mg_flow_end(&f);
    mg_sb_putc(b, '\n');
}

void
mg_emit_func(mg_sb *b, int in, const mg_func *f, bool name)
{
    if (name)
        line_str(b, in, "name", f->name);
    if (f->procedure)
        line_str(b, in, "kind", "procedure");
    if (f->arguments[0] != '\0')
        line_str(b, in, "arguments", f->arguments);
    line_str(b, in, "returns", f->returns);
    line_str(b, in, "language", f->language);
    if (strcmp(f->volatility, "volatile") != 0)
        line_str(b, in, "volatility", f->volatility);
    line_bool(b, in, "strict", f->strict);
    line_bool(b, in, "security_definer", f->security_definer);
    if (strcmp(f->parallel, "unsafe") != 0)
        line_str(b, in, "parallel", f->parallel);
    line_bool(b, in, "leakproof", f->leakproof);
    line_str(b, in, "cost", f->cost);
    line_str(b, in, "rows", f->rows);
    line_set(b, in, &f->set);
    if (f->depends_on.len > 0) {
        mg_sb_printf(b, "%*sdepends_on: ", in, "");
        mg_emit_list(b, &f->depends_on);
        mg_sb_putc(b, '\n');
    }
    line_str(b, in, "comment", f->comment);
    mg_sb_printf(b, "%*sbody: ", in, "");
    emit_text(b, in + 2, f->body ? f->body : "");
    mg_sb_putc(b, '\n');
}

void
mg_emit_trigger_fields(mg_flow *f, const mg_trigger *g)
{
    mg_flow_str(f, "timing", g->timing);
    mg_flow_list(f, "events", &g->events);
    if (g->update_of.len > 0)
        mg_flow_list(f, "update_of", &g->update_of);
    if (g->row)
        mg_flow_str(f, "for_each", "row");
    mg_flow_key(f, "function");
    mg_emit_scalar(f->b, mg_arena_printf(f->b->arena, "%s(%s)", g->func, g->args));
    mg_flow_str(f, "when", g->when);
    if (g->old_table != NULL || g->new_table != NULL) {
        mg_flow_key(f, "referencing");
        mg_flow r = {f->b, 0};
        mg_flow_str(&r, "old_table", g->old_table);
        mg_flow_str(&r, "new_table", g->new_table);
        mg_flow_end(&r);
    }
    mg_flow_str(f, "comment", g->comment);
}
