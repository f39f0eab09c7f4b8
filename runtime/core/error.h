/* migc runtime: filling a migc_error (status, message, SQLSTATE, failing revision/step).
 * Every runtime function reports through these helpers and returns 0 / -1. */
#ifndef MIGC_ERROR_H
#define MIGC_ERROR_H

#include "migc/migc.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define MIGC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MIGC_PRINTF(f, a)
#endif

/* Resets err to "no error". NULL-safe. */
void migc_error_clear(migc_error *err);

/* Sets status and a formatted message (replacing any earlier one); returns -1. */
int migc_fail(migc_error *err, int status, const char *fmt, ...) MIGC_PRINTF(3, 4);

/* Puts a formatted prefix in front of the current message; keeps everything else. */
void migc_error_prefix(migc_error *err, const char *fmt, ...) MIGC_PRINTF(2, 3);

/* Copies the start of sql into err->statement (truncated, never overflowing). */
void migc_error_statement(migc_error *err, const char *sql);

#endif
