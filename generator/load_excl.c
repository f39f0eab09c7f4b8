/* migc generator: exclusion constraint loader.
 * The keys of an exclusion constraint (SPEC §3.1 `tables.<t>.exclusions`), shared by schema.yaml
 * and add_exclusion: using, elements ("expr WITH operator"), where, deferrable, initially_deferred,
 * comment. */
#include "load_schema.h"

#include <ctype.h>
#include <string.h>

static const char *const excl_keys[] = {
    "using", "elements", "where", "deferrable", "initially_deferred", "comment", NULL};
/* The index methods that can enforce an exclusion constraint (those with amgettuple). */
static const char *const excl_methods[] = {"btree", "hash", "gist", "spgist", NULL};

/* An element is an expression, WITH and an operator, each non-empty. */
static bool
element_ok(const char *e)
{
    const char *w = mg_excl_element_with(e);
    if (w == NULL)
        return false;
    const char *op = w + 4;
    while (isspace((unsigned char)*op))
        op++;
    const char *p = e;
    while (isspace((unsigned char)*p))
        p++;
    return *op != '\0' && p < w;
}

/* using: one of excl_methods. */
static void
read_method(mg_loader *ld, mg_exclusion *x, const mg_node *map)
{
    const char *m = mg_load_key_ident(ld, map, "using", false);
    if (m == NULL)
        return;
    for (size_t i = 0; excl_methods[i] != NULL; i++)
        if (strcmp(m, excl_methods[i]) == 0) {
            x->method = excl_methods[i];
            return;
        }
    const char *hint = mg_load_suggest(m, excl_methods, NULL);
    mg_diag_error(ld->d, mg_node_get(map, "using")->loc,
                  "exclusion constraint %s: unknown \"using\" \"%s\"%s%s%s (btree, hash, gist or "
                  "spgist: an index method that can enforce it)",
                  x->name, m, hint ? " (did you mean \"" : "", hint ? hint : "",
                  hint ? "\"?)" : "");
}

/* elements: a non-empty list of "expression WITH operator". */
static void
read_elements(mg_loader *ld, mg_exclusion *x, const mg_node *map)
{
    const mg_node *n = mg_node_get(map, "elements");
    if (mg_load_key_strlist(ld, map, "elements", true, false, &x->elements) != 0)
        return;
    if (x->elements.len == 0)
        mg_diag_error(ld->d, n->loc,
                      "exclusion constraint %s: \"elements\" needs at least one element", x->name);
    for (size_t i = 0; i < x->elements.len; i++)
        if (!element_ok(x->elements.items[i]))
            mg_diag_error(ld->d,
                          n->kind == MG_NODE_SEQ ? ((mg_node *)n->items.items[i])->loc : n->loc,
                          "exclusion constraint %s: element \"%s\" is \"expression WITH "
                          "operator\" (like \"during WITH &&\")",
                          x->name, (const char *)x->elements.items[i]);
}

mg_exclusion *
mg_load_exclusion(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                  const char *const *extra)
{
    if (!mg_load_is_mapf(ld, map, "exclusion constraint \"%s\"", name))
        return NULL;
    mg_exclusion *x = mg_arena_alloc(ld->a, sizeof(*x));
    x->name = name;
    x->loc = loc;
    x->method = "btree";
    mg_load_check_keys(ld, map, excl_keys, extra);
    read_method(ld, x, map);
    read_elements(ld, x, map);
    x->where = mg_load_key_str(ld, map, "where", false);
    mg_load_key_bool(ld, map, "deferrable", &x->deferrable);
    mg_load_key_bool(ld, map, "initially_deferred", &x->initially_deferred);
    x->comment = mg_load_key_str(ld, map, "comment", false);
    if (x->initially_deferred && !x->deferrable)
        mg_diag_error(ld->d, mg_node_key(map, "initially_deferred")->loc,
                      "\"initially_deferred\" needs \"deferrable: true\"");
    return x;
}
