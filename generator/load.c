/* migc generator: module loader.
 * module.yaml settings, the schema file(s) merged in name order, then the revision chain. */
#include "load.h"

#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "load_revs.h"
#include "load_schema.h"
#include "load_util.h"
#include "types.h"

static const char *const module_keys[] = {"name",
                                          "schema",
                                          "exclusive",
                                          "version_table",
                                          "lock_timeout",
                                          "statement_timeout",
                                          "lock_retries",
                                          "batch_revisions",
                                          "batch_seconds",
                                          "online",
                                          "external_types",
                                          "ignore",
                                          NULL};

/* True for [a-z_][a-z0-9_]* of at most 63 bytes. */
static bool
module_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MG_MAX_IDENT || (s[0] >= '0' && s[0] <= '9'))
        return false;
    return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* A setting given as a string or a number (lock_timeout: 5s, statement_timeout: 0). */
static const char *
scalar_setting(mg_loader *ld, const mg_node *root, const char *key)
{
    const mg_node *n = mg_node_get(root, key);
    if (n == NULL || mg_node_is_null(n))
        return NULL;
    return mg_load_str(ld, n, mg_arena_printf(ld->a, "\"%s\"", key));
}

/* A whole-number setting from 0 to max (lock_retries, batch_revisions, batch_seconds), kept as
 * written; NULL when unset. */
static const char *
count_setting(mg_loader *ld, const mg_node *root, const char *key, int max)
{
    const char *v = scalar_setting(ld, root, key);
    size_t n = v ? strlen(v) : 0;

    if (v == NULL || (n > 0 && n <= 5 && strspn(v, "0123456789") == n && atoi(v) <= max))
        return v;
    mg_diag_error(ld->d, mg_node_get(root, key)->loc,
                  "%s must be a whole number from 0 to %d, not \"%s\"", key, max, v);
    return NULL;
}

/* external_types, normalised like column types so lookups compare equal. */
static void
external_types(mg_loader *ld, const mg_node *root, mg_settings *st)
{
    const mg_node *n = mg_node_get(root, "external_types");
    mg_vec written = {0};
    if (n == NULL || mg_node_is_null(n) ||
        mg_load_strlist(ld, n, "\"external_types\"", false, &written) < 0)
        return;
    for (size_t i = 0; i < written.len; i++) {
        const char *error = NULL;
        const char *t = mg_type_normalize(ld->a, written.items[i], &error);
        if (t == NULL)
            mg_diag_error(ld->d, ((const mg_node *)n->items.items[i])->loc, "%s", error);
        else
            mg_vec_push(ld->a, &st->external_types, (void *)t);
    }
}

/* ignore: a list of name patterns, each checked where it is written. */
static void
ignore_patterns(mg_loader *ld, const mg_node *root, mg_settings *st)
{
    const mg_node *n = mg_node_get(root, "ignore");
    if (n == NULL || mg_node_is_null(n) || !mg_load_is_seq(ld, n, "\"ignore\""))
        return;
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        const char *pattern = mg_load_str(ld, item, "an entry of \"ignore\"");
        const char *why = pattern ? mg_ignore_invalid(pattern) : NULL;
        if (why != NULL)
            mg_diag_error(ld->d, item->loc, "ignore pattern \"%s\": %s", pattern, why);
        else if (pattern != NULL)
            mg_vec_push(ld->a, &st->ignore, (void *)pattern);
    }
}

/* Reads the keys of module.yaml into st. */
static void
settings_keys(mg_loader *ld, const mg_node *root, mg_settings *st)
{
    mg_load_check_keys(ld, root, module_keys, NULL);
    const mg_node *name = mg_node_get(root, "name");
    st->name = mg_load_key_str(ld, root, "name", true);
    if (st->name != NULL && !module_name_ok(st->name))
        mg_diag_error(ld->d, name->loc,
                      "invalid module name \"%s\": use lower-case letters, digits and _, not "
                      "starting with a digit, at most 63 bytes",
                      st->name);
    st->loc = name ? name->loc : root->loc;
    const char *schema = mg_load_key_ident(ld, root, "schema", false);
    st->schema = schema ? schema : st->schema;
    const char *table = mg_load_key_ident(ld, root, "version_table", false);
    st->version_table = table ? table : st->version_table;
    mg_load_key_bool(ld, root, "exclusive", &st->exclusive);
    st->lock_timeout = scalar_setting(ld, root, "lock_timeout");
    st->statement_timeout = scalar_setting(ld, root, "statement_timeout");
    st->lock_retries = count_setting(ld, root, "lock_retries", 100);
    st->batch_revisions = count_setting(ld, root, "batch_revisions", 10000);
    st->batch_seconds = count_setting(ld, root, "batch_seconds", 3600);
    st->online = true;
    mg_load_key_bool(ld, root, "online", &st->online);
    external_types(ld, root, st);
    ignore_patterns(ld, root, st);
}

/* Loads module.yaml; -1 only when it is missing (then nothing else is worth reading). */
static int
load_settings(mg_loader *ld, const char *dir, mg_settings *st)
{
    const char *path = mg_load_path(ld->a, dir, "module.yaml");
    st->schema = "public";
    st->version_table = "migc_version";
    if (mg_load_path_kind(path) != 1) {
        mg_diag_error(ld->d, (mg_loc){path, 0, 0},
                      "module file not found (is \"%s\" a migc module directory?)", dir);
        return -1;
    }
    const mg_node *root = mg_yaml_load_file(ld->a, path, ld->d);
    if (root == NULL)
        return 0; /* reported; the other files may still show errors */
    if (mg_node_is_null(root))
        mg_diag_error(ld->d, root->loc, "missing required key \"name\"");
    else if (mg_load_is_map(ld, root, "module.yaml"))
        settings_keys(ld, root, st);
    return 0;
}

int
mg_load_settings(mg_arena *a, const char *dir, mg_settings *out, mg_diag *d)
{
    mg_loader ld = {.a = a, .d = d};
    size_t errors = mg_diag_count(d);
    memset(out, 0, sizeof(*out));
    if (load_settings(&ld, dir, out) < 0)
        return -1;
    return mg_diag_count(d) > errors ? -1 : 0;
}

/* Relative names of the schema sources: schema.yaml, or schema/NAME.yaml in name order. */
static int
schema_sources(mg_loader *ld, const char *dir, mg_vec *rel)
{
    const char *single = mg_load_path(ld->a, dir, "schema.yaml");
    const char *multi = mg_load_path(ld->a, dir, "schema");
    bool has_single = mg_load_path_kind(single) != 0, has_multi = mg_load_path_kind(multi) == 2;
    if (has_single && has_multi) {
        mg_diag_error(ld->d, (mg_loc){single, 0, 0},
                      "both schema.yaml and schema/ exist; keep only one of them");
        return -1;
    }
    if (has_single) {
        mg_vec_push(ld->a, rel, "schema.yaml");
        return 0;
    }
    if (!has_multi)
        return 0;
    mg_vec names = {0};
    int rc = mg_load_list_yaml(ld, multi, &names);
    for (size_t i = 0; i < names.len; i++)
        mg_vec_push(ld->a, rel, mg_arena_printf(ld->a, "schema/%s", (char *)names.items[i]));
    return rc;
}

/* Loads and merges the schema files; out->schema stays NULL when there are none. */
static int
load_schema(mg_loader *ld, const char *dir, mg_module *out)
{
    const char *multi = mg_load_path(ld->a, dir, "schema");
    int rc = schema_sources(ld, dir, &out->schema_files);
    if (out->schema_files.len == 0 && mg_load_path_kind(multi) != 2)
        return rc;
    out->schema = mg_arena_alloc(ld->a, sizeof(*out->schema));
    ld->schema_files = true;
    for (size_t i = 0; i < out->schema_files.len; i++) {
        const char *path = mg_load_path(ld->a, dir, out->schema_files.items[i]);
        const mg_node *root = mg_yaml_load_file(ld->a, path, ld->d);
        if (root == NULL || mg_load_schema_root(ld, root, out->schema) < 0)
            rc = -1;
    }
    ld->schema_files = false;
    mg_load_schema_enum_types(ld, out->schema); /* after every file: reports malformed types */
    return rc;
}

/* Starts parsing the revision files on a second thread while the schema loads; NULL when there
 * are fewer than two, or when listing revisions/ has something to report (mg_load_revisions
 * lists it again and reports it in its turn). A clean listing is kept for mg_load_revisions. */
static mg_yaml_prefetch *
prefetch_revisions(mg_loader *ld, const char *dir)
{
    const char *path = mg_load_path(ld->a, dir, "revisions");
    if (mg_load_path_kind(path) != 2)
        return NULL;
    mg_diag quiet;
    mg_diag_init(&quiet, ld->a);
    mg_loader lister = {.a = ld->a, .d = &quiet};
    mg_vec *names = mg_arena_alloc(ld->a, sizeof(*names));
    if (mg_load_list_yaml(&lister, path, names) != 0 || mg_diag_count(&quiet) > 0 ||
        quiet.warnings.len > 0)
        return NULL;
    ld->revision_names = names;
    if (names->len < 2)
        return NULL;
    mg_vec *paths = mg_arena_alloc(ld->a, sizeof(*paths));
    for (size_t i = 0; i < names->len; i++) {
        const char *rel = mg_arena_printf(ld->a, "revisions/%s", (char *)names->items[i]);
        mg_vec_push(ld->a, paths, (void *)mg_load_path(ld->a, dir, rel)); /* as read_revision */
    }
    return mg_yaml_prefetch_start(paths);
}

int
mg_load_module_parts(mg_arena *a, const char *dir, unsigned parts, mg_module *out, mg_diag *d)
{
    mg_loader ld = {.a = a, .d = d};
    size_t errors = mg_diag_count(d);
    memset(out, 0, sizeof(*out));
    out->dir = mg_arena_strdup(a, dir);
    if (load_settings(&ld, out->dir, &out->settings) < 0)
        return -1;
    if (parts & MG_LOAD_REVISIONS)
        ld.prefetch = prefetch_revisions(&ld, out->dir);
    if (parts & MG_LOAD_SCHEMA)
        load_schema(&ld, out->dir, out);
    if (parts & MG_LOAD_REVISIONS)
        mg_load_revisions(&ld, out->dir, out);
    mg_yaml_prefetch_finish(ld.prefetch, a); /* the trees live on in a */
    return mg_diag_count(d) > errors ? -1 : 0;
}

int
mg_load_module(mg_arena *a, const char *dir, mg_module *out, mg_diag *d)
{
    return mg_load_module_parts(a, dir, MG_LOAD_SCHEMA | MG_LOAD_REVISIONS, out, d);
}
