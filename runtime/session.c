/* migc runtime: preparing a session for a module (search_path, schema, timeouts).
 * Settings go through pg_catalog.set_config with $n values, never spliced into SQL. */
#include "session.h"

#include "error.h"
#include "interval.h"
#include "query.h"

#include <stdio.h>

static const char set_config_sql[] = "SELECT pg_catalog.set_config($1, $2, false)";

/* Sets one session setting. */
static int
set_config(PGconn *conn, const char *name, const char *value, migc_error *err)
{
    const char *params[2] = {name, value};
    PGresult *res = migc_q_tuples(conn, set_config_sql, 2, params, err);

    if (res == NULL) {
        migc_error_prefix(err, "cannot set %s: ", name);
        return -1;
    }
    PQclear(res);
    return 0;
}

/* Applies a timeout setting given in the module, normalised to milliseconds. */
static int
set_timeout(PGconn *conn, const char *name, const char *value, migc_error *err)
{
    char ms_text[32];
    long ms;

    if (value == NULL)
        return 0;
    if (migc_interval_ms(value, &ms) != 0)
        return migc_fail(err, MIGC_EFAILED, "module setting %s: cannot read \"%s\" as a duration",
                         name, value);
    snprintf(ms_text, sizeof ms_text, "%ld", ms);
    return set_config(conn, name, ms_text, err);
}

int
migc_session_init(PGconn *conn, const migc_module *m, migc_error *err)
{
    char quoted[160];

    if (migc_quote_ident(m->schema, quoted, sizeof quoted) != 0)
        return migc_fail(err, MIGC_EFAILED, "schema name too long: %s", m->schema);
    if (set_config(conn, "search_path", quoted, err) != 0)
        return -1;
    if (set_timeout(conn, "lock_timeout", m->lock_timeout, err) != 0)
        return -1;
    return set_timeout(conn, "statement_timeout", m->statement_timeout, err);
}

int
migc_schema_exists(PGconn *conn, const char *name, int *exists, migc_error *err)
{
    static const char sql[] = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace "
                              "WHERE nspname = $1)";
    const char *params[1] = {name};

    return migc_q_bool(conn, sql, 1, params, exists, err);
}

int
migc_session_ensure_schema(PGconn *conn, const migc_module *m, migc_error *err)
{
    char sql[200];
    char quoted[160];
    int exists;

    if (migc_schema_exists(conn, m->schema, &exists, err) != 0)
        return -1;
    if (exists)
        return 0;
    if (migc_quote_ident(m->schema, quoted, sizeof quoted) != 0)
        return migc_fail(err, MIGC_EFAILED, "schema name too long: %s", m->schema);
    snprintf(sql, sizeof sql, "CREATE SCHEMA %s", quoted);
    if (migc_q_command(conn, sql, 0, NULL, err) != 0) {
        migc_error_prefix(err, "cannot create schema %s: ", m->schema);
        return -1;
    }
    return 0;
}
