/* migc runtime: the name patterns of module.yaml `ignore:` (SPEC §2), shared with the generator.
 * Globs over object names, written `name` or `schema.name`; `*` and `?` are the wildcards. */
#ifndef MIGC_PATTERN_H
#define MIGC_PATTERN_H

#include <stddef.h>

/* True when the glob pattern[0..n) matches all of text: `*` matches any run of characters (none
 * included), `?` exactly one (a whole UTF-8 sequence); every other byte matches itself. */
int migc_glob(const char *pattern, size_t n, const char *text);

/* The first of the n patterns that matches the object called name in PostgreSQL schema schema,
 * or NULL. A pattern with a dot matches "schema.name" part by part; one without, name. */
const char *migc_ignore_match(const char *const *patterns, size_t n, const char *schema,
                              const char *name);

#endif
