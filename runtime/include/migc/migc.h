/* migc runtime: the types generated code fills in and the entry points that run them.
 * Generated revision units and revisions.c include this header only. */
#ifndef MIGC_MIGC_H
#define MIGC_MIGC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One guarded statement of a revision. */
typedef struct migc_step {
    const char *label;  /* "create_table users": operation kind and object */
    const char *source; /* "revisions/0001_init.yaml:7:5": where the operation was written */
    const char *guard;  /* SELECT returning one boolean: true means the step must run;
                           NULL means it always runs */
    const char *sql;    /* the statement(s) of the step */
} migc_step;

typedef struct migc_revision {
    const char *id;       /* "0001_init" */
    const char *parent;   /* NULL for the first revision */
    const char *message;  /* may be "" */
    const char *checksum; /* hex SHA-256 of the canonical operations */
    int transactional;    /* 0: steps run one by one outside a transaction (CONCURRENTLY) */
    int reversible;       /* 0: a downgrade past this revision is refused */
    const migc_step *up;
    size_t n_up;
    const migc_step *down; /* already in execution order */
    size_t n_down;
} migc_revision;

typedef struct migc_module {
    const char *name;              /* module name; also keys the advisory lock */
    const char *schema;            /* PostgreSQL schema the module owns */
    const char *version_table;     /* table name inside schema */
    int exclusive;                 /* undeclared objects in schema are drift */
    const char *lock_timeout;      /* NULL when unset */
    const char *statement_timeout; /* NULL when unset */
    const migc_revision *const *revisions; /* chain order */
    size_t n_revisions;
} migc_module;

/* Runs the migrator command line for module m; returns the process exit code (SPEC §7). */
int migc_cli_main(int argc, char **argv, const migc_module *m);

#ifdef __cplusplus
}
#endif

#endif
