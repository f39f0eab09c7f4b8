/* migc runtime: the rows a downgrade would delete, counted before any step runs.
 * Objects are read from the statements the templates write (quoted identifiers), so names with
 * dots or spaces are read exactly; renames met on the way are followed back to today's names. */
#include "dataloss.h"

#include "error.h"
#include "query.h"
#include "stepobj.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NAME = 128, MAX_ALIASES = 256, CAP = 1000000 };

/* A name as the downgrade will see it at some point, and the name it has in the database now
 * (column aliases carry the table's current name in table). */
typedef struct alias {
    char table[NAME], then[NAME], now[NAME];
} alias;

typedef struct walk {
    PGconn *conn;
    alias tables[MAX_ALIASES], columns[MAX_ALIASES];
    size_t n_tables, n_columns;
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

/* Counts (up to CAP) the rows of schema.table, or its non-NULL values of column; -1 when the
 * object does not exist (nothing to lose). */
static long
count_rows(walk *w, const char *schema, const char *table, const char *column)
{
    static const char exists_sql[] =
        "SELECT EXISTS (SELECT FROM pg_catalog.pg_attribute a "
        "WHERE a.attrelid OPERATOR(pg_catalog.=) pg_catalog.to_regclass($1)::pg_catalog.oid "
        "AND a.attnum OPERATOR(pg_catalog.>) 0::pg_catalog.int2 AND NOT a.attisdropped "
        "AND ($2::pg_catalog.name IS NULL OR a.attname OPERATOR(pg_catalog.=) $2))";
    char qs[2 * NAME + 3], qt[2 * NAME + 3], qc[2 * NAME + 3], rel[5 * NAME], sql[8 * NAME];
    const char *params[2] = {rel, column};
    PGresult *res;
    long n;
    int exists;

    if (migc_quote_ident(schema, qs, sizeof qs) != 0 || migc_quote_ident(table, qt, sizeof qt) ||
        (column && migc_quote_ident(column, qc, sizeof qc)))
        return -1;
    snprintf(rel, sizeof rel, "%s.%s", qs, qt);
    if (migc_q_bool(w->conn, exists_sql, 2, params, &exists, w->err) != 0)
        return -2;
    if (!exists)
        return -1;
    snprintf(sql, sizeof sql, "SELECT pg_catalog.count(*) FROM (SELECT FROM %s%s%s%s LIMIT %d) x",
             rel, column ? " WHERE " : "", column ? qc : "", column ? " IS NOT NULL" : "", CAP + 1);
    if ((res = migc_q_tuples(w->conn, sql, 0, NULL, w->err)) == NULL)
        return -2;
    n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return n;
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
    long n = -1;

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
        n = count_rows(w, ids[0], t, NULL);
    } else if (column_loss_step(w, step, ids, what, sizeof what)) {
        n = count_rows(w, ids[0], ids[1], ids[3]);
    }
    if (n == -2)
        return -1;
    if (n > 0)
        note_loss(w, what, n, rev);
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
    if (rc == 0 && w->found[0] != '\0')
        rc = migc_fail(err, MIGC_EREFUSED,
                       "downgrade refused before any step ran: it would delete data: %s. Back "
                       "the data up, then run it again with --allow-destructive to accept the "
                       "loss",
                       w->found);
    free(w);
    return rc;
}
