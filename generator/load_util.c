/* migc generator: loader helpers.
 * Key checks with suggestions and typed scalar reads, each error at its node's location. */
#define _POSIX_C_SOURCE 200809L /* opendir, stat */
#include "load_util.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "types.h"

/* Levenshtein distance of two short strings; a large number when too long to matter. */
static size_t
distance(const char *x, const char *y)
{
    size_t n = strlen(x), m = strlen(y);
    size_t row[65];
    if (n > 64 || m > 64)
        return (size_t)-1;
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (x[i - 1] != y[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* Updates *best with the closest candidate of one list. */
static void
nearest(const char *word, const char *const *list, const char **best, size_t *best_d)
{
    for (; list != NULL && *list != NULL; list++) {
        size_t dist = distance(word, *list);
        if (dist < *best_d) {
            *best_d = dist;
            *best = *list;
        }
    }
}

const char *
mg_load_suggest(const char *word, const char *const *candidates, const char *const *extra)
{
    const char *best = NULL;
    size_t best_d = 3; /* suggest only within distance 2 */
    nearest(word, candidates, &best, &best_d);
    nearest(word, extra, &best, &best_d);
    if (best != NULL && best_d >= strlen(word))
        return NULL; /* "x" is not a typo of "to" */
    return best;
}

static bool
in_list(const char *word, const char *const *list)
{
    for (; list != NULL && *list != NULL; list++)
        if (strcmp(word, *list) == 0)
            return true;
    return false;
}

const char *
mg_load_comma_hint(const char *text, bool quoted)
{
    size_t open = 0, close = 0;
    for (const char *p = text; !quoted && *p != '\0'; p++) {
        open += *p == '(';
        close += *p == ')';
    }
    if (open > close)
        return " (inside { } a comma ends the value: a type with a comma must be quoted there, "
               "e.g. type: \"numeric(12,2)\")";
    if (close > open)
        return " (the rest of a value cut at a comma? inside { } a type with a comma must be "
               "quoted, e.g. type: \"numeric(12,2)\")";
    return "";
}

bool
mg_load_check_keys(mg_loader *ld, const mg_node *map, const char *const *known,
                   const char *const *extra)
{
    bool ok = true;
    for (size_t i = 0; i < map->keys.len; i++) {
        const mg_node *k = map->keys.items[i];
        if (in_list(k->scalar, known) || in_list(k->scalar, extra))
            continue;
        const char *hint = mg_load_suggest(k->scalar, known, extra);
        if (hint != NULL)
            mg_diag_error(ld->d, k->loc, "unknown key \"%s\" (did you mean \"%s\"?)", k->scalar,
                          hint);
        else
            mg_diag_error(ld->d, k->loc, "unknown key \"%s\"%s", k->scalar,
                          mg_load_comma_hint(k->scalar, k->quoted));
        ok = false;
    }
    return ok;
}

bool
mg_load_is_mapf(mg_loader *ld, const mg_node *n, const char *fmt, ...)
{
    if (n->kind == MG_NODE_MAP)
        return true;
    va_list ap;
    va_start(ap, fmt);
    const char *what = mg_arena_vprintf(ld->a, fmt, ap);
    va_end(ap);
    return mg_load_is_map(ld, n, what);
}

bool
mg_load_is_map(mg_loader *ld, const mg_node *n, const char *what)
{
    if (n->kind == MG_NODE_MAP)
        return true;
    if (mg_node_is_null(n))
        mg_diag_error(ld->d, n->loc, "%s must be a mapping, not empty", what);
    else
        mg_diag_error(ld->d, n->loc, "%s must be a mapping, not %s", what,
                      mg_node_kind_name(n->kind));
    return false;
}

bool
mg_load_is_seq(mg_loader *ld, const mg_node *n, const char *what)
{
    if (n->kind == MG_NODE_SEQ)
        return true;
    if (mg_node_is_null(n))
        mg_diag_error(ld->d, n->loc, "%s must be a list, not empty", what);
    else
        mg_diag_error(ld->d, n->loc, "%s must be a list, not %s", what, mg_node_kind_name(n->kind));
    return false;
}

const char *
mg_load_str(mg_loader *ld, const mg_node *n, const char *what)
{
    if (n->kind != MG_NODE_SCALAR) {
        mg_diag_error(ld->d, n->loc, "%s must be a string, not %s", what,
                      mg_node_kind_name(n->kind));
        return NULL;
    }
    if (mg_node_is_null(n)) {
        mg_diag_error(ld->d, n->loc, "%s must not be empty", what);
        return NULL;
    }
    return n->scalar;
}

const char *
mg_load_ident(mg_loader *ld, const mg_node *n, const char *what)
{
    const char *s = mg_load_str(ld, n, what);
    if (s == NULL)
        return NULL;
    if (s[0] == '\0') {
        mg_diag_error(ld->d, n->loc, "%s must not be empty", what);
        return NULL;
    }
    if (strlen(s) > MG_MAX_IDENT) {
        mg_diag_error(ld->d, n->loc,
                      "%s \"%s\" is longer than %d bytes (PostgreSQL would truncate it)", what, s,
                      MG_MAX_IDENT);
        return NULL;
    }
    return s;
}

/* True when n is a plain true or false, then in *out. */
static bool
plain_bool(const mg_node *n, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", NULL};
    static const char *const no[] = {"false", "False", "FALSE", NULL};
    if (n->kind == MG_NODE_SCALAR && !n->quoted) {
        if (in_list(n->scalar, yes) || in_list(n->scalar, no)) {
            *out = in_list(n->scalar, yes);
            return true;
        }
    }
    return false;
}

int
mg_load_bool(mg_loader *ld, const mg_node *n, const char *what, bool *out)
{
    if (plain_bool(n, out))
        return 0;
    if (n->kind == MG_NODE_SCALAR)
        mg_diag_error(ld->d, n->loc, "%s must be true or false, not \"%s\"", what, n->scalar);
    else
        mg_diag_error(ld->d, n->loc, "%s must be true or false, not %s", what,
                      mg_node_kind_name(n->kind));
    return -1;
}

int
mg_load_strlist(mg_loader *ld, const mg_node *n, const char *what, bool idents, mg_vec *out)
{
    if (!mg_load_is_seq(ld, n, what))
        return -1;
    int rc = 0;
    const char *item_what = mg_arena_printf(ld->a, "an entry of %s", what);
    for (size_t i = 0; i < n->items.len; i++) {
        const mg_node *item = n->items.items[i];
        const char *s =
            idents ? mg_load_ident(ld, item, item_what) : mg_load_str(ld, item, item_what);
        if (s == NULL)
            rc = -1;
        else
            mg_vec_push(ld->a, out, (void *)s);
    }
    return rc;
}

/* Value of key, NULL when absent or null; reports a missing required key. */
static const mg_node *
keyed(mg_loader *ld, const mg_node *map, const char *key, bool required)
{
    const mg_node *v = mg_node_get(map, key);
    if (v != NULL && !mg_node_is_null(v))
        return v;
    if (required)
        mg_diag_error(ld->d, v ? v->loc : map->loc, "missing required key \"%s\"", key);
    return NULL;
}

static const char *
quoted(mg_loader *ld, const char *key)
{
    return mg_arena_printf(ld->a, "\"%s\"", key);
}

const char *
mg_load_key_str(mg_loader *ld, const mg_node *map, const char *key, bool required)
{
    const mg_node *v = keyed(ld, map, key, required);
    if (v != NULL && v->kind == MG_NODE_SCALAR) /* not null either: what mg_load_str accepts */
        return v->scalar;
    return v ? mg_load_str(ld, v, quoted(ld, key)) : NULL;
}

const char *
mg_load_key_ident(mg_loader *ld, const mg_node *map, const char *key, bool required)
{
    const mg_node *v = keyed(ld, map, key, required);
    if (v != NULL && v->kind == MG_NODE_SCALAR && v->scalar[0] != '\0' &&
        strlen(v->scalar) <= MG_MAX_IDENT) /* what mg_load_ident accepts, without its message */
        return v->scalar;
    return v ? mg_load_ident(ld, v, quoted(ld, key)) : NULL;
}

int
mg_load_key_bool(mg_loader *ld, const mg_node *map, const char *key, bool *out)
{
    const mg_node *v = keyed(ld, map, key, false);
    if (v != NULL && plain_bool(v, out))
        return 0;
    return v ? mg_load_bool(ld, v, quoted(ld, key), out) : 0;
}

int
mg_load_key_strlist(mg_loader *ld, const mg_node *map, const char *key, bool required, bool idents,
                    mg_vec *out)
{
    const mg_node *v = keyed(ld, map, key, required);
    if (v == NULL)
        return required ? -1 : 0;
    return mg_load_strlist(ld, v, quoted(ld, key), idents, out);
}

bool
mg_load_name_ok(mg_loader *ld, const mg_node *key, const char *what)
{
    if (key->scalar[0] == '\0') {
        mg_diag_error(ld->d, key->loc, "%s name must not be empty", what);
        return false;
    }
    if (strlen(key->scalar) > MG_MAX_IDENT) {
        mg_diag_error(ld->d, key->loc,
                      "%s name \"%s\" is longer than %d bytes (PostgreSQL would truncate it)", what,
                      key->scalar, MG_MAX_IDENT);
        return false;
    }
    return true;
}

bool
mg_load_derived_ok(mg_loader *ld, mg_loc loc, const char *name, const char *what)
{
    if (strlen(name) <= MG_MAX_IDENT)
        return true;
    mg_diag_error(ld->d, loc,
                  "derived %s name \"%s\" is longer than %d bytes; name the %s explicitly", what,
                  name, MG_MAX_IDENT, what);
    return false;
}

const char *
mg_load_path(mg_arena *a, const char *dir, const char *rel)
{
    size_t n = strlen(dir);
    if (n == 0 || strcmp(dir, ".") == 0 || strcmp(dir, "./") == 0)
        return mg_arena_strdup(a, rel);
    if (dir[n - 1] == '/')
        return mg_arena_printf(a, "%s%s", dir, rel);
    return mg_arena_printf(a, "%s/%s", dir, rel);
}

int
mg_load_path_kind(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return 1;
    return S_ISDIR(st.st_mode) ? 2 : 3;
}

static int
by_name(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* True when name ends with suffix. */
static bool
ends_with(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n >= m && strcmp(name + n - m, suffix) == 0;
}

/* Reports an entry of the folder path (revisions/ or schema/) that is not a .yaml file. */
static void
refuse_entry(mg_loader *ld, const char *path, const char *name)
{
    const char *slash = strrchr(path, '/');
    const char *folder = slash ? slash + 1 : path;
    const char *full = mg_load_path(ld->a, path, name);
    mg_loc loc = {full, 0, 0};
    int kind = mg_load_path_kind(full);
    if (kind == 2)
        mg_diag_error(ld->d, loc,
                      "a subfolder: only the .yaml files directly in %s/ are read; move its "
                      "files out of it",
                      folder);
    else if (ends_with(name, ".yml"))
        mg_diag_error(ld->d, loc, "YAML files here must end in .yaml, not .yml");
    else if (kind != 1)
        mg_diag_error(ld->d, loc, "not a regular file; %s/ may hold only .yaml files", folder);
    else
        mg_diag_error(ld->d, loc,
                      "not a .yaml file; %s/ may hold only .yaml files: rename it or move it "
                      "out of the module",
                      folder);
}

int
mg_load_list_yaml(mg_loader *ld, const char *path, mg_vec *out)
{
    DIR *dir = opendir(path);
    if (dir == NULL) {
        mg_diag_fail(ld->d, "cannot read directory %s: %s", path, strerror(errno));
        return -1;
    }
    size_t first = out->len;
    mg_vec refused = {0};
    for (struct dirent *e; (e = readdir(dir)) != NULL;) {
        if (e->d_name[0] == '.')
            continue; /* hidden: ".", "..", .gitkeep, editor swap files; the only ones skipped */
        const char *full = mg_load_path(ld->a, path, e->d_name);
        bool yaml = ends_with(e->d_name, ".yaml") && mg_load_path_kind(full) == 1;
        mg_vec_push(ld->a, yaml ? out : &refused, mg_arena_strdup(ld->a, e->d_name));
    }
    closedir(dir);
    if (out->len > first)
        qsort(out->items + first, out->len - first, sizeof(void *), by_name);
    if (refused.len > 0) /* reported in name order, not in the file system's */
        qsort(refused.items, refused.len, sizeof(void *), by_name);
    for (size_t i = 0; i < refused.len; i++)
        refuse_entry(ld, path, refused.items[i]);
    return refused.len > 0 ? -1 : 0;
}

void
mg_load_key_props(mg_loader *ld, mg_key *k, const mg_node *map, bool unique)
{
    if (unique)
        mg_load_key_bool(ld, map, "nulls_not_distinct", &k->nulls_not_distinct);
    mg_load_key_bool(ld, map, "deferrable", &k->deferrable);
    mg_load_key_bool(ld, map, "initially_deferred", &k->initially_deferred);
    k->comment = mg_load_key_str(ld, map, "comment", false);
    if (k->initially_deferred && !k->deferrable)
        mg_diag_error(ld->d, mg_node_key(map, "initially_deferred")->loc,
                      "\"initially_deferred\" needs \"deferrable: true\"");
}

/* A storage parameter's name: what reloptions accept (toast.* live on the TOAST table). */
static bool
with_name_ok(mg_loader *ld, const mg_node *key)
{
    const char *s = key->scalar;
    bool ok = s[0] >= 'a' && s[0] <= 'z' && strlen(s) <= MG_MAX_IDENT;
    for (const char *p = s; ok && *p != '\0'; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_';
    if (strncmp(s, "toast.", 6) == 0)
        mg_diag_error(ld->d, key->loc,
                      "storage parameter \"%s\" of the TOAST table is not managed by migc", s);
    else if (!ok)
        mg_diag_error(ld->d, key->loc,
                      "bad storage parameter name \"%s\" (lower case letters, digits and _, "
                      "like fillfactor)",
                      s);
    return ok;
}

int
mg_load_with(mg_loader *ld, const mg_node *map, const char *key, mg_vec *out)
{
    const mg_node *v = mg_node_get(map, key);
    if (v == NULL || mg_node_is_null(v))
        return 0;
    if (!mg_load_is_mapf(ld, v, "\"%s\" (storage parameters)", key))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < v->keys.len; i++) {
        const mg_node *key = v->keys.items[i], *val = v->values.items[i];
        if (!with_name_ok(ld, key)) {
            rc = -1;
            continue;
        }
        if (val->kind != MG_NODE_SCALAR || mg_node_is_null(val) || val->scalar[0] == '\0') {
            mg_diag_error(ld->d, val->loc,
                          "storage parameter \"%s\" needs a number, boolean or string value, "
                          "not %s",
                          key->scalar,
                          val->kind == MG_NODE_SCALAR ? "an empty one"
                                                      : mg_node_kind_name(val->kind));
            rc = -1;
            continue;
        }
        mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
        c->name = key->scalar;
        c->loc = key->loc;
        c->expr = val->scalar;
        mg_with_put(ld->a, out, c);
    }
    return rc;
}

int
mg_load_with_names(mg_loader *ld, const mg_node *map, const char *key, mg_vec *out)
{
    const mg_node *v = mg_node_get(map, key);
    if (v == NULL || mg_node_is_null(v))
        return 0;
    if (!mg_load_is_seq(ld, v, mg_arena_printf(ld->a, "\"%s\"", key)))
        return -1;
    int rc = 0;
    for (size_t i = 0; i < v->items.len; i++) {
        const mg_node *n = v->items.items[i];
        if (n->kind != MG_NODE_SCALAR || mg_node_is_null(n)) {
            mg_diag_error(ld->d, n->loc, "\"%s\" lists storage parameter names", key);
            rc = -1;
        } else if (!with_name_ok(ld, n)) {
            rc = -1;
        } else {
            mg_check *c = mg_arena_alloc(ld->a, sizeof(*c));
            c->name = n->scalar;
            c->loc = n->loc;
            mg_with_put(ld->a, out, c);
        }
    }
    return rc;
}

const char *
mg_load_where(mg_loader *ld, mg_loc loc)
{
    return mg_arena_printf(ld->a, "%s:%d:%d", loc.file, loc.line, loc.col);
}

mg_loc
mg_load_hint_loc(const mg_node *map, const char *key)
{
    const mg_node *n = mg_node_get(map, key);
    return n ? n->loc : map->loc;
}

const char *
mg_load_type(mg_loader *ld, const char *written, const char **error)
{
    size_t i;
    if (mg_strmap_get(&ld->types, written, &i))
        return ld->normalized.items[i];
    const char *type = mg_type_normalize(ld->a, written, error);
    if (type != NULL) { /* written lives as long as the arena, which the map borrows it from */
        mg_strmap_put(ld->a, &ld->types, written, ld->normalized.len);
        mg_vec_push(ld->a, &ld->normalized, (void *)type);
    }
    return type;
}
