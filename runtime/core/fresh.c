/* migc runtime: the fresh-database path (see fresh.h). The snapshot and the version rows go to
 * the server as one script: BEGIN, every statement, one INSERT of all rows, COMMIT. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include "fresh.h"

#include "clock.h"
#include "error.h"
#include "query.h"
#include "stepobj.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* $1 schema, $2 version table, $3 the head's extensions, $4 the schemas extensions of the head
 * are declared in besides the module's (text[]): true when the database holds none of the
 * module's objects. Operators are qualified: the search_path is the module's. */
static const char empty_sql[] =
    "SELECT NOT EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE "
    "n.nspname OPERATOR(pg_catalog.=) $1::pg_catalog.name AND ("
    "EXISTS (SELECT FROM pg_catalog.pg_class c "
    "WHERE c.relnamespace OPERATOR(pg_catalog.=) n.oid "
    "AND c.relname OPERATOR(pg_catalog.<>) $2::pg_catalog.name "
    "AND NOT EXISTS (SELECT FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class v "
    "ON v.oid OPERATOR(pg_catalog.=) i.indrelid "
    "WHERE i.indexrelid OPERATOR(pg_catalog.=) c.oid "
    "AND v.relname OPERATOR(pg_catalog.=) $2::pg_catalog.name "
    "AND v.relnamespace OPERATOR(pg_catalog.=) n.oid)) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_type t "
    "WHERE t.typnamespace OPERATOR(pg_catalog.=) n.oid "
    "AND t.typrelid OPERATOR(pg_catalog.=) 0::pg_catalog.oid "
    "AND t.typcategory OPERATOR(pg_catalog.<>) 'A'::pg_catalog.\"char\") "
    "OR EXISTS (SELECT FROM pg_catalog.pg_proc p "
    "WHERE p.pronamespace OPERATOR(pg_catalog.=) n.oid) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_operator o "
    "WHERE o.oprnamespace OPERATOR(pg_catalog.=) n.oid) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_collation l "
    "WHERE l.collnamespace OPERATOR(pg_catalog.=) n.oid) "
    "OR EXISTS (SELECT FROM pg_catalog.pg_extension e "
    "WHERE e.extnamespace OPERATOR(pg_catalog.=) n.oid))) "
    "AND NOT EXISTS (SELECT FROM pg_catalog.pg_extension e "
    "WHERE e.extname OPERATOR(pg_catalog.=) ANY ($3::pg_catalog.name[])) "
    "AND NOT EXISTS (SELECT FROM pg_catalog.pg_namespace s "
    "WHERE s.nspname OPERATOR(pg_catalog.=) ANY ($4::pg_catalog.name[]))";

/* The n names as an array literal {"a","b"} (quotes and backslashes escaped), NULL entries and
 * entries equal to skip left out. Caller frees; NULL when out of memory. */
static char *
name_array(const char *const *names, size_t n, const char *skip)
{
    size_t size = 3;
    char *buf, *p;
    int first = 1;

    for (size_t i = 0; i < n; i++)
        size += names[i] != NULL ? 2 * strlen(names[i]) + 3 : 0;
    if ((p = buf = malloc(size)) == NULL)
        return NULL;
    *p++ = '{';
    for (size_t i = 0; i < n; i++) {
        if (names[i] == NULL || (skip != NULL && strcmp(names[i], skip) == 0))
            continue;
        if (!first)
            *p++ = ',';
        first = 0;
        *p++ = '"';
        for (const char *c = names[i]; *c != '\0'; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
    }
    strcpy(p, "}");
    return buf;
}

int
migc_fresh_empty(PGconn *conn, const migc_module *m, int *empty, migc_error *err)
{
    const migc_expected_schema *head = m->revisions[m->n_revisions - 1]->expected;
    size_t n = head != NULL ? head->n_extensions : 0;
    char *extensions = name_array(head != NULL ? head->extensions : NULL, n, NULL);
    char *schemas = name_array(head != NULL ? head->extension_schemas : NULL,
                               head != NULL && head->extension_schemas != NULL ? n : 0, m->schema);
    const char *params[4] = {m->schema, m->version_table, extensions, schemas};
    int rc;

    if (extensions == NULL || schemas == NULL)
        rc = migc_fail(err, MIGC_EFAILED, "out of memory");
    else
        rc = migc_q_bool(conn, empty_sql, 4, params, empty, err);
    free(extensions);
    free(schemas);
    return rc;
}

/* Writes text to out as a SQL literal; -1 when it is too long to be an id or checksum. */
static int
put_literal(FILE *out, const char *text)
{
    char buf[512];

    if (migc_quote_literal(text, buf, sizeof buf) != 0)
        return -1;
    fputs(buf, out);
    return 0;
}

/* The INSERT of every revision's version row: execution_ms 0, but the head's, which gets the
 * time the whole transaction has taken so far (the snapshot's statements). */
static int
put_rows(FILE *out, const migc_module *m)
{
    char schema[160], table[160];
    int rc = 0;

    if (migc_quote_ident(m->schema, schema, sizeof schema) != 0 ||
        migc_quote_ident(m->version_table, table, sizeof table) != 0)
        return -1;
    fprintf(out, "INSERT INTO %s.%s (revision, checksum, execution_ms, module) VALUES", schema,
            table);
    for (size_t i = 0; i < m->n_revisions && rc == 0; i++) {
        fputs(i ? ",\n(" : "\n(", out);
        rc |= put_literal(out, m->revisions[i]->id);
        fputs(", ", out);
        rc |= put_literal(out, m->revisions[i]->checksum);
        fputs(i + 1 < m->n_revisions ? ", 0, "
                                     : ", (pg_catalog.date_part('epoch', "
                                       "pg_catalog.clock_timestamp() OPERATOR("
                                       "pg_catalog.-) pg_catalog.transaction_timestamp()"
                                       ") OPERATOR(pg_catalog.*) 1000)::integer, ",
              out);
        rc |= put_literal(out, m->name);
        fputs(")", out);
    }
    fputs(";\n", out);
    return rc;
}

/* The whole script: BEGIN, the snapshot's statements, the version rows, COMMIT. Caller frees;
 * NULL when out of memory or a name does not fit. */
static char *
build_script(const migc_module *m)
{
    const migc_snapshot *snap = m->snapshot;
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    int rc;

    if (out == NULL)
        return NULL;
    fputs("BEGIN;\n", out);
    for (size_t i = 0; i < snap->n_steps; i++)
        fprintf(out, "%s;\n", snap->steps[i].sql);
    rc = put_rows(out, m);
    fputs("COMMIT;\n", out);
    if (fclose(out) != 0 || rc != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* After the script failed (and was rolled back): runs the steps one by one in a transaction
 * that is rolled back, to name the one that fails in err; keeps err when all of them pass
 * (then the version rows failed). */
static void
find_failed_step(PGconn *conn, const migc_module *m, migc_error *err)
{
    const migc_snapshot *snap = m->snapshot;
    migc_error step_err;

    migc_error_clear(&step_err);
    if (migc_q_command(conn, "BEGIN", 0, NULL, &step_err) != 0)
        return;
    for (size_t i = 0; i < snap->n_steps; i++) {
        if (migc_q_script(conn, snap->steps[i].sql, &step_err) == 0)
            continue;
        *err = step_err;
        err->step = i + 1;
        char where[512];
        migc_error_prefix(err, "step %zu (%s, %s): ", i + 1, snap->steps[i].label,
                          migc_step_where(NULL, &snap->steps[i], where, sizeof where));
        break;
    }
    PQclear(PQexec(conn, "ROLLBACK"));
}

int
migc_fresh_build(PGconn *conn, const migc_module *m, long *ms, migc_error *err)
{
    char *script = build_script(m);
    long start = migc_clock_ms();
    int rc;

    if (script == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory building the head snapshot");
    rc = migc_q_script(conn, script, err);
    free(script);
    *ms = migc_clock_ms() - start;
    if (rc == 0)
        return 0;
    PQclear(PQexec(conn, "ROLLBACK"));
    if (strcmp(err->sqlstate, "53200") == 0)
        return 1; /* out of lock slots: nothing done, the caller replays in batches */
    find_failed_step(conn, m, err);
    err->revision = m->revisions[m->n_revisions - 1]->id;
    migc_error_prefix(err,
                      "building the head %s from the snapshot failed (nothing was changed; "
                      "--replay applies the revisions one by one instead): ",
                      err->revision);
    return -1;
}
