/* migc generator: region allocator.
 * Blocks are malloc'd, chained, and released together by mg_arena_free. */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_SIZE 65536

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

void *
mg_arena_alloc(mg_arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    mg_arena_block *b = a->head;
    if (b == NULL || b->size - b->used < size) {
        size_t cap = size > BLOCK_SIZE ? size : BLOCK_SIZE;
        b = malloc(sizeof(*b) + cap);
        if (b == NULL) {
            fputs("migc: out of memory\n", stderr);
            abort();
        }
        b->used = 0;
        b->size = cap;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
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

char *
mg_arena_vprintf(mg_arena *a, const char *fmt, va_list ap)
{
    va_list copy;
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
