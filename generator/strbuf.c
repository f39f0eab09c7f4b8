/* migc generator: growable text buffer.
 * Doubling growth inside the arena; the old storage is left to the arena. */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void
mg_sb_init(mg_sb *b, mg_arena *a)
{
    b->arena = a;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

static void
reserve(mg_sb *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *data = mg_arena_alloc(b->arena, cap);
    if (b->len)
        memcpy(data, b->data, b->len);
    b->data = data;
    b->cap = cap;
}

void
mg_sb_putn(mg_sb *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void
mg_sb_puts(mg_sb *b, const char *s)
{
    mg_sb_putn(b, s, strlen(s));
}

void
mg_sb_putc(mg_sb *b, char c)
{
    mg_sb_putn(b, &c, 1);
}

void
mg_sb_printf(mg_sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *
mg_sb_str(mg_sb *b)
{
    return b->data ? b->data : "";
}
