/* migc runtime: what a create or drop step makes or removes, read from its label.
 * The table below pairs each create kind with its drop and the key's object word. */
#include "stepobj.h"

#include <stdio.h>
#include <string.h>

static const struct {
    char make[28], remove[28], object[20];
} kinds[] = {
    {"create_table", "drop_table", "table"},
    {"add_column", "drop_column", "column"},
    {"create_index", "drop_index", "index"},
    {"create_enum", "drop_enum", "enum"},
    {"create_extension", "drop_extension", "extension"},
    {"create_sequence", "drop_sequence", "sequence"},
    {"create_domain", "drop_domain", "domain"},
    {"create_type", "drop_type", "type"},
    {"create_schema", "drop_schema", "schema"},
    {"create_function", "drop_function", "function"},
    {"create_view", "drop_view", "view"},
    {"create_materialized_view", "drop_materialized_view", "materialized view"},
};

/* The object part of label after "<kind> ", or NULL when label is not of that kind (a helper
 * step such as "create_index x (drop invalid)" is not the create itself). */
static const char *
object_of(const char *label, const char *kind)
{
    size_t n = strlen(kind), len = strlen(label);

    if (strncmp(label, kind, n) != 0 || label[n] != ' ' || label[n + 1] == '\0')
        return NULL;
    if (len > 14 && strcmp(label + len - 15, " (drop invalid)") == 0)
        return NULL;
    return label + n + 1;
}

int
migc_step_object(const migc_step *step, char *key, size_t size)
{
    const char *rest;

    if (step->label == NULL)
        return MIGC_STEP_NONE;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        int what = MIGC_STEP_MAKES;
        if ((rest = object_of(step->label, kinds[i].make)) == NULL) {
            what = MIGC_STEP_REMOVES;
            rest = object_of(step->label, kinds[i].remove);
        }
        if (rest != NULL) {
            snprintf(key, size, "%s %s", kinds[i].object, rest);
            return what;
        }
    }
    return MIGC_STEP_NONE;
}

int
migc_key_listed(const char *list, const char *key)
{
    size_t n = strlen(key);

    for (const char *p = list; p != NULL && *p != '\0';) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && strncmp(p, key, n) == 0)
            return 1;
        p = end ? end + 1 : NULL;
    }
    return 0;
}

size_t
migc_step_number(const migc_step *steps, size_t i)
{
    return steps[i].op != 0 ? steps[i].op : i + 1;
}

size_t
migc_step_count(const migc_step *steps, size_t n)
{
    size_t max = 0;

    for (size_t i = 0; i < n; i++)
        if (migc_step_number(steps, i) > max)
            max = migc_step_number(steps, i);
    return max;
}

const char *
migc_step_where(const migc_revision *rev, const migc_step *step, char *buf, size_t size)
{
    if (step->source != NULL || rev == NULL || rev->source == NULL) {
        snprintf(buf, size, "%s", step->source != NULL ? step->source : "?");
    } else if (step->op > 0 && step->op <= rev->n_locations &&
               rev->locations[step->op - 1].line > 0) {
        const migc_location *at = &rev->locations[step->op - 1];
        snprintf(buf, size, "%s:%d:%d", rev->source, at->line, at->col);
    } else {
        snprintf(buf, size, "%s", rev->source);
    }
    return buf;
}
