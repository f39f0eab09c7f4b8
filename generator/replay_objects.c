/* migc generator: replay of constraints, indexes and enum types.
 * Same contract as replay.c: check against the state, complete the op, build its reverse, apply. */
#include "replay.h"

#include <string.h>

#include "label_rename.h"
#include "types.h"

typedef enum obj_family { FAM_UNIQUE, FAM_CHECK, FAM_FK, FAM_INDEX, FAM_EXCL } obj_family;

typedef struct obj_kind {
    mg_op_kind add, drop;
    obj_family family;
} obj_kind;

/* Each family's add and drop kinds, indexed by obj_family (the reverse of one is the other). */
static const obj_kind families[] = {
    [FAM_UNIQUE] = {MG_OP_ADD_UNIQUE, MG_OP_DROP_UNIQUE, FAM_UNIQUE},
    [FAM_CHECK] = {MG_OP_ADD_CHECK, MG_OP_DROP_CHECK, FAM_CHECK},
    [FAM_FK] = {MG_OP_ADD_FOREIGN_KEY, MG_OP_DROP_FOREIGN_KEY, FAM_FK},
    [FAM_INDEX] = {MG_OP_CREATE_INDEX, MG_OP_DROP_INDEX, FAM_INDEX},
    [FAM_EXCL] = {MG_OP_ADD_EXCLUSION, MG_OP_DROP_EXCLUSION, FAM_EXCL},
};

static mg_vec *
family_list(mg_table *t, obj_family f)
{
    switch (f) {
    case FAM_UNIQUE:
        return &t->uniques;
    case FAM_CHECK:
        return &t->checks;
    case FAM_FK:
        return &t->fks;
    case FAM_EXCL:
        return &t->excls;
    default:
        return &t->indexes;
    }
}

/* Every object kind here starts with its name field. */
static const char *
obj_name(obj_family f, void *obj)
{
    switch (f) {
    case FAM_UNIQUE:
        return ((mg_key *)obj)->name;
    case FAM_CHECK:
        return ((mg_check *)obj)->name;
    case FAM_FK:
        return ((mg_fk *)obj)->name;
    case FAM_EXCL:
        return ((mg_exclusion *)obj)->name;
    default:
        return ((mg_index *)obj)->name;
    }
}

static int
find_obj(mg_table *t, obj_family f, const char *name)
{
    mg_vec *v = family_list(t, f);
    for (size_t i = 0; i < v->len; i++)
        if (mg_same_name(obj_name(f, v->items[i]), name))
            return (int)i;
    return -1;
}

/* Sets the object field of op that matches the family. */
static void
set_obj(mg_arena *a, mg_op *op, obj_family f, void *obj)
{
    switch (f) {
    case FAM_UNIQUE:
        op->key = mg_key_copy(a, obj);
        break;
    case FAM_CHECK:
        op->check = mg_check_copy(a, obj);
        break;
    case FAM_FK:
        op->fk = mg_fk_copy(a, obj);
        break;
    case FAM_EXCL:
        op->excl = mg_exclusion_copy(a, obj);
        break;
    default:
        op->index = mg_index_copy(a, obj);
        break;
    }
}

static void *
get_obj(const mg_op *op, obj_family f)
{
    switch (f) {
    case FAM_UNIQUE:
        return op->key;
    case FAM_CHECK:
        return op->check;
    case FAM_FK:
        return op->fk;
    case FAM_EXCL:
        return op->excl;
    default:
        return op->index;
    }
}

/* Table owning the index called name, searching the whole state. */
static mg_table *
index_owner(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->tables.len; i++)
        if (find_obj(s->tables.items[i], FAM_INDEX, name) >= 0)
            return s->tables.items[i];
    return NULL;
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

/* Same rules as the schema validation: the columns of fk (on t) and of the referenced key
 * exist, match in number and have types PostgreSQL compares with the key's index (integer ->
 * bigint is fine; integer -> uuid fails only at apply time), and the referenced columns are a
 * key. */
bool
mg_replay_fk_ok(mg_replay *r, const mg_op *op, const mg_table *t, const mg_fk *fk)
{
    const char *kind = mg_op_kind_name(op->kind);
    const mg_table *target = mg_replay_table(r, op, fk->ref_table);
    if (target == NULL || !mg_replay_columns_exist(r, op, t, &fk->columns))
        return false;
    const mg_vec *cols =
        fk->ref_columns.len || !target->pk ? &fk->ref_columns : &target->pk->columns;
    if (!mg_replay_columns_exist(r, op, target, cols))
        return false;
    if (cols->len != fk->columns.len || !is_key_of(target, cols)) {
        mg_diag_error(r->diag, op->loc,
                      cols->len != fk->columns.len
                          ? "%s: foreign key \"%s\" has a different number of columns than the "
                            "key of \"%s\" it references"
                          : "%s: foreign key \"%s\": the referenced columns of \"%s\" are not its "
                            "primary key or a unique constraint",
                      kind, fk->name, target->name);
        return false;
    }
    for (size_t i = 0; i < cols->len; i++) {
        const mg_column *from = mg_table_column(t, fk->columns.items[i]);
        const mg_column *to = mg_table_column(target, cols->items[i]);
        if (mg_type_fk_compat(from->type, to->type) == MG_FK_INCOMPATIBLE) {
            mg_diag_error(r->diag, op->loc,
                          "%s: foreign key \"%s\": column %s.%s is %s but %s.%s is %s; PostgreSQL "
                          "cannot compare them with the key's index",
                          kind, fk->name, t->name, from->name, from->type, target->name, to->name,
                          to->type);
            return false;
        }
    }
    return true;
}

static bool
obj_columns_ok(mg_replay *r, const mg_op *op, mg_table *t, obj_family f, void *obj)
{
    if (f == FAM_UNIQUE)
        return mg_replay_columns_exist(r, op, t, &((mg_key *)obj)->columns);
    if (f == FAM_FK)
        return mg_replay_fk_ok(r, op, t, obj);
    if (f == FAM_INDEX)
        return mg_replay_columns_exist(r, op, t, &((mg_index *)obj)->include);
    return true;
}

static bool name_in_use(const mg_schema *s, mg_table *t, const char *name);

static int
add_obj(mg_replay *r, const mg_op *op, const obj_kind *k, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->table);
    void *obj = get_obj(op, k->family);
    mg_index *taken = NULL;
    if (t == NULL || !obj_columns_ok(r, op, t, k->family, obj) ||
        mg_replay_take_index(r, op, t, &taken) != 0)
        return -1;
    const char *name = obj_name(k->family, obj);
    if (k->family == FAM_EXCL && t->partition_by != NULL) {
        mg_diag_error(r->diag, op->loc,
                      "%s: table \"%s\" is partitioned: it cannot have exclusion constraints in "
                      "PostgreSQL 15",
                      mg_op_kind_name(op->kind), t->name);
        return -1;
    }
    if (find_obj(t, k->family, name) >= 0 ||
        (k->family == FAM_INDEX && index_owner(r->state, name)) ||
        (k->family == FAM_EXCL && name_in_use(r->state, t, name))) {
        mg_diag_error(r->diag, op->loc, "%s: \"%s\" already exists", mg_op_kind_name(op->kind),
                      name);
        return -1;
    }
    mg_op *tmp = mg_replay_new_op(r, k->add, op);
    set_obj(r->arena, tmp, k->family, obj);
    if (k->family == FAM_CHECK)
        tmp->check->not_valid = op->not_valid;
    else if (k->family == FAM_FK)
        tmp->fk->not_valid = op->not_valid;
    mg_vec_push(r->arena, family_list(t, k->family), get_obj(tmp, k->family));
    *reverse = mg_replay_new_op(r, k->drop, op);
    (*reverse)->name = name;
    set_obj(r->arena, *reverse, k->family, obj);
    mg_replay_keep_index(*reverse, op, taken);
    return 0;
}

/* A foreign key (of any table) that needs key k of table t: PostgreSQL refuses to drop the key
 * while it exists. Sets *owner to the table holding it. */
static const mg_fk *
dependent_fk(const mg_schema *s, const mg_table *t, const mg_key *k, bool is_pk,
             const mg_table **owner)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *o = s->tables.items[i];
        for (size_t j = 0; j < o->fks.len; j++) {
            const mg_fk *fk = o->fks.items[j];
            if (strcmp(fk->ref_table, t->name) != 0)
                continue;
            if ((is_pk && fk->ref_columns.len == 0) ||
                mg_strvec_equal(&fk->ref_columns, &k->columns)) {
                *owner = o;
                return fk;
            }
        }
    }
    return NULL;
}

/* Refuses to drop a primary key or unique constraint that a foreign key still needs. */
static bool
key_droppable(mg_replay *r, const mg_op *op, const mg_table *t, const mg_key *k, bool is_pk)
{
    const mg_table *owner = NULL;
    const mg_fk *fk = dependent_fk(r->state, t, k, is_pk, &owner);
    if (fk == NULL)
        return true;
    mg_diag_error(r->diag, op->loc,
                  "%s: \"%s\" is needed by foreign key \"%s\" of table \"%s\"; drop that first",
                  mg_op_kind_name(op->kind), k->name, fk->name, owner->name);
    return false;
}

static int
drop_obj(mg_replay *r, const mg_op *op, mg_op *filled, const obj_kind *k, mg_op **reverse)
{
    mg_table *t = k->family == FAM_INDEX && op->table == NULL
                      ? index_owner(r->state, op->name)
                      : mg_schema_table(r->state, op->table);
    int i = t ? find_obj(t, k->family, op->name) : -1;
    if (i < 0) {
        mg_diag_error(r->diag, op->loc, "%s: \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->name);
        return -1;
    }
    mg_vec *v = family_list(t, k->family);
    if (k->family == FAM_UNIQUE && !key_droppable(r, op, t, v->items[i], false))
        return -1;
    filled->table = t->name;
    set_obj(r->arena, filled, k->family, v->items[i]);
    if (k->family == FAM_INDEX && op->concurrently)
        filled->index->concurrently = true; /* and so is its reverse */
    mg_vec_remove(v, (size_t)i);
    *reverse = mg_replay_new_op(r, k->add, filled);
    set_obj(r->arena, *reverse, k->family, get_obj(filled, k->family));
    (*reverse)->not_valid = (k->family == FAM_CHECK && filled->check->not_valid) ||
                            (k->family == FAM_FK && filled->fk->not_valid); /* as it was */
    return 0;
}

int
mg_replay_pk_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    if (op->kind == MG_OP_DROP_PRIMARY_KEY) {
        if (t->pk == NULL) {
            mg_diag_error(r->diag, op->loc, "drop_primary_key: table \"%s\" has no primary key",
                          t->name);
            return -1;
        }
        if (!key_droppable(r, op, t, t->pk, true))
            return -1;
        filled->key = mg_key_copy(r->arena, t->pk);
        t->pk = NULL;
        *reverse = mg_replay_new_op(r, MG_OP_SET_PRIMARY_KEY, op);
        (*reverse)->key = filled->key;
        return 0;
    }
    if (t->pk != NULL) {
        mg_diag_error(r->diag, op->loc,
                      "set_primary_key: table \"%s\" already has primary key \"%s\"; drop it first",
                      t->name, t->pk->name);
        return -1;
    }
    mg_index *taken = NULL;
    if (!mg_replay_columns_exist(r, op, t, &op->key->columns) ||
        mg_replay_take_index(r, op, t, &taken) != 0)
        return -1;
    t->pk = mg_key_copy(r->arena, op->key);
    *reverse = mg_replay_new_op(r, MG_OP_DROP_PRIMARY_KEY, op);
    (*reverse)->key = mg_key_copy(r->arena, op->key);
    mg_replay_keep_index(*reverse, op, taken);
    return 0;
}

/* True when name is a relation of the state (a table, an index, or the index of a primary key
 * or unique constraint), or a constraint of t. */
static bool
name_in_use(const mg_schema *s, mg_table *t, const char *name)
{
    if (find_obj(t, FAM_CHECK, name) >= 0 || find_obj(t, FAM_FK, name) >= 0)
        return true;
    for (size_t i = 0; i < s->tables.len; i++) {
        mg_table *o = s->tables.items[i];
        if (strcmp(o->name, name) == 0 || (o->pk && strcmp(o->pk->name, name) == 0) ||
            find_obj(o, FAM_UNIQUE, name) >= 0 || find_obj(o, FAM_INDEX, name) >= 0 ||
            find_obj(o, FAM_EXCL, name) >= 0) /* an exclusion constraint owns its index */
            return true;
    }
    return false;
}

/* The name field of t's constraint (rename_constraint) or index (rename_index) called name. */
static const char **
renamed_slot(mg_table *t, mg_op_kind kind, const char *name)
{
    if (kind == MG_OP_RENAME_INDEX) {
        int i = find_obj(t, FAM_INDEX, name);
        return i < 0 ? NULL : &((mg_index *)t->indexes.items[i])->name;
    }
    if (t->pk && strcmp(t->pk->name, name) == 0)
        return &t->pk->name;
    static const obj_family families[] = {FAM_UNIQUE, FAM_CHECK, FAM_FK, FAM_EXCL};
    for (size_t k = 0; k < sizeof(families) / sizeof(families[0]); k++) {
        int i = find_obj(t, families[k], name);
        if (i >= 0)
            return (const char **)family_list(t, families[k])->items[i]; /* the name member */
    }
    return NULL;
}

/* rename_constraint / rename_index: the object keeps its definition under the new name. */
int
mg_replay_rename_object(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    (void)filled;
    mg_table *t = mg_replay_table(r, op, op->table);
    if (t == NULL)
        return -1;
    const char *what = op->kind == MG_OP_RENAME_INDEX ? "index" : "constraint";
    const char **slot = renamed_slot(t, op->kind, op->from);
    if (slot == NULL || name_in_use(r->state, t, op->to)) {
        mg_diag_error(r->diag, op->loc,
                      slot == NULL ? "%s: table \"%s\" has no %s \"%s\""
                                   : "%s: table \"%s\": the %s name \"%s\" is already in use",
                      mg_op_kind_name(op->kind), t->name, what, slot ? op->to : op->from);
        return -1;
    }
    *slot = op->to;
    *reverse = mg_replay_new_op(r, op->kind, op);
    (*reverse)->table = op->table;
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

/* The add or drop of an object of family f (families[f]). */
static int
family_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse, obj_family f)
{
    const obj_kind *k = &families[f];
    if (op->kind == k->add)
        return add_obj(r, op, k, reverse);
    return drop_obj(r, op, filled, k, reverse);
}

/* add_unique, drop_unique. */
int
mg_replay_unique_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    return family_op(r, op, filled, reverse, FAM_UNIQUE);
}

/* add_check, drop_check. */
int
mg_replay_check_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    return family_op(r, op, filled, reverse, FAM_CHECK);
}

/* add_foreign_key, drop_foreign_key. */
int
mg_replay_fk_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    return family_op(r, op, filled, reverse, FAM_FK);
}

/* create_index, drop_index. */
int
mg_replay_index_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    return family_op(r, op, filled, reverse, FAM_INDEX);
}

/* add_exclusion, drop_exclusion. */
int
mg_replay_excl_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    return family_op(r, op, filled, reverse, FAM_EXCL);
}

/* ---- enum types ---- */

static int
value_index(const mg_enum *e, const char *value)
{
    for (size_t i = 0; i < e->values.len; i++)
        if (strcmp(e->values.items[i], value) == 0)
            return (int)i;
    return -1;
}

/* Length of type without its trailing [] pairs. */
static size_t
element_len(const char *type)
{
    size_t n = strlen(type);
    while (n >= 2 && type[n - 2] == '[' && type[n - 1] == ']')
        n -= 2;
    return n;
}

const mg_column *
mg_replay_type_user(const mg_schema *s, const char *name, const mg_table **owner)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        const mg_table *t = s->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            const mg_column *c = t->columns.items[j];
            if (mg_type_names_enum(c->type, element_len(c->type), name)) {
                *owner = t;
                return c;
            }
        }
    }
    return NULL;
}

void
mg_replay_retype(mg_replay *r, const char *from, const char *to)
{
    for (size_t i = 0; i < r->state->tables.len; i++) {
        const mg_table *t = r->state->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            mg_column *c = t->columns.items[j];
            size_t n = element_len(c->type);
            if (mg_type_names_enum(c->type, n, from))
                c->type =
                    mg_arena_printf(r->arena, "%s%s", mg_type_ident(r->arena, to), c->type + n);
        }
    }
    for (size_t i = 0; i < r->state->domains.len; i++) {
        mg_domain *d = r->state->domains.items[i];
        size_t n = element_len(d->type);
        if (mg_type_names_enum(d->type, n, from))
            d->type = mg_arena_printf(r->arena, "%s%s", mg_type_ident(r->arena, to), d->type + n);
    }
    for (size_t i = 0; i < r->state->types.len; i++) {
        const mg_ctype *t = r->state->types.items[i];
        for (size_t j = 0; j < t->attrs.len; j++) {
            mg_attr *x = t->attrs.items[j];
            size_t n = element_len(x->type);
            if (mg_type_names_enum(x->type, n, from))
                x->type =
                    mg_arena_printf(r->arena, "%s%s", mg_type_ident(r->arena, to), x->type + n);
        }
    }
}

/* A domain whose base type is the enum or domain name (or an array of it), or NULL. */
static const mg_domain *
domain_over(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->domains.len; i++) {
        const mg_domain *d = s->domains.items[i];
        if (mg_type_names_enum(d->type, element_len(d->type), name))
            return d;
    }
    return NULL;
}

static int
create_or_drop_enum(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    mg_enum *e = mg_schema_enum(r->state, op->name);
    if (op->kind == MG_OP_CREATE_ENUM) {
        if (e) {
            mg_diag_error(r->diag, op->loc, "create_enum: type \"%s\" already exists", op->name);
            return -1;
        }
        mg_enum *n = mg_arena_alloc(r->arena, sizeof(*n));
        n->name = op->name;
        n->loc = op->loc;
        mg_strvec_copy(r->arena, &n->values, &op->values);
        n->comment = op->comment;
        n->later_names = mg_arena_alloc(r->arena, sizeof(mg_vec));
        filled->later_names = n->later_names;
        mg_vec_push(r->arena, &r->state->enums, n);
        *reverse = mg_replay_new_op(r, MG_OP_DROP_ENUM, op);
        (*reverse)->name = op->name;
        (*reverse)->enum_def = mg_enum_copy(r->arena, n);
        return 0;
    }
    const mg_table *owner = NULL;
    const mg_column *user = e ? mg_replay_type_user(r->state, e->name, &owner) : NULL;
    const mg_domain *dom = e ? domain_over(r->state, e->name) : NULL;
    if (dom != NULL) {
        mg_diag_error(r->diag, op->loc, "drop_enum: type \"%s\" is the base type of domain %s",
                      op->name, dom->name);
        return -1;
    }
    if (e == NULL || user) {
        if (e == NULL)
            mg_diag_error(r->diag, op->loc, "drop_enum: type \"%s\" does not exist", op->name);
        else
            mg_diag_error(r->diag, op->loc, "drop_enum: type \"%s\" is used by column %s.%s",
                          op->name, owner->name, user->name);
        return -1;
    }
    filled->enum_def = mg_enum_copy(r->arena, e);
    for (size_t i = 0; i < r->state->enums.len; i++)
        if (r->state->enums.items[i] == e)
            mg_vec_remove(&r->state->enums, i);
    *reverse = mg_replay_new_op(r, MG_OP_CREATE_ENUM, op);
    (*reverse)->name = op->name;
    mg_strvec_copy(r->arena, &(*reverse)->values, &filled->enum_def->values);
    (*reverse)->comment = filled->enum_def->comment;
    return 0;
}

static int
rename_enum(mg_replay *r, const mg_op *op, mg_op **reverse)
{
    mg_enum *e = mg_schema_enum(r->state, op->from);
    if (e == NULL || mg_schema_enum(r->state, op->to)) {
        mg_diag_error(r->diag, op->loc, "rename_enum: type \"%s\" %s", e ? op->to : op->from,
                      e ? "already exists" : "does not exist");
        return -1;
    }
    e->name = op->to;
    if (e->later_names)
        mg_vec_push(r->arena, e->later_names, (void *)op->to);
    mg_replay_retype(r, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_ENUM, op);
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}

static int
add_enum_value(mg_replay *r, const mg_op *op, mg_enum *e, mg_op **reverse)
{
    const char *anchor = op->before ? op->before : op->after;
    int at = anchor ? value_index(e, anchor) : (int)e->values.len;
    if (value_index(e, op->value) >= 0 || at < 0) {
        mg_diag_error(r->diag, op->loc, "add_enum_value: type \"%s\" %s value \"%s\"", e->name,
                      at < 0 ? "has no" : "already has", at < 0 ? anchor : op->value);
        return -1;
    }
    if (op->after)
        at++;
    mg_vec_insert(r->arena, &e->values, (size_t)at, (void *)op->value);
    *reverse = mg_replay_new_op(r, MG_OP_REMOVE_ENUM_VALUE, op);
    (*reverse)->enum_name = e->name;
    (*reverse)->value = op->value;
    return 0;
}

static int
remove_enum_value(mg_replay *r, const mg_op *op, mg_enum *e, mg_op *filled, mg_op **reverse)
{
    int i = value_index(e, op->value);
    if (i < 0 || e->values.len == 1) {
        mg_diag_error(r->diag, op->loc, "remove_enum_value: type \"%s\" %s \"%s\"", e->name,
                      i < 0 ? "has no value" : "would be left without values by removing",
                      op->value);
        return -1;
    }
    mg_vec_remove(&e->values, (size_t)i);
    filled->enum_def = mg_enum_copy(r->arena, e);
    *reverse = mg_replay_new_op(r, MG_OP_ADD_ENUM_VALUE, op);
    (*reverse)->enum_name = e->name;
    (*reverse)->value = op->value;
    if (i > 0)
        (*reverse)->after = e->values.items[i - 1];
    else
        (*reverse)->before = e->values.items[0];
    return 0;
}

int
mg_replay_enum_op(mg_replay *r, const mg_op *op, mg_op *filled, mg_op **reverse)
{
    if (op->kind == MG_OP_CREATE_ENUM || op->kind == MG_OP_DROP_ENUM)
        return create_or_drop_enum(r, op, filled, reverse);
    if (op->kind == MG_OP_RENAME_ENUM)
        return rename_enum(r, op, reverse);
    mg_enum *e = mg_schema_enum(r->state, op->enum_name);
    if (e == NULL) {
        mg_diag_error(r->diag, op->loc, "%s: type \"%s\" does not exist at this revision",
                      mg_op_kind_name(op->kind), op->enum_name);
        return -1;
    }
    if (op->kind == MG_OP_ADD_ENUM_VALUE)
        return add_enum_value(r, op, e, reverse);
    if (op->kind == MG_OP_REMOVE_ENUM_VALUE)
        return remove_enum_value(r, op, e, filled, reverse);
    int i = value_index(e, op->from);
    if (i < 0 || value_index(e, op->to) >= 0) {
        mg_diag_error(r->diag, op->loc, "rename_enum_value: type \"%s\" %s value \"%s\"", e->name,
                      i < 0 ? "has no" : "already has", i < 0 ? op->from : op->to);
        return -1;
    }
    e->values.items[i] = (void *)op->to;
    mg_label_rename_defaults(r->arena, r->state, e->name, op->from, op->to);
    mg_label_rename_exprs(r->arena, r->state, e->name, op->from, op->to);
    *reverse = mg_replay_new_op(r, MG_OP_RENAME_ENUM_VALUE, op);
    (*reverse)->enum_name = e->name;
    (*reverse)->from = op->to;
    (*reverse)->to = op->from;
    return 0;
}
