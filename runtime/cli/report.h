/* migc runtime: printing what current, history, status and check report, as text or JSON.
 * JSON output is one document per command, strings escaped per RFC 8259. */
#ifndef MIGC_REPORT_H
#define MIGC_REPORT_H

#include "migc/migc.h"

#include <stdio.h>

/* Prints the applied head id or "base" ({"module": ..., "current": id|null} in JSON). */
void migc_report_current(FILE *out, const migc_module *m, const migc_state *st, int json);

/* Prints every revision, oldest first, marked applied or pending. */
void migc_report_history(FILE *out, const migc_module *m, const migc_state *st, int json);

/* Prints the current revision, the head and the number pending. */
void migc_report_status(FILE *out, const migc_module *m, const migc_state *st, int json);

/* Prints drift as one line per difference, or as one JSON document (check_print.c). */
void migc_drift_print(FILE *out, const migc_module *m, const migc_drift *drift, int json);

/* Writes s as a JSON string (null when s is NULL), escaped per RFC 8259. */
void migc_report_json_str(FILE *out, const char *s);

#endif
