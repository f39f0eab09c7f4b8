/* migc generator: function loader.
 * The keys of a function or procedure (SPEC §3.1 `functions:`), shared by schema.yaml and the
 * function operations. The key must name the argument types that `arguments` declares. */
#include "load_schema.h"

#include <ctype.h>
#include <string.h>

#include "func_sig.h"

static const char *const fn_keys[] = {
    "kind",       "arguments", "returns", "language", "volatility", "strict", "security_definer",
    "parallel",   "leakproof", "cost",    "rows",     "set",        "body",   "comment",
    "depends_on", NULL};
static const char *const hint_keys[] = {"renamed_from", NULL};
static const char *const volatilities[] = {"immutable", "stable", "volatile", NULL};
static const char *const parallels[] = {"safe", "restricted", "unsafe", NULL};
static const char *const kinds[] = {"function", "procedure", NULL};
/* Keys a procedure cannot have (CREATE PROCEDURE takes none of them). */
static const char *const function_only[] = {"returns",   "volatility", "strict", "parallel",
                                            "leakproof", "cost",       "rows",   NULL};

/* An enumerated key: one of values, else an error naming them; dflt when absent. */
static const char *
enum_key(mg_loader *ld, const mg_node *map, const char *key, const char *const *values,
         const char *dflt)
{
    const mg_node *n = mg_node_get(map, key);
    if (n == NULL || mg_node_is_null(n))
        return dflt;
    const char *v = mg_load_str(ld, n, mg_arena_printf(ld->a, "\"%s\"", key));
    for (size_t i = 0; v != NULL && values[i] != NULL; i++)
        if (strcmp(v, values[i]) == 0)
            return values[i];
    if (v != NULL)
        mg_diag_error(ld->d, n->loc, "\"%s\" must be one of %s, %s%s%s (got \"%s\")", key,
                      values[0], values[1], values[2] ? " or " : "", values[2] ? values[2] : "", v);
    return dflt;
}

/* True when v is digits with an optional fraction. */
static bool
is_number(const char *v)
{
    size_t n = strspn(v, "0123456789");
    if (n == 0)
        return false;
    if (v[n] == '.')
        n += 1 + strspn(v + n + 1, "0123456789");
    return v[n] == '\0';
}

/* cost or rows: a non-negative number, kept as written. */
static const char *
number_key(mg_loader *ld, const mg_node *map, const char *key)
{
    const mg_node *n = mg_node_get(map, key);
    if (n == NULL || mg_node_is_null(n))
        return NULL;
    const char *v = mg_load_str(ld, n, mg_arena_printf(ld->a, "\"%s\"", key));
    if (v != NULL && !is_number(v)) {
        mg_diag_error(ld->d, n->loc, "\"%s\" must be a non-negative number (got \"%s\")", key, v);
        return NULL;
    }
    return v;
}

/* set: a map of configuration parameter -> value. */
static void
config(mg_loader *ld, const mg_node *map, mg_func *f)
{
    const mg_node *v = mg_node_get(map, "set");
    if (v == NULL || mg_node_is_null(v) || !mg_load_is_map(ld, v, "\"set\""))
        return;
    for (size_t i = 0; i < v->keys.len; i++) {
        const mg_node *key = v->keys.items[i];
        mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
        c->name = key->scalar;
        c->loc = key->loc;
        c->expr = mg_load_str(ld, v->values.items[i], mg_arena_printf(ld->a, "set %s", c->name));
        if (c->expr != NULL)
            mg_vec_push(ld->a, &f->set, c);
    }
}

/* A procedure refuses the keys of functions only. */
static void
procedure_keys(mg_loader *ld, const mg_node *map, const mg_func *f)
{
    for (size_t i = 0; function_only[i] != NULL; i++) {
        const mg_node *n = mg_node_get(map, function_only[i]);
        if (n != NULL)
            mg_diag_error(ld->d, n->loc, "procedure \"%s\" cannot have \"%s\"", f->name,
                          function_only[i]);
    }
}

/* The key's argument types must be those that arguments declares. */
static void
signature(mg_loader *ld, const mg_node *map, mg_func *f)
{
    const char *error = NULL;
    const mg_node *n = mg_node_get(map, "arguments");
    const char *types = mg_func_arg_types(ld->a, f->arguments, f->procedure, &error);
    const char *key = types ? mg_arena_printf(ld->a, "%s(%s)", f->proname, types) : NULL;
    if (types == NULL)
        mg_diag_error(ld->d, n ? n->loc : f->loc, "function \"%s\": arguments: %s", f->name, error);
    else if (strcmp(key, f->name) != 0)
        mg_diag_error(ld->d, f->loc,
                      "function \"%s\": the key must name the argument types that "
                      "\"arguments\" declares: \"%s\"",
                      f->name, key);
}

static void
returns(mg_loader *ld, const mg_node *map, mg_func *f)
{
    const mg_node *n = mg_node_get(map, "returns");
    const char *error = NULL, *w;
    if (n == NULL || mg_node_is_null(n)) {
        mg_diag_error(ld->d, f->loc,
                      "function \"%s\": missing required key \"returns\" (or "
                      "kind: procedure)",
                      f->name);
        return;
    }
    if ((w = mg_load_str(ld, n, "\"returns\"")) == NULL)
        return;
    if ((f->returns = mg_func_returns(ld->a, w, &error)) == NULL)
        mg_diag_error(ld->d, n->loc, "function \"%s\": returns: %s", f->name, error);
}

/* The fields besides the signature. */
static void
attributes(mg_loader *ld, const mg_node *map, mg_func *f)
{
    f->language = mg_load_key_str(ld, map, "language", true);
    f->body = mg_load_key_str(ld, map, "body", true);
    f->volatility = enum_key(ld, map, "volatility", volatilities, "volatile");
    f->parallel = enum_key(ld, map, "parallel", parallels, "unsafe");
    mg_load_key_bool(ld, map, "strict", &f->strict);
    mg_load_key_bool(ld, map, "security_definer", &f->security_definer);
    mg_load_key_bool(ld, map, "leakproof", &f->leakproof);
    f->cost = number_key(ld, map, "cost");
    f->rows = number_key(ld, map, "rows");
    config(ld, map, f);
    const mg_node *n = mg_node_get(map, "comment");
    f->comment = n == NULL || mg_node_is_null(n) ? NULL : mg_load_str(ld, n, "\"comment\"");
    mg_load_key_strlist(ld, map, "depends_on", false, true, &f->depends_on);
}

mg_func *
mg_load_func(mg_loader *ld, const char *key, mg_loc loc, const mg_node *map,
             const char *const *extra, bool hints)
{
    mg_func *f = mg_arena_alloc(ld->a, sizeof(*f));
    const char *error = NULL;
    f->loc = loc;
    f->name = key;
    if (!mg_load_is_mapf(ld, map, "function \"%s\"", key))
        return NULL;
    mg_load_check_keys(ld, map, fn_keys, hints ? hint_keys : extra);
    if ((f->name = mg_func_key(ld->a, key, &f->proname, &error)) == NULL) {
        mg_diag_error(ld->d, loc, "function \"%s\": %s", key, error);
        return NULL;
    }
    mg_load_derived_ok(ld, loc, f->proname, "function name");
    f->procedure = enum_key(ld, map, "kind", kinds, "function")[0] == 'p';
    f->arguments = mg_load_key_str(ld, map, "arguments", false);
    if (f->arguments == NULL)
        f->arguments = "";
    signature(ld, map, f);
    if (f->procedure)
        f->arguments = mg_func_proc_args(ld->a, f->arguments);
    if (f->procedure)
        procedure_keys(ld, map, f);
    else
        returns(ld, map, f);
    attributes(ld, map, f);
    if (hints) {
        const mg_node *h = mg_node_get(map, "renamed_from");
        const char *from = h ? mg_load_str(ld, h, "\"renamed_from\"") : NULL;
        const char *name = NULL;
        f->renamed_from = from ? mg_func_key(ld->a, from, &name, &error) : NULL;
        if (from != NULL && f->renamed_from == NULL)
            mg_diag_error(ld->d, h->loc, "renamed_from: %s", error);
        f->renamed_from_loc = h ? h->loc : loc;
    }
    return f;
}
