/* migc generator: the name patterns of module.yaml `ignore:` (SPEC §2).
 * A small glob matcher (backtracking on the last `*` only, so it stays linear per star). */
#include "ignore.h"

#include <string.h>

#include "load_util.h"

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

/* Length of the UTF-8 sequence that starts with byte c (1 for ASCII and stray bytes). */
static size_t
char_len(const char *s)
{
    size_t n = 1;
    while (((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

bool
mg_ignore_glob(const char *pattern, size_t n, const char *text)
{
    size_t p = 0, star = (size_t)-1;
    const char *t = text, *star_text = NULL;
    while (*t) {
        if (p < n && pattern[p] == '*') {
            star = p++;
            star_text = t;
        } else if (p < n && pattern[p] == '?') {
            p++;
            t += char_len(t);
        } else if (p < n && pattern[p] == *t) {
            p++;
            t++;
        } else if (star != (size_t)-1) {
            p = star + 1; /* let the last star take one more character */
            star_text += char_len(star_text);
            t = star_text;
        } else {
            return false;
        }
    }
    while (p < n && pattern[p] == '*')
        p++;
    return p == n;
}

const char *
mg_ignore_match(const mg_vec *patterns, const char *schema, const char *name)
{
    for (size_t i = 0; patterns && i < patterns->len; i++) {
        const char *pat = patterns->items[i];
        const char *dot = strchr(pat, '.');
        bool hit = dot ? mg_ignore_glob(pat, (size_t)(dot - pat), schema) &&
                             mg_ignore_glob(dot + 1, strlen(dot + 1), name)
                       : mg_ignore_glob(pat, strlen(pat), name);
        if (hit)
            return pat;
    }
    return NULL;
}
