/* migc runtime: drift detection internals shared by check*.c (live catalog vs expected schema).
 * Compare, collect differences and expressions to normalise, normalise in one batch, report. */
#ifndef MIGC_CHECK_H
#define MIGC_CHECK_H

#include "migc/migc.h"

#include "catalog.h"
#include "check_norm.h"
#include "error.h"

#include <libpq-fe.h>
#include <stdio.h>

/* A difference with its place in the output order. */
typedef struct migc_chk_item {
    size_t seq;
    migc_difference d;
} migc_chk_item;

/* An expression comparison that waits for the server's normal form of the expected text. */
typedef struct migc_chk_deferred {
    size_t seq; /* output position reserved when it was found */
    size_t req; /* its request in norm */
    const char *kind;
    char *object;
    char *what; /* "default", "expression", "where", "key 2" */
    char *live; /* the live text */
} migc_chk_deferred;

/* One comparison run. */
typedef struct migc_chk {
    PGconn *conn;
    const migc_module *m;
    const migc_expected_schema *exp;   /* NULL at base */
    const migc_expected_domains *doms; /* the expected domains; NULL when none */
    const migc_expected_ctypes *cts;   /* the expected composite types; NULL when none */
    /* the expected functions; NULL when no revision of the module has any */
    const migc_expected_functions *fns;
    /* the expected triggers; NULL when no revision of the module has any */
    const migc_expected_triggers *trgs;
    const migc_expected_views *views; /* the expected views; NULL when none */
    migc_catalog cat;
    int cur[3]; /* forward cursors into the catalog results (CUR_*) */
    size_t seq;
    migc_chk_item *items;
    size_t n_items, cap_items;
    migc_chk_deferred *defs;
    size_t n_defs, cap_defs;
    migc_norm norm;
    int cols_match; /* the current table's live columns are the expected names and types */
    int oom;        /* an allocation failed: the run fails at the end */
} migc_chk;

enum { CUR_COLUMNS, CUR_CONSTRAINTS, CUR_INDEXES };

/* Records "<kind> <object>: <detail>" as the next difference. */
void migc_chk_diff(migc_chk *c, const char *kind, const char *object, const char *fmt, ...)
    MIGC_PRINTF(4, 5);

/* A value of a result row, or NULL when it is SQL NULL. */
const char *migc_chk_value(const PGresult *res, int row, int col);
/* True when a and b are both NULL or equal strings. */
int migc_chk_same(const char *a, const char *b);
/* Records "<kind> <object>: <what> is L, expected E" (none for NULL) when live and exp differ. */
void migc_chk_compare(migc_chk *c, const char *kind, const char *object, const char *what,
                      const char *live, const char *exp);

/* Records one difference per storage parameter that live and exp ("name=value" lines, NULL for
 * none) do not agree on: set in one only, or to another value. */
void migc_chk_params(migc_chk *c, const char *kind, const char *object, const char *live,
                     const char *exp);

/* Compares live with the expected expression req->expr: equal text settles it now, and so does
 * live == "(" expr ")" when same_context says the server would parse expr in the context live
 * was printed in (migc_norm_wrapped); otherwise req is queued and the server's normal form
 * decides after the batch ("<what> is L, expected E"). */
void migc_chk_expr(migc_chk *c, const char *kind, const char *object, const char *what,
                   const char *live, const migc_norm_req *req, int same_context);

/* "users.email" in a malloc'd string (NULL and c->oom set when out of memory). */
char *migc_chk_join(migc_chk *c, const char *a, const char *sep, const char *b);

/* Compares the constraints of one table (rows [begin, end) of the constraints result). */
void migc_chk_constraints(migc_chk *c, const migc_expected_table *t, int begin, int end);

/* Compares the indexes of one table (rows [begin, end) of the indexes result). */
void migc_chk_indexes(migc_chk *c, const migc_expected_table *t, int begin, int end);

/* Compares enums, other types (exclusive) and extensions. */
void migc_chk_types(migc_chk *c);
void migc_chk_extensions(migc_chk *c);

/* Reports what schema.yaml cannot express on the declared relations (check_unmanaged.c), and
 * aggregates in an exclusive module's schema. 0, or -1 when the query failed (err set). */
int migc_chk_unmanaged(migc_chk *c, migc_error *err);

/* Compares the sequences (check_seqs.c) with those of c->exp (none at base). 0, or -1 when
 * the catalog could not be read. */
int migc_chk_sequences(migc_chk *c, migc_error *err);

/* Compares the domains (check_domains.c) with c->doms. 0, or -1 when the catalog could not be
 * read. */
int migc_chk_domains(migc_chk *c, migc_error *err);
/* Compares the composite types (check_ctypes.c) with c->cts. 0, or -1 on a catalog failure. */
int migc_chk_ctypes(migc_chk *c, migc_error *err);
/* Compares the functions and procedures (check_funcs.c) with c->fns. 0, or -1 on a catalog
 * failure. */
int migc_chk_functions(migc_chk *c, migc_error *err);
/* Compares the triggers (check_triggers.c) with c->trgs. 0, or -1 on a catalog failure. */
int migc_chk_triggers(migc_chk *c, migc_error *err);
/* Compares the views and materialized views (check_views.c) with c->views. 0, or -1 on a
 * catalog failure. */
int migc_chk_views(migc_chk *c, migc_error *err);
/* True when name is an expected domain or composite type (migc_chk_types leaves it to
 * migc_chk_domains or migc_chk_ctypes). */
int migc_chk_domain_expected(const migc_chk *c, const char *name);

/* Position of the compare: migc_check at the applied revisions, post-verify at `pos` (the
 * migc_verify_fn the command line hands to migc_move_verified, migrate.h). */
int migc_check_at(PGconn *conn, const migc_module *m, size_t pos, migc_drift *drift,
                  migc_error *err);

#endif
