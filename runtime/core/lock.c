/* migc runtime: the session advisory lock that serialises migrators of one module.
 * pg_try_advisory_lock in a loop with short sleeps: no transaction stays open meanwhile. */
#include "lock.h"

#include "clock.h"
#include "error.h"
#include "interval.h"
#include "query.h"

#include <stdio.h>
#include <string.h>

enum { POLL_MS = 50 };

/* Builds the lock key text "migc:<name>", or "migc:<name>:<schema>" for a tenant's schema (so
 * that tenants in one database do not wait for each other). */
static void
lock_key(const migc_module *m, int by_schema, char *buf, size_t size)
{
    snprintf(buf, size, "migc:%s%s%s", m->name, by_schema ? ":" : "", by_schema ? m->schema : "");
}

/* Reads the module's lock_timeout in ms; 0 means wait forever. */
static int
wait_limit(const migc_module *m, long *ms, migc_error *err)
{
    *ms = 0;
    if (m->lock_timeout == NULL)
        return 0;
    if (migc_interval_ms(m->lock_timeout, ms) != 0)
        return migc_fail(err, MIGC_EFAILED, "module setting lock_timeout: cannot read \"%s\"",
                         m->lock_timeout);
    return 0;
}

int
migc_lock_acquire(PGconn *conn, const migc_module *m, int by_schema, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0))";
    char key[256];
    const char *params[1] = {key};
    long limit, start = migc_clock_ms();
    int got = 0;

    lock_key(m, by_schema, key, sizeof key);
    if (wait_limit(m, &limit, err) != 0)
        return -1;
    for (;;) {
        if (migc_q_bool(conn, sql, 1, params, &got, err) != 0)
            return -1;
        if (got)
            return 0;
        if (limit > 0 && migc_clock_ms() - start >= limit)
            return migc_fail(err, MIGC_ELOCK,
                             "could not obtain the migration lock of module %s%s%s within "
                             "lock_timeout %s: another migrator is running",
                             m->name, by_schema ? " in schema " : "", by_schema ? m->schema : "",
                             m->lock_timeout);
        migc_sleep_ms(POLL_MS);
    }
}

int
migc_lock_release(PGconn *conn, const migc_module *m, int by_schema, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended($1, 0))";
    char key[256];
    const char *params[1] = {key};
    int released;

    lock_key(m, by_schema, key, sizeof key);
    return migc_q_bool(conn, sql, 1, params, &released, err);
}

int
migc_lock_holders(PGconn *conn, const migc_module *m, char *out, size_t size, migc_error *err)
{
    static const char sql[] =
        "SELECT a.pid, COALESCE(a.application_name, ''), "
        "COALESCE(a.state, ''), "
        "pg_catalog.round(EXTRACT(EPOCH FROM pg_catalog.now() OPERATOR(pg_catalog.-) "
        "COALESCE(a.xact_start, a.query_start)), 1)::pg_catalog.text, "
        "pg_catalog.split_part(pg_catalog.btrim(a.query), E'\\n', 1) "
        "FROM pg_catalog.pg_stat_activity a "
        "WHERE a.pid OPERATOR(pg_catalog.<>) pg_catalog.pg_backend_pid() AND EXISTS ("
        "SELECT FROM pg_catalog.pg_locks l JOIN pg_catalog.pg_class c "
        "ON c.oid OPERATOR(pg_catalog.=) l.relation JOIN pg_catalog.pg_namespace n "
        "ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
        "WHERE l.pid OPERATOR(pg_catalog.=) a.pid AND l.granted "
        "AND n.nspname OPERATOR(pg_catalog.=) $1::pg_catalog.name) "
        "ORDER BY a.xact_start NULLS LAST, a.pid LIMIT 3";
    const char *params[1] = {m->schema};
    PGresult *res = migc_q_tuples(conn, sql, 1, params, err);
    size_t len = 0;

    out[0] = '\0';
    if (res == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res) && len < size; r++) {
        snprintf(out + len, size - len, "%spid %s (application_name \"%s\", %s for %s s): %.120s",
                 r ? "; " : "", PQgetvalue(res, r, 0), PQgetvalue(res, r, 1), PQgetvalue(res, r, 2),
                 PQgetvalue(res, r, 3), PQgetvalue(res, r, 4));
        len = strlen(out);
    }
    PQclear(res);
    return 0;
}
