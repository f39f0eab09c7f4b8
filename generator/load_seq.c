/* migc generator: sequence loader.
 * The keys of a sequence (SPEC §3.1), shared by schema.yaml and the sequence operations. */
#include "load_schema.h"

#include <inttypes.h>
#include <string.h>

#include "sequence.h"

static const char *const seq_keys[] = {"type",  "increment", "min_value", "max_value", "start",
                                       "cache", "cycle",     "owned_by",  "comment",   NULL};
static const char *const hint_keys[] = {"renamed_from", NULL};

/* A sequence type in any common spelling, as format_type writes it; NULL when not one. */
static const char *
seq_type(const char *t)
{
    static const char *const names[][2] = {
        {"smallint", "smallint"}, {"int2", "smallint"}, {"integer", "integer"}, {"int", "integer"},
        {"int4", "integer"},      {"bigint", "bigint"}, {"int8", "bigint"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(t, names[i][0]) == 0)
            return names[i][1];
    return NULL;
}

/* A number key: canonical decimal text, NULL for null. */
static const char *
number(mg_loader *ld, const mg_node *v, const char *key)
{
    int64_t n;
    const char *s = mg_load_str(ld, v, mg_arena_printf(ld->a, "\"%s\"", key));
    if (s == NULL)
        return NULL;
    if (mg_seq_parse(s, &n) != 0) {
        mg_diag_error(ld->d, v->loc, "\"%s\" must be an integer (bigint range), not \"%s\"", key,
                      s);
        return NULL;
    }
    return mg_arena_printf(ld->a, "%" PRId64, n);
}

/* owned_by: "table.column" into q. */
static void
owned_by(mg_loader *ld, const mg_node *v, mg_sequence *q)
{
    const char *s = mg_load_str(ld, v, "\"owned_by\"");
    const char *dot = s ? strchr(s, '.') : NULL;
    q->owned_loc = v->loc;
    if (s == NULL)
        return;
    if (dot == NULL || dot == s || dot[1] == '\0' || strchr(dot + 1, '.') != NULL ||
        dot - s > MG_MAX_IDENT || strlen(dot + 1) > MG_MAX_IDENT) {
        mg_diag_error(ld->d, v->loc, "owned_by must be table.column, not \"%s\"", s);
        return;
    }
    q->owned_table = mg_arena_strndup(ld->a, s, (size_t)(dot - s));
    q->owned_column = dot + 1;
}

/* Reads the value of one known key into q; returns its MG_SEQ_* bit. */
static unsigned
read_key(mg_loader *ld, const char *key, const mg_node *v, mg_sequence *q)
{
    bool null = mg_node_is_null(v);
    if (strcmp(key, "type") == 0) {
        const char *t = null ? NULL : mg_load_str(ld, v, "\"type\"");
        if (t != NULL && (q->type = seq_type(t)) == NULL)
            mg_diag_error(ld->d, v->loc,
                          "invalid sequence type \"%s\": use smallint, integer or bigint", t);
        return MG_SEQ_TYPE;
    }
    if (strcmp(key, "cycle") == 0) {
        if (!null)
            mg_load_bool(ld, v, "\"cycle\"", &q->cycle);
        return MG_SEQ_CYCLE;
    }
    if (strcmp(key, "owned_by") == 0) {
        if (!null)
            owned_by(ld, v, q);
        return MG_SEQ_OWNED;
    }
    if (strcmp(key, "comment") == 0) {
        q->comment = null ? NULL : mg_load_str(ld, v, "\"comment\"");
        return MG_SEQ_COMMENT;
    }
    const char **slot = strcmp(key, "increment") == 0   ? &q->increment
                        : strcmp(key, "min_value") == 0 ? &q->min_value
                        : strcmp(key, "max_value") == 0 ? &q->max_value
                        : strcmp(key, "start") == 0     ? &q->start
                                                        : &q->cache;
    *slot = null ? NULL : number(ld, v, key);
    return slot == &q->increment   ? MG_SEQ_INCREMENT
           : slot == &q->min_value ? MG_SEQ_MIN
           : slot == &q->max_value ? MG_SEQ_MAX
           : slot == &q->start     ? MG_SEQ_START
                                   : MG_SEQ_CACHE;
}

mg_sequence *
mg_load_sequence(mg_loader *ld, const char *name, mg_loc loc, const mg_node *map,
                 const char *const *extra, bool hints, unsigned *set)
{
    mg_sequence *q = mg_arena_alloc(ld->a, sizeof(*q));
    unsigned bits = 0;
    q->name = name;
    q->loc = loc;
    if (set != NULL)
        *set = 0;
    if (mg_node_is_null(map))
        return q;
    if (!mg_load_is_mapf(ld, map, "sequence \"%s\"", name))
        return NULL;
    mg_load_check_keys(ld, map, seq_keys, hints ? hint_keys : extra);
    for (size_t i = 0; i < map->keys.len; i++) {
        const mg_node *k = map->keys.items[i];
        for (size_t j = 0; seq_keys[j] != NULL; j++)
            if (strcmp(k->scalar, seq_keys[j]) == 0)
                bits |= read_key(ld, seq_keys[j], map->values.items[i], q);
    }
    if (hints) {
        q->renamed_from = mg_load_key_ident(ld, map, "renamed_from", false);
        const mg_node *h = mg_node_get(map, "renamed_from");
        q->renamed_from_loc = h ? h->loc : loc;
    }
    const char *problem = mg_seq_problem(ld->a, q);
    if (problem != NULL && (set == NULL || (bits & MG_SEQ_OPTIONS) == MG_SEQ_OPTIONS))
        mg_diag_error(ld->d, loc, "sequence \"%s\": %s", name, problem);
    if (set != NULL)
        *set = bits;
    return q;
}
