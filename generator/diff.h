/* migc generator: the diff of a desired schema against the replayed state.
 * Produces operations (never text) in an order that is safe for dependencies. */
#ifndef MIGC_DIFF_H
#define MIGC_DIFF_H

#include "model.h"

typedef struct mg_diff_result {
    mg_vec ops;         /* mg_op *, in execution order */
    mg_vec destructive; /* const char *: one description per destructive operation */
    /* const char *: "file:line:col: warning: ..." for each hint the diff would have applied but
     * ignored, since an earlier revision used it (SPEC §4 soundness rules) */
    mg_vec warnings;
    /* const char *: "file:line:col: ..." for every stale hint of the desired schema, used by an
     * earlier revision or with nothing left to do (what `migc check` lists) */
    mg_vec stale;
} mg_diff_result;

typedef struct mg_diff_options {
    const mg_settings *settings;
    const mg_vec *revisions; /* mg_revision *, the history; NULL: no hint counts as used */
    /* --irreversible: a type change whose downgrade needs a cast expression that no down_using
     * gives is marked irreversible instead of being refused */
    bool irreversible;
    /* The head snapshot's form (SPEC §7): every foreign key to another table is added after all
     * tables exist (mg_diff_table_snapshot_ops), so that a table's statements depend on the table
     * alone and a unit can define them once for every later head. */
    bool defer_fks;
} mg_diff_options;

/* Compares desired with state (neither is modified) and fills out.
 * Returns 0, or -1 with diagnostics for changes migc cannot express. */
int mg_diff_run_with(mg_arena *a, const mg_schema *state, const mg_schema *desired,
                     const mg_diff_options *o, mg_diff_result *out, mg_diag *d);
/* Appends to out the operations that build table w on an empty schema in the head snapshot: its
 * create_table (w with only the foreign keys to itself) and one add_foreign_key per foreign key to
 * another table, in declared order, without source locations. */
void mg_diff_table_snapshot_ops(mg_arena *a, const mg_table *w, mg_vec *out);
/* mg_diff_run_with without a history, refusing type changes that cannot be reversed. */
int mg_diff_run(mg_arena *a, const mg_schema *state, const mg_schema *desired,
                const mg_settings *settings, mg_diff_result *out, mg_diag *d);

/* True when changing a column from type `from` to `to` cannot lose data (SPEC §4 widenings). */
bool mg_diff_type_widens(const char *from, const char *to);

/* True when PostgreSQL changes a column of type `from` to `to` without USING: an implicit or
 * assignment cast exists (numbers among themselves, any type to a string type, the date/time,
 * json and network pairs of pg_cast, the same type with other modifiers, arrays of such). A
 * conservative table: false also for casts it does not know (domains, extension types). */
bool mg_diff_cast_automatic(const char *from, const char *to);

#endif
