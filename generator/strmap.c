/* migc generator: string → index hash map (FNV-1a, linear probing, at most half full); the same
 * table keyed by address (mg_ptrmap) hashes and compares the pointers themselves. */
#include "strmap.h"

#include <stdint.h>
#include <string.h>

static size_t
hash(const mg_strmap *m, const char *s)
{
    uint64_t h;
    if (m->by_address) {
        h = (uint64_t)(uintptr_t)s;
        h = (h ^ (h >> 29)) * 0x9E3779B97F4A7C15u;
        return (size_t)(h ^ (h >> 32));
    }
    h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot of key, or the empty slot where it would go. */
static mg_strmap_slot *
slot_of(const mg_strmap *m, const char *key)
{
    size_t i = hash(m, key) & (m->cap - 1);
    while (m->slots[i].key != NULL && m->slots[i].key != key &&
           (m->by_address || strcmp(m->slots[i].key, key) != 0))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

bool
mg_strmap_get(const mg_strmap *m, const char *key, size_t *value)
{
    if (m->cap == 0)
        return false;
    const mg_strmap_slot *s = slot_of(m, key);
    if (s->key == NULL)
        return false;
    if (value != NULL)
        *value = s->value;
    return true;
}

static void
grow(mg_arena *a, mg_strmap *m)
{
    mg_strmap old = *m;
    m->cap = old.cap ? old.cap * 2 : 64;
    m->slots = mg_arena_alloc(a, m->cap * sizeof *m->slots);
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key != NULL)
            *slot_of(m, old.slots[i].key) = old.slots[i];
}

void
mg_strmap_put(mg_arena *a, mg_strmap *m, const char *key, size_t value)
{
    if (2 * (m->n + 1) > m->cap)
        grow(a, m);
    mg_strmap_slot *s = slot_of(m, key);
    if (s->key == NULL)
        m->n++;
    s->key = key;
    s->value = value;
}

void
mg_strmap_clear(mg_strmap *m)
{
    if (m->cap > 0)
        memset(m->slots, 0, m->cap * sizeof(*m->slots));
    m->n = 0;
}

bool
mg_ptrmap_get(const mg_ptrmap *m, const void *key, size_t *value)
{
    return mg_strmap_get(m, key, value);
}

bool
mg_ptrmap_add(mg_arena *a, mg_ptrmap *m, const void *key, size_t value)
{
    m->by_address = true;
    if (mg_strmap_get(m, key, NULL))
        return false;
    mg_strmap_put(a, m, key, value);
    return true;
}
