/* migc runtime: the version table <schema>.<version_table>, one row per applied revision.
 * Table names are quoted here; revision ids and checksums travel as $n values. */
#include "version.h"

#include "error.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the quoted, schema-qualified version table name into buf. */
static int
table_name(const migc_module *m, char *buf, size_t size, migc_error *err)
{
    char schema[160], table[160];

    if (migc_quote_ident(m->schema, schema, sizeof schema) != 0 ||
        migc_quote_ident(m->version_table, table, sizeof table) != 0)
        return migc_fail(err, MIGC_EFAILED, "version table name too long");
    snprintf(buf, size, "%s.%s", schema, table);
    return 0;
}

/* The version table's row in pg_class ($1 schema, $2 table), if any: its owner, the session's
 * role, and why another role could run its code with this session's privileges through the
 * table (NULL when it cannot): an owner the session's role neither is nor belongs to (walking
 * pg_auth_members, because pg_has_role makes a superuser a member of every role), triggers,
 * rules or row security. Shared with the offline script (sqlout.c), which runs it by EXECUTE. */
const char migc_version_trust_sql[] =
    "WITH RECURSIVE mine(oid) AS (SELECT r.oid FROM pg_catalog.pg_roles r "
    "WHERE r.rolname OPERATOR(pg_catalog.=) CURRENT_USER "
    "UNION SELECT am.roleid FROM pg_catalog.pg_auth_members am JOIN mine "
    "ON am.member OPERATOR(pg_catalog.=) mine.oid) "
    "SELECT pg_catalog.pg_get_userbyid(c.relowner) AS owner, CURRENT_USER AS me, CASE "
    "WHEN NOT c.relowner OPERATOR(pg_catalog.=) ANY (SELECT mine.oid FROM mine) "
    "THEN 'it is owned by another role' "
    "WHEN EXISTS (SELECT FROM pg_catalog.pg_trigger t "
    "WHERE t.tgrelid OPERATOR(pg_catalog.=) c.oid) THEN 'it has triggers' "
    "WHEN EXISTS (SELECT FROM pg_catalog.pg_rewrite w "
    "WHERE w.ev_class OPERATOR(pg_catalog.=) c.oid) THEN 'it has rules' "
    "WHEN c.relrowsecurity OR EXISTS (SELECT FROM pg_catalog.pg_policy p "
    "WHERE p.polrelid OPERATOR(pg_catalog.=) c.oid) THEN 'it has row security policies' "
    "END AS why FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
    "ON n.oid OPERATOR(pg_catalog.=) c.relnamespace "
    "WHERE n.nspname OPERATOR(pg_catalog.=) $1::pg_catalog.name "
    "AND c.relname OPERATOR(pg_catalog.=) $2::pg_catalog.name "
    "AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog.\"char\"[])";

/* Refuses (MIGC_EUNKNOWN) a version table whose row of migc_version_trust_sql gives a reason. */
static int
check_trusted(const migc_module *m, const PGresult *res, migc_error *err)
{
    if (PQgetisnull(res, 0, 2))
        return 0;
    return migc_fail(err, MIGC_EUNKNOWN,
                     "refusing to use the version table %s.%s: %s (owner %s, connected as %s). "
                     "migc uses a version table only when the connecting role owns it (or is a "
                     "member of its owner) and it has no triggers, rules or policies, so that no "
                     "other role's code runs with this session's privileges. Check who created "
                     "it; if it is yours, remove what is listed, or set version_table in "
                     "module.yaml",
                     m->schema, m->version_table, PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 0),
                     PQgetvalue(res, 0, 1));
}

/* Sets *exists to whether the version table exists; refuses one that is not trusted. */
static int
table_exists(PGconn *conn, const migc_module *m, int *exists, migc_error *err)
{
    const char *params[2] = {m->schema, m->version_table};
    PGresult *res = migc_q_tuples(conn, migc_version_trust_sql, 2, params, err);
    int rc;

    if (res == NULL)
        return -1;
    *exists = PQntuples(res) > 0;
    rc = *exists ? check_trusted(m, res, err) : 0;
    PQclear(res);
    return rc;
}

int
migc_version_ensure(PGconn *conn, const migc_module *m, migc_error *err)
{
    char name[330], sql[600];
    int exists;

    if (table_exists(conn, m, &exists, err) != 0 || exists)
        return exists ? 0 : -1;
    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(sql, sizeof sql,
             "CREATE TABLE %s (revision text PRIMARY KEY, checksum text NOT NULL, "
             "applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(), execution_ms integer)",
             name);
    if (migc_q_command(conn, sql, 0, NULL, err) != 0) {
        migc_error_prefix(err, "cannot create the version table %s: ", name);
        return -1;
    }
    return 0;
}

int
migc_version_insert(PGconn *conn, const migc_module *m, const migc_revision *rev, long ms,
                    migc_error *err)
{
    char name[330], sql[500], ms_text[32];
    const char *params[3] = {rev->id, rev->checksum, ms >= 0 ? ms_text : NULL};

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(ms_text, sizeof ms_text, "%ld", ms);
    snprintf(sql, sizeof sql,
             "INSERT INTO %s (revision, checksum, execution_ms) VALUES ($1, $2, $3::integer)",
             name);
    if (migc_q_command(conn, sql, 3, params, err) != 0) {
        migc_error_prefix(err, "cannot record revision %s: ", rev->id);
        return -1;
    }
    return 0;
}

int
migc_version_delete(PGconn *conn, const migc_module *m, const migc_revision *rev, migc_error *err)
{
    char name[330], sql[400];
    const char *params[1] = {rev->id};

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE revision = $1", name);
    if (migc_q_command(conn, sql, 1, params, err) != 0) {
        migc_error_prefix(err, "cannot remove the row of revision %s: ", rev->id);
        return -1;
    }
    return 0;
}

/* Index of revision id in the module's chain, or -1. */
static long
find_revision(const migc_module *m, const char *id)
{
    for (size_t i = 0; i < m->n_revisions; i++)
        if (strcmp(m->revisions[i]->id, id) == 0)
            return (long)i;
    return -1;
}

/* Refuses any stored revision id the module does not know (checked before checksums). */
static int
check_known(const migc_module *m, PGresult *res, migc_error *err)
{
    for (int r = 0; r < PQntuples(res); r++) {
        const char *id = PQgetvalue(res, r, 0);
        if (find_revision(m, id) < 0)
            return migc_fail(err, MIGC_EUNKNOWN,
                             "the database holds revision %s, which this migrator does not "
                             "know (is the migrator older than the database?)",
                             id);
    }
    return 0;
}

/* Checks one stored row against the module and files it under its chain index. */
static int
take_row(const migc_module *m, PGresult *res, int row, migc_state *st, migc_error *err)
{
    const char *id = PQgetvalue(res, row, 0);
    long i = find_revision(m, id);
    migc_applied *a;

    if (strcmp(PQgetvalue(res, row, 1), m->revisions[i]->checksum) != 0) {
        err->revision = m->revisions[i]->id;
        return migc_fail(err, MIGC_EDRIFT,
                         "checksum mismatch for revision %s: the database recorded %s, "
                         "this migrator has %s (was the revision edited after it was applied?)",
                         id, PQgetvalue(res, row, 1), m->revisions[i]->checksum);
    }
    a = &st->rows[i];
    a->rev = m->revisions[i];
    snprintf(a->applied_at, sizeof a->applied_at, "%s", PQgetvalue(res, row, 2));
    a->execution_ms = PQgetisnull(res, row, 3) ? -1 : atol(PQgetvalue(res, row, 3));
    return 0;
}

/* Counts the applied prefix and refuses holes (a later revision applied, an earlier not). */
static int
check_prefix(const migc_module *m, migc_state *st, int n_rows, migc_error *err)
{
    size_t k = 0;

    while (k < m->n_revisions && st->rows[k].rev != NULL)
        k++;
    if ((int)k != n_rows) {
        size_t j = k + 1;
        while (j < m->n_revisions && st->rows[j].rev == NULL)
            j++;
        return migc_fail(err, MIGC_EFAILED,
                         "the version table is inconsistent: revision %s is recorded as "
                         "applied but revision %s, which precedes it, is not",
                         j < m->n_revisions ? m->revisions[j]->id : "?", m->revisions[k]->id);
    }
    st->n_applied = k;
    return 0;
}

/* Reads every row of the version table into st and verifies it. */
static int
read_rows(PGconn *conn, const migc_module *m, migc_state *st, migc_error *err)
{
    char name[330], sql[500];
    PGresult *res;
    int rc = 0;

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(sql, sizeof sql,
             "SELECT revision, checksum, applied_at::text, execution_ms FROM %s ORDER BY revision",
             name);
    if ((res = migc_q_tuples(conn, sql, 0, NULL, err)) == NULL)
        return -1;
    rc = check_known(m, res, err);
    for (int r = 0; r < PQntuples(res) && rc == 0; r++)
        rc = take_row(m, res, r, st, err);
    if (rc == 0)
        rc = check_prefix(m, st, PQntuples(res), err);
    PQclear(res);
    return rc;
}

int
migc_state_read(PGconn *conn, const migc_module *m, migc_state *st, migc_error *err)
{
    migc_error local;
    int exists;

    if (err == NULL)
        err = &local;
    migc_error_clear(err);
    st->n_applied = 0;
    st->rows = calloc(m->n_revisions + 1, sizeof *st->rows);
    if (st->rows == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    if (table_exists(conn, m, &exists, err) != 0 || (exists && read_rows(conn, m, st, err) != 0)) {
        migc_state_free(st);
        return -1;
    }
    return 0;
}

void
migc_state_free(migc_state *st)
{
    if (st == NULL)
        return;
    free(st->rows);
    st->rows = NULL;
    st->n_applied = 0;
}
