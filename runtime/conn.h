/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Nothing echoed about the target holds its password, whatever libpq's message says. */
#ifndef MIGC_CONN_H
#define MIGC_CONN_H

#include <stddef.h>

/* True when conninfo (a URI or key=value string) holds a password, or cannot be parsed and so
 * might: the command line then hides it from other users' `ps`. */
int migc_conninfo_has_secret(const char *conninfo);

#endif
