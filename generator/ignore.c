/* migc generator: the name patterns of module.yaml `ignore:` (SPEC §2).
 * The matcher is the runtime's (runtime/check/pattern.c), so inspect and the migrator's check
 * agree. */
#include "ignore.h"

#include <string.h>

#include "load_util.h"
#include "pattern.h"

const char *
mg_ignore_invalid(const char *pattern)
{
    const char *dot = strchr(pattern, '.');
    if (pattern[0] == '\0')
        return "an empty pattern matches nothing";
    if (dot != NULL && strchr(dot + 1, '.') != NULL)
        return "a pattern is `name` or `schema.name`: it holds at most one dot";
    if (dot == pattern || (dot != NULL && dot[1] == '\0'))
        return "a pattern `schema.name` needs text on both sides of the dot (`*` for any)";
    size_t first = dot ? (size_t)(dot - pattern) : strlen(pattern);
    if (first > MG_MAX_IDENT || (dot && strlen(dot + 1) > MG_MAX_IDENT))
        return "a pattern part is longer than 63 bytes, so no PostgreSQL name can match it";
    return NULL;
}

bool
mg_ignore_glob(const char *pattern, size_t n, const char *text)
{
    return migc_glob(pattern, n, text) != 0;
}

const char *
mg_ignore_match(const mg_vec *patterns, const char *schema, const char *name)
{
    if (patterns == NULL || patterns->len == 0)
        return NULL;
    return migc_ignore_match((const char *const *)patterns->items, patterns->len, schema, name);
}
