/* migc runtime: the types generated code fills in and the entry points that run them.
 * Generated revision units and revisions.c include this header only. */
#ifndef MIGC_MIGC_H
#define MIGC_MIGC_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The runtime's entry points: the only symbols libmigc_runtime.a exports (the runtime is
 * compiled with hidden visibility and its internals are made local when it is packaged). */
#if defined(__GNUC__)
#define MIGC_API __attribute__((visibility("default")))
#else
#define MIGC_API
#endif

/* One guarded statement of a revision. */
typedef struct migc_step {
    const char *label; /* "create_table users": operation kind and object */
    /* Where the operation was written, "revisions/0001_init.yaml:7:5" or "head snapshot"; NULL
     * when the revision's source and locations say it (what migc writes for revision steps). */
    const char *source;
    const char *guard; /* SELECT returning one boolean: true means the step must run;
                          NULL means it always runs */
    const char *sql;   /* the statement(s) of the step */
    int flags;         /* MIGC_STEP_* bits */
    /* SELECT giving a message when the database is in neither the state before the step nor the
     * one after it (both names of a rename exist), else NULL; then the step fails with that
     * message instead of being skipped. NULL: no such state. */
    const char *conflict;
    /* When sql is NULL, the runtime builds the statement from parts (NULL-terminated) as build
     * says (MIGC_BUILD_*), before anything reads it (apply, offline SQL, tenant copies). */
    int build;
    const char *const *parts;
    /* The step's operation: its 1-based position among the revision file's operations (for a
     * down step, of the operation it reverses), the step number messages give; several steps of
     * one operation share it. 0: the step's own position (output of an older migc). */
    size_t op;
} migc_step;

/* Where an operation was written in its revision file (1-based; 0: nowhere in particular). */
typedef struct migc_location {
    int line;
    int col;
} migc_location;

/* parts are pieces of the statement, joined as they are: the generator writes a statement
 * longer than an ISO C string literal may portably be (4095 bytes) as pieces of at most 4000
 * bytes, cut after a newline (inside a line only when the line is longer), one literal line per
 * SQL line. */
#define MIGC_BUILD_LINES 1
/* remove_enum_value: parts are the schema, the enum and the value (names as written); the
 * runtime writes the DO block that rebuilds the type without the value, one text for every enum
 * with these three as literals (runtime/enum_remove.c). */
#define MIGC_BUILD_ENUM_REMOVE 2

/* In a transactional revision, commit right after this step and go on in a new transaction
 * (ALTER TYPE ... ADD VALUE: the new value is usable only once committed, SQLSTATE 55P04). */
#define MIGC_STEP_COMMIT_AFTER 1
/* The step changes a column's type in a way that is not a widening (SPEC §4): a downgrade that
 * runs it over a column holding values is refused without --allow-destructive. */
#define MIGC_STEP_NARROWS 2

typedef struct migc_revision {
    const char *id;       /* "0001_init" */
    const char *parent;   /* NULL for the first revision */
    const char *message;  /* may be "" */
    const char *checksum; /* "v1:" and the hex SHA-256 of the canonical operations */
    int transactional;    /* 0: steps run one by one outside a transaction (CONCURRENTLY) */
    int reversible;       /* 0: a downgrade past this revision is refused */
    const migc_step *up;
    size_t n_up;
    const migc_step *down; /* already in execution order */
    size_t n_down;
    /* The untagged hex checksum that migc releases before the v1 form recorded, also accepted
     * in the version table (docs/checksum.md); NULL when there is none to accept. */
    const char *legacy_checksum;
    /* The schema after this revision (`check` compares the database with it): written in the
     * revision's own unit, which never changes once written (SPEC §5). NULL in output of a migc
     * that did not write it, and then `check` refuses to run. */
    const struct migc_expected_schema *expected;
    /* The revision file ("revisions/0001_init.yaml") and the place of each of its operations
     * (locations[migc_step.op - 1]): messages name a step's place from these. NULL in output of
     * a migc that wrote every step's place into migc_step.source. */
    const char *source;
    const migc_location *locations;
    size_t n_locations;
} migc_revision;

/* ---- The expected schema after each revision: static data written by the generator (the
 * replayed state), compared with the live catalog by `check` and after upgrade/downgrade.
 * Expressions are kept as written; the runtime has the server normalise them. ---- */

typedef struct migc_expected_column {
    const char *name;
    const char *type;         /* format_type spelling, e.g. "character varying(255)" */
    const char *default_expr; /* as written in the revisions; NULL when none */
    const char *comment;      /* NULL when none */
    char identity;            /* 0, 'a' (ALWAYS) or 'd' (BY DEFAULT), as pg_attribute.attidentity */
    char nullable;            /* 1 when NULL is allowed */
    const char *collation;    /* COLLATE as written ("C", schema.name); NULL: the type's */
    const char *generated;    /* GENERATED ALWAYS AS (expr) STORED: expr as written; NULL: none */
} migc_expected_column;

typedef struct migc_expected_constraint {
    const char *name;
    char type;                  /* 'p', 'u', 'c' or 'f', as pg_constraint.contype */
    const char *const *columns; /* p, u, f: constrained columns in key order */
    size_t n_columns;
    const char *expr;               /* c: the check expression as written */
    const char *ref_table;          /* f: referenced table, in the module schema */
    const char *const *ref_columns; /* f: referenced columns (the primary key filled in) */
    size_t n_ref_columns;
    char on_delete, on_update; /* f: 'a', 'r', 'c', 'n' or 'd', as pg_constraint.confdeltype */
    char deferrable, deferred; /* p, u, f: 1 or 0 */
    /* c, f: 1 when the revision leaves it NOT VALID (between the halves of an online form, SPEC
     * §4.1): the live constraint may then be NOT VALID or validated */
    char not_valid;
    char nulls_not_distinct; /* u: 1 for UNIQUE NULLS NOT DISTINCT */
    const char *comment;     /* COMMENT ON CONSTRAINT; NULL when none */
} migc_expected_constraint;

typedef struct migc_expected_index_key {
    const char *column;  /* column name, or NULL for an expression */
    const char *expr;    /* the expression as written when column is NULL */
    const char *opclass; /* NULL for the default operator class */
    char desc;           /* 1 for DESC */
    char nulls_first;    /* 1 for NULLS FIRST (the default with DESC) */
} migc_expected_index_key;

typedef struct migc_expected_index {
    const char *name;
    const char *method; /* access method: btree, hash, gin, gist, brin, spgist */
    char unique;
    const migc_expected_index_key *keys;
    size_t n_keys;
    const char *const *include;
    size_t n_include;
    const char *where;   /* predicate as written; NULL when none */
    const char *comment; /* COMMENT ON INDEX; NULL when none */
    const char *with;    /* storage parameters as reloptions hold them, "name=value" lines by
                            name; NULL when none */
} migc_expected_index;

typedef struct migc_expected_table {
    const char *name;
    const char *comment; /* NULL when none */
    const migc_expected_column *columns;
    size_t n_columns;
    const migc_expected_constraint *constraints;
    size_t n_constraints;
    const migc_expected_index *indexes;
    size_t n_indexes;
    const char *partition_by; /* PARTITION BY of a partitioned table; NULL for the others */
    const char *partition_of; /* the parent of a partition (no columns of its own); or NULL */
    const char *bounds;       /* a partition's FOR VALUES ... or DEFAULT */
    const char *with;         /* storage parameters, as migc_expected_index.with */
} migc_expected_table;

typedef struct migc_expected_enum {
    const char *name;
    const char *const *values; /* in sort order */
    size_t n_values;
    const char *comment; /* COMMENT ON TYPE; NULL when none */
} migc_expected_enum;

/* A sequence (SPEC §3.1): every option with PostgreSQL's defaults filled in. */
typedef struct migc_expected_sequence {
    const char *name;
    const char *type; /* "smallint", "integer" or "bigint" */
    const char *increment, *min_value, *max_value, *start, *cache; /* decimal text */
    char cycle;                                                    /* 1 for CYCLE */
    const char *owned_table, *owned_column; /* OWNED BY; NULL when owned by nothing */
    const char *comment;                    /* NULL when none */
} migc_expected_sequence;

/* The sequences of one revision's schema, sorted by name. */
typedef struct migc_expected_sequences {
    const migc_expected_sequence *const *sequences;
    size_t n_sequences;
} migc_expected_sequences;

/* A domain (SPEC §3.1). */
typedef struct migc_expected_domain {
    const char *name;
    const char *type;                       /* the base type, format_type spelling */
    const char *default_expr;               /* as written; NULL when none */
    const char *collation;                  /* NULL: the base type's */
    const char *comment;                    /* NULL when none */
    char not_null;                          /* 1 for NOT NULL */
    const migc_expected_constraint *checks; /* type 'c': name and expression as written */
    size_t n_checks;
} migc_expected_domain;

/* The domains of one revision's schema, sorted by name. */
typedef struct migc_expected_domains {
    const migc_expected_domain *const *domains;
    size_t n_domains;
} migc_expected_domains;

/* An attribute of a composite type. */
typedef struct migc_expected_attribute {
    const char *name;
    const char *type;      /* format_type spelling */
    const char *collation; /* NULL: the type's */
} migc_expected_attribute;

/* A composite type (SPEC §3.1 `types:`); attribute order is not compared (ADD ATTRIBUTE appends).
 */
typedef struct migc_expected_ctype {
    const char *name;
    const char *comment; /* NULL when none */
    const migc_expected_attribute *attrs;
    size_t n_attrs;
} migc_expected_ctype;

/* The composite types of one revision's schema, sorted by name. */
typedef struct migc_expected_ctypes {
    const migc_expected_ctype *const *types;
    size_t n_types;
} migc_expected_ctypes;

/* A function or procedure (SPEC §3.1 `functions:`), as pg_proc holds it. */
typedef struct migc_expected_function {
    const char *name;       /* the key: proname(argument types), as oidvectortypes writes them */
    const char *kind;       /* prokind: "f" or "p" */
    const char *arguments;  /* pg_get_function_arguments */
    const char *result;     /* pg_get_function_result; NULL for a procedure */
    const char *language;   /* pg_language.lanname */
    const char *volatility; /* provolatile: "i", "s" or "v" */
    const char *parallel;   /* proparallel: "s", "r" or "u" */
    int strict;
    int security_definer;
    int leakproof;
    const char *cost;   /* procost, compared as a number */
    const char *rows;   /* prorows, compared as a number */
    const char *config; /* proconfig entries "name=value" joined by newlines; NULL when none */
    const char *body;   /* prosrc, compared after trimming white space */
    const char *comment;
} migc_expected_function;

/* The functions of one revision's schema, sorted by key. */
typedef struct migc_expected_functions {
    const migc_expected_function *const *functions;
    size_t n_functions;
} migc_expected_functions;

/* A trigger (SPEC §3.1 `tables.<t>.triggers`). */
typedef struct migc_expected_trigger {
    const char *table;
    const char *name;
    const char *timing;    /* "before", "after" or "instead_of" */
    const char *events;    /* "insert,delete,update,truncate" (those it has, in that order) */
    const char *update_of; /* columns joined by ",", NULL when none */
    int row;               /* FOR EACH ROW */
    const char *function;  /* the function's name */
    const char *args;      /* its arguments as written, compared without blanks or parentheses */
    const char *when;      /* compared without blanks, parentheses or case; NULL when none */
    const char *old_table;
    const char *new_table;
    const char *comment;
} migc_expected_trigger;

/* The triggers of one revision's schema, sorted by table and name. */
typedef struct migc_expected_triggers {
    const migc_expected_trigger *const *triggers;
    size_t n_triggers;
} migc_expected_triggers;
/* An index of a materialized view. */
typedef struct migc_expected_view_index {
    const char *name;
    int unique;
    const char *body; /* " USING method (keys) [INCLUDE (...)] [WHERE ...]" as migc writes it */
} migc_expected_view_index;

/* A view or materialized view (SPEC §3.1 `views:`, `materialized_views:`). */
typedef struct migc_expected_view {
    const char *name;
    int materialized;
    const char *query; /* as written; check compares the server's normal form */
    int security_barrier;
    const char *check_option; /* NULL, "local" or "cascaded" */
    int security_invoker;
    int with_data;       /* materialized views: populated */
    const char *comment; /* NULL when none */
    const migc_expected_view_index *indexes;
    size_t n_indexes;
} migc_expected_view;

/* The views of one revision's schema, sorted by name. */
typedef struct migc_expected_views {
    const migc_expected_view *const *views;
    size_t n_views;
} migc_expected_views;

/* One revision's schema. Every list is sorted by name (byte order); a table or enum unchanged
 * between revisions is one descriptor that several schemas point to. */
typedef struct migc_expected_schema {
    const char *const *extensions;
    size_t n_extensions;
    /* Parallel to extensions: the schema each was declared in (`{ name, schema }`), NULL for one
     * declared by name alone (any schema will do); NULL when every one is declared so. */
    const char *const *extension_schemas;
    const migc_expected_enum *const *enums;
    size_t n_enums;
    const migc_expected_table *const *tables;
    size_t n_tables;
    const migc_expected_sequences *sequences; /* NULL when the schema has none */
    const migc_expected_domains *domains;     /* NULL when the schema has none */
    const migc_expected_ctypes *types;        /* NULL when the schema has none */
    /* Functions and procedures, and triggers: NULL until a revision up to this one declares
     * one (then a list, maybe empty: `check` reports unexpected ones from there on). */
    const migc_expected_functions *functions;
    const migc_expected_triggers *triggers;
    const migc_expected_views *views; /* views and materialized views; NULL when none */
} migc_expected_schema;

/* A guard that a later revision's names extend (append-only units, SPEC §5): a unit, once
 * written, never changes, so the step that creates an object which a later revision renames is
 * rendered with the guard its own revision knows ("absent under its name"), and revisions.c
 * carries the full guard that also tests every later name, so that re-running an old revision
 * on a newer database never revives an old name. The runtime puts it in place before anything
 * reads the step (upgrade, downgrade, offline SQL, tenant copies). */
typedef struct migc_guard_override {
    size_t revision;   /* index into migc_module.revisions (chain order) */
    int down;          /* 0: an up step, 1: a down step */
    size_t step;       /* index into the revision's up or down steps */
    const char *guard; /* the guard the step runs with */
} migc_guard_override;

/* A run of head-snapshot statements. A unit defines one for each operation that builds a table
 * version its revision creates or changes (migc_s_<module>_<revision>_t<position>_<n>), and
 * every later head's snapshot.c names it instead of writing the statements again; snapshot.c
 * holds the others (types, functions, views, ...) in runs of its own. */
typedef struct migc_snapshot_piece {
    const migc_step *steps;
    size_t n_steps;
} migc_snapshot_piece;

/* The head schema as one list of statements (generated/snapshot.c). On a database where none of
 * the module's objects exist, an upgrade from base to head may run these instead of every
 * revision (SPEC §7): the steps have no guards, since the runtime first checks once that the
 * schema is empty. The statements are the pieces' steps in order (what migc writes), or steps
 * itself when there are no pieces. */
typedef struct migc_snapshot {
    const migc_step *steps;
    size_t n_steps;
    /* Why the history cannot be left out ("revisions/0003_seed.yaml:4:5: a sql step without
     * fresh: skip"), or NULL. */
    const char *blocked;
    const migc_snapshot_piece *const *pieces;
    size_t n_pieces;
} migc_snapshot;

typedef struct migc_module {
    const char *name;                      /* module name; also keys the advisory lock */
    const char *schema;                    /* PostgreSQL schema the module owns */
    const char *version_table;             /* table name inside schema */
    int exclusive;                         /* undeclared objects in schema are drift */
    const char *lock_timeout;              /* NULL when unset */
    const char *statement_timeout;         /* NULL when unset */
    const migc_revision *const *revisions; /* chain order */
    size_t n_revisions;
    const char *const *external_types; /* module.yaml external_types: never drift */
    size_t n_external_types;
    const char *lock_retries; /* module.yaml lock_retries ("5"); NULL: the default, 5 */
    /* module.yaml batch_revisions / batch_seconds ("50", "5"; NULL: those defaults): consecutive
     * transactional revisions share one transaction, committed once it holds this many revisions
     * or has run this many seconds; "0" or "1" revisions, or "0" seconds: one per revision. */
    const char *batch_revisions;
    const char *batch_seconds;
    /* One entry per revision: MIGC_COMMIT_BEFORE_* bits, where the generator found that a shared
     * transaction must commit before the revision runs (SPEC §7). NULL in output of a migc that
     * did not write it: then every revision runs in its own transaction. */
    const unsigned char *commit_before;
    /* The head snapshot; NULL in output of a migc that did not write it (then every upgrade
     * replays the revisions). */
    const migc_snapshot *snapshot;
    /* Guards later revisions extend (migc_guard_override); NULL in output of a migc that wrote
     * those guards into the units themselves. */
    const migc_guard_override *guard_overrides;
    size_t n_guard_overrides;
    /* module.yaml `ignore:` (SPEC §2): name patterns (`*`, `?`; `name` or `schema.name`) of
     * objects `check` leaves alone, with everything on them; NULL when there are none. */
    const char *const *ignore;
    size_t n_ignore;
} migc_module;

/* Bits of migc_module.commit_before: commit before upgrading / before downgrading the revision. */
#define MIGC_COMMIT_BEFORE_UP 1
#define MIGC_COMMIT_BEFORE_DOWN 2

/* Runs the migrator command line for module m; returns the process exit code (SPEC §7). */
MIGC_API int migc_cli_main(int argc, char **argv, const migc_module *m);

/* ---- Embedding API: migrate from an application over its own connection. ----
 * Every function returns 0 on success or -1 with *err filled in; err->status is then
 * the migrator exit code that describes the failure (enum migc_status). The functions
 * never print and never exit. They take libpq's PGconn (struct pg_conn), so this header
 * does not need <libpq-fe.h>. A connection passed in keeps, afterwards, the settings migc
 * pins (standard_conforming_strings on, client_encoding UTF8, DateStyle ISO, ...: README,
 * "Security"), its search_path set to the module schema, and the module's lock_timeout /
 * statement_timeout.
 *
 * Migrating at start-up. Compile the C files of the module's generated/ directory into the
 * application WITHOUT defining MIGC_MIGRATOR_MAIN: revisions.c then defines no main(), only
 * `const migc_module migc_module_<name>`. Link the runtime and libpq (CMake: migc::runtime;
 * pkg-config: migc-runtime). Then, over a connection the application already has:
 *
 *     extern const migc_module migc_module_shop;
 *
 *     migc_error err;
 *     migc_run run;
 *     if (migc_upgrade(conn, &migc_module_shop, NULL, NULL, &run, &err) != 0) {
 *         app_log("migration failed (status %d, SQLSTATE %s, revision %s, step %zu): %s",
 *                 err.status, err.sqlstate, err.revision ? err.revision : "-", err.step,
 *                 err.message);
 *         return -1;           (rolled back to the last commit: run.after says where)
 *     }
 *     app_log("schema at %s", run.after ? migc_module_shop.revisions[run.after - 1]->id
 *                                       : "base");
 *
 * A NULL target means head; pass an id, unique prefix or "+N" to stop earlier. Several
 * instances starting together are safe: the advisory lock serialises them, and the later
 * ones find the work done (run.before == run.after). migc_state_read gives the current
 * revision without the lock and without creating anything (n_applied == 0 means base).
 * migc_check (below) compares the live schema with the one the applied revisions build; an
 * application that must not start on a hand-altered schema calls it after migc_upgrade and
 * refuses when drift.n > 0 (migc_upgrade itself does not compare, unlike `MIGRATOR upgrade`).
 * Errors: MIGC_EUSAGE (bad target), MIGC_EDRIFT (checksum mismatch; err.revision names
 * it), MIGC_EFAILED (a step failed: err.revision, err.step, err.sqlstate, err.statement),
 * MIGC_ELOCK (lock_timeout), MIGC_EUNKNOWN (the database is newer than this build, or its
 * version table is not trusted), MIGC_EREFUSED (a downgrade past an irreversible revision),
 * MIGC_ECONNECT (conn is not open). Nothing here keeps state between calls: the functions
 * may run on different connections in different threads at once. */

struct pg_conn; /* libpq's PGconn */

enum migc_status {
    MIGC_OK = 0,
    MIGC_EDRIFT = 1,   /* drift, or a stored checksum differs from the migrator's */
    MIGC_EUSAGE = 2,   /* bad arguments: unknown or ambiguous target, wrong direction */
    MIGC_ECONNECT = 3, /* cannot connect or authenticate */
    MIGC_EFAILED = 4,  /* a revision failed (rolled back) or another database error */
    MIGC_ELOCK = 5,    /* the advisory lock was not obtained within lock_timeout */
    MIGC_EUNKNOWN = 6, /* the version table holds a revision this module does not know, or
                        * is not trusted (owned by another role, with triggers, rules or
                        * policies) */
    MIGC_EREFUSED = 7, /* refused before any step ran (e.g. past an irreversible revision) */
    MIGC_EVERIFY = 8   /* revisions were applied and committed; the verification after them
                        * could not run */
};

typedef struct migc_error {
    int status;           /* enum migc_status; MIGC_OK when nothing failed */
    char sqlstate[6];     /* server SQLSTATE, "" when the error is not the server's */
    const char *revision; /* failing revision id (points into the module) or NULL */
    size_t step;          /* failing step: its operation's position in the revision file
                             (migc_step.op), 0 when none */
    char message[2048];   /* complete human-readable message, no trailing newline */
    char statement[256];  /* start of the failing statement, "" when none */
} migc_error;

/* Called around each revision an upgrade or downgrade runs; any member may be NULL. */
typedef struct migc_progress {
    void (*begin)(void *user, const char *verb, const migc_revision *rev);
    void (*end)(void *user, const char *verb, const migc_revision *rev, long ms, int ok);
    void *user; /* passed back to the callbacks */
    /* A revision hit lock_timeout and is retried after wait_ms: attempt of attempts, why. */
    void (*retry)(void *user, const migc_revision *rev, int attempt, int attempts, long wait_ms,
                  const char *why);
    /* A downgrade keeps object ("table users"): the upgrade found it already there. */
    void (*kept)(void *user, const migc_revision *rev, const char *object);
    /* An upgrade found none of the module's objects: it built the head (the last revision, head)
     * from the snapshot's n_steps statements and recorded n revisions, in ms (ok: it
     * succeeded); or, with n_steps 0, it replays the revisions because of why. */
    void (*fresh)(void *user, const migc_revision *head, size_t n, size_t n_steps, long ms, int ok,
                  const char *why);
    /* Something the run had to do otherwise, in one line (a batch of revisions rolled back and
     * run again in a transaction each, when it needed more locks than one may hold). */
    void (*note)(void *user, const char *text);
} migc_progress;

/* What a run did: revisions applied before and after (chain prefix lengths). */
typedef struct migc_run {
    size_t before;
    size_t after;
    long ms; /* wall time of the revisions run */
    /* 1 when a fresh database was built from the head snapshot instead of the revisions */
    int snapshot;
} migc_run;

/* One applied revision as recorded in the version table. */
typedef struct migc_applied {
    const migc_revision *rev;
    char applied_at[64]; /* applied_at as PostgreSQL prints timestamptz */
    long execution_ms;   /* -1 when NULL (stamped) */
    char *kept;          /* objects its creates found already there ("table users\n..."), or NULL */
} migc_applied;

/* The applied prefix of the chain: rows[i].rev == m->revisions[i] for i < n_applied. */
typedef struct migc_state {
    size_t n_applied;
    migc_applied *rows; /* owned; release with migc_state_free */
    /* A revision applied step by step (CONCURRENTLY) that stopped half-way, at position
     * n_applied (not counted in it), or NULL; partial_note says how far it got (owned). The next
     * upgrade or downgrade resumes it. */
    const migc_revision *partial;
    char *partial_note;
} migc_state;

/* Connects with url (a URI or conninfo string); NULL uses DATABASE_URL, else libpq's
 * defaults. On success *conn is the caller's to PQfinish. Messages never hold a password. */
MIGC_API int migc_connect(const char *url, struct pg_conn **conn, migc_error *err);

/* Upgrades to target: an id, unique id prefix, "+N" or "head" (NULL means head). Consecutive
 * transactional revisions share one transaction, committed where the module's commit_before
 * table, batch_revisions and batch_seconds say (SPEC §7); a failure rolls back to the last
 * commit, and run->after (and err->message) then says which revisions stayed applied. */
MIGC_API int migc_upgrade(struct pg_conn *conn, const migc_module *m, const char *target,
                          const migc_progress *progress, migc_run *run, migc_error *err);

/* migc_upgrade / migc_downgrade with options, MIGC_OPT_* bits (0: the same as without). */
MIGC_API int migc_upgrade_with(struct pg_conn *conn, const migc_module *m, const char *target,
                               int options, const migc_progress *progress, migc_run *run,
                               migc_error *err);
MIGC_API int migc_downgrade_with(struct pg_conn *conn, const migc_module *m, const char *target,
                                 int options, const migc_progress *progress, migc_run *run,
                                 migc_error *err);
/* Every revision in a transaction of its own (`--transaction-per-revision`), instead of
 * consecutive revisions sharing one; an upgrade then also replays every revision. */
#define MIGC_OPT_TX_PER_REVISION 1
/* Upgrade: apply every revision even on a database where none of the module's objects exist,
 * instead of building the head from the snapshot (`--replay`). */
#define MIGC_OPT_REPLAY 2
/* Downgrade: run even when it deletes data (`--allow-destructive`). */
#define MIGC_OPT_ALLOW_DESTRUCTIVE 4

/* Downgrades to target: an id, unique id prefix, "-N" or "base". */
MIGC_API int migc_downgrade(struct pg_conn *conn, const migc_module *m, const char *target,
                            const migc_progress *progress, migc_run *run, migc_error *err);

/* Records exactly the revisions up to target as applied, running no step. */
MIGC_API int migc_stamp(struct pg_conn *conn, const migc_module *m, const char *target,
                        migc_run *run, migc_error *err);

/* Reads and verifies the applied revisions (no lock, creates nothing). */
MIGC_API int migc_state_read(struct pg_conn *conn, const migc_module *m, migc_state *st,
                             migc_error *err);

/* Releases what migc_state_read allocated; NULL-safe. */
MIGC_API void migc_state_free(migc_state *st);

/* Writes to out, without connecting, the psql script of the path spec "[FROM:]TO" (what
 * `MIGRATOR sql` prints): FROM and TO are ids, unique prefixes, head or base, TO also +N/-N
 * relative to FROM; a bare TO means base:TO, a bare "base" or "-N" starts at head. Applied
 * with `psql -v ON_ERROR_STOP=1 -f`, the script leaves the same schema and version rows
 * (revision, checksum; execution_ms NULL) as migc_upgrade / migc_downgrade along that path.
 * MIGC_EUSAGE for a bad path, MIGC_EREFUSED past an irreversible revision, MIGC_EFAILED on write
 * errors. */
MIGC_API int migc_sql_script(const migc_module *m, const char *spec, FILE *out, migc_error *err);

/* ---- Drift detection ---- */

/* One difference between the live schema and the expected one. */
typedef struct migc_difference {
    const char *kind; /* "table", "column", "primary key", "unique", "check", "foreign key",
                         "index", "enum", "type", "extension" (static strings) */
    char *object;     /* "users", "users.email" (column or constraint), "users_email_idx" */
    char *message;    /* one line, e.g. "column users.email: type is text, expected
                         character varying(255)" */
} migc_difference;

typedef struct migc_drift {
    size_t revision;        /* chain position compared with: 0 is base, i is after revision i */
    size_t n;               /* 0: the live schema is what the revisions build */
    migc_difference *items; /* owned; release with migc_drift_free */
} migc_drift;

/* Compares the live schema with the schema of the applied revisions (the module's expected
 * data): tables, columns, constraints, indexes, enums, extensions and comments; with exclusive,
 * undeclared tables, types and indexes too. Expressions are compared as the server normalises
 * them (scratch objects in a transaction that is rolled back). Returns 0 with *drift filled,
 * clean or not, or -1 with *err (never MIGC_EDRIFT). Takes no lock and changes nothing; the
 * session's search_path is set to the module schema, like every migrator command. */
MIGC_API int migc_check(struct pg_conn *conn, const migc_module *m, migc_drift *drift,
                        migc_error *err);

/* Releases what migc_check filled in; NULL-safe. */
MIGC_API void migc_drift_free(migc_drift *drift);

#ifdef __cplusplus
}
#endif

#endif
