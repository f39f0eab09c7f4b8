/* migc runtime: opening the connection (--url, DATABASE_URL, libpq defaults).
 * Passwords never reach a message: URLs are redacted and the password text is scrubbed. */
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

/* Redacts "user:secret@" in a URI authority and "password=..." in its query. */
static void
redact_uri(const char *uri, char *out, size_t size)
{
    const char *auth = strstr(uri, "://") + 3;
    size_t auth_len = strcspn(auth, "/?");
    const char *at = NULL, *colon;
    const char *p;

    for (p = auth; p < auth + auth_len; p++)
        if (*p == '@')
            at = p;
    colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    out[0] = '\0';
    append(out, size, uri, (size_t)((colon ? colon + 1 : auth) - uri));
    if (colon != NULL)
        append(out, size, "***", 3);
    p = colon ? at : auth;
    while (*p != '\0') {
        const char *key = strstr(p, "password=");
        if (key == NULL || (key != p && key[-1] != '?' && key[-1] != '&')) {
            append(out, size, p, key ? (size_t)(key - p) + 9 : strlen(p));
            p = key ? key + 9 : p + strlen(p);
            continue;
        }
        append(out, size, p, (size_t)(key - p) + 9);
        append(out, size, "***", 3);
        p = key + 9 + strcspn(key + 9, "&");
    }
}

/* Skips a key=value conninfo value (quoted with '' or bare); returns its end. */
static const char *
skip_value(const char *p)
{
    if (*p != '\'')
        return p + strcspn(p, " \t\n");
    for (p++; *p != '\0' && *p != '\''; p++)
        if (*p == '\\' && p[1] != '\0')
            p++;
    return *p ? p + 1 : p;
}

/* Redacts the value of every password keyword in a key=value conninfo. */
static void
redact_keywords(const char *ci, char *out, size_t size)
{
    const char *p = ci;

    out[0] = '\0';
    while (*p != '\0') {
        const char *key = strstr(p, "password");
        const char *v;
        if (key == NULL) {
            append(out, size, p, strlen(p));
            break;
        }
        for (v = key + 8; *v == ' ' || *v == '\t'; v++)
            ;
        append(out, size, p, (size_t)(v - p));
        p = v;
        if (*v != '=' || (key != ci && key[-1] != ' ' && key[-1] != '\t'))
            continue;
        for (v++; *v == ' ' || *v == '\t'; v++)
            ;
        append(out, size, p, (size_t)(v - p));
        append(out, size, "***", 3);
        p = skip_value(v);
    }
}

void
migc_redact_conninfo(const char *conninfo, char *out, size_t size)
{
    if (size == 0)
        return;
    if (strncmp(conninfo, "postgresql://", 13) == 0 || strncmp(conninfo, "postgres://", 11) == 0)
        redact_uri(conninfo, out, size);
    else
        redact_keywords(conninfo, out, size);
}

/* Replaces every occurrence of the conninfo's password in msg by "***". */
static void
scrub_password(const char *conninfo, char *msg, size_t size)
{
    PQconninfoOption *opts = conninfo ? PQconninfoParse(conninfo, NULL) : NULL;
    char buf[sizeof((migc_error *)0)->message];

    for (PQconninfoOption *o = opts; o != NULL && o->keyword != NULL; o++) {
        const char *pw = o->val, *hit;
        if (strcmp(o->keyword, "password") != 0 || pw == NULL || strlen(pw) < 3)
            continue;
        while ((hit = strstr(msg, pw)) != NULL) {
            snprintf(buf, sizeof buf, "%.*s***%s", (int)(hit - msg), msg, hit + strlen(pw));
            snprintf(msg, size, "%s", buf);
        }
    }
    PQconninfoFree(opts);
}

/* Describes the failed connection attempt in err, password-free. */
static int
fail_connect(const char *url, PGconn *conn, migc_error *err)
{
    char target[512] = "(libpq defaults)";
    size_t len;

    if (url != NULL)
        migc_redact_conninfo(url, target, sizeof target);
    migc_fail(err, MIGC_ECONNECT, "cannot connect to %s: %s", target,
              conn ? PQerrorMessage(conn) : "out of memory");
    len = strlen(err->message);
    while (len > 0 && (err->message[len - 1] == '\n' || err->message[len - 1] == ' '))
        err->message[--len] = '\0';
    scrub_password(url, err->message, sizeof err->message);
    return -1;
}

int
migc_connect(const char *url, PGconn **out, migc_error *err)
{
    const char *keys[] = {"dbname", "fallback_application_name", NULL};
    const char *vals[] = {NULL, "migc", NULL};
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
    conn = PQconnectdbParams(url ? keys : keys + 1, url ? vals : vals + 1, 1);
    if (conn == NULL || PQstatus(conn) != CONNECTION_OK) {
        fail_connect(url, conn, err);
        PQfinish(conn);
        return -1;
    }
    *out = conn;
    return 0;
}
