/* migc runtime: the version table <schema>.<version_table>, one row per applied revision.
 * Table names are quoted here; revision ids and checksums travel as $n values. */
#include "version.h"

#include "checksum.h"
#include "error.h"
#include "query.h"
#include "target.h"

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
 * rules or row security; whether it has the `module` column, and both the `kept` and `partial`
 * columns (has_extras; a table written before they existed has not). Shared with the offline script
 * (sqlout.c), which runs it by EXECUTE. */
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
    "END AS why, EXISTS (SELECT FROM pg_catalog.pg_attribute a "
    "WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid "
    "AND a.attname OPERATOR(pg_catalog.=) 'module'::pg_catalog.name AND NOT a.attisdropped) "
    "AS has_module, (SELECT pg_catalog.count(*) FROM pg_catalog.pg_attribute a "
    "WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid AND NOT a.attisdropped "
    "AND a.attname OPERATOR(pg_catalog.=) ANY ('{kept,partial}'::pg_catalog.name[])) "
    "OPERATOR(pg_catalog.=) 2::pg_catalog.int8 AS has_extras FROM pg_catalog.pg_class c JOIN "
    "pg_catalog.pg_namespace n "
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

/* What table_info finds: whether the version table exists, and whether it has `module`. */
typedef struct table_info {
    int exists, has_module, has_extras;
} table_info;

/* Fills *t for the version table; refuses one that is not trusted. */
static int
table_info_read(PGconn *conn, const migc_module *m, table_info *t, migc_error *err)
{
    const char *params[2] = {m->schema, m->version_table};
    PGresult *res = migc_q_tuples(conn, migc_version_trust_sql, 2, params, err);
    int rc;

    if (res == NULL)
        return -1;
    t->exists = PQntuples(res) > 0;
    t->has_module = t->exists && strcmp(PQgetvalue(res, 0, 3), "t") == 0;
    t->has_extras = t->exists && strcmp(PQgetvalue(res, 0, 4), "t") == 0;
    rc = t->exists ? check_trusted(m, res, err) : 0;
    PQclear(res);
    return rc;
}

static int check_known(const migc_module *m, PGresult *res, migc_error *err);

/* Adds the `module` column to a version table written before it existed, naming this module in
 * every row: only after check_known proved every row to be one of this module's revisions (a
 * table shared with another module is refused, not claimed), or for every row with force. The
 * column's default is this module, so rows written by hand belong to it. */
static int
add_module_column(PGconn *conn, const migc_module *m, const char *name, int force, migc_error *err)
{
    char sql[500];
    PGresult *res;
    int rc;

    snprintf(sql, sizeof sql, "SELECT revision FROM %s ORDER BY revision", name);
    if ((res = migc_q_tuples(conn, sql, 0, NULL, err)) == NULL)
        return -1;
    rc = force ? 0 : check_known(m, res, err);
    PQclear(res);
    if (rc != 0)
        return -1;
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN module text NOT NULL DEFAULT '%s'", name,
             m->name); /* module names are [a-z_][a-z0-9_]* (module.yaml validation) */
    if ((rc = migc_q_command(conn, sql, 0, NULL, err)) != 0)
        migc_error_prefix(err, "cannot add the module column to the version table %s: ", name);
    return rc;
}

int
migc_version_ensure(PGconn *conn, const migc_module *m, int force, migc_error *err)
{
    char name[330], sql[600];
    table_info t;

    if (table_info_read(conn, m, &t, err) != 0 || table_name(m, name, sizeof name, err) != 0)
        return -1;
    if (t.exists && !t.has_module && add_module_column(conn, m, name, force, err) != 0)
        return -1;
    if (t.exists && !t.has_extras) { /* written before kept and partial: add them (NULL) */
        snprintf(sql, sizeof sql,
                 "ALTER TABLE %s ADD COLUMN IF NOT EXISTS kept text, "
                 "ADD COLUMN IF NOT EXISTS partial text",
                 name);
        return migc_q_command(conn, sql, 0, NULL, err);
    }
    if (t.exists)
        return 0;
    snprintf(sql, sizeof sql,
             "CREATE TABLE %s (revision text PRIMARY KEY, checksum text NOT NULL, "
             "applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(), execution_ms integer, "
             "module text NOT NULL DEFAULT '%s', kept text, partial text)",
             name, m->name);
    if (migc_q_command(conn, sql, 0, NULL, err) != 0) {
        migc_error_prefix(err, "cannot create the version table %s: ", name);
        return -1;
    }
    return 0;
}

int
migc_version_insert(PGconn *conn, const migc_module *m, const migc_revision *rev, long ms,
                    const char *partial, migc_error *err)
{
    char name[330], sql[1000], ms_text[32];
    const char *params[5] = {rev->id, rev->checksum, ms >= 0 ? ms_text : NULL, m->name, partial};
    PGresult *res;

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(ms_text, sizeof ms_text, "%ld", ms);
    /* The row takes the transaction's kept note, then empties it: the next revision of a shared
     * transaction (SPEC §7) starts with none. RETURNING orders the two. */
    snprintf(sql, sizeof sql,
             "WITH r AS (INSERT INTO %s AS v (revision, checksum, execution_ms, module, kept, "
             "partial) VALUES ($1, $2, $3::integer, $4, "
             "NULLIF(pg_catalog.current_setting('migc.kept', true), ''), $5) "
             "ON CONFLICT (revision) DO UPDATE SET checksum = EXCLUDED.checksum, "
             "execution_ms = EXCLUDED.execution_ms, applied_at = EXCLUDED.applied_at, "
             "kept = v.kept, " /* a resumed run finds what the first attempt made */
             "partial = EXCLUDED.partial RETURNING 1) "
             "SELECT pg_catalog.set_config('migc.kept', '', true) FROM r",
             name);
    if ((res = migc_q_tuples(conn, sql, 5, params, err)) == NULL) {
        migc_error_prefix(err, "cannot record revision %s: ", rev->id);
        return -1;
    }
    PQclear(res);
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
                             "the database holds revision %s, which this migrator does not know "
                             "(module %s): is the migrator older than the database, or does "
                             "another module share the version table %s.%s (give each module "
                             "its own version_table in module.yaml)? After a renumber, `stamp "
                             "TARGET --force` records the chain again",
                             id, m->name, m->schema, m->version_table);
    }
    return 0;
}

/* Checks one stored row against the module and files it under its chain index. */
static int
take_row(const migc_module *m, PGresult *res, int row, migc_state *st, migc_error *err)
{
    const char *id = PQgetvalue(res, row, 0), *stored = PQgetvalue(res, row, 1);
    long i = find_revision(m, id);
    migc_applied *a;

    if (!migc_checksum_accepts(m->revisions[i], stored)) { /* v1, or the legacy untagged form */
        err->revision = m->revisions[i]->id;
        return migc_fail(err, MIGC_EDRIFT,
                         "checksum mismatch for revision %s: the database recorded %s, "
                         "this migrator has %s (was the revision edited after it was applied? "
                         "If the edit is intended, `repair` records the new checksum)",
                         id, stored, migc_checksum_counterpart(m->revisions[i], stored));
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

/* Refuses rows that another module recorded (column 4 of read_rows' result). */
static int
check_module(const migc_module *m, PGresult *res, migc_error *err)
{
    for (int r = 0; r < PQntuples(res); r++) {
        const char *owner = PQgetvalue(res, r, 4);
        if (strcmp(owner, m->name) != 0)
            return migc_fail(err, MIGC_EUNKNOWN,
                             "the version table %s.%s holds revision %s of module %s, and this "
                             "migrator is module %s: two modules cannot share a version table. "
                             "Give each its own version_table (module.yaml) or schema",
                             m->schema, m->version_table, PQgetvalue(res, r, 0), owner, m->name);
    }
    return 0;
}

/* Copies row's kept list (column 5) into its revision's entry of st. */
static int
keep_list(const migc_module *m, PGresult *res, int row, migc_state *st, migc_error *err)
{
    migc_applied *a = &st->rows[find_revision(m, PQgetvalue(res, row, 0))];
    size_t n = (size_t)PQgetlength(res, row, 5);

    if ((a->kept = malloc(n + 1)) == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    memcpy(a->kept, PQgetvalue(res, row, 5), n + 1);
    return 0;
}

/* Takes the row of a revision applied step by step that stopped half-way (column 6, partial,
 * holds what happened) out of the applied rows into st->partial. At most one may exist. */
static int
take_partial(const migc_module *m, PGresult *res, migc_state *st, migc_error *err)
{
    for (int r = 0; r < PQntuples(res); r++) {
        long i;
        if (PQgetisnull(res, r, 6))
            continue;
        i = find_revision(m, PQgetvalue(res, r, 0));
        if (st->partial != NULL)
            return migc_fail(err, MIGC_EFAILED,
                             "the version table is inconsistent: revisions %s and %s are both "
                             "recorded as partially applied",
                             st->partial->id, m->revisions[i]->id);
        st->partial = m->revisions[i];
        st->rows[i].rev = NULL;
        if ((st->partial_note = migc_str_dup(PQgetvalue(res, r, 6))) == NULL)
            return migc_fail(err, MIGC_EFAILED, "out of memory");
    }
    return 0;
}

/* Reads every row of the version table into st and verifies it. */
static int
read_rows(PGconn *conn, const migc_module *m, const table_info *t, migc_state *st, migc_error *err)
{
    char name[330], sql[500];
    PGresult *res;
    int rc = 0;

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(sql, sizeof sql,
             "SELECT revision, checksum, applied_at::pg_catalog.text, execution_ms, %s, %s, %s "
             "FROM %s ORDER BY revision COLLATE \"C\"",
             t->has_module ? "module" : "NULL", t->has_extras ? "kept" : "NULL",
             t->has_extras ? "partial" : "NULL", name);
    if ((res = migc_q_tuples(conn, sql, 0, NULL, err)) == NULL)
        return -1;
    rc = t->has_module ? check_module(m, res, err) : 0;
    if (rc == 0)
        rc = check_known(m, res, err);
    for (int r = 0; r < PQntuples(res) && rc == 0; r++)
        rc = take_row(m, res, r, st, err);
    if (rc == 0)
        rc = take_partial(m, res, st, err);
    if (rc == 0)
        rc = check_prefix(m, st, PQntuples(res) - (st->partial != NULL), err);
    if (rc == 0 && st->partial != NULL && m->revisions[st->n_applied] != st->partial)
        rc = migc_fail(err, MIGC_EFAILED,
                       "the version table is inconsistent: revision %s is recorded as partially "
                       "applied but is not the one after %s",
                       st->partial->id, migc_position_name(m, st->n_applied));
    for (int r = 0; r < PQntuples(res) && rc == 0; r++) /* the applied prefix and the partial */
        if (!PQgetisnull(res, r, 5))
            rc = keep_list(m, res, r, st, err);
    PQclear(res);
    return rc;
}

int
migc_state_read(PGconn *conn, const migc_module *m, migc_state *st, migc_error *err)
{
    migc_error local;
    table_info t;

    if (err == NULL)
        err = &local;
    migc_error_clear(err);
    st->n_applied = 0;
    st->partial = NULL;
    st->partial_note = NULL;
    st->rows = calloc(m->n_revisions + 1, sizeof *st->rows);
    if (st->rows == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    if (table_info_read(conn, m, &t, err) != 0 ||
        (t.exists && read_rows(conn, m, &t, st, err) != 0)) {
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
    for (size_t i = 0; st->rows != NULL && i < st->n_applied + (st->partial != NULL); i++)
        free(st->rows[i].kept); /* only the applied prefix and the partial have any */
    free(st->rows);
    free(st->partial_note);
    st->partial = NULL;
    st->partial_note = NULL;
    st->rows = NULL;
    st->n_applied = 0;
}

/* This module's rows (revision, checksum) in id order, inside the caller's transaction, locked
 * against concurrent writers; NULL on error. */
static PGresult *
own_rows(PGconn *conn, const migc_module *m, migc_error *err)
{
    char name[330], sql[500];
    const char *params[1] = {m->name};

    if (table_name(m, name, sizeof name, err) != 0)
        return NULL;
    snprintf(sql, sizeof sql,
             "SELECT revision, checksum FROM %s WHERE module = $1 ORDER BY revision COLLATE "
             "\"C\" FOR UPDATE",
             name);
    return migc_q_tuples(conn, sql, 1, params, err);
}

/* Ends the transaction: COMMIT when rc is 0, else ROLLBACK; returns rc (or -1 on COMMIT). */
static int
finish_tx(PGconn *conn, int rc, migc_error *err)
{
    if (rc == 0 && migc_q_command(conn, "COMMIT", 0, NULL, err) == 0)
        return 0;
    PQclear(PQexec(conn, "ROLLBACK"));
    return -1;
}

/* Re-records the checksum of every row whose revision's checksum changed. */
static int
repair_rows(PGconn *conn, const migc_module *m, PGresult *res, const migc_row_report *report,
            migc_error *err)
{
    char name[330], sql[500];

    if (table_name(m, name, sizeof name, err) != 0)
        return -1;
    snprintf(sql, sizeof sql, "UPDATE %s SET checksum = $2 WHERE revision = $1 AND module = $3",
             name);
    for (int r = 0; r < PQntuples(res); r++) {
        const migc_revision *rev = m->revisions[find_revision(m, PQgetvalue(res, r, 0))];
        const char *params[3] = {rev->id, rev->checksum, m->name};
        if (migc_checksum_accepts(rev, PQgetvalue(res, r, 1)))
            continue; /* not edited (a legacy form included) */
        if (migc_q_command(conn, sql, 3, params, err) != 0)
            return -1;
        if (report != NULL)
            report->row(report->user, rev->id, PQgetvalue(res, r, 1), rev->checksum);
    }
    return 0;
}

int
migc_version_repair(PGconn *conn, const migc_module *m, const migc_row_report *report,
                    migc_error *err)
{
    PGresult *res;
    int rc;

    if (migc_q_command(conn, "BEGIN", 0, NULL, err) != 0)
        return -1;
    if ((res = own_rows(conn, m, err)) == NULL)
        return finish_tx(conn, -1, err);
    rc = check_known(m, res, err);
    if (rc == 0)
        rc = repair_rows(conn, m, res, report, err);
    PQclear(res);
    return finish_tx(conn, rc, err);
}

/* Reports the rows of res that the chain 0..pos-1 does not hold as they are (removed), then the
 * chain's rows that res did not hold (recorded). */
static void
report_replaced(const migc_module *m, PGresult *res, size_t pos, const migc_row_report *report)
{
    for (int r = 0; r < PQntuples(res); r++) {
        long i = find_revision(m, PQgetvalue(res, r, 0));
        if (i < 0 || (size_t)i >= pos ||
            !migc_checksum_accepts(m->revisions[i], PQgetvalue(res, r, 1)))
            report->row(report->user, PQgetvalue(res, r, 0), PQgetvalue(res, r, 1), NULL);
    }
    for (size_t i = 0; i < pos; i++) {
        int kept = 0;
        for (int r = 0; r < PQntuples(res) && !kept; r++)
            kept = strcmp(PQgetvalue(res, r, 0), m->revisions[i]->id) == 0 &&
                   migc_checksum_accepts(m->revisions[i], PQgetvalue(res, r, 1));
        if (!kept)
            report->row(report->user, m->revisions[i]->id, NULL, m->revisions[i]->checksum);
    }
}

int
migc_version_replace(PGconn *conn, const migc_module *m, size_t pos, const migc_row_report *report,
                     migc_error *err)
{
    char name[330], sql[500];
    const char *params[1] = {m->name};
    PGresult *res;
    int rc;

    if (table_name(m, name, sizeof name, err) != 0 ||
        migc_q_command(conn, "BEGIN", 0, NULL, err) != 0)
        return -1;
    if ((res = own_rows(conn, m, err)) == NULL)
        return finish_tx(conn, -1, err);
    snprintf(sql, sizeof sql, "DELETE FROM %s WHERE module = $1", name);
    rc = migc_q_command(conn, sql, 1, params, err);
    for (size_t i = 0; rc == 0 && i < pos; i++)
        rc = migc_version_insert(conn, m, m->revisions[i], -1, NULL, err);
    if (rc == 0 && report != NULL)
        report_replaced(m, res, pos, report);
    PQclear(res);
    return finish_tx(conn, rc, err);
}
