/* migc runtime: reading lock_timeout / statement_timeout values as PostgreSQL does.
 * GUC units (us, ms, s, min, h, d) plus the spelled-out interval words. */
#include "interval.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct unit {
    char name[16]; /* an array, not a pointer: the table stays in read-only data */
    double ms;
} unit;

static const unit units[] = {
    {"", 1.0},
    {"us", 0.001},
    {"microsecond", 0.001},
    {"microseconds", 0.001},
    {"ms", 1.0},
    {"msec", 1.0},
    {"msecs", 1.0},
    {"millisecond", 1.0},
    {"milliseconds", 1.0},
    {"s", 1000.0},
    {"sec", 1000.0},
    {"secs", 1000.0},
    {"second", 1000.0},
    {"seconds", 1000.0},
    {"min", 60000.0},
    {"mins", 60000.0},
    {"minute", 60000.0},
    {"minutes", 60000.0},
    {"h", 3600000.0},
    {"hour", 3600000.0},
    {"hours", 3600000.0},
    {"d", 86400000.0},
    {"day", 86400000.0},
    {"days", 86400000.0},
};

/* Returns the unit's factor for name (case-insensitive), or a negative number. */
static double
unit_factor(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t j = 0;

        if (strlen(units[i].name) != len)
            continue;
        while (j < len && tolower((unsigned char)name[j]) == units[i].name[j])
            j++;
        if (j == len)
            return units[i].ms;
    }
    return -1.0;
}

int
migc_interval_ms(const char *text, long *ms)
{
    const char *p = text;
    char *end;
    double value, factor;
    size_t len;

    while (isspace((unsigned char)*p))
        p++;
    value = strtod(p, &end);
    if (end == p || !(value >= 0)) /* also refuses NaN */
        return -1;
    while (isspace((unsigned char)*end))
        end++;
    len = strlen(end);
    while (len > 0 && isspace((unsigned char)end[len - 1]))
        len--;
    factor = unit_factor(end, len);
    if (factor < 0 || value * factor > 2147483647.0)
        return -1;
    *ms = (long)(value * factor + 0.5);
    return 0;
}
