/* migc runtime: offline SQL, the script of a path between two revisions for psql.
 * It mirrors what upgrade/downgrade run: session settings, lock, version table, one
 * transaction per revision, every guard in a DO block, the same version rows. The unguarded
 * form is the same walk without guards, lock or checks: plain DDL for review and linters. */
#include "sqlout.h"

#include "build.h"
#include "error.h"
#include "interval.h"
#include "query.h"
#include "session.h"
#include "stepobj.h"
#include "target.h"
#include "version.h"

#include <stdio.h>
#include <string.h>

enum { NAME_SIZE = 330 };

/* What the writers share: the output, the module and its quoted version table name. */
typedef struct script {
    FILE *out;
    const migc_module *m;
    int unguarded;         /* 1: plain statements, no guards, lock or version-table checks */
    char table[NAME_SIZE]; /* "schema"."version_table" */
    char schema[160];      /* "schema" */
    char lock_key[128];    /* migc:<name>, as runtime/core/lock.c keys the advisory lock */
} script;

/* Writes text as a comment body: control characters become '?', so it stays one line. */
static void
put_comment_text(FILE *out, const char *text)
{
    for (const char *p = text ? text : "?"; *p != '\0'; p++)
        fputc((unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p, out);
}

/* Writes s as a standard SQL string literal (quotes doubled; E'' when it has backslashes). */
static void
put_literal(FILE *out, const char *s)
{
    int backslash = strchr(s, '\\') != NULL;

    fputs(backslash ? "E'" : "'", out);
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '\'' || (backslash && *p == '\\'))
            fputc(*p, out);
        fputc(*p, out);
    }
    fputc('\'', out);
}

/* True when the last line of sql holds a "--" comment, which a ';' there would join. */
static int
ends_in_comment(const char *sql, size_t len)
{
    size_t start = len;

    while (start > 0 && sql[start - 1] != '\n')
        start--;
    for (size_t i = start; i + 1 < len; i++)
        if (sql[i] == '-' && sql[i + 1] == '-')
            return 1;
    return 0;
}

/* Writes sql as it is, terminated by exactly one statement end. */
static void
put_statement(FILE *out, const char *sql)
{
    size_t len = strlen(sql);

    while (len > 0 && (sql[len - 1] == ' ' || sql[len - 1] == '\n' || sql[len - 1] == '\t' ||
                       sql[len - 1] == '\r'))
        len--;
    fwrite(sql, 1, len, out);
    if (len > 0 && sql[len - 1] == ';')
        fputc('\n', out);
    else
        fputs(ends_in_comment(sql, len) ? "\n;\n" : ";\n", out);
}

/* Case-insensitive: does sql mention CONCURRENTLY (cannot run inside a DO block)? */
static int
needs_top_level(const char *sql)
{
    static const char word[] = "concurrently";

    for (const char *p = sql; *p != '\0'; p++) {
        size_t i = 0;
        while (word[i] != '\0' && (p[i] | 0x20) == word[i])
            i++;
        if (word[i] == '\0')
            return 1;
    }
    return 0;
}

/* A guarded step as a DO block: IF (guard) THEN EXECUTE the step's SQL. */
static void
put_do_step(FILE *out, const migc_step *step)
{
    char inner[MIGC_TAG_SIZE], outer[MIGC_TAG_SIZE];
    const char *texts[4] = {step->sql, step->guard, NULL, step->conflict};

    migc_dollar_tag(inner, "migc_sql", texts, 1);
    texts[2] = inner;
    migc_dollar_tag(outer, "migc", texts, 4);
    fprintf(out, "DO %s\n%sBEGIN\n    IF (%s) THEN\n        EXECUTE %s%s%s;\n", outer,
            step->conflict ? "DECLARE\n    migc_c text;\n" : "", step->guard, inner, step->sql,
            inner);
    if (step->conflict != NULL) /* neither before nor after the step: fail as the migrator does */
        fprintf(out,
                "    ELSE\n        migc_c := (%s);\n        IF migc_c IS NOT NULL THEN RAISE "
                "EXCEPTION '%%', migc_c; END IF;\n",
                step->conflict);
    fprintf(out, "    END IF;\nEND\n%s;\n", outer);
}

/* A guarded step that cannot run in a DO block: psql's \gset and \if keep the guard. */
static void
put_psql_if_step(FILE *out, const migc_step *step)
{
    fprintf(out, "SELECT (%s) AS migc_run \\gset\n\\if :migc_run\n", step->guard);
    put_statement(out, step->sql);
    fputs("\\endif\n", out);
}

/* One step: comment line (naming the revision in the unguarded form, where a linter's line
 * number is all a reader starts from) with the step's number (its operation's position), then
 * the statement, guarded or plain. */
static void
put_step(const script *s, const migc_revision *rev, const migc_step *step, size_t index)
{
    FILE *out = s->out;

    fputs("-- ", out);
    if (s->unguarded)
        fprintf(out, "%s ", rev->id);
    fprintf(out, "step %zu: ", index);
    put_comment_text(out, step->label);
    fputs(" (", out);
    char where[512];
    put_comment_text(out, migc_step_where(rev, step, where, sizeof where));
    fputs(")\n", out);
    if (step->guard == NULL || s->unguarded)
        put_statement(out, step->sql); /* the enum rebuild's DO block is one statement too */
    else if (needs_top_level(step->sql))
        put_psql_if_step(out, step);
    else
        put_do_step(out, step);
}

/* The version row: inserted on the way up (execution_ms NULL: the script is not timed),
 * removed on the way down. */
static void
put_version_row(const script *s, const migc_revision *rev, int up)
{
    if (up) {
        fprintf(s->out, "INSERT INTO %s (revision, checksum, execution_ms, module) VALUES (",
                s->table);
        put_literal(s->out, rev->id);
        fputs(", ", s->out);
        put_literal(s->out, rev->checksum);
        fputs(", NULL, ", s->out);
        put_literal(s->out, s->m->name);
        fputs(");\n", s->out);
    } else {
        fprintf(s->out, "DELETE FROM %s WHERE revision = ", s->table);
        put_literal(s->out, rev->id);
        fputs(";\n", s->out);
    }
}

/* One revision: BEGIN, steps (COMMIT; BEGIN; after a commit point), version row, COMMIT. */
static void
put_revision(const script *s, const migc_revision *rev, int up)
{
    const migc_step *steps = up ? rev->up : rev->down;
    size_t n = up ? rev->n_up : rev->n_down;
    int tx = rev->transactional;

    fprintf(s->out, "\n-- %s %s", up ? "upgrade" : "downgrade", rev->id);
    if (!tx)
        fputs(" (not transactional: each step commits on its own, as the migrator runs it)",
              s->out);
    fputc('\n', s->out);
    if (tx)
        fputs("BEGIN;\n", s->out);
    for (size_t i = 0; i < n; i++) {
        put_step(s, rev, &steps[i], migc_step_number(steps, i));
        if (tx && (steps[i].flags & MIGC_STEP_COMMIT_AFTER))
            fputs("COMMIT; -- the next steps may use what this one added\nBEGIN;\n", s->out);
    }
    put_version_row(s, rev, up);
    if (tx)
        fputs("COMMIT;\n", s->out);
}

/* SET name = <ms> for a module timeout, normalised as runtime/core/session.c does; fallback is the
 * value the migrator uses when the module sets none (NULL: leave the setting alone). */
static int
put_timeout(const script *s, const char *name, const char *value, const char *fallback,
            migc_error *err)
{
    const char *v = value ? value : fallback;
    long ms;

    if (v == NULL)
        return 0;
    if (migc_interval_ms(v, &ms) != 0)
        return migc_fail(err, MIGC_EFAILED, "module setting %s: cannot read \"%s\" as a duration",
                         name, v);
    fprintf(s->out, "SET %s = %ld; -- %s%s\n", name, ms, v,
            value ? "" : " (the migrator's default when the module sets none)");
    return 0;
}

/* The advisory lock the migrator holds, taken (or released) in a DO block. */
static void
put_lock(const script *s, const char *fn)
{
    fprintf(s->out, "DO $migc$ BEGIN PERFORM pg_catalog.%s(pg_catalog.hashtextextended(", fn);
    put_literal(s->out, s->lock_key);
    fputs(", 0)); END $migc$;\n", s->out);
}

/* Inside the trust check's block (r: its row): refuses rows another module recorded. */
static void
put_module_check(const script *s)
{
    char query[NAME_SIZE + 100];

    snprintf(query, sizeof query,
             "SELECT revision, module FROM %s WHERE module OPERATOR(pg_catalog.<>) $1 LIMIT 1",
             s->table);
    fputs("    IF r.has_module THEN\n        EXECUTE ", s->out);
    put_literal(s->out, query);
    fputs("\n            INTO r USING ", s->out);
    put_literal(s->out, s->m->name);
    fputs(";\n        IF r.module IS NOT NULL THEN\n"
          "            RAISE EXCEPTION 'migc: the version table holds revision % of module %, and "
          "this script is module %: two modules cannot share a version table (set "
          "version_table in module.yaml)', r.revision, r.module, ",
          s->out);
    put_literal(s->out, s->m->name);
    fputs(";\n        END IF;\n    END IF;\n", s->out);
}

/* After the start-point check proved every row to be this module's: gives a version table
 * written before the `module` column that column, as the migrator does. */
static void
put_module_column(const script *s)
{
    fprintf(s->out, "ALTER TABLE %s ADD COLUMN IF NOT EXISTS module text NOT NULL DEFAULT ",
            s->table);
    put_literal(s->out, s->m->name);
    fprintf(s->out,
            ";\nALTER TABLE %s ADD COLUMN IF NOT EXISTS kept text, "
            "ADD COLUMN IF NOT EXISTS partial text;\n",
            s->table);
}

/* A run-time refusal of a version table that another role could run code through, by the
 * migrator's own query (runtime/core/version.c). */
static void
put_trust_check(const script *s)
{
    char tag[MIGC_TAG_SIZE];
    const char *texts[1] = {migc_version_trust_sql};

    migc_dollar_tag(tag, "migc_q", texts, 1);
    fputs("DO $migc$\nDECLARE\n    r record;\nBEGIN\n    EXECUTE ", s->out);
    fprintf(s->out, "%s%s%s\n        INTO r USING ", tag, migc_version_trust_sql, tag);
    put_literal(s->out, s->m->schema);
    fputs(", ", s->out);
    put_literal(s->out, s->m->version_table);
    fputs(";\n    IF r.why IS NOT NULL THEN\n"
          "        RAISE EXCEPTION 'migc: refusing to use the version table: % (owner %, "
          "connected as %)', r.why, r.owner, r.me;\n    END IF;\n",
          s->out);
    put_module_check(s);
    fputs("END\n$migc$;\n", s->out);
}

/* Declares name as the array of "revision checksum" for revisions 0..pos-1: their v1
 * checksums, or with legacy the untagged ones of releases before v1 (v1 where there is none). */
static void
put_row_array(const script *s, const char *name, size_t pos, int legacy)
{
    fprintf(s->out, "    %s pg_catalog.text[] := ARRAY[", name);
    for (size_t i = 0; i < pos; i++) {
        const migc_revision *rev = s->m->revisions[i];
        fputs(i ? ",\n        pg_catalog.concat_ws(' ', " : "\n        pg_catalog.concat_ws(' ', ",
              s->out);
        put_literal(s->out, rev->id);
        fputs(", ", s->out);
        put_literal(s->out, legacy && rev->legacy_checksum ? rev->legacy_checksum : rev->checksum);
        fputs(")", s->out);
    }
    fputs("]::pg_catalog.text[];\n", s->out);
}

/* A run-time check that the version table holds exactly revisions 0..pos-1 and checksums, each
 * row in the v1 form or in the legacy form a release before v1 wrote (docs/checksum.md). */
static void
put_state_check(const script *s, size_t pos)
{
    fputs("DO $migc$\nDECLARE\n", s->out);
    put_row_array(s, "expected", pos, 0);
    put_row_array(s, "legacy", pos, 1);
    fprintf(
        s->out,
        "    found pg_catalog.text[];\nBEGIN\n"
        "    SELECT coalesce(pg_catalog.array_agg(pg_catalog.concat_ws(' ', revision, checksum) "
        "ORDER BY revision), '{}')\n      INTO found FROM %s;\n"
        "    IF pg_catalog.cardinality(found) OPERATOR(pg_catalog.<>) "
        "pg_catalog.cardinality(expected)\n"
        "       OR EXISTS (SELECT FROM pg_catalog.generate_subscripts(expected, 1) AS g(i)\n"
        "                  WHERE found[g.i] OPERATOR(pg_catalog.<>) expected[g.i]\n"
        "                    AND found[g.i] OPERATOR(pg_catalog.<>) legacy[g.i]) THEN\n"
        "        RAISE EXCEPTION 'migc: this script starts at %s, but the version table "
        "does not match'\n"
        "            USING DETAIL = pg_catalog.format('expected (revision checksum) %%s (or "
        "with checksums recorded before the v1 form: %%s), found %%s', expected, legacy, "
        "found),\n"
        "                  HINT = 'the database is at another revision, or a revision "
        "was edited after it was applied (checksum mismatch)';\n"
        "    END IF;\nEND\n$migc$;\n",
        s->table, migc_position_name(s->m, pos));
}

/* The comment block at the top of the script. */
static void
put_header(const script *s, const migc_sql_path *p)
{
    const migc_module *m = s->m;
    int up = p->to >= p->from;
    size_t n = up ? p->to - p->from : p->from - p->to;

    fprintf(s->out,
            "-- migc offline SQL for module %s: %s %s -> %s (%zu revision%s)\n"
            "-- Run it with: psql -v ON_ERROR_STOP=1 -f FILE\n"
            "-- It does what `%s` would: the same schema and version rows (execution_ms is "
            "NULL:\n"
            "-- the script is not timed). Each revision runs in its own transaction together "
            "with\n"
            "-- its version row, except those that build an index CONCURRENTLY, which run step "
            "by\n"
            "-- step; every guarded step runs only when its existence check says so.\n"
            "-- Checksums cannot be verified while the script is written, without a "
            "connection:\n"
            "-- when it runs, it first checks that the version table records exactly the "
            "revisions\n"
            "-- up to %s (with these checksums), and stops otherwise.\n"
            "-- No drift comparison follows; run the migrator's `check` for that.\n",
            m->name, up ? "upgrade" : "downgrade", migc_position_name(m, p->from),
            migc_position_name(m, p->to), n, n == 1 ? "" : "s", up ? "upgrade" : "downgrade",
            migc_position_name(m, p->from));
}

/* The session settings the migrator pins, search_path and the timeouts, as plain SETs. */
static int
put_settings(const script *s, migc_error *err)
{
    for (const migc_setting *set = migc_pinned_settings; set->name[0] != '\0'; set++) {
        fprintf(s->out, "SET %s = ", set->name);
        put_literal(s->out, set->value);
        fputs(";\n", s->out);
    }
    fprintf(s->out, "SET search_path = %s;\n", s->schema);
    /* "2s": runtime/core/session.c's default, never run without a lock_timeout (SPEC §2) */
    if (put_timeout(s, "lock_timeout", s->m->lock_timeout, "2s", err) != 0 ||
        put_timeout(s, "statement_timeout", s->m->statement_timeout, NULL, err) != 0)
        return -1;
    return 0;
}

/* The module schema and the version table, created when absent as the migrator does. */
static void
put_version_table(const script *s)
{
    fprintf(s->out, "CREATE SCHEMA IF NOT EXISTS %s;\n", s->schema);
    fprintf(s->out,
            "CREATE TABLE IF NOT EXISTS %s (revision text PRIMARY KEY, checksum text NOT "
            "NULL, applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(), execution_ms "
            "integer, module text NOT NULL DEFAULT ",
            s->table);
    put_literal(s->out, s->m->name);
    fputs(", kept text, partial text);\n", s->out);
}

/* Session settings, lock, schema, version table and start-point check. */
static int
put_preamble(const script *s, const migc_sql_path *p, migc_error *err)
{
    fputs("\n\\set ON_ERROR_STOP on\n", s->out);
    if (put_settings(s, err) != 0)
        return -1;
    put_lock(s, "pg_advisory_lock");
    put_version_table(s);
    put_trust_check(s);
    put_state_check(s, p->from);
    put_module_column(s);
    return 0;
}

/* The comment block at the top of the unguarded script: what it leaves out, and the one
 * database it is right for. */
static void
put_unguarded_header(const script *s, const migc_sql_path *p)
{
    const migc_module *m = s->m;
    int up = p->to >= p->from;
    size_t n = up ? p->to - p->from : p->from - p->to;

    fprintf(s->out,
            "-- migc plain SQL for module %s, unguarded: %s of %zu revision%s\n"
            "--   from %s\n"
            "--   to   %s\n"
            "-- For review and SQL linters: the statements of every step in order, each "
            "transactional\n"
            "-- revision in BEGIN/COMMIT with its version row, and nothing else: no existence "
            "guards,\n"
            "-- no advisory lock, no check of the version table, no psql commands.\n"
            "-- It is right only for a database exactly at FROM as this migrator leaves it: "
            "nothing\n"
            "-- checks that, so on any other database it fails half-way or does the wrong "
            "thing. To\n"
            "-- apply a path, run the migrator or its guarded script (`sql` without "
            "--unguarded).\n",
            m->name, up ? "upgrade" : "downgrade", n, n == 1 ? "" : "s",
            migc_position_name(m, p->from), migc_position_name(m, p->to));
    if (!up)
        fputs("-- It drops what the revisions created, with the data in it, also objects the "
              "migrator\n"
              "-- keeps because they existed before the upgrade; the migrator refuses data loss "
              "without\n"
              "-- --allow-destructive.\n",
              s->out);
}

/* Fills the names every part of the script uses. */
static int
script_init(script *s, FILE *out, const migc_module *m, migc_error *err)
{
    char table[160];

    s->out = out;
    s->m = m;
    s->unguarded = 0;
    if (migc_quote_ident(m->schema, s->schema, sizeof s->schema) != 0 ||
        migc_quote_ident(m->version_table, table, sizeof table) != 0)
        return migc_fail(err, MIGC_EFAILED, "schema or version table name too long");
    snprintf(s->table, sizeof s->table, "%s.%s", s->schema, table);
    snprintf(s->lock_key, sizeof s->lock_key, "migc:%s", m->name);
    return 0;
}

/* Refuses a downgrade path through an irreversible revision, as the migrator does. */
static int
check_reversible(const migc_module *m, const migc_sql_path *p, migc_error *err)
{
    for (size_t i = p->from; i > p->to; i--)
        if (!m->revisions[i - 1]->reversible) {
            err->revision = m->revisions[i - 1]->id;
            return migc_fail(err, MIGC_EREFUSED,
                             "cannot downgrade past revision %s: it is irreversible (a sql "
                             "operation without down, or a change written irreversible)",
                             m->revisions[i - 1]->id);
        }
    return 0;
}

/* Resolves FROM of "FROM:TO": an id, unique prefix, head or base (never relative). */
static int
resolve_from(const migc_module *m, const char *spec, size_t len, size_t *pos, migc_error *err)
{
    char from[256];

    if (len == 0 || len >= sizeof from)
        return migc_fail(err, MIGC_EUSAGE,
                         "sql %s: FROM must be a revision id, prefix, head or "
                         "base",
                         spec);
    memcpy(from, spec, len);
    from[len] = '\0';
    if (from[0] == '+' || from[0] == '-')
        return migc_fail(err, MIGC_EUSAGE, "sql %s: FROM cannot be relative (+N/-N)", spec);
    return migc_target_resolve(m, from, MIGC_DIR_ANY, 0, pos, err);
}

int
migc_sql_path_resolve(const migc_module *m, const char *spec, migc_sql_path *path, migc_error *err)
{
    const char *colon = spec ? strchr(spec, ':') : NULL;

    if (spec == NULL || *spec == '\0')
        return migc_fail(err, MIGC_EUSAGE, "sql: a path [FROM:]TO is required");
    if (colon != NULL) {
        if (resolve_from(m, spec, (size_t)(colon - spec), &path->from, err) != 0 ||
            migc_target_resolve(m, colon + 1, MIGC_DIR_ANY, path->from, &path->to, err) != 0)
            return -1;
    } else if (strcmp(spec, "base") == 0 || spec[0] == '-') {
        path->from = m->n_revisions; /* a bare downgrade target starts at head */
        if (migc_target_resolve(m, spec, MIGC_DIR_DOWN, path->from, &path->to, err) != 0)
            return -1;
    } else {
        path->from = 0; /* a bare upgrade target starts at base */
        if (migc_target_resolve(m, spec, MIGC_DIR_UP, 0, &path->to, err) != 0)
            return -1;
    }
    return check_reversible(m, path, err);
}

/* Writes the script of spec, guarded or not. */
static int
write_flat(const migc_module *m, const char *spec, int unguarded, FILE *out, migc_error *err)
{
    migc_sql_path p;
    script s;

    if (migc_sql_path_resolve(m, spec, &p, err) != 0 || script_init(&s, out, m, err) != 0)
        return -1;
    s.unguarded = unguarded;
    if (unguarded) {
        put_unguarded_header(&s, &p);
        fputc('\n', out);
        if (put_settings(&s, err) != 0)
            return -1;
        if (p.from == 0) /* at any revision the version table exists already */
            put_version_table(&s);
    } else {
        put_header(&s, &p);
        if (put_preamble(&s, &p, err) != 0)
            return -1;
    }
    for (size_t i = p.from; i < p.to; i++)
        put_revision(&s, m->revisions[i], 1);
    for (size_t i = p.from; i > p.to; i--)
        put_revision(&s, m->revisions[i - 1], 0);
    if (!unguarded) {
        fputc('\n', out);
        put_lock(&s, "pg_advisory_unlock");
    }
    if (fflush(out) != 0 || ferror(out))
        return migc_fail(err, MIGC_EFAILED, "cannot write the SQL script");
    return 0;
}

/* The script of spec, with every statement the runtime builds built (runtime/core/build.h). */
static int
write_script(const migc_module *m, const char *spec, int unguarded, FILE *out, migc_error *err)
{
    migc_error local;
    migc_flat flat;
    int rc;

    if (err == NULL)
        err = &local;
    migc_error_clear(err);
    if (migc_flat_init(&flat, m, err) != 0)
        return -1;
    rc = write_flat(&flat.m, spec, unguarded, out, err);
    migc_flat_free(&flat);
    return rc;
}

int
migc_sql_script(const migc_module *m, const char *spec, FILE *out, migc_error *err)
{
    return write_script(m, spec, 0, out, err);
}

int
migc_sql_unguarded(const migc_module *m, const char *spec, FILE *out, migc_error *err)
{
    return write_script(m, spec, 1, out, err);
}
