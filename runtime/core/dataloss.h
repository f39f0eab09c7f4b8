/* migc runtime: the rows a downgrade would delete, counted before any step runs.
 * A downgrade that would drop a table or column holding data is refused (SPEC §7, exit 7). */
#ifndef MIGC_DATALOSS_H
#define MIGC_DATALOSS_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Walks the down steps of revisions cur-1 .. pos in the order a downgrade runs them, following
 * their renames back to today's names, and counts the rows of every table and the non-NULL values
 * of every column they drop (drops of kept objects aside, st->rows[i].kept). Fails with
 * MIGC_EREFUSED naming each object and its count when any holds data. */
int migc_downgrade_loss(PGconn *conn, const migc_module *m, const migc_state *st, size_t cur,
                        size_t pos, migc_error *err);

#endif
