/* migc runtime: the fresh-database path (SPEC §7). On a database where none of the module's
 * objects exist, an upgrade from base to head builds the head schema from the compiled snapshot
 * (generated/snapshot.c) and records every revision, in one transaction and one round trip,
 * instead of replaying the history. */
#ifndef MIGC_FRESH_H
#define MIGC_FRESH_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Sets *empty to 1 when none of the module's objects exist: no relation (but the version table
 * and its index), type, function, operator or collation in the module's schema, no extension
 * installed there, and none of the head's extensions installed anywhere; else 0. */
int migc_fresh_empty(PGconn *conn, const migc_module *m, int *empty, migc_error *err);

/* Runs the snapshot and writes the version rows of all n_revisions, then commits; *ms is the
 * time taken. The session must be outside a transaction. On failure everything is rolled back
 * and err names the snapshot step and the server's error (-1); 1 when the server ran out of
 * lock slots (SQLSTATE 53200: more objects than one transaction can create under its
 * max_locks_per_transaction), err then saying so, and the revisions may still replay in
 * batches that commit in between. */
int migc_fresh_build(PGconn *conn, const migc_module *m, long *ms, migc_error *err);

#endif
