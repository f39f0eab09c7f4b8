/* migc runtime: the libpq calls, one wrapper per expected result status.
 * Every PGresult is cleared on every path; errors keep SQLSTATE, message and statement. */
#ifndef MIGC_QUERY_H
#define MIGC_QUERY_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Runs sql with $n params (PQexecParams), expecting PGRES_COMMAND_OK. */
int migc_q_command(PGconn *conn, const char *sql, int n, const char *const *params,
                   migc_error *err);

/* Runs sql with $n params, expecting rows; returns the result (caller PQclears) or NULL. */
PGresult *migc_q_tuples(PGconn *conn, const char *sql, int n, const char *const *params,
                        migc_error *err);

/* Runs a query returning one boolean row into *out (1 true, 0 false). */
int migc_q_bool(PGconn *conn, const char *sql, int n, const char *const *params, int *out,
                migc_error *err);

/* Runs sql (possibly several statements) with PQexec; any successful status is fine. */
int migc_q_script(PGconn *conn, const char *sql, migc_error *err);

/* Fills err from a failed result res (NULL: from the connection), naming sql; returns -1. */
int migc_q_fail(PGconn *conn, const PGresult *res, const char *sql, migc_error *err);

/* Size of a buffer for migc_dollar_tag. */
#define MIGC_TAG_SIZE 32
/* Writes into tag a dollar-quote tag $<base>$, $<base>_1$, ... that occurs in none of the n
 * texts (NULL texts are skipped). */
void migc_dollar_tag(char *tag, const char *base, const char *const *texts, size_t n);

/* Writes name as a double-quoted identifier (embedded quotes doubled); -1 if too long. */
int migc_quote_ident(const char *name, char *buf, size_t size);

/* Writes text as a single-quoted SQL literal (embedded quotes doubled); -1 if too long. */
int migc_quote_literal(const char *text, char *buf, size_t size);

/* A malloc'd copy of s (C11 has no strdup); NULL when out of memory. */
char *migc_str_dup(const char *s);

#endif
