/* migc runtime: text matching shared with the generator: the name patterns of module.yaml
 * `ignore:` (SPEC §2; globs over `name` or `schema.name`, `*` and `?` the wildcards) and the
 * trimmed comparison of function bodies. */
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

/* True when x and y are equal after trimming white space at both ends (a NULL equals only
 * NULL): how function bodies are compared, by diff and by check alike. */
int migc_same_trimmed(const char *x, const char *y);

#endif
