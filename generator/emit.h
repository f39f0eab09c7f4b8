/* migc generator: YAML writer for revision files.
 * Its "operations:" text is also what the legacy (untagged) checksum hashes: checksum.h. */
#ifndef MIGC_EMIT_H
#define MIGC_EMIT_H

#include "model.h"
#include "strbuf.h"

/* Appends the "operations:" list for ops (mg_op *) to b. */
void mg_emit_ops(mg_sb *b, const mg_vec *ops);
/* Appends a whole revision file: revision, parent, message, operations. */
void mg_emit_revision(mg_sb *b, const char *id, const char *parent, const char *message,
                      const mg_vec *ops);
/* Appends s as a YAML scalar, quoted only when a plain scalar would be misread. */
void mg_emit_scalar(mg_sb *b, const char *s);
/* Appends "[a, b, null]": a list of scalars, NULL items as null. */
void mg_emit_list(mg_sb *b, const mg_vec *v);

/* Flow-map writer: "{ k: v, k: v }" into b; start with (mg_flow){b, 0}. */
typedef struct mg_flow {
    mg_sb *b;
    int n; /* entries written so far */
} mg_flow;

/* Writes the separator and "key: "; the caller writes the value. */
void mg_flow_key(mg_flow *f, const char *key);
/* Opens the next key that is a name (a check, an attribute): quoted when a plain scalar would be
 * misread. */
void mg_flow_name_key(mg_flow *f, const char *name);
/* The keys of a column after its name, in a fixed order. */
void mg_flow_column_fields(mg_flow *f, const mg_column *c);
/* The keys of a foreign key after its name (columns, references, actions, deferral, comment). */
void mg_flow_fk_fields(mg_flow *f, const mg_fk *fk);
/* using, elements, where, the deferral and the comment of an exclusion constraint. */
void mg_flow_excl_fields(mg_flow *f, const mg_exclusion *x);
/* A table definition in block style at the given indent (create_table). */
void mg_emit_table(mg_sb *b, int in, const mg_table *t);
/* The keys of an index after its name (columns or expression, unique, method, ...). */
void mg_flow_index_fields(mg_flow *f, const mg_index *x);
/* "key: value" unless value is NULL. */
void mg_flow_str(mg_flow *f, const char *key, const char *value);
void mg_flow_null(mg_flow *f, const char *key);
void mg_flow_bool(mg_flow *f, const char *key, bool value);
void mg_flow_list(mg_flow *f, const char *key, const mg_vec *v);
/* "{ name: value, ... }" of storage parameters (mg_check *). */
void mg_emit_with(mg_sb *b, const mg_vec *with);
/* "key: { name: value, ... }" of storage parameters (mg_check *), unless with is empty. */
void mg_flow_with(mg_flow *f, const char *key, const mg_vec *with);
/* Closes the map: " }", or "{}" when nothing was written. */
void mg_flow_end(mg_flow *f);
/* The keys of a primary key or unique constraint beyond its columns, each only when true:
 * nulls_not_distinct, deferrable, initially_deferred, then the comment when given. */
void mg_flow_key_props(mg_flow *f, const mg_key *k);
/* True when k has one of those. */
bool mg_key_has_props(const mg_key *k);
/* A table check's value: its expression, or { expression, comment } when it has a comment. */
void mg_emit_check_value(mg_sb *b, const mg_check *c);
/* The keys of sequence q in the order of SPEC §3.1: with set 0 (create_sequence, schema.yaml)
 * those given (not NULL, cycle true); else only those set (MG_SEQ_* bits) names, null for a
 * default (alter_sequence). */
void mg_emit_seq_fields(mg_flow *f, const mg_sequence *q, unsigned set);
/* The keys of domain d: with set 0 (create_domain, schema.yaml) those given (type, nullable
 * false, default, collation, checks, comment); else only those set (MG_DOM_* bits) names, null for
 * a default (alter_domain; checks as the whole new map). */
void mg_emit_domain_fields(mg_flow *f, const mg_domain *d, unsigned set);
/* The keys of composite type t: with set 0 (create_type, schema.yaml) columns and the comment
 * if any; else only those set (MG_CT_* bits) names, null for no comment (alter_type). */
void mg_emit_ctype_fields(mg_flow *f, const mg_ctype *t, unsigned set);
/* emit_func.c: the keys of function f as block lines at indent in (name first when name), the
 * defaults left out, the body as a literal block scalar where YAML keeps it exactly. */
void mg_emit_func(mg_sb *b, int in, const mg_func *f, bool name);
/* The keys of trigger g (timing, events, update_of, for_each, function, when, referencing,
 * comment), those PostgreSQL defaults left out. */
void mg_emit_trigger_fields(mg_flow *f, const mg_trigger *g);
/* The keys of view v: with set 0 (create_view, create_materialized_view, schema.yaml) query and
 * those given (options, with_data false, indexes, comment, depends_on); else only those set
 * (MG_VIEW_* bits) names, null for no comment (alter_view). */
void mg_emit_view_fields(mg_flow *f, const mg_view *v, unsigned set);
/* View v in schema.yaml's block style (inspect): "    query: |" and its lines, then options,
 * with_data false, indexes and comment, one a line at an indent of four. */
void mg_emit_view_block(mg_sb *b, const mg_view *v);

#endif
