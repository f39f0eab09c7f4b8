/* migc runtime: the session advisory lock that serialises migrators of one module.
 * Keyed by pg_catalog.hashtextextended('migc:' || module name, 0); a tenant of --targets whose
 * schema replaces the module's adds ':' || schema, so tenants of one database run side by side. */
#ifndef MIGC_LOCK_H
#define MIGC_LOCK_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Takes the module's lock (by_schema: the lock of the module in m->schema, a tenant's), polling
 * so that waiting holds no snapshot; gives up after the module's lock_timeout (when set and not
 * 0) with MIGC_ELOCK. */
int migc_lock_acquire(PGconn *conn, const migc_module *m, int by_schema, migc_error *err);

/* Releases the lock taken by migc_lock_acquire (the same by_schema). */
int migc_lock_release(PGconn *conn, const migc_module *m, int by_schema, migc_error *err);

/* Describes, into out, up to three other sessions that hold locks on relations of the module's
 * schema, oldest transaction first ("pid 4242 (application_name \"psql\", idle in transaction
 * for 8.1 s): SELECT ..."); "" when none. Used after a lock_timeout to name who blocked. */
int migc_lock_holders(PGconn *conn, const migc_module *m, char *out, size_t size, migc_error *err);

#endif
