/* migc runtime: which stored checksums a revision accepts.
 * A tag ("v1:") says which form a stored value is; a value without one is the legacy form. */
#include "checksum.h"

#include <string.h>

/* 1 when stored carries a form tag: letters and digits, then ':'. */
static int
tagged(const char *stored)
{
    size_t n = strspn(stored, "abcdefghijklmnopqrstuvwxyz0123456789");
    return n > 0 && stored[n] == ':';
}

int
migc_checksum_accepts(const migc_revision *rev, const char *stored)
{
    if (strcmp(stored, rev->checksum) == 0)
        return 1;
    return !tagged(stored) && rev->legacy_checksum != NULL &&
           strcmp(stored, rev->legacy_checksum) == 0;
}

const char *
migc_checksum_counterpart(const migc_revision *rev, const char *stored)
{
    return !tagged(stored) && rev->legacy_checksum != NULL ? rev->legacy_checksum : rev->checksum;
}
