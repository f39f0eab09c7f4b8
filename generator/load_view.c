/* migc generator: view and materialized view loader.
 * The keys of a view (SPEC §3.1 `views:`) and of a materialized view (`materialized_views:`),
 * shared by schema.yaml and the view operations. */
#include "load_schema.h"

#include <string.h>

static const char *const view_keys[] = {"query", "options", "comment", "depends_on", NULL};
static const char *const mview_keys[] = {"query",   "with_data",  "indexes",
                                         "comment", "depends_on", NULL};
static const char *const option_keys[] = {"security_barrier", "check_option", "security_invoker",
                                          NULL};
static const char *const hint_keys[] = {"renamed_from", NULL};

/* The query without leading and trailing blanks and final semicolons; NULL (reported) when
 * nothing is left. */
static const char *
read_query(mg_loader *ld, const mg_view *v, const mg_node *n)
{
    const char *q = mg_load_str(ld, n, "\"query\"");
    if (q == NULL)
        return NULL;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
        q++;
    size_t len = strlen(q);
    while (len > 0 && strchr(" \t\r\n;", q[len - 1]) != NULL)
        len--;
    if (len == 0) {
        mg_diag_error(ld->d, n->loc, "view \"%s\": \"query\" is empty", v->name);
        return NULL;
    }
    return mg_arena_strndup(ld->a, q, len);
}

/* options: { security_barrier, check_option: local | cascaded, security_invoker }. */
static void
read_options(mg_loader *ld, mg_view *v, const mg_node *n)
{
    if (!mg_load_is_map(ld, n, "\"options\""))
        return;
    mg_load_check_keys(ld, n, option_keys, NULL);
    mg_load_key_bool(ld, n, "security_barrier", &v->security_barrier);
    mg_load_key_bool(ld, n, "security_invoker", &v->security_invoker);
    const mg_node *c = mg_node_get(n, "check_option");
    if (c == NULL || mg_node_is_null(c))
        return;
    const char *s = mg_load_str(ld, c, "\"check_option\"");
    if (s != NULL && strcmp(s, "local") != 0 && strcmp(s, "cascaded") != 0)
        mg_diag_error(ld->d, c->loc,
                      "view \"%s\": check_option must be local or cascaded, not "
                      "\"%s\"",
                      v->name, s);
    else
        v->check_option = s;
}

/* indexes: name -> index, as on a table. */
static void
read_indexes(mg_loader *ld, mg_view *v, const mg_node *n)
{
    if (!mg_load_is_map(ld, n, "\"indexes\""))
        return;
    for (size_t i = 0; i < n->keys.len; i++) {
        const mg_node *key = n->keys.items[i];
        if (!mg_load_name_ok(ld, key, "index"))
            continue;
        mg_index *x = mg_load_index(ld, key->scalar, key->loc, n->values.items[i], NULL);
        if (x != NULL && x->with.len > 0)
            mg_diag_error(ld->d, mg_node_key(n->values.items[i], "with")->loc,
                          "storage parameters of an index of a materialized view are not "
                          "managed by migc");
        else if (x != NULL)
            mg_vec_push(ld->a, &v->indexes, x);
    }
}

/* The keys other than the query. */
static void
read_rest(mg_loader *ld, mg_view *v, const mg_node *map, unsigned *bits)
{
    const mg_node *n;
    if ((n = mg_node_get(map, "options")) != NULL) {
        if (!mg_node_is_null(n))
            read_options(ld, v, n);
        *bits |= MG_VIEW_OPTIONS;
    }
    if ((n = mg_node_get(map, "comment")) != NULL) {
        v->comment = mg_node_is_null(n) ? NULL : mg_load_str(ld, n, "\"comment\"");
        *bits |= MG_VIEW_COMMENT;
    }
    if ((n = mg_node_get(map, "with_data")) != NULL)
        mg_load_bool(ld, n, "\"with_data\"", &v->with_data);
    if ((n = mg_node_get(map, "indexes")) != NULL && !mg_node_is_null(n))
        read_indexes(ld, v, n);
    mg_load_key_strlist(ld, map, "depends_on", false, true, &v->depends_on);
}

mg_view *
mg_load_view(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map, bool materialized,
             const char *const *extra, bool hints, unsigned *set)
{
    mg_view *v = mg_arena_alloc(ld->a, sizeof(*v));
    unsigned bits = 0;
    v->name = name;
    v->loc = loc;
    v->materialized = materialized;
    v->with_data = true;
    const char *what = materialized ? "materialized view" : "view";
    if (!mg_load_is_mapf(ld, map, "%s \"%s\"", what, name))
        return NULL;
    mg_load_check_keys(ld, map, materialized ? mview_keys : view_keys, hints ? hint_keys : extra);
    const mg_node *n = mg_node_get(map, "query");
    if (n != NULL) {
        v->query = read_query(ld, v, n);
        bits |= MG_VIEW_QUERY;
    } else if (set == NULL) {
        mg_diag_error(ld->d, loc, "%s \"%s\": missing required key \"query\"", what, name);
    }
    read_rest(ld, v, map, &bits);
    if (hints) {
        v->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
        const mg_node *h = mg_node_get(map, "renamed_from");
        v->renamed_from_loc = h ? h->loc : loc;
    }
    if (set != NULL)
        *set = bits;
    return v;
}
