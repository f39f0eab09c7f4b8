/* migc generator: a hash map from strings to indices, for lookups that a linear scan would make
 * quadratic on large schemas (1,000 tables and more). Keys are borrowed: they must outlive the
 * map. Storage lives in an arena. */
#ifndef MIGC_STRMAP_H
#define MIGC_STRMAP_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct mg_strmap_slot {
    const char *key; /* NULL: empty */
    size_t value;
} mg_strmap_slot;

typedef struct mg_strmap {
    mg_strmap_slot *slots; /* cap slots, open addressing */
    size_t cap;            /* 0 or a power of two */
    size_t n;
    bool by_address; /* keys are compared as addresses (mg_ptrmap), not as text */
} mg_strmap;

/* True when key is in m; *value (when value is not NULL) then holds its value. */
bool mg_strmap_get(const mg_strmap *m, const char *key, size_t *value);
/* Maps key to value, replacing an earlier value of the same key. */
void mg_strmap_put(mg_arena *a, mg_strmap *m, const char *key, size_t value);
/* Removes every key, keeping the slots for the keys put next. */
void mg_strmap_clear(mg_strmap *m);

/* The same map keyed by object address. Replay shares an unchanged object between the states of
 * consecutive revisions, so an address names one version of an object: this finds where a
 * version first appears without comparing contents. Start from {0}. */
typedef mg_strmap mg_ptrmap;

/* True when key is in m; *value (when not NULL) then holds its value. */
bool mg_ptrmap_get(const mg_ptrmap *m, const void *key, size_t *value);
/* Maps key (not NULL) to value unless key is there already; true when it was added. */
bool mg_ptrmap_add(mg_arena *a, mg_ptrmap *m, const void *key, size_t value);

#endif
