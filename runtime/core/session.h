/* migc runtime: preparing a session for a module (search_path, schema, timeouts).
 * DDL in steps is written relative to the module schema; catalog queries are qualified. */
#ifndef MIGC_SESSION_H
#define MIGC_SESSION_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* One session setting and the value migc pins it to. */
typedef struct migc_setting {
    char name[32], value[16]; /* arrays, not pointers: the table stays in read-only data */
} migc_setting;

/* The settings every session (and every offline script) pins; ends with an empty name. */
extern const migc_setting migc_pinned_settings[];

/* Pins migc_pinned_settings, sets search_path to the module schema (so that user text such as
 * defaults and checks resolves there; migc's own SQL names everything by schema) and applies
 * lock_timeout / statement_timeout. */
int migc_session_init(PGconn *conn, const migc_module *m, migc_error *err);

/* Writes into out the roles other than the schema's owner, superusers and the session's role
 * that may CREATE in the module schema ("PUBLIC, mallory"), "" when there are none: objects they
 * create can capture names in user text (defaults, checks, bodies). */
int migc_schema_creators(PGconn *conn, const migc_module *m, char *out, size_t size,
                         migc_error *err);

/* Creates the module schema when it does not exist yet. */
int migc_session_ensure_schema(PGconn *conn, const migc_module *m, migc_error *err);

/* Sets *exists to whether schema `name` exists. */
int migc_schema_exists(PGconn *conn, const char *name, int *exists, migc_error *err);

#endif
