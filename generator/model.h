/* migc generator: the in-memory model.
 * Module settings, schemas (desired and replayed), operations and revisions; all arena-owned. */
#ifndef MIGC_MODEL_H
#define MIGC_MODEL_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "op_kinds.h"

/* Lists below are mg_vec of pointers; the element type is given in the comment. */

typedef struct mg_ext {
    const char *name;
    const char *schema; /* the schema it is installed in; NULL: the module's */
    mg_loc loc;
} mg_ext;

/* schema.yaml: a value written as { name: guest, renamed_from: viewer } (a diff hint). */
typedef struct mg_value_rename {
    const char *name;         /* the value as declared */
    const char *renamed_from; /* its old label */
    mg_loc loc;               /* of renamed_from */
} mg_value_rename;

typedef struct mg_enum {
    const char *name;
    mg_loc loc;
    mg_vec values; /* const char * in declared order */
    const char *renamed_from;
    mg_loc renamed_from_loc; /* schema.yaml: where the renamed_from hint is written */
    mg_vec value_renames;    /* mg_value_rename *: schema.yaml hints; not copied */
    mg_vec *later_names;     /* replay only: names later revisions give this type; not copied */
    const char *comment;     /* COMMENT ON TYPE; NULL when none */
} mg_enum;

typedef struct mg_column {
    const char *name;
    mg_loc loc;
    const char *type;         /* normalised, format_type spelling */
    const char *type_written; /* as written (schema.yaml), NULL elsewhere */
    const char *type_error;   /* schema.yaml: why type_written is malformed, unless an enum's */
    mg_loc type_loc;
    bool nullable;
    const char *default_expr; /* raw SQL, NULL when none */
    const char *identity;     /* NULL, "always" or "by_default" */
    const char *collation;    /* COLLATE of the column; NULL: its type's */
    const char *generated;    /* GENERATED ALWAYS AS (expr) STORED: expr as written; NULL: none */
    const char *comment;      /* NULL when none */
    const char *renamed_from; /* diff hint; never part of the state */
    const char *using_expr;   /* diff hint for a type change; never part of the state */
    const char *down_using;   /* diff hint: USING of the type change's downgrade; likewise */
    mg_loc renamed_from_loc;  /* schema.yaml: where each hint is written */
    mg_loc using_loc;
    mg_loc down_using_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
    /* replay only: the name of the identity's sequence where a rename of its table or column
     * since it was made left it unlike <table>_<column>_seq (PostgreSQL keeps the name it chose
     * then); NULL otherwise. Written into a CREATE of the column (SEQUENCE NAME), so that the
     * head snapshot and a re-created table have the sequence the revisions gave it. */
    const char *identity_seq;
} mg_column;

/* A primary key or unique constraint. */
typedef struct mg_key {
    const char *name;
    mg_loc loc;
    mg_vec columns;          /* const char * */
    bool nulls_not_distinct; /* unique only: NULLS NOT DISTINCT (one NULL at most) */
    bool deferrable;         /* DEFERRABLE */
    bool initially_deferred; /* DEFERRABLE INITIALLY DEFERRED */
    const char *comment;     /* COMMENT ON CONSTRAINT; NULL when none */
} mg_key;

typedef struct mg_check {
    const char *name;
    mg_loc loc;
    const char *expr;
    bool not_valid;      /* state only: added NOT VALID, not validated yet (SPEC §4.1) */
    const char *comment; /* COMMENT ON CONSTRAINT (table checks only); NULL when none */
} mg_check;

/* An exclusion constraint (SPEC §3.1): EXCLUDE USING method (element WITH operator, ...)
 * [WHERE (predicate)] [DEFERRABLE [INITIALLY DEFERRED]]. */
typedef struct mg_exclusion {
    const char *name;
    mg_loc loc;
    const char *method; /* index method: "gist" (default), btree, hash, spgist, ... */
    mg_vec elements;    /* const char *: "room WITH =", "during WITH &&", as written */
    const char *where;  /* NULL when none */
    bool deferrable;
    bool initially_deferred;
    const char *comment; /* COMMENT ON CONSTRAINT; NULL when none */
} mg_exclusion;

typedef struct mg_fk {
    const char *name;
    mg_loc loc;
    mg_vec columns; /* const char * */
    const char *ref_table;
    mg_vec ref_columns; /* const char *; empty means the referenced primary key */
    const char
        *on_delete; /* "no action" (default), "restrict", "cascade", "set null", "set default" */
    const char *on_update;
    bool deferrable;
    bool initially_deferred;
    bool not_valid;      /* state only: added NOT VALID, not validated yet (SPEC §4.1) */
    const char *comment; /* COMMENT ON CONSTRAINT; NULL when none */
} mg_fk;

typedef struct mg_index {
    const char *name;
    mg_loc loc;
    mg_vec keys;            /* const char *: "col", "col DESC NULLS LAST", ... as written */
    const char *expression; /* used instead of keys when non-NULL */
    bool unique;
    const char *method; /* "btree" (default), hash, gin, gist, brin, spgist */
    mg_vec opclass;     /* const char * or NULL per key; one entry = every key */
    mg_vec include;     /* const char * */
    const char *where;
    bool concurrently;
    const char *comment; /* COMMENT ON INDEX; NULL when none (indexes of tables) */
    mg_vec with;         /* mg_check *: storage parameters, name = parameter, expr = its value as
                            reloptions hold it; in the order given. Shared by copies: never changed in
                            place */
} mg_index;

typedef struct mg_table {
    const char *name;
    mg_loc loc;
    mg_vec columns; /* mg_column *, file order (physical order in the state) */
    mg_key *pk;     /* NULL when none; column shorthands are folded in by the loader */
    mg_vec uniques; /* mg_key * */
    mg_vec checks;  /* mg_check * */
    mg_vec fks;     /* mg_fk * */
    mg_vec indexes; /* mg_index * */
    mg_vec excls;   /* mg_exclusion * */
    const char *comment;
    const char *partition_by; /* PARTITION BY: "RANGE (a)", "LIST (b)", "HASH (c)"; NULL: none */
    const char *partition_of; /* a partition of this partitioned table (no columns of its own) */
    const char *bounds;       /* with partition_of: "FOR VALUES ..." or "DEFAULT" */
    mg_vec with;              /* mg_check *: storage parameters, as mg_index.with */
    mg_loc partition_loc;     /* schema.yaml: where partition_by or partition_of is written */
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;  /* schema.yaml: where renamed_from is written */
    mg_vec *later_names;      /* replay only: names later revisions give it; not copied */
} mg_table;

/* A sequence (SPEC §3.1). Numbers are canonical decimal text; NULL means PostgreSQL's default
 * (sequence.h computes the values a NULL stands for). */
typedef struct mg_sequence {
    const char *name;
    mg_loc loc;
    const char *type; /* "smallint", "integer" or "bigint"; NULL: bigint */
    const char *increment;
    const char *min_value;
    const char *max_value;
    const char *start;
    const char *cache;
    bool cycle;
    const char *owned_table; /* OWNED BY owned_table.owned_column; NULL: owned by nothing */
    const char *owned_column;
    mg_loc owned_loc;
    const char *comment;
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
} mg_sequence;

/* A domain (SPEC §3.1): a base type with a default, NOT NULL, named CHECK constraints (VALUE
 * stands for the value), a collation and a comment. */
typedef struct mg_domain {
    const char *name;
    mg_loc loc;
    const char *type;         /* the base type as format_type writes it */
    bool not_null;            /* nullable: false (PostgreSQL's default is nullable) */
    const char *default_expr; /* NULL: no default */
    const char *collation;    /* NULL: the base type's */
    mg_vec checks;            /* mg_check *, file order */
    const char *comment;
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
} mg_domain;

/* An attribute of a composite type. */
typedef struct mg_attr {
    const char *name;
    mg_loc loc;
    const char *type;      /* normalised, format_type spelling */
    const char *collation; /* NULL: the type's */
} mg_attr;

/* A composite type (SPEC §3.1 `types:`): attributes in order, and a comment. */
typedef struct mg_ctype {
    const char *name;
    mg_loc loc;
    mg_vec attrs; /* mg_attr * */
    const char *comment;
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
} mg_ctype;

/* A function or procedure (SPEC §3.1 `functions:`). The key is the name and argument types as
 * PostgreSQL identifies it ("last_day(timestamp with time zone)"); text fields hold what
 * pg_get_function_arguments / pg_get_function_result print. */
typedef struct mg_func {
    const char *name;    /* the key: proname(argument types) */
    const char *proname; /* the name before "(" */
    mg_loc loc;
    bool procedure;        /* kind: procedure (no returns, volatility, strict, ...) */
    const char *arguments; /* "" when none */
    const char *returns;   /* NULL for a procedure */
    const char *language;
    const char *volatility; /* "immutable", "stable" or "volatile" */
    bool strict;
    bool security_definer;
    bool leakproof;
    const char *parallel; /* "safe", "restricted" or "unsafe" */
    const char *cost;     /* decimal text; NULL: PostgreSQL's default (100) */
    const char *rows;     /* decimal text; NULL: the default (1000 for a set, else 0) */
    mg_vec set;           /* mg_check *: name = setting, expr = value, file order */
    const char *body;
    const char *comment;
    mg_vec depends_on;        /* const char *: names of objects the body uses */
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
} mg_func;

/* A trigger on a table (SPEC §3.1 `tables.<t>.triggers`). */
typedef struct mg_trigger {
    const char *table;
    const char *name;
    mg_loc loc;
    const char *timing;    /* "before", "after" or "instead_of" */
    mg_vec events;         /* const char *: insert, delete, update, truncate, in that order */
    mg_vec update_of;      /* const char *: columns of UPDATE OF, file order */
    bool row;              /* for_each: row (default statement) */
    const char *func;      /* the function's name */
    const char *args;      /* the arguments as written between its parentheses, "" when none */
    const char *when;      /* WHEN condition, NULL when none */
    const char *old_table; /* REFERENCING OLD TABLE AS, NULL when none */
    const char *new_table; /* REFERENCING NEW TABLE AS, NULL when none */
    const char *comment;
} mg_trigger;
/* A view or materialized view (SPEC §3.1 `views:`, `materialized_views:`). */
typedef struct mg_view {
    const char *name;
    mg_loc loc;
    bool materialized;
    const char *query;     /* as written, blanks and a final ";" trimmed */
    bool security_barrier; /* views: options (false: not set) */
    bool security_invoker;
    const char *check_option; /* views: NULL, "local" or "cascaded" */
    bool with_data;           /* materialized views: default true */
    mg_vec indexes;           /* materialized views: mg_index * */
    const char *comment;
    mg_vec depends_on;        /* const char *: views it reads that its text does not show */
    const char *renamed_from; /* diff hint; never part of the state */
    mg_loc renamed_from_loc;
    mg_vec *later_names; /* replay only: names later revisions give it; not copied */
} mg_view;

/* The fields an alter_view changes (mg_op.view_set). */
enum { MG_VIEW_QUERY = 1 << 0, MG_VIEW_OPTIONS = 1 << 1, MG_VIEW_COMMENT = 1 << 2 };

/* The fields an alter_type changes (mg_op.ct_set). */
enum { MG_CT_COLUMNS = 1 << 0, MG_CT_COMMENT = 1 << 1 };

/* The fields an alter_domain changes (mg_op.dom_set). */
enum {
    MG_DOM_NULLABLE = 1 << 0,
    MG_DOM_DEFAULT = 1 << 1,
    MG_DOM_CHECKS = 1 << 2,
    MG_DOM_COMMENT = 1 << 3
};

/* The fields an alter_sequence changes (mg_op.seq_set). */
enum {
    MG_SEQ_TYPE = 1 << 0,
    MG_SEQ_INCREMENT = 1 << 1,
    MG_SEQ_MIN = 1 << 2,
    MG_SEQ_MAX = 1 << 3,
    MG_SEQ_START = 1 << 4,
    MG_SEQ_CACHE = 1 << 5,
    MG_SEQ_CYCLE = 1 << 6,
    MG_SEQ_OWNED = 1 << 7,
    MG_SEQ_COMMENT = 1 << 8,
    MG_SEQ_OPTIONS = (1 << 7) - 1 /* the fields ALTER SEQUENCE sets in one statement */
};

typedef struct mg_schema {
    mg_vec extensions; /* mg_ext * */
    mg_vec enums;      /* mg_enum * */
    mg_vec tables;     /* mg_table * */
    mg_vec sequences;  /* mg_sequence * */
    mg_vec domains;    /* mg_domain * */
    mg_vec types;      /* mg_ctype *: composite types */
    mg_vec funcs;      /* mg_func *: functions and procedures */
    mg_vec triggers;   /* mg_trigger *: by table, then file order */
    mg_vec views;      /* mg_view *: views and materialized views, in dependency order */
} mg_schema;

typedef struct mg_settings {
    const char *name;
    mg_loc loc;
    const char *schema;        /* default "public" */
    bool exclusive;            /* default false */
    const char *version_table; /* default "migc_version" */
    const char *lock_timeout;  /* NULL when unset */
    const char *statement_timeout;
    const char *lock_retries; /* NULL when unset (the migrator's default, 5) */
    bool online;              /* default true: the diff writes the online forms of §4.1 */
    mg_vec external_types;    /* const char * */
    mg_vec ignore;            /* const char *: `ignore:` name patterns (ignore.h), as written */
    /* Revisions and seconds a migrator's shared transaction may span (SPEC §7); NULL when unset
     * (the migrator's defaults, 50 and 5) */
    const char *batch_revisions;
    const char *batch_seconds;
} mg_settings;

/* One enumerator per row of op_kinds.h, in its order. */
#define MG_OP_ENUMERATOR(id, name, load, write, form, replay, hazard, lua) MG_OP_##id,
typedef enum mg_op_kind { MG_OP_KINDS(MG_OP_ENUMERATOR) MG_OP_COUNT } mg_op_kind;
#undef MG_OP_ENUMERATOR

/* One operation of a revision. Which fields are used depends on kind:
 *   create/drop_extension   name, ext_schema (NULL: the module's; on a drop, from replay)
 *   create_enum             name, values, comment drop_enum: name (+ enum_def from replay)
 *   rename_enum             from, to              add_enum_value: enum_name, value, before|after
 *   rename_enum_value       enum_name, from, to   remove_enum_value: enum_name, value
 *   create_table            table_def (name = table_def->name)
 *   drop_table              name (+ table_def from replay)
 *   rename_table            from, to
 *   add_column              table, column_def (name = column_def->name)
 *   drop_column             table, name (+ column_def from replay)
 *   rename_column           table, from, to
 *   alter_column            table, name, has_type/type/using_expr, nullable_set/nullable,
 *                           default_set/default_expr (NULL drops it); with a type, down_using
 *                           (USING of the downgrade) or irreversible; collation_set/collation;
 *                           drop_expression (irreversible)
 *   set_primary_key         table, key (name, columns)
 *   drop_primary_key        table (+ key from replay)
 *   add_unique / drop_unique     table, key / table, name (+ key from replay)
 *   add_check / drop_check       table, check, not_valid / table, name (+ check from replay)
 *   add/drop_foreign_key         table, fk, not_valid / table, name (+ fk from replay)
 *   add_exclusion / drop_exclusion    table, excl / table, name (+ excl from replay)
 *   create_index / drop_index    table, index / name, concurrently (+ table, index from replay)
 *   validate_constraint     table, name (a check or foreign key added NOT VALID)
 *   set_primary_key / add_unique also using_index: the unique index the constraint takes over
 *                           (its reverse, a drop, then carries index to build it again)
 *   set_comment             table, column (NULL for the table), index_name or constraint,
 *                           comment (NULL removes it); or enum_name (no table), comment
 *   sql                     sql_up, sql_down (NULL: irreversible), fresh
 *   create_sequence         seq (name = seq->name)    drop_sequence: name (+ seq from replay)
 *   alter_sequence          name, seq_set, seq (the set fields; replay fills seq with the whole
 *                           definition after the change, and seq_before with the one before)
 *   rename_sequence         from, to
 *   create_domain           domain (name = domain->name)    drop_domain: name (+ domain from
 *                           replay)
 *   alter_domain            name, dom_set, domain (the set fields; replay fills domain with the
 *                           whole definition after the change, domain_before with the one before)
 *   rename_domain           from, to
 *   create_type             ctype (name = ctype->name)    drop_type: name (+ ctype from replay)
 *   alter_type              name, ct_set, ctype (as alter_domain), ctype_before
 *   rename_type             from, to
 *   create_function         func (name = func->name)   drop_function: name (+ func from replay)
 *   alter_function          name, func (the whole new definition), func_before (set by replay)
 *   rename_function         from, to (keys: name(argument types))
 *   create_trigger          table, name, trigger       drop_trigger: table, name (+ trigger)
 *   alter_trigger           table, name, trigger (whole new definition), trigger_before
 *   rename_trigger          table, from, to
 *   create_view, create_materialized_view    view (name = view->name)
 *   drop_view, drop_materialized_view        name (+ view from replay)
 *   alter_view              name, view_set, view (as alter_domain), view_before: CREATE OR
 *                           REPLACE VIEW (only appends columns) and COMMENT
 *   rename_view, rename_materialized_view    from, to
 *   alter_table, alter_index name, with_set (mg_check *: storage parameters SET), with_reset
 *                           (mg_check *, expr NULL: those RESET); replay fills table (alter_index:
 * the index's table) and with_before (the whole list before the change)
 */
typedef struct mg_op {
    mg_op_kind kind;
    mg_loc loc;
    const char *name;
    const char *ext_schema;
    const char *table;
    const char *column;
    const char *from;
    const char *to;
    const char *enum_name;
    const char *value;
    const char *before;
    const char *after;
    mg_vec values; /* const char * */
    mg_enum *enum_def;
    mg_table *table_def;
    mg_column *column_def;
    mg_key *key;
    mg_check *check;
    mg_fk *fk;
    mg_exclusion *excl;
    mg_index *index;
    mg_sequence *seq;
    unsigned seq_set;        /* alter_sequence: MG_SEQ_* bits of the fields it changes */
    mg_sequence *seq_before; /* alter_sequence, set by replay: the definition before it */
    mg_domain *domain;
    unsigned dom_set;         /* alter_domain: MG_DOM_* bits of the fields it changes */
    mg_domain *domain_before; /* alter_domain, set by replay: the definition before it */
    mg_ctype *ctype;
    unsigned ct_set;        /* alter_type: MG_CT_* bits of the fields it changes */
    mg_ctype *ctype_before; /* alter_type, set by replay: the definition before it */
    mg_func *func;
    mg_func *func_before; /* alter_function, set by replay: the definition before it */
    mg_trigger *trigger;
    mg_trigger *trigger_before; /* alter_trigger, set by replay: the definition before it */
    mg_view *view;
    unsigned view_set;    /* alter_view: MG_VIEW_* bits of the fields it changes */
    mg_view *view_before; /* alter_view, set by replay: the definition before it */
    /* alter_view made by replay as the reverse of one that appended columns: the view is
     * dropped and created again (CREATE OR REPLACE cannot remove columns); never written */
    bool view_recreate;
    bool has_type;
    const char *type;
    const char *using_expr;
    const char *down_using; /* alter_column: USING of the reverse type change, NULL when none */
    bool irreversible;      /* alter_column: the type change has no downgrade */
    bool narrows; /* replay: the type change is not a widening (values may not survive it) */
    bool nullable_set;
    bool nullable;
    bool default_set;
    const char *default_expr;
    bool collation_set; /* alter_column: collation (NULL: back to the type's) */
    const char *collation;
    bool drop_expression; /* alter_column: the generated column becomes a plain one */
    const char *comment;
    const char *index_name; /* set_comment: the index commented, NULL for a table or column */
    const char *constraint; /* set_comment: the constraint commented (key, check, foreign key,
                             * exclusion constraint) */
    mg_vec with_set;        /* alter_table / alter_index: mg_check *, in the order given */
    mg_vec with_reset;      /* alter_table / alter_index: mg_check * (expr NULL), likewise */
    mg_vec with_before;     /* alter_table / alter_index, set by replay: mg_check * */
    const char *sql_up;
    const char *sql_down;
    /* sql: "skip" when the step has nothing to do on a database built from nothing (a backfill,
     * a fix-up of old rows), so that the fresh-database path may leave it out; else NULL */
    const char *sql_fresh;
    /* sql: the first transaction control statement of sql_up or sql_down, as its command in upper
     * case ("COMMIT"), and where it is written; NULL when none. Set by the loader; replay refuses
     * it in a transactional revision. */
    const char *sql_txn;
    mg_loc sql_txn_loc;
    /* The online forms (SPEC §4.1): add_check / add_foreign_key written NOT VALID; add_unique /
     * set_primary_key made from an existing unique index (ADD ... USING INDEX); drop_index
     * written CONCURRENTLY whatever the index was built with. */
    bool not_valid;
    const char *using_index;
    bool concurrently;
    /* Set by replay on create_table, add_column, create_enum and create_sequence of a revision's
     * up list: the
     * names later revisions give the created object, so that a re-run of this revision against
     * a newer database does not create it again under its old name. NULL elsewhere. */
    const mg_vec *later_names;
} mg_op;

typedef struct mg_revision {
    const char *id;       /* "0003_add_password_policy" */
    const char *parent;   /* NULL for the first revision */
    const char *message;  /* NULL when absent */
    const char *path;     /* as opened, for diagnostics */
    const char *rel_path; /* relative to the module directory, e.g. "revisions/0003_x.yaml" */
    mg_loc loc;
    mg_vec ops; /* mg_op * in file order */
} mg_revision;

typedef struct mg_module {
    const char *dir; /* module directory as given */
    mg_settings settings;
    mg_schema *schema;   /* desired schema; NULL when no schema file exists */
    mg_vec schema_files; /* const char *: relative paths of the schema sources, name order */
    mg_vec revisions;    /* mg_revision *, chain order 0001, 0002, ... */
} mg_module;

/* "create_table" for MG_OP_CREATE_TABLE, and so on. */
const char *mg_op_kind_name(mg_op_kind kind);
/* Kind for a name, or -1 when the name is not an operation. */
int mg_op_kind_from_name(const char *name);

/* Lookups by name; NULL when absent. */
mg_table *mg_schema_table(const mg_schema *s, const char *name);
mg_enum *mg_schema_enum(const mg_schema *s, const char *name);
mg_ext *mg_schema_extension(const mg_schema *s, const char *name);
mg_sequence *mg_schema_sequence(const mg_schema *s, const char *name);
mg_domain *mg_schema_domain(const mg_schema *s, const char *name);
mg_ctype *mg_schema_ctype(const mg_schema *s, const char *name);
mg_func *mg_schema_func(const mg_schema *s, const char *name);
mg_trigger *mg_schema_trigger(const mg_schema *s, const char *table, const char *name);
/* A view or materialized view. */
mg_view *mg_schema_view(const mg_schema *s, const char *name);
mg_column *mg_table_column(const mg_table *t, const char *name);
/* Index of a column in t->columns, or -1. */
int mg_table_column_index(const mg_table *t, const char *name);

/* Deep copies into arena a (hints such as renamed_from are dropped). */
mg_table *mg_table_copy(mg_arena *a, const mg_table *t);
mg_column *mg_column_copy(mg_arena *a, const mg_column *c);
mg_key *mg_key_copy(mg_arena *a, const mg_key *k);
mg_check *mg_check_copy(mg_arena *a, const mg_check *c);
mg_exclusion *mg_exclusion_copy(mg_arena *a, const mg_exclusion *x);
/* "EXCLUDE USING method (elements) [WHERE (where)]", as the templates write it (no deferral). */
const char *mg_excl_def(mg_arena *a, const mg_exclusion *x);
/* Where the last " WITH " of an exclusion element "expr WITH op" starts (its W), or NULL. */
const char *mg_excl_element_with(const char *e);
mg_fk *mg_fk_copy(mg_arena *a, const mg_fk *f);
mg_index *mg_index_copy(mg_arena *a, const mg_index *x);
mg_enum *mg_enum_copy(mg_arena *a, const mg_enum *e);
mg_sequence *mg_sequence_copy(mg_arena *a, const mg_sequence *q);
mg_domain *mg_domain_copy(mg_arena *a, const mg_domain *d);
mg_ctype *mg_ctype_copy(mg_arena *a, const mg_ctype *t);
mg_func *mg_func_copy(mg_arena *a, const mg_func *f);
mg_trigger *mg_trigger_copy(mg_arena *a, const mg_trigger *g);
mg_view *mg_view_copy(mg_arena *a, const mg_view *v);
mg_schema *mg_schema_copy(mg_arena *a, const mg_schema *s);
/* Copy of a list of strings (the strings themselves are shared; they are immutable). */
void mg_strvec_copy(mg_arena *a, mg_vec *dst, const mg_vec *src);
/* True when both lists hold equal strings in the same order. */
bool mg_strvec_equal(const mg_vec *x, const mg_vec *y);
/* Length of the column part of an index key: the key without its trailing ASC/DESC and NULLS
 * FIRST/LAST ("created_at DESC NULLS LAST" -> 10). 0 when that part is not a plain column name
 * (it holds parentheses, quotes or COLLATE: an expression the templates pass through as written).
 */
size_t mg_index_key_column_len(const char *key);
/* Storage parameter lists (mg_table.with, mg_index.with: mg_check *, in the order given, which is
 * the order PostgreSQL keeps). The parameter named name, or NULL; true when both lists hold the
 * same parameters with the same values, in any order. */
const mg_check *mg_with_get(const mg_vec *with, const char *name);
bool mg_with_equal(const mg_vec *x, const mg_vec *y);
/* Appends c to with, or replaces the parameter of the same name in place. */
void mg_with_put(mg_arena *a, mg_vec *with, const mg_check *c);
/* Null-safe string equality. */
bool mg_str_equal(const char *x, const char *y);
/* strcmp(a, b) == 0, inline: lookups compare a name with each of a list, and most names differ
 * in their first characters, before a call to strcmp would pay off. */
static inline bool
mg_same_name(const char *a, const char *b)
{
    while (*a != '\0' && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}
/* Appends to out the columns of partition key by ("RANGE (a, b)"), folded to lower case, when
 * each part is a plain name; false when some part is an expression, a collation or an operator
 * class. The names are allocated in a. */
bool mg_partition_columns(mg_arena *a, const char *by, mg_vec *out);

#endif
