/* migc runtime: PostgreSQL's normal form of expected expressions, for drift detection.
 * Scratch temp tables in a transaction that is rolled back; one batch, a few round trips. */
#ifndef MIGC_CHECK_NORM_H
#define MIGC_CHECK_NORM_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* NORM_EXCLUSION: expr is "EXCLUDE USING ..." and the result pg_get_constraintdef's text. */
enum {
    NORM_DEFAULT,
    NORM_CHECK,
    NORM_INDEX_EXPR,
    NORM_DOMAIN_CHECK,
    NORM_GENERATED,
    NORM_EXCLUSION
};

/* One expression to normalise. */
typedef struct migc_norm_req {
    int kind;                         /* NORM_* */
    const migc_expected_table *table; /* CHECK, INDEX_EXPR, GENERATED, EXCLUSION: its columns */
    const char *type;    /* DEFAULT, GENERATED: the column type; DOMAIN_CHECK: the base type */
    const char *method;  /* INDEX_EXPR: access method */
    const char *opclass; /* INDEX_EXPR: operator class or NULL */
    const char *expr;    /* as written */
    char *result; /* pg_get_expr / pg_get_indexdef text (malloc'd); NULL if it could not be built */
} migc_norm_req;

typedef struct migc_norm {
    migc_norm_req *reqs;
    size_t n, cap;
} migc_norm;

/* True when live is "(" expr ")" and expr is a whole parenthesised expression: its parentheses
 * balance outside quotes and it holds no backslash, dollar, semicolon or comment. Then the
 * server reads "(" expr ")" (what live is) exactly as it reads expr inside the scratch object's
 * own parentheses, so, in the same column types and search_path, the normal form of expr is
 * the normal form of live, which PostgreSQL's deparser prints as itself: live. */
int migc_norm_wrapped(const char *live, const char *expr);

/* Adds a request (copied; the strings must outlive the run); returns its index, or (size_t)-1
 * when out of memory. A NORM_CHECK request also serves index predicates (same parse). */
size_t migc_norm_add(migc_norm *nm, const migc_norm_req *req);

/* Builds every request's scratch object inside a transaction (a savepoint when conn is already
 * in one) that is rolled back, and reads the normal forms back. A request whose object cannot
 * be built keeps result NULL. Returns 0, or -1 with *err on a connection or memory failure. */
int migc_norm_run(PGconn *conn, migc_norm *nm, migc_error *err);

/* Releases the requests and results; NULL-safe. */
void migc_norm_free(migc_norm *nm);

#endif
