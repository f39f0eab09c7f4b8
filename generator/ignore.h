/* migc generator: the name patterns of module.yaml `ignore:` (SPEC §2).
 * Globs over object names, written `name` or `schema.name`; `*` and `?` are the wildcards. */
#ifndef MIGC_IGNORE_H
#define MIGC_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* NULL when pattern can be an ignore pattern; otherwise why not (a static message). */
const char *mg_ignore_invalid(const char *pattern);

/* True when the glob pattern[0..n) matches all of text: `*` matches any run of characters (none
 * included), `?` exactly one (a whole UTF-8 sequence); every other byte matches itself. */
bool mg_ignore_glob(const char *pattern, size_t n, const char *text);

/* The first of patterns (const char *) that matches the object called name in PostgreSQL schema
 * schema, or NULL. A pattern with a dot matches "schema.name" part by part; one without, name. */
const char *mg_ignore_match(const mg_vec *patterns, const char *schema, const char *name);

#endif
