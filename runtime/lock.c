/* migc runtime: the session advisory lock that serialises migrators of one module.
 * pg_try_advisory_lock in a loop with short sleeps: no transaction stays open meanwhile. */
#include "lock.h"

#include "clock.h"
#include "error.h"
#include "interval.h"
#include "query.h"

#include <stdio.h>

enum { POLL_MS = 50 };

/* Builds the lock key text "migc:<name>". */
static void
lock_key(const migc_module *m, char *buf, size_t size)
{
    snprintf(buf, size, "migc:%s", m->name);
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
migc_lock_acquire(PGconn *conn, const migc_module *m, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.pg_try_advisory_lock(pg_catalog.hashtextextended($1, 0))";
    char key[128];
    const char *params[1] = {key};
    long limit, start = migc_clock_ms();
    int got = 0;

    lock_key(m, key, sizeof key);
    if (wait_limit(m, &limit, err) != 0)
        return -1;
    for (;;) {
        if (migc_q_bool(conn, sql, 1, params, &got, err) != 0)
            return -1;
        if (got)
            return 0;
        if (limit > 0 && migc_clock_ms() - start >= limit)
            return migc_fail(err, MIGC_ELOCK,
                             "could not obtain the migration lock of module %s within "
                             "lock_timeout %s: another migrator is running",
                             m->name, m->lock_timeout);
        migc_sleep_ms(POLL_MS);
    }
}

int
migc_lock_release(PGconn *conn, const migc_module *m, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.pg_advisory_unlock(pg_catalog.hashtextextended($1, 0))";
    char key[128];
    const char *params[1] = {key};
    int released;

    lock_key(m, key, sizeof key);
    return migc_q_bool(conn, sql, 1, params, &released, err);
}
