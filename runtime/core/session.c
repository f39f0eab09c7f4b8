/* migc runtime: preparing a session for a module (pinned settings, search_path, timeouts).
 * Settings go through pg_catalog.set_config with $n values, never spliced into SQL. */
#include "session.h"

#include "error.h"
#include "interval.h"
#include "query.h"

#include <stdio.h>

static const char set_config_sql[] = "SELECT pg_catalog.set_config($1, $2, false)";

/* Settings that generated SQL and migc's own queries depend on, pinned whatever the database,
 * role or client environment says (as pg_dump pins them): how a literal is read
 * (standard_conforming_strings, client_encoding, DateStyle, IntervalStyle, xmloption), what an
 * expression means (transform_null_equals) and how the catalog prints it back
 * (quote_all_identifiers, extra_float_digits), that function bodies are checked when created,
 * that server notices ("already exists, skipping") stay out of the output, and that no query is
 * compiled by JIT (the catalog queries of a large schema pass jit_above_cost and spent more time
 * compiling than running: 0.4 s of a 1,000-table check). */
const migc_setting migc_pinned_settings[] = {
    {"standard_conforming_strings", "on"},
    {"client_encoding", "UTF8"},
    {"DateStyle", "ISO, MDY"},
    {"IntervalStyle", "postgres"},
    {"xmloption", "content"},
    {"transform_null_equals", "off"},
    {"quote_all_identifiers", "off"},
    {"extra_float_digits", "1"},
    {"check_function_bodies", "on"},
    {"client_min_messages", "warning"},
    {"jit", "off"},
    {"", ""},
};
_Static_assert(sizeof migc_pinned_settings / sizeof migc_pinned_settings[0] == 12,
               "pin_settings sets eleven settings and search_path");

/* Pins every migc_pinned_settings entry and search_path in one round trip. */
static int
pin_settings(PGconn *conn, const char *search_path, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.set_config($1, $2, false), pg_catalog.set_config($3, $4, false), "
        "pg_catalog.set_config($5, $6, false), pg_catalog.set_config($7, $8, false), "
        "pg_catalog.set_config($9, $10, false), pg_catalog.set_config($11, $12, false), "
        "pg_catalog.set_config($13, $14, false), pg_catalog.set_config($15, $16, false), "
        "pg_catalog.set_config($17, $18, false), pg_catalog.set_config($19, $20, false), "
        "pg_catalog.set_config($21, $22, false), pg_catalog.set_config($23, $24, false)";
    const char *params[24];
    int n = 0;
    PGresult *res;

    for (const migc_setting *s = migc_pinned_settings; s->name[0] != '\0'; s++) {
        params[n++] = s->name;
        params[n++] = s->value;
    }
    params[n++] = "search_path";
    params[n++] = search_path;
    if ((res = migc_q_tuples(conn, sql, n, params, err)) == NULL) {
        migc_error_prefix(err, "cannot pin the session settings: ");
        return -1;
    }
    PQclear(res);
    return 0;
}

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
    if (pin_settings(conn, quoted, err) != 0)
        return -1;
    /* never without a lock_timeout: a DDL statement queued behind a long reader would block
     * every later reader and writer of its table for as long (SPEC §2) */
    if (set_timeout(conn, "lock_timeout", m->lock_timeout ? m->lock_timeout : "2s", err) != 0)
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

int
migc_schema_creators(PGconn *conn, const migc_module *m, char *out, size_t size, migc_error *err)
{
    static const char sql[] =
        "SELECT pg_catalog.string_agg(CASE WHEN a.grantee OPERATOR(pg_catalog.=) "
        "0::pg_catalog.oid THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid("
        "a.grantee)) END, ', ' ORDER BY a.grantee) "
        "FROM pg_catalog.pg_namespace n CROSS JOIN LATERAL pg_catalog.aclexplode(n.nspacl) a "
        "WHERE n.nspname OPERATOR(pg_catalog.=) $1::pg_catalog.name "
        "AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'::pg_catalog.text "
        "AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner "
        "AND NOT EXISTS (SELECT FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) "
        "a.grantee AND (r.rolsuper OR r.rolname OPERATOR(pg_catalog.=) CURRENT_USER))";
    const char *params[1] = {m->schema};
    PGresult *res = migc_q_tuples(conn, sql, 1, params, err);

    if (res == NULL)
        return -1;
    snprintf(out, size, "%s", PQgetvalue(res, 0, 0)); /* "" for NULL: nobody */
    PQclear(res);
    return 0;
}
