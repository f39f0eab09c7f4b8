/* migc generator: string → index hash map (FNV-1a, linear probing, at most half full). */
#include "strmap.h"

#include <stdint.h>
#include <string.h>

static size_t
hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (size_t)h;
}

/* The slot of key, or the empty slot where it would go. */
static mg_strmap_slot *
slot_of(const mg_strmap *m, const char *key)
{
    size_t i = hash(key) & (m->cap - 1);
    while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
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
