/* migc runtime: the libpq calls, one wrapper per expected result status.
 * Server errors become "ERROR:  message (SQLSTATE xxxxx)" plus DETAIL/HINT lines. */
#include "query.h"

#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends "\nLABEL:  text" to buf when text is set. */
static void
append_field(char *buf, size_t size, const char *label, const char *text)
{
    size_t len = strlen(buf);

    if (text != NULL && *text != '\0' && len < size)
        snprintf(buf + len, size - len, "\n%s:  %s", label, text);
}

/* Strips trailing newlines and spaces (libpq messages end in "\n"). */
static void
chomp(char *s)
{
    size_t len = strlen(s);

    while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
        s[--len] = '\0';
}

/* Fills err (never NULL) from a failed result (or, without one, from the connection). */
static int
fail_result(PGconn *conn, const PGresult *res, const char *sql, migc_error *err)
{
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *severity = res ? PQresultErrorField(res, PG_DIAG_SEVERITY) : NULL;

    if (primary == NULL) {
        const char *text = res ? PQresultErrorMessage(res) : "";
        if (PQstatus(conn) == CONNECTION_BAD) /* the connection's text keeps the server's FATAL */
            text = PQerrorMessage(conn);
        migc_fail(err, MIGC_EFAILED, "%s", *text ? text : PQerrorMessage(conn));
        chomp(err->message);
        if (err->message[0] == '\0')
            migc_fail(err, MIGC_EFAILED, "unexpected result status %s",
                      res ? PQresStatus(PQresultStatus(res)) : "(none)");
    } else {
        migc_fail(err, MIGC_EFAILED, "%s:  %s", severity ? severity : "ERROR", primary);
        if (state != NULL)
            snprintf(err->message + strlen(err->message),
                     sizeof err->message - strlen(err->message), " (SQLSTATE %s)", state);
        append_field(err->message, sizeof err->message, "DETAIL",
                     PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
        append_field(err->message, sizeof err->message, "HINT",
                     PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
    }
    snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state ? state : "");
    migc_error_statement(err, sql);
    return -1;
}

/* Runs sql and keeps the result only when its status is `want`. */
static PGresult *
exec_expect(PGconn *conn, const char *sql, int n, const char *const *params, ExecStatusType want,
            migc_error *err)
{
    PGresult *res = PQexecParams(conn, sql, n, NULL, params, NULL, NULL, 0);

    if (res != NULL && PQresultStatus(res) == want)
        return res;
    fail_result(conn, res, sql, err);
    PQclear(res);
    return NULL;
}

int
migc_q_command(PGconn *conn, const char *sql, int n, const char *const *params, migc_error *err)
{
    PGresult *res = exec_expect(conn, sql, n, params, PGRES_COMMAND_OK, err);

    if (res == NULL)
        return -1;
    PQclear(res);
    return 0;
}

PGresult *
migc_q_tuples(PGconn *conn, const char *sql, int n, const char *const *params, migc_error *err)
{
    return exec_expect(conn, sql, n, params, PGRES_TUPLES_OK, err);
}

int
migc_q_bool(PGconn *conn, const char *sql, int n, const char *const *params, int *out,
            migc_error *err)
{
    PGresult *res = migc_q_tuples(conn, sql, n, params, err);
    int ok;

    if (res == NULL)
        return -1;
    ok = PQntuples(res) == 1 && PQnfields(res) == 1 && !PQgetisnull(res, 0, 0);
    if (ok)
        *out = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
    PQclear(res);
    if (!ok) {
        migc_fail(err, MIGC_EFAILED, "expected one boolean row from: %s", sql);
        migc_error_statement(err, sql);
        return -1;
    }
    return 0;
}

int
migc_q_script(PGconn *conn, const char *sql, migc_error *err)
{
    PGresult *res = PQexec(conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
        PQclear(res);
        return 0;
    }
    fail_result(conn, res, sql, err);
    PQclear(res);
    return -1;
}

/* text between two q characters, each q inside doubled; -1 if it does not fit in size. */
static int
quote_with(char q, const char *text, char *buf, size_t size)
{
    size_t j = 0;

    if (size < 3)
        return -1;
    buf[j++] = q;
    for (const char *p = text; *p != '\0'; p++) {
        if (j + (*p == q ? 2 : 1) + 2 > size)
            return -1;
        if (*p == q)
            buf[j++] = q;
        buf[j++] = *p;
    }
    buf[j++] = q;
    buf[j] = '\0';
    return 0;
}

int
migc_quote_ident(const char *name, char *buf, size_t size)
{
    return quote_with('"', name, buf, size);
}

int
migc_quote_literal(const char *text, char *buf, size_t size)
{
    return quote_with('\'', text, buf, size);
}

int
migc_q_fail(PGconn *conn, const PGresult *res, const char *sql, migc_error *err)
{
    return fail_result(conn, res, sql, err);
}

/* Picks a dollar-quote tag $<base>$, $<base>_1$, ... that occurs in none of the texts. */
void
migc_dollar_tag(char *tag, const char *base, const char *const *texts, size_t n)
{
    for (unsigned k = 0;; k++) {
        size_t i = 0;
        if (k == 0)
            snprintf(tag, MIGC_TAG_SIZE, "$%s$", base);
        else
            snprintf(tag, MIGC_TAG_SIZE, "$%s_%u$", base, k);
        while (i < n && (texts[i] == NULL || strstr(texts[i], tag) == NULL))
            i++;
        if (i == n)
            return;
    }
}

char *
migc_str_dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);

    if (p != NULL)
        memcpy(p, s, n);
    return p;
}
