/* migc runtime: turning a TARGET argument into a position in the revision chain.
 * Full ids win over prefixes; an ambiguous prefix names its candidates. */
#include "target.h"

#include "error.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *
migc_position_name(const migc_module *m, size_t pos)
{
    return pos == 0 ? "base" : m->revisions[pos - 1]->id;
}

/* Parses "+N" / "-N" (N > 0) into *n and *sign; returns 0 when target has that form. */
static int
parse_relative(const char *target, int *sign, size_t *n)
{
    char *end;
    unsigned long v;

    if ((target[0] != '+' && target[0] != '-') || !isdigit((unsigned char)target[1]))
        return -1;
    v = strtoul(target + 1, &end, 10);
    if (*end != '\0' || v == 0)
        return -1;
    *sign = target[0] == '+' ? 1 : -1;
    *n = (size_t)v;
    return 0;
}

/* Resolves +N / -N. */
static int
resolve_relative(const migc_module *m, const char *target, int sign, size_t n, migc_direction dir,
                 size_t current, size_t *pos, migc_error *err)
{
    if ((sign > 0 && dir == MIGC_DIR_DOWN) || (sign < 0 && dir == MIGC_DIR_UP))
        return migc_fail(err, MIGC_EUSAGE, "target %s: %s", target,
                         sign > 0 ? "a downgrade target cannot be +N"
                                  : "an upgrade target cannot be -N");
    if (sign > 0 && n > m->n_revisions - current)
        return migc_fail(err, MIGC_EUSAGE, "target %s: only %zu revision(s) pending", target,
                         m->n_revisions - current);
    if (sign < 0 && n > current)
        return migc_fail(err, MIGC_EUSAGE, "target %s: only %zu revision(s) applied", target,
                         current);
    *pos = sign > 0 ? current + n : current - n;
    return 0;
}

/* Resolves a full id or a unique id prefix. */
static int
resolve_id(const migc_module *m, const char *target, size_t *pos, migc_error *err)
{
    size_t len = strlen(target), found = 0, hits = 0;

    for (size_t i = 0; i < m->n_revisions; i++) {
        if (strcmp(m->revisions[i]->id, target) == 0) {
            *pos = i + 1;
            return 0;
        }
        if (strncmp(m->revisions[i]->id, target, len) == 0 && hits++ == 0)
            found = i;
    }
    if (hits == 1) {
        *pos = found + 1;
        return 0;
    }
    if (hits > 1)
        return migc_fail(err, MIGC_EUSAGE,
                         "target %s is ambiguous: it starts %zu revision ids (%s, ...); "
                         "give more of the id",
                         target, hits, m->revisions[found]->id);
    return migc_fail(err, MIGC_EUSAGE, "unknown target %s: no revision id starts with it", target);
}

int
migc_target_resolve(const migc_module *m, const char *target, migc_direction dir, size_t current,
                    size_t *pos, migc_error *err)
{
    int sign;
    size_t n;

    if (target == NULL || *target == '\0')
        return migc_fail(err, MIGC_EUSAGE, "a target is required");
    if (strcmp(target, "head") == 0) {
        *pos = m->n_revisions;
        return 0;
    }
    if (strcmp(target, "base") == 0) {
        *pos = 0;
        return 0;
    }
    if (parse_relative(target, &sign, &n) == 0)
        return resolve_relative(m, target, sign, n, dir, current, pos, err);
    return resolve_id(m, target, pos, err);
}
