/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Anything echoed about the target has its password replaced by "***". */
#ifndef MIGC_CONN_H
#define MIGC_CONN_H

#include <stddef.h>

/* Copies a URI or key=value conninfo into out with any password redacted. */
void migc_redact_conninfo(const char *conninfo, char *out, size_t size);

#endif
