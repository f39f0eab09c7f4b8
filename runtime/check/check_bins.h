/* migc runtime: "bins", the scratch tables check and index expressions are parsed in.
 * A bin carries the columns its expressions name, with their types, so that many expected
 * tables share a few scratch tables; names an expression uses otherwise stay out of it. */
#ifndef MIGC_CHECK_BINS_H
#define MIGC_CHECK_BINS_H

#include "check_norm.h"

#include <stddef.h>

/* One scratch table. Entry i is a column when types[i] is set; with types[i] NULL, names[i] is
 * a word one of its expressions uses as something else (a function, a keyword), which no
 * column of the bin may be called. A bin with owner set holds every column of that table, for
 * expressions the word scan cannot read; nothing else joins it. */
typedef struct migc_bin {
    const char **names, **types;
    size_t n, cap, n_columns;
    size_t *slots; /* open addressing over names: entry + 1, 0 when free */
    size_t n_slots;
    const migc_expected_table *owner;
} migc_bin;

typedef struct migc_bins {
    migc_bin *bins;
    size_t n, cap;
    char **bufs; /* the words read from expressions, one buffer per request */
    size_t n_bufs, cap_bufs;
} migc_bins;

/* Places a NORM_CHECK or NORM_INDEX_EXPR request in a bin where every column its expression
 * names has the type it has in r->table and no other word of it is a column; returns the bin's
 * index, or (size_t)-1 when out of memory. */
size_t migc_bins_place(migc_bins *bs, const migc_norm_req *r);

/* Releases the bins; NULL-safe. */
void migc_bins_free(migc_bins *bs);

#endif
