/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Nothing echoed about the target holds its password, whatever libpq's message says. */
#ifndef MIGC_CONN_H
#define MIGC_CONN_H

#include "migc/migc.h"

#include <libpq-fe.h>
#include <stddef.h>

/* migc_connect with another fallback_application_name ("migc inspect" uses it too). */
int migc_connect_as(const char *url, const char *application_name, PGconn **out, migc_error *err);

/* True when conninfo (a URI or key=value string) holds a password, or cannot be parsed and so
 * might: the command line then hides it from other users' `ps`. */
int migc_conninfo_has_secret(const char *conninfo);

#endif
