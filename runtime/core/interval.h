/* migc runtime: reading lock_timeout / statement_timeout values as PostgreSQL does.
 * "5s", "500ms", "2min", "1.5 h", "3 seconds"; a plain number is milliseconds. */
#ifndef MIGC_INTERVAL_H
#define MIGC_INTERVAL_H

/* Parses text into *ms; returns 0, or -1 when the value is not understood. */
int migc_interval_ms(const char *text, long *ms);

#endif
