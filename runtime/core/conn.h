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

/* Describes the target of conninfo from its parsed fields, never from its text, the password as
 * "***": "postgresql://user@host:port/db" or "host=h port=p dbname=d". */
void migc_conninfo_describe(const char *conninfo, char *out, size_t size);

#endif
