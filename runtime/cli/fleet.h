/* migc runtime: one command over many databases and tenant schemas (--targets, SPEC §9).
 * fleet_file.c reads the target list; fleet.c runs it on a pool of threads and reports. */
#ifndef MIGC_FLEET_H
#define MIGC_FLEET_H

#include "migc/migc.h"

#include <stddef.h>

/* One line of the target list, and what running the command there gave. */
typedef struct migc_fleet_target {
    char *url;      /* owned: the connection URI or conninfo */
    char *schema;   /* owned: the tenant schema replacing the module's, or NULL */
    char desc[512]; /* the connection without its password */
    int line;       /* 1-based line in the list */
    size_t first;   /* index of the first target with the same url (itself when it is first) */
    /* the outcome */
    int status;           /* exit code of this target (enum migc_status) */
    int have_pos;         /* before/after are known */
    size_t before, after; /* chain positions before and after */
    long ms;              /* wall time */
    int snapshot;         /* upgrade: built from the head snapshot (a fresh schema) */
    char *message;        /* owned: the error, one line ("; " between its lines), or NULL */
    char *diffs;          /* owned: drift differences, one per line, or NULL */
    size_t n_diffs;
} migc_fleet_target;

/* The target list. */
typedef struct migc_fleet_list {
    migc_fleet_target *items; /* owned */
    size_t n, cap;
} migc_fleet_list;

/* What the command line asked for. */
typedef struct migc_fleet_options {
    const char *file; /* --targets FILE; "-" is standard input */
    int parallel;     /* --parallel N (>= 1) */
    int json, quiet, no_verify, allow_destructive, tx_per_revision, replay;
    const char *command; /* upgrade, downgrade, status, check or current */
    const char *target;  /* upgrade/downgrade TARGET, or NULL */
} migc_fleet_options;

/* Reads the target list at path ("-": stdin): per line a URL and optionally a tenant schema;
 * '#' at the start of a line or after a blank starts a comment; blank lines are skipped. Returns
 * 0, or -1 with err (MIGC_EUSAGE, message "FILE:LINE: ...") filled. Release with
 * migc_fleet_list_free, also after a failure. */
int migc_fleet_read(const char *path, migc_fleet_list *list, migc_error *err);

/* Releases the list and every target's strings; NULL-safe. */
void migc_fleet_list_free(migc_fleet_list *list);

/* Runs o->command over the targets of o->file, o->parallel at a time, printing one line per
 * target as it ends and a summary (or one JSON document); returns the worst exit code. */
int migc_fleet_main(const migc_module *m, const migc_fleet_options *o);

#endif
