/* migc generator: region allocator.
 * Blocks are calloc'd, chained, and released together by mg_arena_free. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)

struct mg_arena_block {
    mg_arena_block *next;
    size_t used;
    size_t size;
    size_t mapped; /* bytes mapped by map_block, 0 for a calloc'd block */
    _Alignas(16) unsigned char data[];
};

/* A block filling one huge page: a state of 100 revisions takes some 50 MB of arena, and
 * faulting it in 4 KiB pages cost more than building it. */
#define BLOCK_SIZE (HUGE_PAGE - sizeof(mg_arena_block))

/* A zeroed block of cap bytes in fresh pages aligned on a huge page and advised to be backed by
 * huge pages (transparent huge pages in "madvise" mode); NULL when not possible here. */
static mg_arena_block *
map_block(size_t cap)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    size_t len = (sizeof(mg_arena_block) + cap + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    unsigned char *p =
        mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    size_t head = (HUGE_PAGE - (uintptr_t)p % HUGE_PAGE) % HUGE_PAGE;
    if (head > 0)
        munmap(p, head);
    if (HUGE_PAGE - head > 0)
        munmap(p + head + len, HUGE_PAGE - head);
    mg_arena_block *b = (mg_arena_block *)(p + head);
    madvise(b, len, MADV_HUGEPAGE);
    b->mapped = len;
    return b;
#else
    (void)cap;
    return NULL;
#endif
}

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
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (b->mapped > 0)
            munmap(b, b->mapped);
        else
#endif
            free(b);
        b = next;
    }
    a->head = NULL;
}

void
mg_arena_adopt(mg_arena *a, mg_arena *from)
{
    mg_arena_block *last = from->head;
    if (last == NULL)
        return;
    while (last->next != NULL)
        last = last->next;
    if (a->head == NULL) {
        a->head = from->head;
    } else { /* behind a's current block, which allocations go on filling */
        last->next = a->head->next;
        a->head->next = from->head;
    }
    from->head = NULL;
}

/* A fresh zeroed block of cap bytes. */
static mg_arena_block *
new_block(size_t cap)
{
    mg_arena_block *b = map_block(cap);
    if (b == NULL)
        b = calloc(1, sizeof(*b) + cap);
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

/* Writes what fmt prints to out[0..cap) when fmt has no conversions but %s, %d and %%, and no
 * %s argument is NULL; returns the whole length (more than cap: cut), or -1 for any other
 * format. Most formats are such, and this spares them vsnprintf's two passes. */
static long
simple_format(char *out, size_t cap, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f != '\0'; f++) {
        char num[24];
        const char *s = f;
        size_t len = 1;
        if (*f == '%') {
            f++;
            if (*f == 's' && (s = va_arg(ap, const char *)) != NULL) {
                len = strlen(s);
            } else if (*f == 'd') {
                s = num;
                len = (size_t)snprintf(num, sizeof(num), "%d", va_arg(ap, int));
            } else if (*f != '%') {
                return -1; /* another conversion, or a NULL string */
            }
        }
        for (size_t k = 0; k < len; k++, n++)
            if (n < cap)
                out[n] = s[k];
    }
    return (long)n;
}

char *
mg_arena_vprintf(mg_arena *a, const char *fmt, va_list ap)
{
    char buf[256];
    va_list copy;
    va_copy(copy, ap);
    long len = simple_format(buf, sizeof(buf), fmt, copy);
    va_end(copy);
    if (len >= 0 && (size_t)len <= sizeof(buf)) {
        char *p = mg_arena_alloc(a, (size_t)len + 1);
        memcpy(p, buf, (size_t)len);
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
    if (v->len < v->cap) /* the common case: room at the end, nothing to move */
        v->items[v->len++] = item;
    else
        mg_vec_insert(a, v, v->len, item);
}

mg_vec
mg_vec_sized(mg_arena *a, size_t cap)
{
    mg_vec v = {NULL, 0, 0};
    if (cap > 0) {
        v.items = mg_arena_alloc(a, cap * sizeof(*v.items));
        v.cap = cap;
    }
    return v;
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
