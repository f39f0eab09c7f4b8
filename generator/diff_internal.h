/* migc generator: shared state of the diff phases.
 * Private to diff.c, diff_tables.c and diff_enums.c. */
#ifndef MIGC_DIFF_INTERNAL_H
#define MIGC_DIFF_INTERNAL_H

#include "diff.h"
#include "replay.h"
#include "strmap.h"

/* The tables of a schema by name: mg_schema_table without its scan, for the diff's thousands of
 * lookups. Rebuilt at the first lookup after the list changed (storage, length) or after an
 * operation that adds, drops or renames a table (stale). */
typedef struct mg_table_index {
    mg_strmap map;      /* name -> position in the list, the first of a name */
    void *const *items; /* the list it was built from */
    size_t len;
    bool stale;
} mg_table_index;

typedef struct differ {
    mg_arena *a;
    const mg_diff_options *opt;
    const mg_schema *state; /* the replayed state, as the diff found it */
    const mg_schema *want;  /* desired schema */
    mg_schema *work;        /* the state with every emitted operation applied */
    mg_diff_result *out;
    mg_diag *d;
    mg_replay r;         /* replays onto work */
    mg_vec deferred_fks; /* mg_op *: add_foreign_key ops that wait for all tables */
    mg_table_index want_tables;
    mg_table_index work_tables;
} differ;

/* mg_schema_table(df->want, name), through an index. */
mg_table *mg_diff_want_table(differ *df, const char *name);
/* mg_schema_table(df->work, name), through an index kept in step by mg_diff_emit. */
mg_table *mg_diff_work_table(differ *df, const char *name);

mg_op *mg_diff_op(differ *df, mg_op_kind kind, mg_loc loc);
/* Appends op to the result and applies it to the working state. */
int mg_diff_emit(differ *df, mg_op *op);
/* Records a destructive operation; fmt takes two strings. */
void mg_diff_destructive(differ *df, const char *fmt, const char *x, const char *y);

/* What a hint asks, named as in the working state: the table (or enum) and column (or value)
 * it stands on, and its text (the old name of a renamed_from, the expression of a using). */
typedef struct mg_hint {
    mg_op_kind kind; /* the operation that uses it: rename_table, rename_column, rename_enum,
                        rename_enum_value, rename_sequence, or alter_column (using, or down_using
                        when down) */
    const char *owner;
    const char *name;
    const char *text;
    bool down;
    mg_loc loc;
} mg_hint;

/* The revision that used hint h, searching back from the newest and following renames back
 * until the object was created or dropped: its id, NULL when none did, or "" when an operation
 * this diff has emitted uses it. */
const char *mg_diff_hint_user(const differ *df, const mg_hint *h);
/* The text of hint h unless an earlier revision used it; then NULL, with a warning that the
 * diff ignores it. */
const char *mg_diff_hint_fresh(differ *df, const mg_hint *h);
/* Fills df->out->stale with every stale hint of the desired schema. */
void mg_diff_stale_hints(differ *df);

int mg_diff_enums_create(differ *df);
int mg_diff_enums_drop(differ *df);
int mg_diff_tables_rename(differ *df);
/* Renames the constraints and indexes that only changed their name (diff_renames.c). */
int mg_diff_objects_rename(differ *df);
/* Two objects are the same but for their names (diff_tables.c). */
bool mg_diff_check_same(const mg_check *x, const mg_check *y);
bool mg_diff_fk_same(const mg_fk *x, const mg_fk *y);
bool mg_diff_index_same(const mg_index *x, const mg_index *y);
bool mg_diff_excl_same(const mg_exclusion *x, const mg_exclusion *y);
int mg_diff_tables_drop_objects(differ *df);
int mg_diff_tables_alter(differ *df);
/* The columns of table w as t has them: added, altered, dropped, commented (diff_columns.c). */
int mg_diff_alter_columns(differ *df, const mg_table *w, const mg_table *t);
/* set_comment of table w, of its column or of its constraint (at most one of them given) when
 * the comment have (as the diff left it) is not want (diff_columns.c). */
int mg_diff_comment_op(differ *df, const mg_table *w, const char *column, const char *constraint,
                       const char *want, const char *have, mg_loc loc);
/* Drops the tables no longer declared: the partitions (partitions true) or the others. */
int mg_diff_tables_drop(differ *df, bool partitions);
int mg_diff_tables_create(differ *df);
int mg_diff_tables_add_fks(differ *df);
/* Sequences (diff_seqs.c): early (renames, creates, options, owners released), owners (once the
 * tables exist), drop (after the tables). */
int mg_diff_seqs_early(differ *df);
int mg_diff_seqs_owners(differ *df);
int mg_diff_seqs_drop(differ *df);
/* Domains (diff_domains.c): early (renames, creates, changes; before the tables; only those
 * whose base type exists unless all), drop (after the tables, before the enums their base types
 * may be; only those nothing uses unless all). Early is idempotent: a second call emits nothing for
 * what the first did. */
int mg_diff_domains_early(differ *df, bool all);
int mg_diff_domains_drop(differ *df, bool all);
/* Composite types (diff_ctypes.c): early with the domains (only those whose attribute types
 * exist unless all; idempotent), drop before the domains. */
/* True when the diff drops composite type have or changes its attributes (a view that names the
 * type keeps the old attribute types in its stored query, so it is re-created around). */
bool mg_diff_ctype_attrs_change(differ *df, const mg_ctype *have);
int mg_diff_ctypes_early(differ *df, bool all);
int mg_diff_ctypes_drop(differ *df, bool all);
/* Functions (diff_funcs.c): create (renames, creates, alters) of those that name no declared
 * table (tables false: before the tables) or of those that do (tables true: after them, then every
 * one left); drop of those no longer declared, tables true before the tables are dropped. */
int mg_diff_funcs_create(differ *df, bool tables);
int mg_diff_funcs_drop(differ *df, bool tables);
/* Triggers (diff_triggers.c): drop (after the renames, before anything they use changes: those
 * no longer declared and those whose function is rebuilt), create (and CREATE OR REPLACE, last). */
int mg_diff_triggers_drop(differ *df);
int mg_diff_triggers_create(differ *df);
/* Two definitions are the same (bodies after trimming). */
bool mg_diff_func_same(const mg_func *x, const mg_func *y);
/* Views and materialized views (diff_views.c): drop before any table changes (those that go,
 * those CREATE OR REPLACE cannot change, those reading a changed column, and their readers);
 * create after the tables, sequences and types, each after the views it reads. */
int mg_diff_views_drop(differ *df);
int mg_diff_views_create(differ *df);

#endif
