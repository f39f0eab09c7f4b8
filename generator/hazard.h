/* migc generator: hazards of operations on live tables (SPEC §4.1).
 * One descriptor per operation kind: the PostgreSQL 15 lock, scan, rewrite and data loss. */
#ifndef MIGC_HAZARD_H
#define MIGC_HAZARD_H

#include <stdbool.h>

#include "model.h"
#include "replay.h"
#include "strbuf.h"

/* Table-level lock modes a migc operation takes, weakest first (PostgreSQL's names). */
typedef enum mg_lock {
    MG_LOCK_NONE,
    MG_LOCK_SHARE_UPDATE_EXCLUSIVE, /* reads and writes go on; CONCURRENTLY, COMMENT */
    MG_LOCK_SHARE,                  /* blocks writes; CREATE INDEX */
    MG_LOCK_SHARE_ROW_EXCLUSIVE,    /* blocks writes; ADD FOREIGN KEY, on both tables */
    MG_LOCK_ACCESS_EXCLUSIVE,       /* blocks reads and writes; most of ALTER TABLE */
    MG_LOCK_UNKNOWN                 /* a sql step: migc cannot tell */
} mg_lock;

/* A lock on one table that exists before the revision. */
typedef struct mg_table_lock {
    const char *table;
    mg_lock mode;
} mg_table_lock;

/* Something a reviewer should know about an operation, and the squawk rules that flag the same
 * problem in the plain DDL ("rule" or "rule, rule"; NULL when squawk has none). */
typedef struct mg_problem {
    const char *text;
    const char *squawk;
} mg_problem;

/* The hazard of one operation, arena-owned. */
typedef struct mg_hazard {
    const mg_op *op;
    const char *object; /* "users", "users.email", "users.users_email_key", "mood", ... */
    bool known;         /* false for sql steps: locks, scans and data loss are not known */
    mg_vec locks;       /* mg_table_lock *: existing tables it locks, in the order taken */
    bool scans;         /* reads every row of an existing table (rewrites do too) */
    bool rewrites;      /* writes a new copy of an existing table and its indexes */
    bool destructive;   /* loses data (SPEC §4: drops and narrowing type changes) */
    mg_vec problems;    /* mg_problem *; details (text) may be arena-owned */
} mg_hazard;

/* True when every operation kind has its descriptor (checked by the unit tests). */
bool mg_hazard_descriptors_complete(void);
/* "ACCESS EXCLUSIVE", "SHARE", ..., "none", "unknown". */
const char *mg_lock_name(mg_lock mode);
/* The strongest lock of h: MG_LOCK_NONE when it locks no existing table. */
mg_lock mg_hazard_lock(const mg_hazard *h);
/* True when h gets a hazard line: it locks an existing table, loses data, or is raw SQL. */
bool mg_hazard_shown(const mg_hazard *h);
/* Appends the hazard line, without "hazard: " and the newline:
 * "ACCESS EXCLUSIVE on users; table rewrite; not destructive; <problem> (squawk: rule)". */
void mg_hazard_text(mg_sb *b, const mg_hazard *h);

/* A walk over revisions in order, replaying them onto its own state to know, for each operation,
 * the tables that exist before its revision. Arena-owned; nothing to free. */
typedef struct mg_hazard_walk {
    mg_replay r;  /* replays onto a private copy of the state */
    mg_vec fresh; /* const char *: tables the revision being walked created */
} mg_hazard_walk;

/* Starts a walk at start, the state before the first revision walked (NULL: an empty schema);
 * start is copied, never modified. */
void mg_hazard_walk_init(mg_hazard_walk *w, mg_arena *a, const mg_settings *settings,
                         const mg_schema *start, mg_diag *d);
/* Appends to out one mg_hazard * per operation of ops, one revision run in order, then applies
 * them to the walk's state. 0, or -1 with a diagnostic when replay refuses an operation. */
int mg_hazard_revision(mg_hazard_walk *w, const mg_vec *ops, mg_vec *out);

/* Volatility of a default expression, as far as migc can tell without a server. */
typedef enum mg_volatility {
    MG_VOLATILITY_STABLE,   /* no function call, or only known immutable/stable ones */
    MG_VOLATILITY_VOLATILE, /* calls a known volatile function: gen_random_uuid(), random() */
    MG_VOLATILITY_UNKNOWN   /* calls a function migc does not know */
} mg_volatility;

/* Volatility of expr; *fn (may be NULL) receives the arena-owned name of the function that
 * decided it (the first volatile one, else the first unknown one), NULL when none. */
mg_volatility mg_hazard_volatility(mg_arena *a, const char *expr, const char **fn);
/* True when ALTER COLUMN ... TYPE from one normalised type to another rewrites the table: every
 * change but the binary-coercible ones (varchar(n) to a longer varchar or text, numeric(p,s) to
 * numeric(q>=p,s), a larger timestamp/time precision, ...). A USING expression always rewrites. */
bool mg_hazard_type_rewrites(const char *from, const char *to, const char *using_expr);

#endif
