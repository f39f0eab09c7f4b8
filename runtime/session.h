/* migc runtime: preparing a session for a module (search_path, schema, timeouts).
 * DDL in steps is written relative to the module schema; catalog queries are qualified. */
#ifndef MIGC_SESSION_H
#define MIGC_SESSION_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Sets search_path to the module schema and applies lock_timeout / statement_timeout. */
int migc_session_init(PGconn *conn, const migc_module *m, migc_error *err);

/* Creates the module schema when it does not exist yet. */
int migc_session_ensure_schema(PGconn *conn, const migc_module *m, migc_error *err);

/* Sets *exists to whether schema `name` exists. */
int migc_schema_exists(PGconn *conn, const char *name, int *exists, migc_error *err);

#endif
