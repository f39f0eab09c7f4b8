/* migc runtime: the connection functions over libpq's own functions, which the runtime links
 * (conn.c takes them as a table, so that migc inspect can hand it the ones it loads). */
#include "conn.h"

#include <libpq-fe.h>

static const migc_conn_pq libpq = {
    .connectdbParams = PQconnectdbParams,
    .status = PQstatus,
    .errorMessage = PQerrorMessage,
    .finish = PQfinish,
    .conninfoParse = PQconninfoParse,
    .conninfoFree = PQconninfoFree,
    .freemem = PQfreemem,
};

int
migc_connect(const char *url, PGconn **out, migc_error *err)
{
    return migc_connect_with(&libpq, url, "migc", out, err);
}

int
migc_conninfo_has_secret(const char *conninfo)
{
    return migc_conninfo_has_secret_with(&libpq, conninfo);
}

void
migc_conninfo_describe(const char *conninfo, char *out, size_t size)
{
    migc_conninfo_describe_with(&libpq, conninfo, out, size);
}
