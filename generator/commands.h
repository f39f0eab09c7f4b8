/* migc generator: the commands of the migc tool.
 * Each runs the pipeline stages it needs and returns the process exit code (SPEC §6). */
#ifndef MIGC_COMMANDS_H
#define MIGC_COMMANDS_H

#include <stdbool.h>

#include "arena.h"

typedef struct mg_options {
    const char *dir;       /* module directory; "." by default */
    const char *templates; /* --templates DIR, or NULL for the built-in templates */
    const char *message;   /* diff and revision -m */
    bool allow_destructive;
    bool allow_rewrite; /* diff: write changes that rewrite an existing table (online: true) */
    bool irreversible;  /* diff: a type change without a downgrade cast becomes irreversible */
    bool dry_run;
    bool json; /* lint --json */
} mg_options;

int mg_cmd_diff(const mg_options *o);
int mg_cmd_generate(const mg_options *o);
int mg_cmd_check(const mg_options *o);
int mg_cmd_validate(const mg_options *o);
/* `migc lint`: the hazards of every revision (SPEC §4.1), as text or with --json one document.
 * 0, or 3 on invalid input. */
int mg_cmd_lint(const mg_options *o);
/* `migc revision -m MESSAGE`: writes the next revision with no operations (for hand-written sql
 * steps), its parent the last revision, then regenerates generated/ as diff does. */
int mg_cmd_revision(const mg_options *o);

/* The revision id for number n and message: "0003_add_password_policy" (SPEC §6). */
char *mg_cmd_revision_id(mg_arena *a, unsigned n, const char *message);

#endif
