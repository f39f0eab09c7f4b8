/* migc generator: the revisions a diff's operations are written in.
 * CONCURRENTLY index drops and builds run outside a transaction and may not share a revision
 * with transactional operations (SPEC §4); with `online: true` the changes of tables that exist
 * before the diff take the online forms of SPEC §4.1, whose halves run in separate revisions. */
#ifndef MIGC_SPLIT_H
#define MIGC_SPLIT_H

#include "model.h"

/* The parts of a diff, in the order they are written: concurrent index drops, the transactional
 * operations (NOT VALID adds included), concurrent index builds (unique indexes of keys
 * included), then the second halves of the online forms (VALIDATE CONSTRAINT, SET NOT NULL and
 * the drop of its helper check, ADD CONSTRAINT ... USING INDEX). */
enum { MG_PART_DROPS, MG_PART_MAIN, MG_PART_BUILDS, MG_PART_SECOND, MG_PART_COUNT };

/* Splits ops (mg_op *, in diff order, as diffed from state) into parts[]. With settings->online,
 * an operation on a table that exists in state is written in its online form (new operations,
 * arena-owned; ops is not modified): add_check / add_foreign_key NOT VALID then
 * validate_constraint; NOT NULL through a helper CHECK (col IS NOT NULL) NOT VALID; add_unique /
 * set_primary_key from a unique index built CONCURRENTLY (unless a foreign key of the diff
 * needs the key); create_index and drop_index CONCURRENTLY. Otherwise each op lands in one part,
 * in its order. Returns -1 (with d filled) if replaying them fails. */
int mg_split_parts(mg_arena *a, const mg_schema *state, const mg_settings *settings,
                   const mg_vec *ops, mg_vec parts[MG_PART_COUNT], mg_diag *d);

#endif
