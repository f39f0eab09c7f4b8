/* migc generator: region allocator.
 * Blocks are calloc'd, chained, and released together by mg_arena_free. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE (1024u * 1024u) /* above malloc's mmap threshold: fresh zero pages */

struct mg_arena_block {
    mg_arena_block *next;
    size_t used;
    size_t size;
    _Alignas(16) unsigned char data[];
};

void
mg_arena_init(mg_arena *a)
{
    a->head = NULL;
}

void
mg_arena_free(mg_arena *a)
{
    if (a == NULL)
        return;
    mg_arena_block *b = a->head;
    while (b != NULL) {
        mg_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* A fresh zeroed block of cap bytes. Blocks come from calloc: large ones are fresh pages from
 * the kernel, already zero, which calloc does not clear again. */
static mg_arena_block *
new_block(size_t cap)
{
    mg_arena_block *b = calloc(1, sizeof(*b) + cap);
    if (b == NULL) {
        fputs("migc: out of memory\n", stderr);
        abort();
    }
    b->size = cap;
    return b;
}

void *
mg_arena_alloc(mg_arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    mg_arena_block *b = a->head;
    if (b != NULL && b->size - b->used >= size) {
        void *p = b->data + b->used; /* zero already: arena memory is never handed out twice */
        b->used += size;
        return p;
    }
    if (b != NULL && size > BLOCK_SIZE / 4) { /* a block of its own, behind the current one */
        mg_arena_block *big = new_block(size);
        big->used = size;
        big->next = b->next;
        b->next = big;
        return big->data;
    }
    b = new_block(size > BLOCK_SIZE ? size : BLOCK_SIZE);
    b->next = a->head;
    a->head = b;
    b->used = size;
    return b->data;
}

char *
mg_arena_strndup(mg_arena *a, const char *s, size_t n)
{
    char *p = mg_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *
mg_arena_strdup(mg_arena *a, const char *s)
{
    if (s == NULL)
        return NULL;
    return mg_arena_strndup(a, s, strlen(s));
}

/* Writes what fmt prints to out (NULL: only measures) when fmt has no conversions but %s, %d
 * and %%, and no %s argument is NULL; returns the length, or -1 for any other format. Most
 * formats are such, and this spares them vsnprintf's two passes. */
static long
simple_format(char *out, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f != '\0';) {
        char num[24];
        const char *s = f;
        size_t len = strcspn(f, "%"); /* literal text up to the next conversion */
        f += len;
        if (len == 0) {
            f++;
            len = 1; /* "%%" */
            if (*f == 's') {
                s = va_arg(ap, const char *);
                if (s == NULL)
                    return -1;
                len = strlen(s);
            } else if (*f == 'd') {
                s = num;
                len = (size_t)snprintf(num, sizeof(num), "%d", va_arg(ap, int));
            } else if (*f != '%') {
                return -1;
            }
            f++;
        }
        if (out != NULL)
            memcpy(out + n, s, len);
        n += len;
    }
    return (long)n;
}

char *
mg_arena_vprintf(mg_arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    long len = simple_format(NULL, fmt, copy);
    va_end(copy);
    if (len >= 0) {
        char *p = mg_arena_alloc(a, (size_t)len + 1);
        simple_format(p, fmt, ap);
        return p; /* NUL-terminated: the arena's memory is zero */
    }
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *p = mg_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *
mg_arena_printf(mg_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = mg_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void
mg_vec_push(mg_arena *a, mg_vec *v, void *item)
{
    mg_vec_insert(a, v, v->len, item);
}

void
mg_vec_insert(mg_arena *a, mg_vec *v, size_t i, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 8;
        void **items = mg_arena_alloc(a, cap * sizeof(*items));
        if (v->len)
            memcpy(items, v->items, v->len * sizeof(*items));
        v->items = items;
        v->cap = cap;
    }
    memmove(v->items + i + 1, v->items + i, (v->len - i) * sizeof(*v->items));
    v->items[i] = item;
    v->len++;
}

void
mg_vec_remove(mg_vec *v, size_t i)
{
    memmove(v->items + i, v->items + i + 1, (v->len - i - 1) * sizeof(*v->items));
    v->len--;
}
