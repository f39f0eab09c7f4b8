/* migc generator: semantic validation of the desired schema.
 * Types, column references, foreign key targets and name clashes, each at its own location. */
#include "validate.h"

#include "strmap.h"

#include <string.h>

#include "types.h"

typedef struct checker {
    mg_arena *a;
    const mg_schema *s;
    const mg_settings *settings;
    mg_diag *d;
    mg_vec names;   /* mg_loc *: relation-level names seen so far (tables, indexes, keys) */
    mg_strmap seen; /* each of those names -> its index in names */
} checker;

static void
columns_exist(checker *c, const mg_table *t, const mg_vec *cols, mg_loc loc, const char *what)
{
    for (size_t i = 0; i < cols->len; i++)
        if (mg_table_column(t, cols->items[i]) == NULL)
            mg_diag_error(c->d, loc, "%s: table \"%s\" has no column \"%s\"", what, t->name,
                          (const char *)cols->items[i]);
}

/* Index keys are "col", "col DESC", "first name NULLS FIRST"...: the column part is checked
 * unless it is an expression written in place (parentheses, quotes, COLLATE). */
static void
index_keys_exist(checker *c, const mg_table *t, const mg_index *x)
{
    for (size_t i = 0; i < x->keys.len; i++) {
        const char *k = x->keys.items[i];
        size_t n = mg_index_key_column_len(k);
        char *name = mg_arena_strndup(c->a, k, n);
        if (n > 0 && mg_table_column(t, name) == NULL)
            mg_diag_error(c->d, x->loc, "index \"%s\": table \"%s\" has no column \"%s\"", x->name,
                          t->name, name);
    }
    columns_exist(c, t, &x->include, x->loc, "include");
}

/* A schema-wide name (table, index, primary key or unique constraint) must be unique. */
static void
claim_name(checker *c, const char *name, mg_loc loc, const char *what)
{
    size_t i;
    if (mg_strmap_get(&c->seen, name, &i)) {
        const mg_loc *first = c->names.items[i];
        mg_diag_error(c->d, loc,
                      "%s name \"%s\" is already used in this PostgreSQL schema (at %s:%d:%d); "
                      "tables, indexes, primary keys and unique constraints share one namespace",
                      what, name, first->file ? first->file : "?", first->line, first->col);
        return;
    }
    mg_loc *l = mg_arena_alloc(c->a, sizeof(*l));
    *l = loc;
    mg_strmap_put(c->a, &c->seen, name, c->names.len);
    mg_vec_push(c->a, &c->names, l);
}

/* Columns of the key that fk references: explicit, or the target's primary key. */
static const mg_vec *
fk_target_columns(const mg_fk *fk, const mg_table *target)
{
    if (fk->ref_columns.len)
        return &fk->ref_columns;
    return target->pk ? &target->pk->columns : NULL;
}

static bool
is_key_of(const mg_table *t, const mg_vec *cols)
{
    if (t->pk && mg_strvec_equal(&t->pk->columns, cols))
        return true;
    for (size_t i = 0; i < t->uniques.len; i++)
        if (mg_strvec_equal(&((mg_key *)t->uniques.items[i])->columns, cols))
            return true;
    return false;
}

static void
check_fk_types(checker *c, const mg_table *t, const mg_fk *fk, const mg_table *target,
               const mg_vec *cols)
{
    for (size_t i = 0; i < fk->columns.len; i++) {
        const mg_column *from = mg_table_column(t, fk->columns.items[i]);
        const mg_column *to = mg_table_column(target, cols->items[i]);
        int compat = from && to ? mg_type_fk_compat(from->type, to->type) : MG_FK_SAME;
        if (compat == MG_FK_INCOMPATIBLE)
            mg_diag_error(c->d, fk->loc,
                          "foreign key \"%s\": column %s.%s is %s but %s.%s is %s; PostgreSQL "
                          "cannot compare them with the key's index (the types must be the same "
                          "or of one family: smallint/integer/bigint, text/varchar/char)",
                          fk->name, t->name, from->name, from->type, target->name, to->name,
                          to->type);
        else if (compat == MG_FK_NARROWER)
            mg_diag_warning(c->d, fk->loc,
                            "foreign key \"%s\": column %s.%s is %s, narrower than %s.%s (%s): "
                            "keys above its range cannot be referenced",
                            fk->name, t->name, from->name, from->type, target->name, to->name,
                            to->type);
    }
}

static void
check_fk(checker *c, const mg_table *t, const mg_fk *fk)
{
    columns_exist(c, t, &fk->columns, fk->loc, "foreign key");
    const mg_table *target = mg_schema_table(c->s, fk->ref_table);
    if (target == NULL) {
        mg_diag_error(c->d, fk->loc, "foreign key \"%s\" references unknown table \"%s\"", fk->name,
                      fk->ref_table);
        return;
    }
    const mg_vec *cols = fk_target_columns(fk, target);
    if (cols == NULL) {
        mg_diag_error(c->d, fk->loc, "foreign key \"%s\": table \"%s\" has no primary key",
                      fk->name, target->name);
        return;
    }
    size_t errors = mg_diag_count(c->d);
    columns_exist(c, target, cols, fk->loc, "foreign key");
    if (mg_diag_count(c->d) > errors)
        return; /* a missing referenced column says it all */
    if (cols->len != fk->columns.len) {
        mg_diag_error(c->d, fk->loc,
                      "foreign key \"%s\" has %zu column(s) but references %zu column(s)", fk->name,
                      fk->columns.len, cols->len);
        return;
    }
    if (!is_key_of(target, cols))
        mg_diag_error(c->d, fk->loc,
                      "foreign key \"%s\": the referenced columns of \"%s\" are not its primary "
                      "key or a unique constraint",
                      fk->name, target->name);
    check_fk_types(c, t, fk, target, cols);
}

/* Constraint names are unique per table in PostgreSQL, whatever their kind (primary key, unique,
 * check, foreign key): a clash there fails only at apply time. Reports every later use. */
static void
claim_constraint(checker *c, const mg_table *t, mg_vec *seen, const char *name, mg_loc loc)
{
    for (size_t i = 0; i < seen->len; i += 2) {
        if (strcmp(seen->items[i], name) != 0)
            continue;
        const mg_loc *first = seen->items[i + 1];
        mg_diag_error(c->d, loc,
                      "constraint name \"%s\" is used twice on table \"%s\" (first at %s:%d:%d); "
                      "primary key, unique, check and foreign key names share one namespace per "
                      "table",
                      name, t->name, first->file ? first->file : "?", first->line, first->col);
        return;
    }
    mg_loc *l = mg_arena_alloc(c->a, sizeof(*l));
    *l = loc;
    mg_vec_push(c->a, seen, (void *)name);
    mg_vec_push(c->a, seen, l);
}

static void
table_constraint_names(checker *c, const mg_table *t)
{
    mg_vec seen = {0}; /* name, mg_loc * pairs */
    if (t->pk)
        claim_constraint(c, t, &seen, t->pk->name, t->pk->loc);
    for (size_t i = 0; i < t->uniques.len; i++) {
        const mg_key *k = t->uniques.items[i];
        claim_constraint(c, t, &seen, k->name, k->loc);
    }
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *ck = t->checks.items[i];
        claim_constraint(c, t, &seen, ck->name, ck->loc);
    }
    for (size_t i = 0; i < t->fks.len; i++) {
        const mg_fk *fk = t->fks.items[i];
        claim_constraint(c, t, &seen, fk->name, fk->loc);
    }
}

static void
check_columns(checker *c, const mg_table *t)
{
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *col = t->columns.items[i];
        const char *ext = mg_type_extension(col->type);
        const mg_ext *e = ext != NULL ? mg_schema_extension(c->s, ext) : NULL;
        if (mg_type_known(col->type, c->s, c->settings))
            continue;
        if (e != NULL && e->schema != NULL)
            mg_diag_error(c->d, col->type_loc.line ? col->type_loc : col->loc,
                          "column \"%s.%s\": type \"%s\" comes with extension %s, which is "
                          "installed in schema %s: write it %s.%s",
                          t->name, col->name, col->type, e->name, e->schema, e->schema, col->type);
        else
            mg_diag_error(c->d, col->type_loc.line ? col->type_loc : col->loc,
                          "column \"%s.%s\": unknown type \"%s\" (declare it as an enum, declare "
                          "the extension that provides it, or list it under external_types in "
                          "module.yaml)",
                          t->name, col->name, col->type);
    }
}

/* PostgreSQL requires the partition key in every primary key and unique constraint of a
 * partitioned table, and the key's columns among the table's. */
static void
check_partition_key(checker *c, const mg_table *t)
{
    mg_vec cols = {0};
    if (t->partition_by == NULL || !mg_partition_columns(c->a, t->partition_by, &cols))
        return;
    for (size_t i = 0; i < cols.len; i++) {
        const char *col = cols.items[i];
        if (mg_table_column(t, col) == NULL) {
            mg_diag_error(c->d, t->partition_loc, "partition_by of \"%s\": unknown column \"%s\"",
                          t->name, col);
            continue;
        }
        for (size_t k = 0; k <= t->uniques.len; k++) {
            const mg_key *key = k < t->uniques.len ? t->uniques.items[k] : t->pk;
            bool has = false;
            for (size_t j = 0; key != NULL && j < key->columns.len; j++)
                has = has || strcmp(key->columns.items[j], col) == 0;
            if (key != NULL && !has)
                mg_diag_error(c->d, key->loc,
                              "%s \"%s\" of partitioned table \"%s\" must hold the partition key "
                              "column \"%s\" (PostgreSQL requires it)",
                              key == t->pk ? "primary key" : "unique constraint", key->name,
                              t->name, col);
        }
    }
}

/* True when text starts with prefix, in any case. */
static bool
starts_nocase(const char *text, const char *prefix)
{
    for (; *prefix != '\0'; text++, prefix++)
        if (*text == '\0' || (*text | 0x20) != (*prefix | 0x20))
            return false;
    return true;
}

/* The bounds fit the parent's strategy: FROM ... TO for RANGE, IN for LIST, WITH (MODULUS ...)
 * for HASH, and DEFAULT for any but HASH. */
static void
check_bounds_kind(checker *c, const mg_table *t, const mg_table *parent)
{
    static const char *const kinds[][2] = {
        {"RANGE", "FOR VALUES FROM"}, {"LIST", "FOR VALUES IN"}, {"HASH", "FOR VALUES WITH"}};
    const char *b = t->bounds;
    if (b == NULL)
        return;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!starts_nocase(parent->partition_by, kinds[i][0]))
            continue;
        bool is_default = strcmp(b, "DEFAULT") == 0;
        if ((is_default && i == 2) || (!is_default && !starts_nocase(b, kinds[i][1])))
            mg_diag_error(c->d, t->loc,
                          "partition \"%s\": %s partitioned table \"%s\" takes bounds %s ...%s",
                          t->name, kinds[i][0], parent->name, kinds[i][1],
                          i == 2 ? " (no DEFAULT partition)" : " or DEFAULT");
    }
}

/* A partition's parent is a declared partitioned table. */
static void
check_partition(checker *c, const mg_table *t)
{
    const mg_table *parent = mg_schema_table(c->s, t->partition_of);
    if (parent == NULL)
        mg_diag_error(c->d, t->partition_loc, "partition \"%s\" of unknown table \"%s\"", t->name,
                      t->partition_of);
    else if (parent->partition_by == NULL)
        mg_diag_error(c->d, t->partition_loc,
                      "partition \"%s\": table \"%s\" is not partitioned (give it "
                      "\"partition_by\")",
                      t->name, t->partition_of);
    else
        check_bounds_kind(c, t, parent);
}

static void
check_table(checker *c, const mg_table *t)
{
    claim_name(c, t->name, t->loc, "table");
    if (t->partition_of != NULL)
        check_partition(c, t);
    check_partition_key(c, t);
    check_columns(c, t);
    if (t->pk) {
        columns_exist(c, t, &t->pk->columns, t->pk->loc, "primary key");
        claim_name(c, t->pk->name, t->pk->loc, "primary key");
    }
    for (size_t i = 0; i < t->uniques.len; i++) {
        const mg_key *k = t->uniques.items[i];
        columns_exist(c, t, &k->columns, k->loc, "unique constraint");
        claim_name(c, k->name, k->loc, "unique constraint");
    }
    for (size_t i = 0; i < t->indexes.len; i++) {
        const mg_index *x = t->indexes.items[i];
        index_keys_exist(c, t, x);
        claim_name(c, x->name, x->loc, "index");
        if (x->concurrently && t->partition_by != NULL)
            mg_diag_error(c->d, x->loc,
                          "index \"%s\": PostgreSQL cannot build an index on partitioned table "
                          "\"%s\" CONCURRENTLY; leave out \"concurrently\"",
                          x->name, t->name);
    }
    for (size_t i = 0; i < t->fks.len; i++)
        check_fk(c, t, t->fks.items[i]);
    table_constraint_names(c, t);
    mg_validate_table_exprs(c->a, c->s, t, NULL, c->d);
}

/* A sequence's name is a relation's; its owner must be a declared column (SPEC §3.1). */
static void
check_sequence(checker *c, const mg_sequence *q)
{
    claim_name(c, q->name, q->loc, "sequence");
    if (q->owned_table == NULL)
        return;
    const mg_table *t = mg_schema_table(c->s, q->owned_table);
    if (t == NULL)
        mg_diag_error(c->d, q->owned_loc,
                      "sequence \"%s\": owned_by names table \"%s\", which "
                      "is not declared",
                      q->name, q->owned_table);
    else if (mg_table_column(t, q->owned_column) == NULL)
        mg_diag_error(c->d, q->owned_loc,
                      "sequence \"%s\": owned_by names column %s.%s, which "
                      "is not declared",
                      q->name, q->owned_table, q->owned_column);
}

/* A domain's name is a type's (not a table's row type, not an enum); its base type must be known;
 * its check names unique. */
static void
check_domain(checker *c, const mg_domain *dom)
{
    const char *clash = mg_schema_table(c->s, dom->name)  ? "a table (tables have a row type "
                                                            "of the same name)"
                        : mg_schema_enum(c->s, dom->name) ? "an enum"
                                                          : NULL;
    if (clash != NULL)
        mg_diag_error(c->d, dom->loc, "domain \"%s\" has the name of %s", dom->name, clash);
    if (dom->type != NULL && !mg_type_known(dom->type, c->s, c->settings))
        mg_diag_error(c->d, dom->loc,
                      "domain \"%s\": unknown type \"%s\" (declare it as an enum, declare the "
                      "extension that provides it, or list it under external_types in "
                      "module.yaml)",
                      dom->name, dom->type);
    for (size_t i = 0; i < dom->checks.len; i++)
        for (size_t j = 0; j < i; j++) {
            const mg_check *x = dom->checks.items[i], *y = dom->checks.items[j];
            if (strcmp(x->name, y->name) == 0)
                mg_diag_error(c->d, x->loc, "domain \"%s\": check \"%s\" is defined twice",
                              dom->name, x->name);
        }
}

/* A composite type's name is a relation's and a type's; its attribute types must be known. */
static void
check_ctype(checker *c, const mg_ctype *t)
{
    claim_name(c, t->name, t->loc, "type");
    if (mg_schema_enum(c->s, t->name) || mg_schema_domain(c->s, t->name))
        mg_diag_error(c->d, t->loc, "type \"%s\" has the name of an enum or domain", t->name);
    for (size_t i = 0; i < t->attrs.len; i++) {
        const mg_attr *x = t->attrs.items[i];
        if (x->type != NULL && !mg_type_known(x->type, c->s, c->settings))
            mg_diag_error(c->d, x->loc,
                          "attribute %s.%s: unknown type \"%s\" (declare it, or list it under "
                          "external_types in module.yaml)",
                          t->name, x->name, x->type);
    }
}

/* True when name is a declared table, view, sequence, type or function name of s. */
static bool
declared(const mg_schema *s, const char *name)
{
    if (mg_schema_table(s, name) || mg_schema_sequence(s, name) || mg_schema_enum(s, name) ||
        mg_schema_domain(s, name) || mg_schema_ctype(s, name) || mg_schema_view(s, name))
        return true;
    for (size_t i = 0; i < s->funcs.len; i++)
        if (strcmp(((const mg_func *)s->funcs.items[i])->proname, name) == 0)
            return true;
    return false;
}

/* depends_on names declared objects only (it orders the function after them). */
static void
check_func(checker *c, const mg_func *f)
{
    for (size_t i = 0; i < f->depends_on.len; i++)
        if (!declared(c->s, f->depends_on.items[i]))
            mg_diag_error(c->d, f->loc,
                          "function %s: depends_on names \"%s\", which this schema does not "
                          "declare",
                          f->name, (const char *)f->depends_on.items[i]);
}

/* The UPDATE OF columns of a trigger must be columns of its table. */
static void
check_trigger(checker *c, const mg_trigger *g)
{
    const mg_table *t = mg_schema_table(c->s, g->table);
    for (size_t i = 0; t != NULL && i < g->update_of.len; i++)
        if (mg_table_column(t, g->update_of.items[i]) == NULL)
            mg_diag_error(c->d, g->loc, "trigger %s: update_of names no column \"%s\" of table %s",
                          g->name, (const char *)g->update_of.items[i], g->table);
}

/* A view's name is a relation's; depends_on names declared relations; a view does not read
 * itself through depends_on. */
static void
check_view(checker *c, const mg_view *v)
{
    claim_name(c, v->name, v->loc, v->materialized ? "materialized view" : "view");
    if (mg_schema_enum(c->s, v->name) || mg_schema_domain(c->s, v->name) ||
        mg_schema_ctype(c->s, v->name))
        mg_diag_error(c->d, v->loc, "view \"%s\" has the name of a type", v->name);
    for (size_t i = 0; i < v->depends_on.len; i++) {
        const char *n = v->depends_on.items[i];
        if (strcmp(n, v->name) == 0 ||
            (!mg_schema_view(c->s, n) && !mg_schema_table(c->s, n) && !mg_schema_sequence(c->s, n)))
            mg_diag_error(c->d, v->loc,
                          "view \"%s\": depends_on names \"%s\", which is not a declared table, "
                          "view or materialized view",
                          v->name, n);
    }
    for (size_t i = 0; i < v->indexes.len; i++) {
        const mg_index *x = v->indexes.items[i];
        claim_name(c, x->name, x->loc, "index");
    }
}

int
mg_validate_schema(mg_arena *a, const mg_schema *s, const mg_settings *settings, mg_diag *d)
{
    checker c = {a, s, settings, d, {0}, {0}};
    size_t before = mg_diag_count(d);
    for (size_t i = 0; i < s->tables.len; i++)
        check_table(&c, s->tables.items[i]);
    for (size_t i = 0; i < s->sequences.len; i++)
        check_sequence(&c, s->sequences.items[i]);
    for (size_t i = 0; i < s->domains.len; i++)
        check_domain(&c, s->domains.items[i]);
    for (size_t i = 0; i < s->types.len; i++)
        check_ctype(&c, s->types.items[i]);
    for (size_t i = 0; i < s->triggers.len; i++)
        check_trigger(&c, s->triggers.items[i]);
    for (size_t i = 0; i < s->funcs.len; i++)
        check_func(&c, s->funcs.items[i]);
    for (size_t i = 0; i < s->views.len; i++)
        check_view(&c, s->views.items[i]);
    for (size_t i = 0; i < s->enums.len; i++) {
        const mg_enum *e = s->enums.items[i];
        if (mg_schema_table(s, e->name))
            mg_diag_error(d, e->loc,
                          "enum \"%s\" has the name of a table (tables have a row type "
                          "of the same name)",
                          e->name);
    }
    return mg_diag_count(d) > before ? -1 : 0;
}
