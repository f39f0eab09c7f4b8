/* migc generator: what the renderer receives.
 * A plan is one revision with its replay results: filled-in operations and their inverses. */
#ifndef MIGC_PLAN_H
#define MIGC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "checksum.h"
#include "model.h"

typedef struct mg_rev_plan {
    const mg_revision *rev;
    /* "v1:<hex>" of the canonical operations, and the untagged checksum that releases before
     * v1 recorded (docs/checksum.md); empty until mg_plan_checksums fills them */
    char checksum[MG_CHECKSUM_SIZE], legacy_checksum[65];
    bool transactional; /* false when an operation must run outside a transaction */
    bool reversible;    /* false when a sql step has no down */
    mg_vec up;          /* mg_op *: rev->ops, drop definitions filled in by replay */
    mg_vec down;        /* mg_op *: inverse operations in execution order; empty if irreversible */
    /* The replayed schema after this revision (arena-owned, read-only): a table or enum that a
     * revision leaves unchanged is the same object in the next plan's state. */
    const mg_schema *state;
} mg_rev_plan;

/* Fills p's checksums unless already set: only the units a command renders need them, so
 * `migc diff` hashes the new revision alone. Scratch memory comes from a. */
void mg_plan_checksums(mg_arena *a, mg_rev_plan *p);

/* One output file of `migc generate`. */
typedef struct mg_file {
    const char *name; /* relative to generated/, e.g. "0001_init.c" or "revisions.c" */
    char *data;       /* arena-owned */
    size_t len;
} mg_file;

#endif
