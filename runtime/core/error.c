/* migc runtime: filling a migc_error (status, message, SQLSTATE, failing revision/step).
 * Messages are truncated to the fixed buffers, never overflowed. */
#include "error.h"

#include <stdio.h>
#include <string.h>

void
migc_error_clear(migc_error *err)
{
    if (err == NULL)
        return;
    memset(err, 0, sizeof *err);
}

int
migc_fail(migc_error *err, int status, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL)
        return -1;
    err->status = status;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

void
migc_error_prefix(migc_error *err, const char *fmt, ...)
{
    char prefix[sizeof err->message];
    char old[sizeof err->message];
    size_t len, rest;
    va_list ap;

    if (err == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, err->message, sizeof old);
    len = strlen(prefix);
    rest = strlen(old);
    if (rest > sizeof err->message - 1 - len)
        rest = sizeof err->message - 1 - len; /* truncated, never overflowed */
    memcpy(err->message, prefix, len);
    memcpy(err->message + len, old, rest);
    err->message[len + rest] = '\0';
}

void
migc_error_statement(migc_error *err, const char *sql)
{
    if (err == NULL)
        return;
    snprintf(err->statement, sizeof err->statement, "%s", sql != NULL ? sql : "");
}
