/* migc runtime: reading the target list of --targets (SPEC §9).
 * One target per line: a connection URI or conninfo, optionally followed by a tenant schema. */
#define _POSIX_C_SOURCE 200809L /* getline */

#include "fleet.h"

#include "conn.h"
#include "error.h"
#include "tenant.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True for the blanks that separate a line's fields. */
static int
blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Cuts a comment ('#' at the start or after a blank: '#' inside a value stays) and trailing
 * blanks off s; returns s past its leading blanks. */
static char *
trim(char *s)
{
    size_t n;

    for (char *p = s; *p != '\0'; p++)
        if (*p == '#' && (p == s || blank(p[-1]))) {
            *p = '\0';
            break;
        }
    n = strlen(s);
    while (n > 0 && blank(s[n - 1]))
        s[--n] = '\0';
    while (blank(*s))
        s++;
    return s;
}

/* Splits off the trailing schema name of a line: the last field, when there are several and it
 * is no conninfo setting (no '=' or quote). Returns it (the line cut before it) or NULL. */
static char *
split_schema(char *s)
{
    char *last = s + strlen(s), *end;

    while (last > s && !blank(last[-1]))
        last--;
    if (last == s || strpbrk(last, "='\"") != NULL)
        return NULL;
    for (end = last; end > s && blank(end[-1]);)
        end--;
    *end = '\0';
    return last;
}

/* Duplicates s; NULL when out of memory. */
static char *
dup(const char *s)
{
    char *d = malloc(strlen(s) + 1);

    if (d != NULL)
        memcpy(d, s, strlen(s) + 1);
    return d;
}

/* Checks the fields of one line; -1 with err filled ("FILE:LINE: ..."). */
static int
check_fields(const char *path, int line, const char *url, const char *schema, migc_error *err)
{
    PQconninfoOption *opts;

    if (strstr(url, "://") != NULL && strpbrk(url, " \t") != NULL)
        return migc_fail(err, MIGC_EUSAGE,
                         "%s:%d: expected a connection URL and at most one schema name", path,
                         line);
    if (schema != NULL && !migc_tenant_name_ok(schema))
        return migc_fail(err, MIGC_EUSAGE,
                         "%s:%d: schema \"%.80s\": a tenant schema is a lowercase name "
                         "([a-z_][a-z0-9_]*, at most 63 bytes)",
                         path, line, schema);
    if ((opts = PQconninfoParse(url, NULL)) == NULL)
        return migc_fail(err, MIGC_EUSAGE,
                         "%s:%d: the connection string cannot be parsed (it is not shown, as it "
                         "may hold a password)",
                         path, line);
    PQconninfoFree(opts);
    return 0;
}

/* Appends the target of one non-empty line to list; -1 with err filled. */
static int
add_target(migc_fleet_list *list, const char *path, int line, char *text, migc_error *err)
{
    char *schema = split_schema(text);
    migc_fleet_target *t;

    if (check_fields(path, line, text, schema, err) != 0)
        return -1;
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 64;
        void *grown = realloc(list->items, cap * sizeof *list->items);
        if (grown == NULL)
            return migc_fail(err, MIGC_EFAILED, "out of memory");
        list->items = grown;
        list->cap = cap;
    }
    t = &list->items[list->n];
    memset(t, 0, sizeof *t);
    t->line = line;
    if ((t->url = dup(text)) == NULL || (schema != NULL && (t->schema = dup(schema)) == NULL)) {
        free(t->url);
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    }
    list->n++;
    migc_conninfo_describe(t->url, t->desc, sizeof t->desc);
    return 0;
}

/* Links each target to the first one with the same connection string (one database). */
static void
link_databases(migc_fleet_list *list)
{
    for (size_t i = 0; i < list->n; i++) {
        list->items[i].first = i;
        for (size_t k = 0; k < i; k++)
            if (strcmp(list->items[k].url, list->items[i].url) == 0) {
                list->items[i].first = list->items[k].first;
                break;
            }
    }
}

/* Reads every line of f into list. */
static int
read_lines(FILE *f, const char *path, migc_fleet_list *list, migc_error *err)
{
    char *buf = NULL;
    size_t size = 0;
    int line = 0, rc = 0;

    while (rc == 0 && getline(&buf, &size, f) >= 0) {
        char *text = trim(buf);
        line++;
        if (*text != '\0')
            rc = add_target(list, path, line, text, err);
    }
    if (rc == 0 && ferror(f))
        rc = migc_fail(err, MIGC_EUSAGE, "%s: cannot read the target list", path);
    free(buf);
    return rc;
}

int
migc_fleet_read(const char *path, migc_fleet_list *list, migc_error *err)
{
    int stdin_list = strcmp(path, "-") == 0;
    FILE *f = stdin_list ? stdin : fopen(path, "r");
    int rc;

    memset(list, 0, sizeof *list);
    if (f == NULL)
        return migc_fail(err, MIGC_EUSAGE, "%s: cannot open the target list", path);
    rc = read_lines(f, stdin_list ? "<stdin>" : path, list, err);
    if (!stdin_list)
        fclose(f);
    if (rc == 0 && list->n == 0)
        rc = migc_fail(err, MIGC_EUSAGE, "%s: the target list holds no target",
                       stdin_list ? "<stdin>" : path);
    if (rc == 0)
        link_databases(list);
    return rc;
}

void
migc_fleet_list_free(migc_fleet_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++) {
        free(list->items[i].url);
        free(list->items[i].schema);
        free(list->items[i].message);
        free(list->items[i].diffs);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}
