/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Passwords never reach a message: targets are described from parsed fields, and any text
 * that may be a password is scrubbed from what libpq says. libpq is called through a table
 * (conn_libpq.c gives libpq's own functions), so this file needs no libpq at link time. */
#include "conn.h"

#include "error.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends at most n bytes of s to out (size bytes in all), keeping it terminated. */
static void
append(char *out, size_t size, const char *s, size_t n)
{
    size_t len = strlen(out);

    if (len + 1 >= size)
        return;
    if (n > size - len - 1)
        n = size - len - 1;
    memcpy(out + len, s, n);
    out[len + n] = '\0';
}

/* Replaces every occurrence of the n bytes at secret in msg by "***" (short ones are left:
 * three bytes or fewer would blank ordinary words). */
static void
scrub(char *msg, size_t size, const char *secret, size_t n)
{
    char buf[sizeof((migc_error *)0)->message];
    char *hit;

    if (n < 3)
        return;
    while ((hit = strstr(msg, (snprintf(buf, sizeof buf, "%.*s", (int)n, secret), buf))) != NULL) {
        size_t at = (size_t)(hit - msg);
        snprintf(buf, sizeof buf, "%.*s***%s", (int)at, msg, hit + n);
        snprintf(msg, size, "%s", buf);
    }
}

/* The ':' that starts a URI's password ("scheme://user:secret@host"), or NULL. */
static const char *
uri_secret(const char *uri, const char **at)
{
    const char *auth = strstr(uri, "://");

    *at = strrchr(uri, '@');
    if (auth == NULL || *at == NULL || *at < auth + 3)
        return NULL;
    return memchr(auth + 3, ':', (size_t)(*at - auth - 3));
}

/* Scrubs what a URI's author meant as its password: everything between "user:" and the last
 * '@', also piece by piece, since libpq splits an unencoded '/', '?' or '#' in it off into
 * other fields ("u:S3cret/x@h" reads as host u, port S3cret) and quotes them in its errors. */
static void
scrub_uri_secret(const char *uri, char *msg, size_t size)
{
    const char *at, *colon = uri_secret(uri, &at), *p;

    if (colon == NULL)
        return;
    scrub(msg, size, colon + 1, (size_t)(at - colon - 1));
    for (p = colon + 1; p < at;) {
        size_t n = strcspn(p, "/?#@:");
        if (p + n > at)
            n = (size_t)(at - p);
        scrub(msg, size, p, n);
        p += n + 1;
    }
}

/* Replaces every occurrence of the conninfo's password in msg by "***": the parsed one, and
 * for a URI what its text holds where a password goes. */
static void
scrub_password(const migc_conn_pq *pq, const char *conninfo, char *msg, size_t size)
{
    PQconninfoOption *opts = conninfo ? pq->conninfoParse(conninfo, NULL) : NULL;

    for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val != NULL)
            scrub(msg, size, o->val, strlen(o->val));
    if (conninfo != NULL)
        scrub_uri_secret(conninfo, msg, size);
    pq->conninfoFree(opts);
}

int
migc_conninfo_has_secret_with(const migc_conn_pq *pq, const char *conninfo)
{
    PQconninfoOption *opts = pq->conninfoParse(conninfo, NULL);
    const char *at;
    int found = opts == NULL || uri_secret(conninfo, &at) != NULL;

    for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val != NULL && *o->val != '\0')
            found = 1;
    pq->conninfoFree(opts);
    return found;
}

/* The value of keyword in parsed options, or "" when unset. */
static const char *
option(const PQconninfoOption *opts, const char *keyword)
{
    for (const PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++)
        if (strcmp(o->keyword, keyword) == 0)
            return o->val != NULL ? o->val : "";
    return "";
}

/* Describes the target from its parsed fields, never from its text, in the form it was given:
 * "postgresql://user:***@host:port/db" or "host=h port=p dbname=d user=u password=***". */
static void
describe_target(const char *url, const PQconninfoOption *opts, char *out, size_t size)
{
    static const char *const shown[] = {"host", "hostaddr", "port", "dbname", "user", "service"};
    const char *user = option(opts, "user"), *port = option(opts, "port");
    int secret = *option(opts, "password") != '\0';

    snprintf(out, size, "at ");
    if (strstr(url, "://") != NULL) {
        snprintf(out + 3, size - 3, "postgresql://%s%s%s%s%s%s/%s", user, secret ? ":***" : "",
                 *user || secret ? "@" : "", option(opts, "host"), *port ? ":" : "", port,
                 option(opts, "dbname"));
        return;
    }
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        const char *v = option(opts, shown[i]);
        if (*v != '\0') {
            append(out, size, " ", out[3] != '\0');
            append(out, size, shown[i], strlen(shown[i]));
            append(out, size, "=", 1);
            append(out, size, v, strlen(v));
        }
    }
    if (secret) {
        append(out, size, " ", out[3] != '\0');
        append(out, size, "password=***", 12);
    }
}

void
migc_conninfo_describe_with(const migc_conn_pq *pq, const char *conninfo, char *out, size_t size)
{
    PQconninfoOption *opts = pq->conninfoParse(conninfo, NULL);

    if (opts == NULL) {
        snprintf(out, size, "(a connection string that cannot be parsed, not shown)");
        return;
    }
    describe_target(conninfo, opts, out, size);
    memmove(out, out + 3, strlen(out + 3) + 1); /* without describe_target's "at " */
    pq->conninfoFree(opts);
}

/* Copies a libpq parse error into out with every quoted fragment of the conninfo blanked
 * ("***"): the fragment libpq quotes may be, or hold, the password. Fragments that are one
 * separator ("=", "]") are kept, as they say what libpq missed. */
static void
blank_quoted(const char *msg, char *out, size_t size)
{
    const char *p = msg, *open, *close;

    out[0] = '\0';
    while ((open = strchr(p, '"')) != NULL && (close = strchr(open + 1, '"')) != NULL) {
        append(out, size, p, (size_t)(open - p) + 1);
        if (close - open == 2 && strchr("=[]", open[1]) != NULL)
            append(out, size, open + 1, 1);
        else
            append(out, size, "***", 3);
        append(out, size, "\"", 1);
        p = close + 1;
    }
    append(out, size, p, strcspn(p, "\"\n"));
}

/* Strips trailing newlines and spaces from err's message. */
static void
chomp_message(migc_error *err)
{
    size_t len = strlen(err->message);

    while (len > 0 && (err->message[len - 1] == '\n' || err->message[len - 1] == ' '))
        err->message[--len] = '\0';
}

/* Describes the failed connection attempt in err, password-free: the target from the parsed
 * conninfo, never its text; a conninfo libpq cannot parse is not shown at all. */
static int
fail_connect(const migc_conn_pq *pq, const char *url, PGconn *conn, migc_error *err)
{
    char *parse_error = NULL;
    PQconninfoOption *opts = url ? pq->conninfoParse(url, &parse_error) : NULL;
    char target[512] = "with libpq's defaults", reason[512];

    if (url != NULL && opts == NULL) {
        blank_quoted(parse_error ? parse_error : "out of memory", reason, sizeof reason);
        migc_fail(err, MIGC_ECONNECT,
                  "cannot connect to the database: the connection string cannot be parsed: %s "
                  "(it is not shown, as it may hold a password)",
                  reason);
    } else {
        if (url != NULL)
            describe_target(url, opts, target, sizeof target);
        migc_fail(err, MIGC_ECONNECT, "cannot connect to the database %s: %s", target,
                  conn ? pq->errorMessage(conn) : "out of memory");
    }
    chomp_message(err);
    scrub_password(pq, url, err->message, sizeof err->message);
    pq->freemem(parse_error);
    pq->conninfoFree(opts);
    return -1;
}

int
migc_connect_with(const migc_conn_pq *pq, const char *url, const char *application_name,
                  PGconn **out, migc_error *err)
{
    const char *keys[] = {"dbname", "fallback_application_name", NULL};
    const char *vals[] = {NULL, application_name, NULL};
    migc_error local;
    PGconn *conn;

    if (err == NULL)
        err = &local;
    migc_error_clear(err);
    *out = NULL;
    if (url == NULL || *url == '\0')
        url = getenv("DATABASE_URL");
    if (url != NULL && *url == '\0')
        url = NULL;
    vals[0] = url;
    conn = pq->connectdbParams(url ? keys : keys + 1, url ? vals : vals + 1, 1);
    if (conn == NULL || pq->status(conn) != CONNECTION_OK) {
        fail_connect(pq, url, conn, err);
        pq->finish(conn);
        return -1;
    }
    *out = conn;
    return 0;
}
