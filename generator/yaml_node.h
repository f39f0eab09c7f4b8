/* migc generator: YAML reader.
 * Parses one file with libyaml's event API into an arena-owned tree of mg_node. */
#ifndef MIGC_YAML_NODE_H
#define MIGC_YAML_NODE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

/* Deepest nesting of mappings and sequences accepted in one file. */
#define MG_YAML_MAX_DEPTH 64
/* Most entries in one mapping or sequence, and most nodes in one file: name lookups in the
 * model are linear, so hostile inputs are refused before they turn quadratic. */
#define MG_YAML_MAX_ENTRIES 10000
#define MG_YAML_MAX_NODES 1000000
/* Largest file read (bytes). */
#define MG_YAML_MAX_BYTES (64L * 1024 * 1024)

typedef enum mg_node_kind { MG_NODE_SCALAR, MG_NODE_MAP, MG_NODE_SEQ } mg_node_kind;

typedef struct mg_node {
    mg_node_kind kind;
    mg_loc loc;         /* where the node starts; loc.file is the display path */
    const char *scalar; /* MG_NODE_SCALAR: the text, "" for an empty value */
    bool quoted;        /* scalar written quoted or as a block: never null, never a boolean */
    mg_loc text;        /* MG_NODE_SCALAR whose text lines are lines of the file (a one-line
                           scalar without escapes, a literal block): where the text starts;
                           line 0 for the others */
    int text_indent;    /* literal block: the 1-based column its lines after the first start at */
    mg_vec keys;        /* MG_NODE_MAP: mg_node * (scalars), file order, no duplicates */
    mg_vec values;      /* MG_NODE_MAP: mg_node *, parallel to keys */
    mg_vec items;       /* MG_NODE_SEQ: mg_node * */
} mg_node;

/* Parses the file at path; diagnostics and node locations name it path.
 * Returns the root node, arena-owned (an empty plain scalar for an empty file), or NULL after
 * recording errors in d: syntax errors, aliases/anchors/tags, nesting deeper than
 * MG_YAML_MAX_DEPTH, more than MG_YAML_MAX_ENTRIES entries in a collection or MG_YAML_MAX_NODES
 * nodes, a file over MG_YAML_MAX_BYTES, several documents, a NUL character written as an escape
 * ("\0", "\x00", ...), which no string may hold (exit 3); an unreadable file (mg_diag_fail,
 * exit 4).
 * A duplicate key is recorded as an error but the tree is still returned, first value kept. */
mg_node *mg_yaml_load_file(mg_arena *a, const char *path, mg_diag *d);
/* Same as mg_yaml_load_file for len bytes of text; file names the text in diagnostics. */
mg_node *mg_yaml_load_string(mg_arena *a, const char *text, size_t len, const char *file,
                             mg_diag *d);

/* Files parsed ahead on a second thread while the caller does other work (a module's revision
 * files while its schema loads). */
typedef struct mg_yaml_prefetch mg_yaml_prefetch;

/* Starts parsing the files at paths (const char *; paths and its strings must outlive the
 * prefetch) on a second thread; NULL when no thread could be started. */
mg_yaml_prefetch *mg_yaml_prefetch_start(const mg_vec *paths);
/* The tree of the file at path, once parsed (waits for it); NULL when path is not one of the
 * prefetch's, or when its parse had something to report: then mg_yaml_load_file must parse it
 * again, reporting it where the caller's diagnostics expect it. NULL-safe (p NULL: NULL). The tree
 * lives until mg_yaml_prefetch_finish hands it to an arena. */
const mg_node *mg_yaml_prefetch_take(mg_yaml_prefetch *p, const char *path);
/* Waits for the thread, hands every tree to arena a (they then live as long as a) and frees p;
 * NULL-safe. */
void mg_yaml_prefetch_finish(mg_yaml_prefetch *p, mg_arena *a);

/* Value for key in a mapping, or NULL when absent (or when map is not a mapping). */
mg_node *mg_node_get(const mg_node *map, const char *key);
/* The key node of key in a mapping, or NULL. */
mg_node *mg_node_key(const mg_node *map, const char *key);
/* Location of the byte at offset in the text of scalar n: exact where n->text is known, else
 * where n starts. */
mg_loc mg_node_text_loc(const mg_node *n, size_t offset);
/* True for a plain (unquoted) null scalar: "", "~", "null", "Null", "NULL". */
bool mg_node_is_null(const mg_node *n);
/* "a string", "a mapping" or "a list", for messages. */
const char *mg_node_kind_name(mg_node_kind kind);

#endif
