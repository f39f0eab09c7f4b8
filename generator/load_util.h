/* migc generator: loader helpers.
 * Typed reads of YAML nodes with located errors, shared by the schema and revision loaders. */
#ifndef MIGC_LOAD_UTIL_H
#define MIGC_LOAD_UTIL_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "strmap.h"
#include "yaml_node.h"

/* PostgreSQL's identifier limit (NAMEDATALEN - 1). */
#define MG_MAX_IDENT 63

/* State of one load: where objects and messages go. */
typedef struct mg_loader {
    mg_arena *a;
    mg_diag *d;
    bool schema_files; /* loading schema.yaml: a malformed type may still be an enum's name */
    mg_yaml_prefetch *prefetch;   /* the revision files being parsed ahead, or NULL */
    const mg_vec *revision_names; /* revisions/ as listed already (cleanly), or NULL */
    mg_strmap types;              /* a type as written -> its index in normalized */
    mg_vec normalized;            /* const char *: mg_type_normalize of each type in types */
} mg_loader;

/* mg_type_normalize(ld->a, written, error), remembered for the types that normalise: columns
 * spell the same few types thousands of times in a large schema. */
const char *mg_load_type(mg_loader *ld, const char *written, const char **error);

/* Storage parameters: the map under key ("with", alter_table's "set") of map into out (mg_check *,
 * file order), each a parameter name (lower case letters, digits and _) and a scalar value kept as
 * written (fillfactor: 80 -> "80"). Errors at the offending node. 0, or -1 on an error. */
int mg_load_with(mg_loader *ld, const mg_node *map, const char *key, mg_vec *out);
/* A list of storage parameter names (alter_table's reset) under key of map (mg_check *, expr
 * NULL). */
int mg_load_with_names(mg_loader *ld, const mg_node *map, const char *key, mg_vec *out);

/* Reports every key of map missing from known and extra (NULL-terminated lists; extra may be
 * NULL), suggesting the nearest known key. False when one was unknown. */
bool mg_load_check_keys(mg_loader *ld, const mg_node *map, const char *const *known,
                        const char *const *extra);
/* Nearest of the NULL-terminated candidates to word (edit distance at most 2), or NULL. */
const char *mg_load_suggest(const char *word, const char *const *candidates,
                            const char *const *extra);

/* A hint for a plain scalar that looks cut in two by a comma inside { } or [ ]: text with more
 * '(' than ')' ("numeric(12") or more ')' than '(' ("2)"), to append to the message about it;
 * "" otherwise (and for quoted scalars, which no comma cuts). */
const char *mg_load_comma_hint(const char *text, bool quoted);

/* True when n is a mapping; otherwise reports "<what> must be a mapping, not a list". */
bool mg_load_is_map(mg_loader *ld, const mg_node *n, const char *what);
/* mg_load_is_map, with what formatted (printf) only when n is not a mapping: the message is
 * rarely needed, and formatting it for every node cost more than the check. */
bool mg_load_is_mapf(mg_loader *ld, const mg_node *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* True when n is a list; otherwise reports it. */
bool mg_load_is_seq(mg_loader *ld, const mg_node *n, const char *what);

/* The text of a non-null scalar, or NULL after reporting; what names it ("\"type\""). */
const char *mg_load_str(mg_loader *ld, const mg_node *n, const char *what);
/* Like mg_load_str, but also refuses "" and text longer than 63 bytes. */
const char *mg_load_ident(mg_loader *ld, const mg_node *n, const char *what);
/* Reads true/false into *out; -1 after reporting anything else. */
int mg_load_bool(mg_loader *ld, const mg_node *n, const char *what, bool *out);
/* Reads a list of strings (identifiers when idents) into out; -1 after reporting. */
int mg_load_strlist(mg_loader *ld, const mg_node *n, const char *what, bool idents, mg_vec *out);

/* Keyed reads from a mapping. Absent keys leave the default (NULL, false, empty) unless
 * required, which reports "missing required key". A plain null value counts as absent. */
const char *mg_load_key_str(mg_loader *ld, const mg_node *map, const char *key, bool required);
const char *mg_load_key_ident(mg_loader *ld, const mg_node *map, const char *key, bool required);
int mg_load_key_bool(mg_loader *ld, const mg_node *map, const char *key, bool *out);
/* deferrable and initially_deferred of a primary key or unique map into k, and nulls_not_distinct
 * when unique; initially_deferred without deferrable is an error. */
void mg_load_key_props(mg_loader *ld, mg_key *k, const mg_node *map, bool unique);
int mg_load_key_strlist(mg_loader *ld, const mg_node *map, const char *key, bool required,
                        bool idents, mg_vec *out);

/* "file:line:col" of a location (arena-owned), for "first at" notes. */
const char *mg_load_where(mg_loader *ld, mg_loc loc);
/* Where the value of a hint key (renamed_from, using) is written; the map's place when absent. */
mg_loc mg_load_hint_loc(const mg_node *map, const char *key);

/* Checks the length of a name taken from a mapping key; what is "table", "column", ... */
bool mg_load_name_ok(mg_loader *ld, const mg_node *key, const char *what);
/* Checks a name migc derives (e.g. "<table>_pkey"); reports when it is longer than 63 bytes. */
bool mg_load_derived_ok(mg_loader *ld, mg_loc loc, const char *name, const char *what);

/* Kind of a path: 0 absent, 1 regular file, 2 directory, 3 something else. */
int mg_load_path_kind(const char *path);
/* Appends to out the names (not paths) of the *.yaml files in directory path, sorted by strcmp.
 * Hidden entries (.gitkeep) are skipped; anything else there is reported, naming it (SPEC §6:
 * subfolders, other endings, *.yml). 0, or -1 (mg_diag_fail when unreadable). */
int mg_load_list_yaml(mg_loader *ld, const char *path, mg_vec *out);

/* Display path of a module file: rel alone when dir is ".", else dir/rel (arena-owned). */
const char *mg_load_path(mg_arena *a, const char *dir, const char *rel);

#endif
