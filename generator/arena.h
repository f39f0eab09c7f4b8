/* migc generator: region allocator.
 * One arena per generator run owns the model, the state and the operations. */
#ifndef MIGC_ARENA_H
#define MIGC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct mg_arena_block mg_arena_block;

typedef struct mg_arena {
    mg_arena_block *head; /* newest block first; owned */
} mg_arena;

/* Prepares an empty arena. */
void mg_arena_init(mg_arena *a);
/* Frees every block; NULL-safe. Everything allocated from the arena dies here. */
void mg_arena_free(mg_arena *a);
/* Moves every block of from into a: what from owned lives as long as a; from is left empty. */
void mg_arena_adopt(mg_arena *a, mg_arena *from);
/* Zeroed memory owned by the arena; aborts on out-of-memory (the generator cannot go on). */
void *mg_arena_alloc(mg_arena *a, size_t size);
/* Copy of s (NULL stays NULL), owned by the arena. */
char *mg_arena_strdup(mg_arena *a, const char *s);
/* Copy of n bytes of s plus a terminating NUL, owned by the arena. */
char *mg_arena_strndup(mg_arena *a, const char *s, size_t n);
/* vprintf into arena memory; ap is consumed. */
char *mg_arena_vprintf(mg_arena *a, const char *fmt, va_list ap);
/* printf into arena memory. */
char *mg_arena_printf(mg_arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Growable array of pointers whose storage lives in an arena. */
typedef struct mg_vec {
    void **items;
    size_t len;
    size_t cap;
} mg_vec;

/* An empty vector with room for cap items (storage inside arena a; none when cap is 0). */
mg_vec mg_vec_sized(mg_arena *a, size_t cap);
/* Appends item, growing the storage inside arena a. */
void mg_vec_push(mg_arena *a, mg_vec *v, void *item);
/* Removes the item at index i, keeping order. */
void mg_vec_remove(mg_vec *v, size_t i);
/* Inserts item at index i, keeping order. */
void mg_vec_insert(mg_arena *a, mg_vec *v, size_t i, void *item);

#endif
