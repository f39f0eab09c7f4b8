/* migc generator: trigger loader.
 * The keys of a trigger (SPEC §3.1 `tables.<t>.triggers`), shared by schema.yaml and the trigger
 * operations: timing, events, update_of, for_each, function (a call: name and arguments), when,
 * referencing { old_table, new_table } and comment. */
#include "load_schema.h"

#include <string.h>

static const char *const trg_keys[] = {"timing", "events",      "update_of", "for_each", "function",
                                       "when",   "referencing", "comment",   NULL};
static const char *const ref_keys[] = {"old_table", "new_table", NULL};
static const char *const timings[] = {"before", "after", "instead_of", NULL};
static const char *const events[] = {"insert", "delete", "update", "truncate", NULL};
static const char *const for_each[] = {"row", "statement", NULL};

/* The index of v in values, or -1 after reporting. */
static int
one_of(mg_loader *ld, const mg_node *n, const char *v, const char *what, const char *const *values)
{
    for (int i = 0; values[i] != NULL; i++)
        if (strcmp(v, values[i]) == 0)
            return i;
    const char *hint = mg_load_suggest(v, values, NULL);
    mg_diag_error(ld->d, n->loc, "%s: unknown value \"%s\"%s%s%s", what, v,
                  hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
    return -1;
}

/* events: a non-empty list of distinct events, kept in PostgreSQL's order. */
static void
read_events(mg_loader *ld, const mg_node *map, mg_trigger *g)
{
    mg_vec written = {0};
    bool seen[4] = {false, false, false, false};
    const mg_node *n = mg_node_get(map, "events");
    if (mg_load_key_strlist(ld, map, "events", true, false, &written) != 0)
        return;
    for (size_t i = 0; i < written.len; i++) {
        int k = one_of(ld, n, written.items[i], "events", events);
        if (k >= 0)
            seen[k] = true;
    }
    for (int k = 0; k < 4; k++)
        if (seen[k])
            mg_vec_push(ld->a, &g->events, (void *)events[k]);
    if (written.len == 0)
        mg_diag_error(ld->d, n->loc, "trigger %s: \"events\" needs at least one event", g->name);
}

/* function: "name(arguments)", the arguments as written. */
static void
read_function(mg_loader *ld, const mg_node *map, mg_trigger *g)
{
    const char *call = mg_load_key_str(ld, map, "function", true);
    if (call == NULL)
        return;
    const char *open = strchr(call, '(');
    size_t n = strlen(call);
    if (open == NULL || open == call || call[n - 1] != ')') {
        mg_diag_error(ld->d, mg_node_get(map, "function")->loc,
                      "trigger %s: \"function\" is a call such as touch() or audit('items')",
                      g->name);
        return;
    }
    g->func = mg_arena_strndup(ld->a, call, (size_t)(open - call));
    g->args = mg_arena_strndup(ld->a, open + 1, n - (size_t)(open - call) - 2);
}

static void
read_referencing(mg_loader *ld, const mg_node *map, mg_trigger *g)
{
    const mg_node *r = mg_node_get(map, "referencing");
    if (r == NULL || mg_node_is_null(r) || !mg_load_is_map(ld, r, "\"referencing\""))
        return;
    mg_load_check_keys(ld, r, ref_keys, NULL);
    g->old_table = mg_load_key_ident(ld, r, "old_table", false);
    g->new_table = mg_load_key_ident(ld, r, "new_table", false);
}

/* What PostgreSQL refuses, told at the key. */
static void
check_rules(mg_loader *ld, const mg_node *map, const mg_trigger *g)
{
    bool update = false, truncate = false;
    for (size_t i = 0; i < g->events.len; i++) {
        update |= strcmp(g->events.items[i], "update") == 0;
        truncate |= strcmp(g->events.items[i], "truncate") == 0;
    }
    if (g->update_of.len > 0 && !update)
        mg_diag_error(ld->d, mg_node_get(map, "update_of")->loc,
                      "trigger %s: \"update_of\" needs the update event", g->name);
    if (truncate && g->row)
        mg_diag_error(ld->d, g->loc, "trigger %s: a truncate trigger is for_each: statement",
                      g->name);
    if ((g->old_table || g->new_table) && strcmp(g->timing, "after") != 0)
        mg_diag_error(ld->d, g->loc, "trigger %s: \"referencing\" needs timing: after", g->name);
}

mg_trigger *
mg_load_trigger(mg_loader *ld, const char *table, const char *name, mg_loc loc, const mg_node *map,
                const char *const *extra)
{
    mg_trigger *g = mg_arena_alloc(ld->a, sizeof(*g));
    g->table = table;
    g->name = name;
    g->loc = loc;
    g->timing = "after";
    if (!mg_load_is_mapf(ld, map, "trigger \"%s\"", name))
        return NULL;
    mg_load_check_keys(ld, map, trg_keys, extra);
    const char *v = mg_load_key_str(ld, map, "timing", true);
    int k = v ? one_of(ld, mg_node_get(map, "timing"), v, "timing", timings) : -1;
    g->timing = k >= 0 ? timings[k] : "after";
    read_events(ld, map, g);
    mg_load_key_strlist(ld, map, "update_of", false, true, &g->update_of);
    v = mg_load_key_str(ld, map, "for_each", false);
    g->row = v != NULL && one_of(ld, mg_node_get(map, "for_each"), v, "for_each", for_each) == 0;
    read_function(ld, map, g);
    g->when = mg_load_key_str(ld, map, "when", false);
    read_referencing(ld, map, g);
    g->comment = mg_load_key_str(ld, map, "comment", false);
    check_rules(ld, map, g);
    return g;
}
