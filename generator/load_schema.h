/* migc generator: schema loader.
 * Reads the keys of schema.yaml (section 3 of the spec) into the model; revisions reuse it. */
#ifndef MIGC_LOAD_SCHEMA_H
#define MIGC_LOAD_SCHEMA_H

#include "load_util.h"

/* Merges one schema file's root into s; a name already in s is an error naming both places.
 * 0, or -1 after reporting. */
int mg_load_schema_root(mg_loader *ld, const mg_node *root, mg_schema *s);

/* The objects below are arena-owned and returned even when errors were reported (check the
 * diagnostic count); NULL only when map is not a mapping. extra lists keys allowed beside the
 * object's own (NULL-terminated, may be NULL), e.g. create_table's "name". */

/* A table with column shorthands folded into pk, uniques and fks. */
mg_table *mg_load_table(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                        const char *const *extra);
/* A column without constraint shorthands (add_column): primary_key, unique and references are
 * refused with a hint to use their own operations. */
mg_column *mg_load_column(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                          const char *const *extra);
/* A foreign key: columns, references ({table, columns} or "table(col, ...)"), on_delete,
 * on_update, deferrable, initially_deferred. */
mg_fk *mg_load_fk(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                  const char *const *extra);
/* An index: columns or expression, unique, method, opclass, include, where, concurrently. */
mg_index *mg_load_index(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                        const char *const *extra);
/* An exclusion constraint (load_excl.c): using (default btree), elements ("expr WITH op", at
 * least one), where, deferrable, initially_deferred. */
mg_exclusion *mg_load_exclusion(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                                const char *const *extra);
/* A sequence (load_seq.c): type, increment, min_value, max_value, start, cache, cycle, owned_by
 * ("table.column"), comment, and renamed_from when hints. A key given as null means PostgreSQL's
 * default (owned by nothing, no comment). *set (may be NULL) receives the MG_SEQ_* bits of the
 * keys given, for alter_sequence. map may be a null node: every option its default. */
mg_sequence *mg_load_sequence(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                              const char *const *extra, bool hints, unsigned *set);
/* A domain (load_domain.c): type (required unless set), nullable (default true), default,
 * collation, checks (name -> expression), comment, and renamed_from when hints. A key given as
 * null means PostgreSQL's default. *set (may be NULL) receives the MG_DOM_* bits of the keys given,
 * for alter_domain, which refuses type and collation. */
mg_domain *mg_load_domain(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                          const char *const *extra, bool hints, unsigned *set);
/* A composite type (load_ctype.c): columns (name -> type or { type, collation }; required unless
 * set), comment, and renamed_from when hints. *set (may be NULL) receives the MG_CT_* bits of the
 * keys given, for alter_type. */
mg_ctype *mg_load_ctype(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                        const char *const *extra, bool hints, unsigned *set);
/* A function or procedure (load_func.c) under its key "name(argument types)", which it
 * normalises: kind (function | procedure), arguments, returns (required for a function), language
 * and body (required), volatility, strict, security_definer, parallel, leakproof, cost, rows, set,
 * comment, depends_on, and renamed_from when hints. NULL also when the key is malformed. */
mg_func *mg_load_func(mg_loader *ld, const char *key, mg_loc loc, const mg_node *map,
                      const char *const *extra, bool hints);
/* A trigger of table (load_trigger.c): timing, events, update_of, for_each, function ("f(args)"),
 * when, referencing { old_table, new_table }, comment. */
mg_trigger *mg_load_trigger(mg_loader *ld, const char *table, const char *name, mg_loc loc,
                            const mg_node *map, const char *const *extra);
/* A view, or a materialized view when materialized (load_view.c): query (required unless set),
 * options (views), with_data and indexes (materialized views), comment, depends_on, and
 * renamed_from when hints. *set (may be NULL) receives the MG_VIEW_* bits of the keys given. */
mg_view *mg_load_view(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                      bool materialized, const char *const *extra, bool hints, unsigned *set);
/* Enum labels: a non-empty list of distinct strings of at most 63 bytes. */
int mg_load_enum_values(mg_loader *ld, const mg_node *n, mg_vec *out);
/* The canonical spelling of the word node n holds from list (case-insensitive), or NULL after
 * reporting "invalid <key>" with choices (load_keys.c). */
const char *mg_load_one_of(mg_loader *ld, const mg_node *n, const char *key,
                           const char *const *list, const char *choices);
/* Reads the foreign key action under key of map into *out ("no action" when absent). */
void mg_load_fk_action(mg_loader *ld, const mg_node *map, const char *key, const char **out);
/* Reads the value of references (n) into fk's referenced table and columns: a "table(cols)"
 * string or { table, columns }; -1 after reporting. */
int mg_load_references(mg_loader *ld, const mg_node *n, mg_fk *fk);
/* One enum of schema.yaml (load_enum.c): key is its name, val a list of values or a map of
 * values, renamed_from and comment; errors reported through ld. */
mg_enum *mg_load_schema_enum(mg_loader *ld, const mg_node *key, const mg_node *val);

/* Gives every column whose type is written as a declared enum's name exactly (or that name and
 * "[]") the enum's format_type spelling: a name that needs quoting ("Mood", 'mood "x"') is a
 * type as declared, without writing it the way PostgreSQL prints it. Runs once every schema file
 * is loaded, since an enum may be declared in another file than its columns. */
void mg_load_schema_enum_types(mg_loader *ld, mg_schema *s);

#endif
