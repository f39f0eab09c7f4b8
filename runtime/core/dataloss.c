/* migc runtime: the rows a downgrade would delete, counted before any step runs.
 * Objects are read from the statements the templates write (quoted identifiers), so names with
 * dots or spaces are read exactly; renames met on the way are followed back to today's names.
 * The walk only collects what would be dropped; two queries per CHUNK objects then find which
 * exist with data pages and count their rows or values (a downgrade of 1,000 drops costs a few
 * round trips, and a table with no pages is known empty without planning a count). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include "dataloss.h"

#include "error.h"
#include "query.h"
#include "stepobj.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME = 128, MAX_ALIASES = 256, CAP = 1000000, CHUNK = 500 };

/* A name as the downgrade will see it at some point, and the name it has in the database now
 * (column aliases carry the table's current name in table). */
typedef struct alias {
    char table[NAME], then[NAME], now[NAME];
} alias;

/* A table (column "") or column a downgrade would drop, under today's names. */
typedef struct target {
    char schema[NAME], table[NAME], column[NAME];
    char what[4 * NAME]; /* "table t", "column t.c (narrowed to integer)" */
    const char *rev;
    int exists; /* set by the existence query: it exists and may hold rows */
} target;

typedef struct walk {
    PGconn *conn;
    alias tables[MAX_ALIASES], columns[MAX_ALIASES];
    size_t n_tables, n_columns;
    target *targets; /* owned */
    size_t n_targets, cap_targets;
    char found[1024]; /* "table t holds 3 rows; ..." */
    migc_error *err;
} walk;

/* Reads one double-quoted identifier at *p into out; advances *p. 0, or -1 if there is none. */
static int
read_ident(const char **p, char *out)
{
    const char *s = *p;
    size_t n = 0;

    if (*s++ != '"')
        return -1;
    for (; *s != '\0' && (*s != '"' || s[1] == '"'); s++) {
        if (*s == '"')
            s++;
        if (n + 1 < NAME)
            out[n++] = *s;
    }
    out[n] = '\0';
    if (*s != '"')
        return -1;
    *p = s + 1;
    return 0;
}

/* Matches sql against fmt, where each '%' is a quoted identifier read into ids[k]; returns the
 * number read, or -1 when sql does not have that shape. */
static int
match(const char *sql, const char *fmt, char ids[][NAME])
{
    int k = 0;

    for (; *fmt != '\0'; fmt++) {
        if (*fmt == '%') {
            if (read_ident(&sql, ids[k++]) != 0)
                return -1;
        } else if (*sql++ != *fmt) {
            return -1;
        }
    }
    return *sql == '\0' || *sql == ' ' ? k : -1;
}

/* The current name of what is called name at this point of the walk (table: "" for tables). */
static const char *
now_name(const alias *list, size_t n, const char *table, const char *name)
{
    for (size_t i = n; i > 0; i--)
        if (strcmp(list[i - 1].table, table) == 0 && strcmp(list[i - 1].then, name) == 0)
            return list[i - 1].now;
    return name;
}

/* Records that what is now called `now` will be called `then` after a rename step. */
static void
add_alias(alias *list, size_t *n, const char *table, const char *then, const char *now)
{
    char keep[NAME];

    if (*n >= MAX_ALIASES)
        return;                             /* beyond that, names are taken as they are */
    snprintf(keep, sizeof keep, "%s", now); /* now may point into list itself */
    snprintf(list[*n].table, NAME, "%s", table);
    snprintf(list[*n].then, NAME, "%s", then);
    snprintf(list[*n].now, NAME, "%s", keep);
    (*n)++;
}

/* Notes a drop that would delete n rows or values in w->found. */
static void
note_loss(walk *w, const char *what, long n, const char *rev)
{
    size_t len = strlen(w->found);

    int table = strncmp(what, "table", 5) == 0;

    snprintf(w->found + len, sizeof w->found - len, "%s%s holds %s%ld %s%s (downgrade of %s)",
             len ? "; " : "", what, n > CAP ? "more than " : "", n > CAP ? (long)CAP : n,
             table ? "row" : "value", n == 1 ? "" : "s", rev);
}

/* Adds a drop of schema.table (column NULL) or of its column to the targets; -1 when out of
 * memory. */
static int
add_target(walk *w, const char *schema, const char *table, const char *column, const char *what,
           const char *rev)
{
    target *t;

    if (w->n_targets == w->cap_targets) {
        size_t cap = w->cap_targets ? 2 * w->cap_targets : 64;
        target *more = realloc(w->targets, cap * sizeof *more);
        if (more == NULL)
            return migc_fail(w->err, MIGC_EFAILED, "out of memory");
        w->targets = more;
        w->cap_targets = cap;
    }
    t = &w->targets[w->n_targets++];
    snprintf(t->schema, NAME, "%s", schema);
    snprintf(t->table, NAME, "%s", table);
    snprintf(t->column, NAME, "%s", column ? column : "");
    snprintf(t->what, sizeof t->what, "%s", what);
    t->rev = rev;
    t->exists = 0;
    return 0;
}

/* Writes "schema"."table" of t into rel (5 * NAME bytes); -1 when a name cannot be quoted. */
static int
rel_name(const target *t, char *rel)
{
    char qs[2 * NAME + 3], qt[2 * NAME + 3];

    if (migc_quote_ident(t->schema, qs, sizeof qs) != 0 ||
        migc_quote_ident(t->table, qt, sizeof qt) != 0)
        return -1;
    snprintf(rel, 5 * NAME, "%s.%s", qs, qt);
    return 0;
}

/* Writes text as a literal to out; -1 when it does not fit. */
static int
put_lit(FILE *out, const char *text)
{
    char buf[6 * NAME + 8];

    if (migc_quote_literal(text, buf, sizeof buf) != 0)
        return -1;
    fputs(buf, out);
    return 0;
}

/* The query giving the index of every target of [from, to) that exists now and may hold rows: a
 * plain table whose main fork has no pages has none (a partitioned table is always counted); a
 * stored generated column holds nothing its table cannot compute again. */
static int
put_exists_query(FILE *out, const walk *w, size_t from, size_t to)
{
    char rel[5 * NAME];
    int rc = 0;

    fputs("SELECT v.i FROM (VALUES ", out);
    for (size_t i = from; i < to && rc == 0; i++) {
        rc = rel_name(&w->targets[i], rel);
        fprintf(out, "%s(%zu, ", i > from ? ", " : "", i);
        rc |= put_lit(out, rel);
        fputs("::pg_catalog.text, ", out);
        if (w->targets[i].column[0] != '\0')
            rc |= put_lit(out, w->targets[i].column);
        else
            fputs("NULL", out);
        fputs("::pg_catalog.name)", out);
    }
    fputs(") v(i, r, c) JOIN pg_catalog.pg_class k "
          "ON k.oid OPERATOR(pg_catalog.=) pg_catalog.to_regclass(v.r)::pg_catalog.oid "
          "WHERE (k.relkind OPERATOR(pg_catalog.<>) 'r'::pg_catalog.\"char\" "
          "OR pg_catalog.pg_relation_size(k.oid) OPERATOR(pg_catalog.>) 0::pg_catalog.int8) "
          "AND EXISTS (SELECT FROM pg_catalog.pg_attribute a "
          "WHERE a.attrelid OPERATOR(pg_catalog.=) k.oid "
          "AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped "
          "AND (v.c IS NULL OR (a.attname OPERATOR(pg_catalog.=) v.c "
          "AND a.attgenerated OPERATOR(pg_catalog.=) ''::pg_catalog.\"char\")))",
          out);
    return rc;
}

/* The query giving, for every existing target of [from, to), its index and its rows or non-NULL
 * values (up to CAP + 1). */
static int
put_count_query(FILE *out, const walk *w, size_t from, size_t to)
{
    char qc[2 * NAME + 3], rel[5 * NAME];
    int rc = 0, any = 0;

    for (size_t i = from; i < to && rc == 0; i++) {
        const target *t = &w->targets[i];
        if (!t->exists)
            continue;
        rc = rel_name(t, rel);
        fprintf(out, "%sSELECT %zu, (SELECT pg_catalog.count(*) FROM (SELECT FROM %s",
                any++ ? " UNION ALL " : "", i, rel);
        if (t->column[0] != '\0') {
            rc |= migc_quote_ident(t->column, qc, sizeof qc);
            fprintf(out, " WHERE %s IS NOT NULL", qc);
        }
        fprintf(out, " LIMIT %d) x)", CAP + 1);
    }
    return rc;
}

/* Runs the query put writes for targets [from, to); returns its rows, or NULL with w->err. */
static PGresult *
run_query(walk *w, int (*put)(FILE *, const walk *, size_t, size_t), size_t from, size_t to)
{
    char *sql = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&sql, &len);
    PGresult *res = NULL;
    int rc;

    if (out == NULL)
        return migc_fail(w->err, MIGC_EFAILED, "out of memory"), NULL;
    rc = put(out, w, from, to);
    if (fclose(out) != 0 || rc != 0)
        migc_fail(w->err, MIGC_EFAILED, "a name of the downgrade is too long to count its rows");
    else
        res = migc_q_tuples(w->conn, sql, 0, NULL, w->err);
    free(sql);
    return res;
}

/* Counts the targets [from, to) that exist, noting each that holds data; -1 with w->err. */
static int
count_chunk(walk *w, size_t from, size_t to)
{
    PGresult *res = run_query(w, put_exists_query, from, to);
    int found = 0;

    if (res == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res); r++) {
        w->targets[strtoul(PQgetvalue(res, r, 0), NULL, 10)].exists = 1;
        found = 1;
    }
    PQclear(res);
    if (!found)
        return 0;
    if ((res = run_query(w, put_count_query, from, to)) == NULL)
        return -1;
    for (int r = 0; r < PQntuples(res); r++) {
        const target *t = &w->targets[strtoul(PQgetvalue(res, r, 0), NULL, 10)];
        long n = strtol(PQgetvalue(res, r, 1), NULL, 10);
        if (n > 0)
            note_loss(w, t->what, n, t->rev);
    }
    PQclear(res);
    return 0;
}

/* A column step that may lose values: DROP COLUMN, or a type change the generator marked as
 * not a widening. Fills ids[0], ids[1], ids[3] (schema, table, column) and what; false for
 * other steps. */
static bool
column_loss_step(walk *w, const migc_step *step, char ids[][NAME], char *what, size_t cap)
{
    const char *t, *c, *type, *using;
    int narrows = 0;

    if (match(step->sql, "ALTER TABLE %.% DROP COLUMN %", ids) != 3) {
        if (!(step->flags & MIGC_STEP_NARROWS) ||
            match(step->sql, "ALTER TABLE %.% ALTER COLUMN % TYPE", ids) != 3)
            return false;
        narrows = 1;
    }
    t = now_name(w->tables, w->n_tables, "", ids[1]);
    c = now_name(w->columns, w->n_columns, t, ids[2]);
    snprintf(ids[3], NAME, "%s", c); /* c is ids[2] or an alias, never ids[1] or ids[3] */
    if (t != ids[1])
        snprintf(ids[1], NAME, "%s", t);
    if (!narrows) {
        snprintf(what, cap, "column %s.%s", ids[1], ids[3]);
        return true;
    }
    type = strstr(step->sql, " TYPE ") + 6;
    using = strstr(type, " USING ");
    snprintf(what, cap, "column %s.%s (narrowed to %.*s)", ids[1], ids[3],
             (int)(using ? (size_t)(using - type) : strlen(type)), type);
    return true;
}

/* Follows one down step: renames update the aliases, drops and narrowings are counted. */
static int
walk_step(walk *w, const migc_step *step, const char *kept, const char *rev)
{
    char ids[4][NAME], key[512], what[4 * NAME];

    if (migc_step_object(step, key, sizeof key) == MIGC_STEP_REMOVES && migc_key_listed(kept, key))
        return 0; /* the downgrade keeps it */
    if (match(step->sql, "ALTER TABLE %.% RENAME TO %", ids) == 3) {
        add_alias(w->tables, &w->n_tables, "", ids[2],
                  now_name(w->tables, w->n_tables, "", ids[1]));
    } else if (match(step->sql, "ALTER TABLE %.% RENAME COLUMN % TO %", ids) == 4) {
        const char *t = now_name(w->tables, w->n_tables, "", ids[1]);
        add_alias(w->columns, &w->n_columns, t, ids[3],
                  now_name(w->columns, w->n_columns, t, ids[2]));
    } else if (match(step->sql, "DROP TABLE %.%", ids) == 2) {
        const char *t = now_name(w->tables, w->n_tables, "", ids[1]);
        snprintf(what, sizeof what, "table %s", t);
        return add_target(w, ids[0], t, NULL, what, rev);
    } else if (column_loss_step(w, step, ids, what, sizeof what)) {
        return add_target(w, ids[0], ids[1], ids[3], what, rev);
    }
    return 0;
}

int
migc_downgrade_loss(PGconn *conn, const migc_module *m, const migc_state *st, size_t cur,
                    size_t pos, migc_error *err)
{
    walk *w = calloc(1, sizeof *w); /* the alias tables are too large for the stack */
    int rc = 0;

    if (w == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    w->conn = conn;
    w->err = err;
    for (size_t i = cur; i > pos && rc == 0; i--) {
        const migc_revision *rev = m->revisions[i - 1];
        for (size_t k = 0; k < rev->n_down && rc == 0; k++)
            rc = walk_step(w, &rev->down[k], st->rows[i - 1].kept, rev->id);
    }
    for (size_t from = 0; rc == 0 && from < w->n_targets; from += CHUNK)
        rc = count_chunk(w, from, from + CHUNK < w->n_targets ? from + CHUNK : w->n_targets);
    if (rc == 0 && w->found[0] != '\0')
        rc = migc_fail(err, MIGC_EREFUSED,
                       "downgrade refused before any step ran: it would delete data: %s. Back "
                       "the data up, then run it again with --allow-destructive to accept the "
                       "loss",
                       w->found);
    free(w->targets);
    free(w);
    return rc;
}
