/* migc generator: a small SQL scanner for hand-written `sql` steps.
 * Splits SQL into statements the way psql does, to find what a sql step may not hold (SPEC §4). */
#ifndef MIGC_SQLSCAN_H
#define MIGC_SQLSCAN_H

#include <stddef.h>

/* Offset meaning "nothing found". */
#define MG_SQLSCAN_NONE ((size_t)-1)

/* What mg_sqlscan_run found; offsets are byte offsets into the text, MG_SQLSCAN_NONE when there
 * is nothing of that kind. Only the first finding of each kind is kept. */
typedef struct mg_sqlscan_result {
    size_t txn;            /* first word of the first transaction control statement */
    char txn_word[24];     /* its command in upper case: "COMMIT", "START TRANSACTION", ... */
    size_t meta;           /* first backslash psql would read as a meta-command */
    char meta_word[24];    /* that backslash and the word after it, as written: "\connect" */
    size_t open;           /* start of a quoted string, identifier or comment that never ends */
    const char *open_what; /* "quoted string", "dollar-quoted string", ...; NULL when none */
} mg_sqlscan_result;

/* Scans the NUL-terminated SQL text sql into *out. Statements end at a semicolon outside
 * parentheses, quotes, dollar quotes and comments, and outside the BEGIN ... END body of a
 * CREATE [OR REPLACE] FUNCTION|PROCEDURE (psql's rule, so BEGIN ATOMIC is not a BEGIN). A
 * statement is transaction control when its first word is BEGIN, COMMIT, END, ROLLBACK, ABORT,
 * SAVEPOINT or RELEASE, or its first two are START or PREPARE then TRANSACTION. A meta-command
 * is a backslash outside quotes, dollar quotes and comments, or any backslash that is the first
 * character of a line but for blanks (psql may see such a line where the string it sits in
 * ends early). Standard-conforming strings are assumed: a backslash escapes only in E'...'. */
void mg_sqlscan_run(const char *sql, mg_sqlscan_result *out);

#endif
