/* migc runtime: running one revision's steps (up or down) with their guards.
 * Transactional revisions run in one transaction together with their version row. */
#ifndef MIGC_APPLY_H
#define MIGC_APPLY_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Runs rev's up steps (up != 0) or down steps and records or removes its version row.
 * On failure the transaction is rolled back and err names the revision and step;
 * *ms receives the time spent. */
int migc_apply_revision(PGconn *conn, const migc_module *m, const migc_revision *rev, int up,
                        long *ms, migc_error *err);

#endif
