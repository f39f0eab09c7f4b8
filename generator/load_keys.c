/* migc generator: foreign keys and indexes of schema.yaml and of revisions (the maps of
 * foreign_keys and indexes, and their operations), with the word lists they choose from. */
#include "load_schema.h"

#include <string.h>

static const char *const fk_keys[] = {"columns",    "references",         "on_delete", "on_update",
                                      "deferrable", "initially_deferred", "comment",   NULL};
static const char *const ref_keys[] = {"table", "columns", NULL};
static const char *const index_keys[] = {"columns", "expression", "unique", "method",
                                         "opclass", "include",    "where",  "concurrently",
                                         "comment", "with",       NULL};
static const char *const fk_actions[] = {"no action", "restrict",    "cascade",
                                         "set null",  "set default", NULL};
static const char *const index_methods[] = {"btree", "hash", "gin", "gist", "brin", "spgist", NULL};

/* ASCII case-insensitive equality. */
static bool
same_word(const char *x, const char *y)
{
    for (; *x && *y; x++, y++) {
        char cx = (*x >= 'A' && *x <= 'Z') ? (char)(*x - 'A' + 'a') : *x;
        char cy = (*y >= 'A' && *y <= 'Z') ? (char)(*y - 'A' + 'a') : *y;
        if (cx != cy)
            return false;
    }
    return *x == *y;
}

const char *
mg_load_one_of(mg_loader *ld, const mg_node *n, const char *key, const char *const *list,
               const char *choices)
{
    const char *s = mg_load_str(ld, n, mg_arena_printf(ld->a, "\"%s\"", key));
    if (s == NULL)
        return NULL;
    for (; *list != NULL; list++)
        if (same_word(s, *list))
            return *list;
    mg_diag_error(ld->d, n->loc, "invalid %s \"%s\": use %s", key, s, choices);
    return NULL;
}

void
mg_load_fk_action(mg_loader *ld, const mg_node *map, const char *key, const char **out)
{
    const mg_node *v = mg_node_get(map, key);
    *out = "no action";
    if (v == NULL || mg_node_is_null(v))
        return;
    const char *s = mg_load_one_of(ld, v, key, fk_actions,
                                   "no action, restrict, cascade, set null or set default");
    if (s != NULL)
        *out = s;
}

/* Copies s[0..n) without surrounding spaces. */
static const char *
trimmed(mg_arena *a, const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return mg_arena_strndup(a, s, n);
}

/* Checks one name cut from "table(col, ...)". */
static int
ref_name(mg_loader *ld, const mg_node *n, const char *name)
{
    if (name[0] == '\0' || strpbrk(name, "(), ") != NULL) {
        mg_diag_error(ld->d, n->loc,
                      "malformed reference \"%s\": write table or table(column, ...)", n->scalar);
        return -1;
    }
    if (strlen(name) > MG_MAX_IDENT) {
        mg_diag_error(ld->d, n->loc, "name \"%s\" is longer than %d bytes", name, MG_MAX_IDENT);
        return -1;
    }
    return 0;
}

/* Parses "orgs" or "orgs(id, other)" into fk->ref_table and fk->ref_columns. */
static int
ref_text(mg_loader *ld, const mg_node *n, mg_fk *fk)
{
    const char *s = mg_load_str(ld, n, "\"references\"");
    if (s == NULL)
        return -1;
    const char *open = strchr(s, '(');
    fk->ref_table = trimmed(ld->a, s, open ? (size_t)(open - s) : strlen(s));
    if (ref_name(ld, n, fk->ref_table) < 0)
        return -1;
    if (open == NULL)
        return 0;
    const char *close = strchr(open, ')');
    if (close == NULL || close[1 + strspn(close + 1, " ")] != '\0')
        return ref_name(ld, n, "(");
    for (const char *p = open + 1; p <= close;) {
        size_t len = strcspn(p, ",)");
        const char *col = trimmed(ld->a, p, len);
        if (ref_name(ld, n, col) < 0)
            return -1;
        mg_vec_push(ld->a, &fk->ref_columns, (void *)col);
        p += len + 1;
    }
    return 0;
}

int
mg_load_references(mg_loader *ld, const mg_node *n, mg_fk *fk)
{
    if (n->kind == MG_NODE_SCALAR)
        return ref_text(ld, n, fk);
    if (!mg_load_is_map(ld, n, "\"references\""))
        return -1;
    mg_load_check_keys(ld, n, ref_keys, NULL);
    fk->ref_table = mg_load_key_ident(ld, n, "table", true);
    mg_load_key_strlist(ld, n, "columns", false, true, &fk->ref_columns);
    return fk->ref_table ? 0 : -1;
}

mg_fk *
mg_load_fk(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
           const char *const *extra)
{
    if (!mg_load_is_map(ld, map, "a foreign key"))
        return NULL;
    mg_fk *fk = mg_arena_alloc(ld->a, sizeof(*fk));
    fk->name = name;
    fk->loc = loc;
    mg_load_check_keys(ld, map, fk_keys, extra);
    mg_load_key_strlist(ld, map, "columns", true, true, &fk->columns);
    const mg_node *ref = mg_node_get(map, "references");
    if (ref == NULL || mg_node_is_null(ref))
        mg_diag_error(ld->d, map->loc, "missing required key \"references\"");
    else
        mg_load_references(ld, ref, fk);
    mg_load_fk_action(ld, map, "on_delete", &fk->on_delete);
    mg_load_fk_action(ld, map, "on_update", &fk->on_update);
    mg_load_key_bool(ld, map, "deferrable", &fk->deferrable);
    mg_load_key_bool(ld, map, "initially_deferred", &fk->initially_deferred);
    fk->comment = mg_load_key_str(ld, map, "comment", false);
    if (fk->initially_deferred && !fk->deferrable)
        mg_diag_error(ld->d, mg_node_key(map, "initially_deferred")->loc,
                      "initially_deferred needs deferrable: true");
    return fk;
}

/* Reads opclass: one name for every key, or a list with one entry (or null) per key. */
static void
index_opclass(mg_loader *ld, mg_index *x, const mg_node *n)
{
    if (n->kind == MG_NODE_SCALAR) {
        const char *s = mg_load_ident(ld, n, "\"opclass\"");
        if (s != NULL)
            mg_vec_push(ld->a, &x->opclass, (void *)s);
        return;
    }
    if (!mg_load_is_seq(ld, n, "\"opclass\""))
        return;
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        const char *s = mg_node_is_null(item) ? NULL : mg_load_ident(ld, item, "an opclass");
        mg_vec_push(ld->a, &x->opclass, (void *)s);
    }
    size_t keys = x->expression ? 1 : x->keys.len;
    if (x->opclass.len != keys && x->opclass.len != 1) /* one entry applies to every key */
        mg_diag_error(ld->d, n->loc, "opclass lists %zu entries for %zu key columns",
                      x->opclass.len, keys);
}

/* Reads columns or expression: exactly one of them. */
static void
index_keys_of(mg_loader *ld, mg_index *x, const mg_node *map)
{
    const mg_node *cols = mg_node_get(map, "columns");
    const mg_node *expr = mg_node_get(map, "expression");
    if ((cols != NULL) == (expr != NULL)) {
        mg_diag_error(ld->d, map->loc,
                      "an index needs exactly one of \"columns\" and "
                      "\"expression\"");
        return;
    }
    if (expr != NULL)
        x->expression = mg_load_str(ld, expr, "\"expression\"");
    else if (mg_load_strlist(ld, cols, "\"columns\"", false, &x->keys) == 0 && x->keys.len == 0)
        mg_diag_error(ld->d, cols->loc, "\"columns\" must not be empty");
}

mg_index *
mg_load_index(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
              const char *const *extra)
{
    if (!mg_load_is_map(ld, map, "an index"))
        return NULL;
    mg_index *x = mg_arena_alloc(ld->a, sizeof(*x));
    x->name = name;
    x->loc = loc;
    x->method = "btree";
    mg_load_check_keys(ld, map, index_keys, extra);
    index_keys_of(ld, x, map);
    mg_load_key_bool(ld, map, "unique", &x->unique);
    const mg_node *method = mg_node_get(map, "method");
    if (method != NULL && !mg_node_is_null(method)) {
        const char *m = mg_load_one_of(ld, method, "method", index_methods,
                                       "btree, hash, gin, gist, brin or spgist");
        x->method = m ? m : x->method;
    }
    const mg_node *opclass = mg_node_get(map, "opclass");
    if (opclass != NULL && !mg_node_is_null(opclass))
        index_opclass(ld, x, opclass);
    mg_load_key_strlist(ld, map, "include", false, true, &x->include);
    x->where = mg_load_key_str(ld, map, "where", false);
    mg_load_key_bool(ld, map, "concurrently", &x->concurrently);
    x->comment = mg_load_key_str(ld, map, "comment", false);
    mg_load_with(ld, map, "with", &x->with);
    return x;
}
