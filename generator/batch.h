/* migc generator: where a migrator that shares one transaction between revisions must commit.
 * Decided from the operations (SPEC §7), so that the migrator never has to read SQL. */
#ifndef MIGC_BATCH_H
#define MIGC_BATCH_H

#include "arena.h"
#include "plan.h"

/* Bits of mg_batch_commit_before, the same values as MIGC_COMMIT_BEFORE_* in migc.h. */
enum { MG_COMMIT_BEFORE_UP = 1, MG_COMMIT_BEFORE_DOWN = 2 };

/* Where a run must commit right before plan i of plans (mg_rev_plan *, chain order): before
 * upgrading it (MG_COMMIT_BEFORE_UP), before downgrading it (MG_COMMIT_BEFORE_DOWN). The rule,
 * conservative and the same for both directions (a revision's down list in the downgrade's
 * order):
 *   - the revision run after one that adds an enum value (add_enum_value, or a sql step holding
 *     ADD VALUE) starts after a commit: PostgreSQL refuses a value added in a transaction until
 *     it commits (SQLSTATE 55P04), and any later revision may use it. Renaming a value and the
 *     rebuild that removes one need no commit (the rebuilt type is new in the transaction);
 *   - a revision with add_enum_value also runs after a commit: its step commits right after
 *     the ADD VALUE, which must not commit the earlier revisions of a shared transaction half-way;
 *   - the revision run after one whose sql steps hold SET LOCAL, SET CONSTRAINTS or set_config
 *     starts after a commit (those settings would last into the next revisions);
 *   - a revision whose sql steps hold VALIDATE runs after a commit: the second half of an online
 *     form (SPEC §4.1) must not run under the lock that its first half took. */
unsigned mg_batch_commit_before(const mg_vec *plans, size_t i);

#endif
