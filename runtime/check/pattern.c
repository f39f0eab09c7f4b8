/* migc runtime: the name patterns of module.yaml `ignore:` (SPEC §2).
 * A small glob matcher (backtracking on the last `*` only, so it stays linear per star), and
 * the trimmed comparison of function bodies. */
#include "pattern.h"

#include <ctype.h>
#include <string.h>

/* Length of the UTF-8 sequence that starts at s (1 for ASCII and stray bytes). */
static size_t
char_len(const char *s)
{
    size_t n = 1;
    while (((unsigned char)s[n] & 0xC0) == 0x80)
        n++;
    return n;
}

int
migc_glob(const char *pattern, size_t n, const char *text)
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
            return 0;
        }
    }
    while (p < n && pattern[p] == '*')
        p++;
    return p == n;
}

const char *
migc_ignore_match(const char *const *patterns, size_t n, const char *schema, const char *name)
{
    for (size_t i = 0; i < n; i++) {
        const char *pat = patterns[i];
        const char *dot = strchr(pat, '.');
        int hit = dot ? migc_glob(pat, (size_t)(dot - pat), schema) &&
                            migc_glob(dot + 1, strlen(dot + 1), name)
                      : migc_glob(pat, strlen(pat), name);
        if (hit)
            return pat;
    }
    return NULL;
}

int
migc_same_trimmed(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    while (isspace((unsigned char)*x))
        x++;
    while (isspace((unsigned char)*y))
        y++;
    size_t nx = strlen(x), ny = strlen(y);
    while (nx > 0 && isspace((unsigned char)x[nx - 1]))
        nx--;
    while (ny > 0 && isspace((unsigned char)y[ny - 1]))
        ny--;
    return nx == ny && strncmp(x, y, nx) == 0;
}
