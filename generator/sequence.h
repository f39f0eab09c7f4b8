/* migc generator: sequences (SPEC §3.1), the pure part.
 * The values PostgreSQL gives omitted options, its range rules, and nextval('name') in defaults. */
#ifndef MIGC_SEQUENCE_H
#define MIGC_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "model.h"

/* Every option of a sequence with PostgreSQL's defaults filled in. */
typedef struct mg_seq_values {
    const char *type; /* "smallint", "integer" or "bigint" */
    int64_t increment, min, max, start, cache;
    bool cycle;
} mg_seq_values;

/* Parses decimal text (optional sign) into *out; -1 when it is not an integer in int64 range. */
int mg_seq_parse(const char *text, int64_t *out);

/* The values q stands for (CREATE SEQUENCE's defaults for each NULL option). A text that does not
 * parse counts as the default (the loader refuses it first). */
void mg_seq_values_of(const mg_sequence *q, mg_seq_values *out);

/* Why PostgreSQL would refuse q (increment 0, min >= max, start or a bound out of range, cache
 * < 1), as a message in a; NULL when it is a valid sequence. */
const char *mg_seq_problem(mg_arena *a, const mg_sequence *q);

/* True when x and y have the same option values (type, increment, bounds, start, cache, cycle). */
bool mg_seq_same_options(const mg_sequence *x, const mg_sequence *y);

/* The MG_SEQ_* bits of the fields where want differs from have (options by value, owner, comment).
 */
unsigned mg_seq_differs(const mg_sequence *have, const mg_sequence *want);

/* Copies into dst the fields of src that set names (MG_SEQ_* bits). */
void mg_seq_assign(mg_sequence *dst, const mg_sequence *src, unsigned set);

/* Calls found(name, ctx) for every sequence that expr names as nextval('name') (a schema prefix
 * and double quotes removed; the name is arena-owned); stops early and returns what found returns
 * when it is non-zero, else 0. */
int mg_seq_nextval_names(mg_arena *a, const char *expr, int (*found)(const char *name, void *ctx),
                         void *ctx);

/* expr with every nextval('from'...) naming sequence from renamed to to (arena-owned); expr itself
 * when it names no such sequence. PostgreSQL follows the rename: the default holds a regclass. */
const char *mg_seq_nextval_rename(mg_arena *a, const char *expr, const char *from, const char *to);

#endif
