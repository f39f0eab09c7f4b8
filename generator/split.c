/* migc generator: the revisions a diff's operations are written in.
 * The operations are replayed on a copy of the state so each one is classified, and its online
 * form chosen, on the state its revision would meet. */
#include "split.h"

#include <string.h>

#include "replay.h"
#include "strbuf.h"

/* One split run. */
typedef struct splitter {
    mg_arena *a;
    mg_replay r;       /* the state before the op being split */
    const mg_vec *ops; /* the diff's operations */
    mg_vec fresh;      /* const char *: tables the diff creates (never online) */
    mg_vec *parts;     /* [MG_PART_COUNT] */
    bool online;       /* settings->online */
} splitter;

static void
put(splitter *s, int part, mg_op *op)
{
    mg_vec_push(s->a, &s->parts[part], op);
}

static mg_op *
copy_op(splitter *s, const mg_op *op)
{
    mg_op *c = mg_arena_alloc(s->a, sizeof(*c));
    *c = *op;
    return c;
}

/* A new operation of kind on table, at op's location. */
static mg_op *
new_op(splitter *s, mg_op_kind kind, const mg_op *op, const char *table)
{
    mg_op *n = mg_arena_alloc(s->a, sizeof(*n));
    n->kind = kind;
    n->loc = op->loc;
    n->table = table;
    return n;
}

/* True when the table (in the state before the op) was not created by this diff. */
static bool
existing(const splitter *s, const char *table)
{
    if (table == NULL)
        return false;
    for (size_t i = 0; i < s->fresh.len; i++)
        if (strcmp(s->fresh.items[i], table) == 0)
            return false;
    return mg_schema_table(s->r.state, table) != NULL;
}

/* Follows the tables the diff creates through its renames. */
static void
track_fresh(splitter *s, const mg_op *op)
{
    if (op->kind == MG_OP_CREATE_TABLE)
        mg_vec_push(s->a, &s->fresh, (void *)op->table_def->name);
    for (size_t i = 0; op->kind == MG_OP_RENAME_TABLE && i < s->fresh.len; i++)
        if (strcmp(s->fresh.items[i], op->from) == 0)
            s->fresh.items[i] = (void *)op->to;
}

/* add_check / add_foreign_key: NOT VALID now, VALIDATE CONSTRAINT in the second half. */
static void
split_validated(splitter *s, const mg_op *op)
{
    mg_op *add = copy_op(s, op);
    add->not_valid = true;
    put(s, MG_PART_MAIN, add);
    mg_op *v = new_op(s, MG_OP_VALIDATE_CONSTRAINT, op, op->table);
    v->name = op->kind == MG_OP_ADD_CHECK ? op->check->name : op->fk->name;
    put(s, MG_PART_SECOND, v);
}

/* True when name is free on t and as a relation of the state. */
static bool
name_free(const mg_schema *st, const mg_table *t, const char *name)
{
    for (size_t i = 0; i < t->checks.len; i++)
        if (strcmp(((const mg_check *)t->checks.items[i])->name, name) == 0)
            return false;
    for (size_t i = 0; i < t->fks.len; i++)
        if (strcmp(((const mg_fk *)t->fks.items[i])->name, name) == 0)
            return false;
    for (size_t i = 0; i < st->tables.len; i++) {
        const mg_table *o = st->tables.items[i];
        if (strcmp(o->name, name) == 0 || (o->pk && strcmp(o->pk->name, name) == 0))
            return false;
        for (size_t j = 0; j < o->uniques.len; j++)
            if (strcmp(((const mg_key *)o->uniques.items[j])->name, name) == 0)
                return false;
        for (size_t j = 0; j < o->indexes.len; j++)
            if (strcmp(((const mg_index *)o->indexes.items[j])->name, name) == 0)
                return false;
    }
    return true;
}

/* The column as an SQL identifier: bare when PostgreSQL keeps it as written, else quoted. */
static const char *
column_sql(mg_arena *a, const char *name)
{
    bool bare = (name[0] >= 'a' && name[0] <= 'z') || name[0] == '_';
    for (const char *p = name; *p; p++)
        bare = bare && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
    if (bare)
        return name;
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_putc(&b, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            mg_sb_putc(&b, '"');
        mg_sb_putc(&b, *p);
    }
    mg_sb_putc(&b, '"');
    return mg_sb_str(&b);
}

/* The helper CHECK (col IS NOT NULL) of an online SET NOT NULL, added NOT VALID. */
static mg_op *
helper_check(splitter *s, const mg_op *op, const char *name)
{
    mg_check *k = mg_arena_alloc(s->a, sizeof(*k));
    k->name = name;
    k->loc = op->loc;
    k->expr = mg_arena_printf(s->a, "%s IS NOT NULL", column_sql(s->a, op->name));
    mg_op *add = new_op(s, MG_OP_ADD_CHECK, op, op->table);
    add->name = name;
    add->check = k;
    add->not_valid = true;
    return add;
}

/* alter_column to NOT NULL of a nullable column: the helper check NOT VALID now (with the rest of
 * the change, if any); then VALIDATE it, SET NOT NULL (PostgreSQL 12+ skips the scan thanks to
 * the valid check) and drop it. False, for the plain form, when no helper name fits. */
static bool
split_not_null(splitter *s, const mg_op *op)
{
    const mg_table *t = mg_schema_table(s->r.state, op->table);
    const mg_column *c = mg_table_column(t, op->name);
    const char *name = mg_arena_printf(s->a, "%s_%s_not_null", op->table, op->name);
    if (c == NULL || !c->nullable || strlen(name) > 63 || !name_free(s->r.state, t, name))
        return false;
    if (op->has_type || op->default_set) {
        mg_op *rest = copy_op(s, op);
        rest->nullable_set = false;
        put(s, MG_PART_MAIN, rest);
    }
    put(s, MG_PART_MAIN, helper_check(s, op, name));
    mg_op *v = new_op(s, MG_OP_VALIDATE_CONSTRAINT, op, op->table);
    v->name = name;
    put(s, MG_PART_SECOND, v);
    mg_op *nn = new_op(s, MG_OP_ALTER_COLUMN, op, op->table);
    nn->name = op->name;
    nn->nullable_set = true;
    put(s, MG_PART_SECOND, nn);
    mg_op *drop = new_op(s, MG_OP_DROP_CHECK, op, op->table);
    drop->name = name;
    put(s, MG_PART_SECOND, drop);
    return true;
}

/* True when fk references key (of table; pk: the primary key). */
static bool
fk_uses(const mg_fk *fk, const char *table, const mg_key *key, bool pk)
{
    if (strcmp(fk->ref_table, table) != 0)
        return false;
    return fk->ref_columns.len == 0 ? pk : mg_strvec_equal(&fk->ref_columns, &key->columns);
}

/* True when a foreign key that the diff adds references the key op adds: it needs the key in
 * the transactional part, so the key keeps its plain form. */
static bool
fk_needs(const splitter *s, const mg_op *key_op)
{
    bool pk = key_op->kind == MG_OP_SET_PRIMARY_KEY;
    for (size_t i = 0; i < s->ops->len; i++) {
        const mg_op *op = s->ops->items[i];
        if (op->kind == MG_OP_ADD_FOREIGN_KEY && fk_uses(op->fk, key_op->table, key_op->key, pk))
            return true;
        for (size_t j = 0; op->kind == MG_OP_CREATE_TABLE && j < op->table_def->fks.len; j++)
            if (fk_uses(op->table_def->fks.items[j], key_op->table, key_op->key, pk))
                return true;
    }
    return false;
}

/* add_unique / set_primary_key: its unique index built CONCURRENTLY (named as the constraint,
 * which keeps the name), then ADD CONSTRAINT ... USING INDEX in the second half. */
static bool
split_key(splitter *s, const mg_op *op)
{
    const mg_vec *cols = &op->key->columns;
    for (size_t i = 0; i < cols->len; i++) {
        const char *col = cols->items[i];
        if (mg_index_key_column_len(col) != strlen(col))
            return false; /* not a plain column name */
    }
    if (fk_needs(s, op) || op->key->nulls_not_distinct)
        return false; /* the plain form: the index built first would need NULLS NOT DISTINCT too */
    mg_index *x = mg_arena_alloc(s->a, sizeof(*x));
    x->name = op->key->name;
    x->loc = op->loc;
    mg_strvec_copy(s->a, &x->keys, cols);
    x->unique = true;
    x->concurrently = true;
    mg_op *build = new_op(s, MG_OP_CREATE_INDEX, op, op->table);
    build->name = x->name;
    build->index = x;
    put(s, MG_PART_BUILDS, build);
    mg_op *add = copy_op(s, op);
    add->using_index = x->name;
    put(s, MG_PART_SECOND, add);
    return true;
}

/* create_index / drop_index: CONCURRENTLY, in the builds or drops part. */
static void
split_index(splitter *s, const mg_op *op)
{
    mg_op *c = copy_op(s, op);
    if (op->kind == MG_OP_DROP_INDEX) {
        c->concurrently = true;
        put(s, MG_PART_DROPS, c);
        return;
    }
    c->index = mg_index_copy(s->a, op->index);
    c->index->concurrently = true;
    put(s, MG_PART_BUILDS, c);
}

/* The table of index name in the state, or NULL. */
static const mg_table *
index_table(const splitter *s, const char *name)
{
    for (size_t i = 0; name != NULL && i < s->r.state->tables.len; i++) {
        const mg_table *t = s->r.state->tables.items[i];
        for (size_t j = 0; j < t->indexes.len; j++)
            if (strcmp(((const mg_index *)t->indexes.items[j])->name, name) == 0)
                return t;
    }
    return NULL;
}

/* True when op works on a partitioned table: PostgreSQL 15 has no NOT VALID foreign key, no
 * index built or dropped CONCURRENTLY and no ADD CONSTRAINT ... USING INDEX there, so those keep
 * their plain forms (a NOT VALID check is fine). */
static bool
plain_on_partitioned(const splitter *s, const mg_op *op)
{
    const mg_table *t = op->kind == MG_OP_DROP_INDEX && op->table == NULL
                            ? index_table(s, op->name)
                            : mg_schema_table(s->r.state, op->table);
    return t != NULL && t->partition_by != NULL && op->kind != MG_OP_ADD_CHECK &&
           op->kind != MG_OP_ALTER_COLUMN;
}

/* Writes op in its online form when it has one and its table exists before the diff; false
 * when it keeps its plain form. */
static bool
split_online(splitter *s, const mg_op *op)
{
    if (!s->online || (op->kind != MG_OP_DROP_INDEX && !existing(s, op->table)) ||
        plain_on_partitioned(s, op))
        return false;
    switch (op->kind) {
    case MG_OP_ADD_CHECK:
    case MG_OP_ADD_FOREIGN_KEY:
        split_validated(s, op);
        return true;
    case MG_OP_ALTER_COLUMN:
        return op->nullable_set && !op->nullable && split_not_null(s, op);
    case MG_OP_ADD_UNIQUE:
    case MG_OP_SET_PRIMARY_KEY:
        return split_key(s, op);
    case MG_OP_CREATE_INDEX:
    case MG_OP_DROP_INDEX:
        split_index(s, op);
        return true;
    default:
        return false;
    }
}

/* Replays the parts in the order they are written, so that an order the state refuses is
 * reported before any file is. */
static int
replay_parts(mg_arena *a, const mg_schema *state, const mg_settings *settings,
             const mg_vec parts[MG_PART_COUNT], mg_diag *d)
{
    mg_replay r = {a, mg_schema_copy(a, state), settings, d};
    for (int p = 0; p < MG_PART_COUNT; p++) {
        for (size_t i = 0; i < parts[p].len; i++) {
            mg_op *filled, *reverse;
            if (mg_replay_op(&r, parts[p].items[i], &filled, &reverse) != 0)
                return -1;
        }
    }
    return 0;
}

int
mg_split_parts(mg_arena *a, const mg_schema *state, const mg_settings *settings, const mg_vec *ops,
               mg_vec parts[MG_PART_COUNT], mg_diag *d)
{
    splitter s = {a, {a, mg_schema_copy(a, state), settings, d}, ops, {0}, parts, settings->online};
    for (int p = 0; p < MG_PART_COUNT; p++)
        parts[p] = (mg_vec){0};
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        bool online = split_online(&s, op);
        mg_op *filled, *reverse;
        if (mg_replay_op(&s.r, op, &filled, &reverse) != 0)
            return -1;
        if (!online) {
            int part = !mg_replay_outside_transaction(filled) ? MG_PART_MAIN
                       : op->kind == MG_OP_DROP_INDEX         ? MG_PART_DROPS
                                                              : MG_PART_BUILDS;
            mg_vec_push(a, &parts[part], (void *)op);
        }
        track_fresh(&s, op);
    }
    if (parts[MG_PART_MAIN].len == ops->len)
        return 0; /* one part in the written order: the replay above was that order's */
    return replay_parts(a, state, settings, parts, d);
}
