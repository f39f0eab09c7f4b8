/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Nothing echoed about the target holds its password, whatever libpq's message says. */
#ifndef MIGC_CONN_H
#define MIGC_CONN_H

#include "migc/migc.h"

#include <libpq-fe.h>
#include <stddef.h>

/* The libpq functions the connection code calls, named after them (connectdbParams is
 * PQconnectdbParams): libpq's own for the runtime (conn_libpq.c), those migc inspect looks up
 * when it loads libpq at run time (generator/pq_load.c), so conn.c links no libpq itself. */
typedef struct migc_conn_pq {
    PGconn *(*connectdbParams)(const char *const *keywords, const char *const *values,
                               int expand_dbname);
    ConnStatusType (*status)(const PGconn *conn);
    char *(*errorMessage)(const PGconn *conn);
    void (*finish)(PGconn *conn);
    PQconninfoOption *(*conninfoParse)(const char *conninfo, char **errmsg);
    void (*conninfoFree)(PQconninfoOption *options);
    void (*freemem)(void *ptr);
} migc_conn_pq;

/* migc_connect through pq, with another fallback_application_name ("migc inspect" uses it). */
int migc_connect_with(const migc_conn_pq *pq, const char *url, const char *application_name,
                      PGconn **out, migc_error *err);

/* True when conninfo (a URI or key=value string) holds a password, or cannot be parsed and so
 * might: the command line then hides it from other users' `ps`. */
int migc_conninfo_has_secret(const char *conninfo);
int migc_conninfo_has_secret_with(const migc_conn_pq *pq, const char *conninfo);

/* Describes the target of conninfo from its parsed fields, never from its text, the password as
 * "***": "postgresql://user@host:port/db" or "host=h port=p dbname=d". */
void migc_conninfo_describe(const char *conninfo, char *out, size_t size);
void migc_conninfo_describe_with(const migc_conn_pq *pq, const char *conninfo, char *out,
                                 size_t size);

#endif
