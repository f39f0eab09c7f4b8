/* migc generator: `migc lint`, the hazards of every revision (SPEC §4.1).
 * Walks the history and prints a hazard line per operation on an existing table, or JSON. */
#ifndef MIGC_LINT_H
#define MIGC_LINT_H

#include <stdio.h>

#include "hazard.h"

/* The hazards of one revision. */
typedef struct mg_lint_rev {
    const mg_revision *rev;
    mg_vec hazards; /* mg_hazard *, one per operation of rev, in order */
} mg_lint_rev;

/* Fills out with one mg_lint_rev * per revision of m, in chain order (arena-owned). The module
 * must have replayed cleanly; 0, or -1 with diagnostics. */
int mg_lint_module(mg_arena *a, const mg_module *m, mg_vec *out, mg_diag *d);

/* Prints, for each hazard of hazards (mg_hazard *) that has a line, "<indent>- kind object" and
 * under it "<indent>  hazard: ...". Returns the number of hazard lines printed. */
size_t mg_lint_print_hazards(FILE *out, mg_arena *a, const mg_vec *hazards, const char *indent);
/* The text report: each revision with its hazard lines, then a summary line. */
void mg_lint_print_text(FILE *out, mg_arena *a, const mg_vec *revs);
/* One JSON document: {"module", "revisions": [{"revision", "operations": [{"kind", "object",
 * "lock", "locks", "scans", "rewrites", "destructive", "problems"}]}]}. */
void mg_lint_print_json(FILE *out, const mg_settings *settings, const mg_vec *revs);

#endif
