/* migc generator: the diff of a desired schema against the replayed state.
 * Every emitted operation is replayed onto a working copy, so later phases see its effect. */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diff_internal.h"

mg_op *
mg_diff_op(differ *df, mg_op_kind kind, mg_loc loc)
{
    mg_op *op = mg_arena_alloc(df->a, sizeof(*op));
    op->kind = kind;
    op->loc = loc;
    return op;
}

int
mg_diff_emit(differ *df, mg_op *op)
{
    mg_op *filled, *reverse;
    mg_vec_push(df->a, &df->out->ops, op);
    if (op->kind == MG_OP_CREATE_TABLE || op->kind == MG_OP_DROP_TABLE ||
        op->kind == MG_OP_RENAME_TABLE) /* the only operations that change the list or a name */
        df->work_tables.stale = true;
    return mg_replay_op(&df->r, op, &filled, &reverse);
}

/* The table of s named name through the index x, rebuilt first when out of step. */
static mg_table *
indexed_table(mg_arena *a, mg_table_index *x, const mg_schema *s, const char *name)
{
    const mg_vec *tables = &s->tables;
    if (x->stale || x->items != tables->items || x->len != tables->len) {
        mg_strmap_clear(&x->map);
        for (size_t i = tables->len; i > 0; i--) /* backwards: the first of a name stays */
            mg_strmap_put(a, &x->map, ((const mg_table *)tables->items[i - 1])->name, i - 1);
        x->items = tables->items;
        x->len = tables->len;
        x->stale = false;
    }
    size_t i;
    if (!mg_strmap_get(&x->map, name, &i))
        return NULL;
    mg_table *t = tables->items[i];
    return mg_same_name(t->name, name) ? t : mg_schema_table(s, name); /* never: in step */
}

mg_table *
mg_diff_want_table(differ *df, const char *name)
{
    return indexed_table(df->a, &df->want_tables, df->want, name);
}

mg_table *
mg_diff_work_table(differ *df, const char *name)
{
    return indexed_table(df->a, &df->work_tables, df->work, name);
}

void
mg_diff_destructive(differ *df, const char *fmt, const char *x, const char *y)
{
    mg_vec_push(df->a, &df->out->destructive, mg_arena_printf(df->a, fmt, x, y));
}

/* Parses "name(n)" or "name(p,s)"; returns the number of modifiers read (0..2). */
static int
split_type(const char *t, char *base, size_t cap, long mods[2])
{
    const char *paren = strchr(t, '(');
    size_t n = paren ? (size_t)(paren - t) : strlen(t);
    if (n >= cap)
        n = cap - 1;
    memcpy(base, t, n);
    base[n] = '\0';
    if (paren == NULL)
        return 0;
    char *end;
    mods[0] = strtol(paren + 1, &end, 10);
    if (*end == ',') {
        mods[1] = strtol(end + 1, &end, 10);
        return *end == ')' && end[1] == '\0' ? 2 : -1;
    }
    return *end == ')' && end[1] == '\0' ? 1 : -1;
}

static int
int_rank(const char *t)
{
    if (strcmp(t, "smallint") == 0)
        return 1;
    if (strcmp(t, "integer") == 0)
        return 2;
    return strcmp(t, "bigint") == 0 ? 3 : 0;
}

bool
mg_diff_type_widens(const char *from, const char *to)
{
    if (int_rank(from) && int_rank(to))
        return int_rank(from) < int_rank(to);
    if (strcmp(from, "real") == 0)
        return strcmp(to, "double precision") == 0;
    char fb[64], tb[64];
    long fm[2] = {0, 0}, tm[2] = {0, 0};
    int fn = split_type(from, fb, sizeof(fb), fm), tn = split_type(to, tb, sizeof(tb), tm);
    if (strcmp(fb, "character varying") == 0 && fn == 1)
        return strcmp(to, "text") == 0 ||
               (strcmp(tb, "character varying") == 0 && (tn == 0 || (tn == 1 && tm[0] > fm[0])));
    if (strcmp(fb, "numeric") == 0 && fn == 2)
        return strcmp(tb, "numeric") == 0 &&
               (tn == 0 || (tn == 2 && tm[1] == fm[1] && tm[0] > fm[0]));
    return false;
}

/* The type without its modifiers, into base: "character varying(20)" -> "character varying",
 * "timestamp(3) with time zone" -> "timestamp with time zone". */
static void
base_type(const char *t, char *base, size_t cap)
{
    size_t n = 0;
    for (int depth = 0; *t && n + 1 < cap; t++) {
        depth += *t == '(';
        if (depth == 0)
            base[n++] = *t;
        depth -= *t == ')' && depth > 0;
    }
    while (n > 0 && base[n - 1] == ' ')
        n--;
    base[n] = '\0';
    for (char *p = strstr(base, "  "); p != NULL; p = strstr(base, "  "))
        memmove(p, p + 1, strlen(p)); /* "timestamp  with" once the modifier is gone */
}

static bool
listed(const char *const *list, const char *t)
{
    for (; *list != NULL; list++)
        if (strcmp(*list, t) == 0)
            return true;
    return false;
}

/* Casts of pg_cast with context implicit or assignment between two different base types,
 * beyond the number family and string targets (PostgreSQL 15). */
static const char *const cast_pairs[][2] = {
    {"date", "timestamp without time zone"},
    {"date", "timestamp with time zone"},
    {"timestamp without time zone", "date"},
    {"timestamp without time zone", "time without time zone"},
    {"timestamp without time zone", "timestamp with time zone"},
    {"timestamp with time zone", "date"},
    {"timestamp with time zone", "time without time zone"},
    {"timestamp with time zone", "time with time zone"},
    {"timestamp with time zone", "timestamp without time zone"},
    {"time without time zone", "time with time zone"},
    {"time without time zone", "interval"},
    {"time with time zone", "time without time zone"},
    {"interval", "time without time zone"},
    {"json", "jsonb"},
    {"jsonb", "json"},
    {"cidr", "inet"},
    {"inet", "cidr"},
    {"bit", "bit varying"},
    {"bit varying", "bit"},
    {"integer", "money"},
    {"bigint", "money"},
    {"numeric", "money"},
    {"money", "numeric"},
};

bool
mg_diff_cast_automatic(const char *from, const char *to)
{
    static const char *const numbers[] = {"smallint",         "integer", "bigint", "real",
                                          "double precision", "numeric", NULL};
    static const char *const strings[] = {"text", "character varying", "character", "citext", NULL};
    char fb[96], tb[96];
    size_t fn = strlen(from), tn = strlen(to);
    bool farr = fn > 2 && strcmp(from + fn - 2, "[]") == 0;
    bool tarr = tn > 2 && strcmp(to + tn - 2, "[]") == 0;
    base_type(to, tb, sizeof(tb));
    if (!tarr && listed(strings, tb))
        return true; /* any type converts to a string type through its output function */
    if (farr || tarr) {
        if (!farr || !tarr || fn >= sizeof(fb) || tn >= sizeof(tb))
            return false;
        memcpy(fb, from, fn - 2);
        fb[fn - 2] = '\0';
        memcpy(tb, to, tn - 2);
        tb[tn - 2] = '\0';
        return mg_diff_cast_automatic(fb, tb);
    }
    base_type(from, fb, sizeof(fb));
    if (strcmp(fb, tb) == 0 || (listed(numbers, fb) && listed(numbers, tb)))
        return true;
    for (size_t i = 0; i < sizeof(cast_pairs) / sizeof(cast_pairs[0]); i++)
        if (strcmp(cast_pairs[i][0], fb) == 0 && strcmp(cast_pairs[i][1], tb) == 0)
            return true;
    return false;
}

/* The schema an extension is in, NULL standing for the module's. */
static const char *
ext_schema(const differ *df, const mg_ext *e)
{
    const char *module = df->opt->settings->schema;
    return e->schema != NULL ? e->schema : module != NULL ? module : "public";
}

/* False, with an error at the declaration, when want moves an installed extension to another
 * schema: ALTER EXTENSION ... SET SCHEMA moves every object of it, and only extensions marked
 * relocatable allow it, so that is left to a reviewed sql step. */
static bool
same_ext_schema(differ *df, const mg_ext *have, const mg_ext *want)
{
    const char *from = ext_schema(df, have), *to = ext_schema(df, want);
    if (strcmp(from, to) == 0)
        return true;
    mg_diag_error(df->d, want->loc,
                  "extension \"%s\" is installed in schema %s: moving it to %s is not written "
                  "by diff; write a sql operation (ALTER EXTENSION %s SET SCHEMA %s) if the "
                  "extension is relocatable",
                  want->name, from, to, want->name, to);
    return false;
}

/* Phase 0: extensions and enum types that must exist before tables use them. */
static int
create_types(differ *df)
{
    for (size_t i = 0; i < df->want->extensions.len; i++) {
        const mg_ext *e = df->want->extensions.items[i];
        const mg_ext *have = mg_schema_extension(df->work, e->name);
        if (have != NULL && !same_ext_schema(df, have, e))
            return -1;
        if (have != NULL)
            continue;
        mg_op *op = mg_diff_op(df, MG_OP_CREATE_EXTENSION, e->loc);
        op->name = e->name;
        op->ext_schema = e->schema;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    if (mg_diff_enums_create(df) != 0)
        return -1;
    for (size_t before = SIZE_MAX; before != df->out->ops.len;) { /* domains and composite types */
        before = df->out->ops.len; /* over each other: each once the types it names exist */
        if (mg_diff_domains_early(df, false) != 0 || mg_diff_ctypes_early(df, false) != 0)
            return -1;
    }
    if (mg_diff_domains_early(df, true) != 0) /* the rest: replay names their unknown types */
        return -1;
    return mg_diff_ctypes_early(df, true);
}

/* Domains and composite types no longer declared, each once nothing uses it. */
static int
drop_types(differ *df)
{
    for (size_t before = SIZE_MAX; before != df->out->ops.len;) {
        before = df->out->ops.len;
        if (mg_diff_ctypes_drop(df, false) != 0 || mg_diff_domains_drop(df, false) != 0)
            return -1;
    }
    return mg_diff_ctypes_drop(df, true) != 0 ? -1 : mg_diff_domains_drop(df, true);
}

/* Last phase: tables, enum values, enums and extensions that are no longer declared. */
static int
drop_leftovers(differ *df)
{
    if (mg_diff_funcs_drop(df, true) != 0 || mg_diff_tables_drop(df, false) != 0)
        return -1;
    if (mg_diff_funcs_drop(df, false) != 0 || mg_diff_seqs_drop(df) != 0 || drop_types(df) != 0 ||
        mg_diff_enums_drop(df) != 0)
        return -1;
    for (size_t i = 0; i < df->work->extensions.len;) {
        const mg_ext *e = df->work->extensions.items[i];
        if (mg_schema_extension(df->want, e->name)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_EXTENSION, e->loc);
        op->name = e->name;
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}

/* Last, once every table, type and enum has its final shape (an enum loses values in
 * drop_leftovers, rebuilding the type under its columns, which PostgreSQL refuses under a view):
 * the objects that read them. Functions go before the views (a view may call one); views and
 * materialized views last, each after the views it reads. */
static int
create_late(differ *df)
{
    return mg_diff_views_create(df);
}

int
mg_diff_run_with(mg_arena *a, const mg_schema *state, const mg_schema *desired,
                 const mg_diff_options *o, mg_diff_result *out, mg_diag *d)
{
    differ df = {0};
    df.a = a;
    df.opt = o;
    df.state = state;
    df.want = desired;
    df.work = mg_schema_copy(a, state);
    df.out = out;
    df.d = d;
    df.r = (mg_replay){a, df.work, o->settings, d};
    *out = (mg_diff_result){0};
    if (mg_diff_views_drop(&df) != 0 || create_types(&df) != 0 || mg_diff_tables_rename(&df) != 0 ||
        mg_diff_objects_rename(&df) != 0 || mg_diff_seqs_early(&df) != 0 ||
        mg_diff_triggers_drop(&df) != 0 || mg_diff_funcs_create(&df, false) != 0 ||
        mg_diff_tables_drop_objects(&df) != 0 || mg_diff_tables_alter(&df) != 0 ||
        mg_diff_tables_create(&df) != 0 || mg_diff_funcs_create(&df, true) != 0 ||
        mg_diff_triggers_create(&df) != 0 || mg_diff_tables_add_fks(&df) != 0 ||
        mg_diff_seqs_owners(&df) != 0 || drop_leftovers(&df) != 0 || create_late(&df) != 0)
        return -1;
    if (mg_diag_count(d))
        return -1;
    mg_diff_stale_hints(&df);
    return 0;
}

int
mg_diff_run(mg_arena *a, const mg_schema *state, const mg_schema *desired,
            const mg_settings *settings, mg_diff_result *out, mg_diag *d)
{
    mg_diff_options o = {.settings = settings};
    return mg_diff_run_with(a, state, desired, &o, out, d);
}
