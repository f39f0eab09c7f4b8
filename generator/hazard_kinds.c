/* migc generator: the hazard rows of the operation kinds (op_kinds.h names each kind's): the
 * plain form's lock, scan, rewrite, data loss and the problems squawk names, the name of what the
 * operation acts on, and the refine function that adds what depends on the operation and the
 * state before it (PostgreSQL 15's behaviour, SPEC §4.1). */
#include "hazard_internal.h"

#include <ctype.h>
#include <string.h>

#include "diff.h"
#include "types.h"

/* ------------------------------------------------------------------------------------------ */
/* Object names                                                                               */
/* ------------------------------------------------------------------------------------------ */

static const char *
obj_name(hz_ctx *c, const mg_op *op)
{
    (void)c;
    return op->name;
}

static const char *
obj_def(hz_ctx *c, const mg_op *op)
{
    (void)c;
    return op->table_def ? op->table_def->name : op->name;
}

static const char *
obj_rename(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s -> %s", op->from, op->to);
}

/* "table.name": columns, and constraints dropped by name. */
static const char *
obj_column(hz_ctx *c, const mg_op *op)
{
    const char *name = op->name ? op->name : op->column_def ? op->column_def->name : "?";
    return mg_arena_printf(c->a, "%s.%s", op->table, name);
}

static const char *
obj_rename_column(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s -> %s", op->table, op->from, op->to);
}

static const char *
obj_key(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->table, op->key ? op->key->name : "?");
}

static const char *
obj_pk(hz_ctx *c, const mg_op *op)
{
    if (c->own && c->own->pk)
        return mg_arena_printf(c->a, "%s.%s", op->table, c->own->pk->name);
    return op->table;
}

static const char *
obj_check(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->table, op->check ? op->check->name : "?");
}

static const char *
obj_excl(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->table, op->excl ? op->excl->name : "?");
}

static const char *
obj_fk(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->table, op->fk ? op->fk->name : "?");
}

static const char *
obj_index(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->table, op->index ? op->index->name : "?");
}

static const char *
obj_drop_index(hz_ctx *c, const mg_op *op)
{
    return c->own ? mg_arena_printf(c->a, "%s.%s", c->own->name, op->name) : op->name;
}

static const char *
obj_enum_value(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s", op->enum_name, op->value);
}

static const char *
obj_enum_rename(hz_ctx *c, const mg_op *op)
{
    return mg_arena_printf(c->a, "%s.%s -> %s", op->enum_name, op->from, op->to);
}

/* What set_comment comments: an enum, a table, or "table.name" of a column, index or
 * constraint. */
static const char *
obj_comment(hz_ctx *c, const mg_op *op)
{
    const char *sub = op->column ? op->column : op->index_name ? op->index_name : op->constraint;
    if (op->enum_name != NULL)
        return op->enum_name;
    return sub ? mg_arena_printf(c->a, "%s.%s", op->table, sub) : op->table;
}

/* The first line of the step's up SQL, cut at 40 bytes: "UPDATE users SET ...". */
static const char *
obj_sql(hz_ctx *c, const mg_op *op)
{
    const char *p = op->sql_up ? op->sql_up : "";
    while (isspace((unsigned char)*p))
        p++;
    size_t n = strcspn(p, "\r\n");
    while (n > 0 && isspace((unsigned char)p[n - 1]))
        n--;
    if (n == 0)
        return "(empty)";
    if (n <= 40)
        return mg_arena_strndup(c->a, p, n);
    while (n > 40 || ((unsigned char)p[n] & 0xC0) == 0x80) /* never cut a UTF-8 sequence */
        n--;
    return mg_arena_printf(c->a, "%.*s...", (int)n, p);
}

/* ------------------------------------------------------------------------------------------ */
/* Details per kind                                                                           */
/* ------------------------------------------------------------------------------------------ */

static void
refine_add_column(hz_ctx *c, const mg_op *op)
{
    const mg_column *col = op->column_def;
    if (!c->applies || col == NULL)
        return;
    const char *fn = NULL;
    mg_volatility v = col->default_expr ? mg_hazard_volatility(c->a, col->default_expr, &fn)
                                        : MG_VOLATILITY_STABLE;
    if (col->identity != NULL) {
        c->h->rewrites = true;
        mg_hz_add_problem(c,
                          "an identity column takes a sequence value for every row: table rewrite",
                          "adding-field-with-default");
    } else if (v == MG_VOLATILITY_VOLATILE) {
        c->h->rewrites = true;
        mg_hz_add_problem(
            c,
            mg_arena_printf(c->a,
                            "volatile default %s() is computed for every row: table "
                            "rewrite (add the column without it, backfill in batches)",
                            fn),
            "adding-field-with-default");
    } else if (v == MG_VOLATILITY_UNKNOWN) {
        c->h->rewrites = true;
        mg_hz_add_problem(
            c,
            mg_arena_printf(c->a,
                            "default calls %s(), which migc cannot prove stable: if it "
                            "is volatile the table is rewritten",
                            fn),
            "adding-field-with-default");
    }
    if (!col->nullable && col->default_expr == NULL && col->identity == NULL)
        mg_hz_add_problem(c, "NOT NULL without a default fails on a table that holds rows",
                          "adding-required-field");
}

/* True when t has a check that is exactly "column IS NOT NULL" (SET NOT NULL then skips its
 * scan, PostgreSQL 12+). */
static bool
has_not_null_check(const mg_table *t, const char *column)
{
    for (size_t i = 0; i < t->checks.len; i++) {
        const mg_check *k = t->checks.items[i];
        char norm[160];
        size_t n = 0;
        for (const char *p = k->expr; *p && n < sizeof(norm) - 1; p++)
            if (!isspace((unsigned char)*p) && *p != '(' && *p != ')')
                norm[n++] = (char)tolower((unsigned char)*p);
        norm[n] = '\0';
        size_t len = strlen(column);
        if (strncmp(norm, column, len) == 0 && strcmp(norm + len, "isnotnull") == 0)
            return true;
    }
    return false;
}

static void
type_change(hz_ctx *c, const mg_column *col, const mg_op *op)
{
    bool rewrites = mg_hazard_type_rewrites(col->type, op->type, op->using_expr);
    c->h->rewrites = c->h->rewrites || rewrites;
    c->h->destructive = c->h->destructive || !mg_diff_type_widens(col->type, op->type);
    const char *how = rewrites ? "rewrites the table and rebuilds its indexes"
                               : "is binary-coercible: no rewrite, no scan";
    mg_hz_add_problem(c, mg_arena_printf(c->a, "type %s -> %s %s", col->type, op->type, how),
                      "changing-column-type");
    if (strncmp(op->type, "character varying(", 18) == 0)
        mg_hz_add_problem(
            c,
            "each change of a varchar length takes ACCESS EXCLUSIVE again (text with a "
            "CHECK on its length does not)",
            "prefer-text-field");
}

static void
refine_alter_column(hz_ctx *c, const mg_op *op)
{
    const mg_column *col = c->own ? mg_table_column(c->own, op->name) : NULL;
    if (!c->applies || col == NULL)
        return;
    if (op->has_type && op->type != NULL)
        type_change(c, col, op);
    if (op->nullable_set && !op->nullable && col->nullable) {
        if (has_not_null_check(c->own, op->name)) {
            mg_hz_add_problem(c, "SET NOT NULL uses the table's CHECK (... IS NOT NULL): no scan",
                              NULL);
        } else {
            c->h->scans = true;
            mg_hz_add_problem(
                c,
                "SET NOT NULL scans every row under ACCESS EXCLUSIVE (add a CHECK (... IS "
                "NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL)",
                "adding-not-nullable-field");
        }
    }
    if (op->nullable_set && op->nullable && !col->nullable)
        mg_hz_add_problem(c, "DROP NOT NULL: readers that expect a value may break",
                          "ban-drop-not-null");
}

/* The online forms (SPEC §4.1): what replaces the plain form's scan and problems. */
static void
online_form(hz_ctx *c, const char *text)
{
    if (!c->applies)
        return;
    c->h->scans = false;
    c->h->problems.len = 0;
    mg_hz_add_problem(c, text, NULL);
}

static void
refine_add_check(hz_ctx *c, const mg_op *op)
{
    if (op->not_valid)
        online_form(c, "NOT VALID: a brief lock, no scan (validate_constraint checks the rows)");
}

/* On a partitioned table the remedies the problems name (CONCURRENTLY, NOT VALID, USING INDEX)
 * do not exist in PostgreSQL 15: each problem names the manual path instead. */
static void
partitioned_remedy(hz_ctx *c)
{
    if (!c->applies || c->own == NULL || c->own->partition_by == NULL)
        return;
    for (size_t i = 0; i < c->h->problems.len; i++) {
        const mg_problem *p = c->h->problems.items[i];
        const char *cut = strstr(p->text, " (");
        if (p->squawk == NULL || cut == NULL)
            continue;
        mg_problem *n = mg_arena_alloc(c->a, sizeof(*n));
        n->squawk = p->squawk;
        n->text = mg_arena_printf(c->a,
                                  "%.*s (PostgreSQL 15 has no online form of it on partitioned "
                                  "table %s: create it on each partition first, by hand in sql "
                                  "steps, and the parent's takes those over)",
                                  (int)(cut - p->text), p->text, c->own->name);
        c->h->problems.items[i] = n;
    }
}

static void
refine_add_unique(hz_ctx *c, const mg_op *op)
{
    if (op->using_index)
        online_form(c, "USING INDEX: takes over an index built CONCURRENTLY; a brief lock, no "
                       "scan");
    partitioned_remedy(c);
}

static void
refine_pk(hz_ctx *c, const mg_op *op)
{
    if (!c->applies || c->own == NULL || op->key == NULL)
        return;
    refine_add_unique(c, op);
    for (size_t i = 0; i < op->key->columns.len; i++) {
        const mg_column *col = mg_table_column(c->own, op->key->columns.items[i]);
        if (col && col->nullable)
            mg_hz_add_problem(
                c, mg_arena_printf(c->a, "also sets NOT NULL on %s, another full scan", col->name),
                NULL);
    }
}

static void
refine_add_fk(hz_ctx *c, const mg_op *op)
{
    const char *ref = op->fk ? op->fk->ref_table : NULL;
    if (ref && strcmp(ref, op->table) != 0 && mg_hz_existing(c, ref))
        mg_hz_add_lock(c, ref, MG_LOCK_SHARE_ROW_EXCLUSIVE);
    if (op->not_valid)
        online_form(c, "NOT VALID: brief locks, no scan (validate_constraint checks the rows)");
    partitioned_remedy(c);
}

static void
refine_drop_fk(hz_ctx *c, const mg_op *op)
{
    if (!c->applies || c->own == NULL)
        return;
    for (size_t i = 0; i < c->own->fks.len; i++) {
        const mg_fk *fk = c->own->fks.items[i];
        if (strcmp(fk->name, op->name) == 0 && strcmp(fk->ref_table, c->own->name) != 0 &&
            mg_hz_existing(c, fk->ref_table))
            mg_hz_add_lock(c, fk->ref_table, MG_LOCK_ACCESS_EXCLUSIVE); /* its triggers go */
    }
}

static void
refine_create_table(hz_ctx *c, const mg_op *op)
{
    const mg_table *def = op->table_def;
    for (size_t i = 0; def && i < def->fks.len; i++) {
        const mg_fk *fk = def->fks.items[i];
        if (strcmp(fk->ref_table, def->name) != 0 && mg_hz_existing(c, fk->ref_table))
            mg_hz_add_lock(c, fk->ref_table, MG_LOCK_SHARE_ROW_EXCLUSIVE); /* its RI triggers */
    }
    if (def && def->partition_of && mg_hz_existing(c, def->partition_of))
        mg_hz_add_lock(c, def->partition_of, MG_LOCK_ACCESS_EXCLUSIVE); /* PARTITION OF locks it */
}

static void
refine_drop_table(hz_ctx *c, const mg_op *op)
{
    (void)op;
    for (size_t i = 0; c->applies && c->own && i < c->own->fks.len; i++) {
        const mg_fk *fk = c->own->fks.items[i];
        if (strcmp(fk->ref_table, c->own->name) != 0 && mg_hz_existing(c, fk->ref_table))
            mg_hz_add_lock(c, fk->ref_table, MG_LOCK_ACCESS_EXCLUSIVE); /* its RI triggers go */
    }
    if (c->applies && c->own && c->own->partition_of && mg_hz_existing(c, c->own->partition_of))
        mg_hz_add_lock(c, c->own->partition_of,
                       MG_LOCK_ACCESS_EXCLUSIVE); /* a partition leaves it */
}

/* CONCURRENTLY: SHARE UPDATE EXCLUSIVE, and nothing for squawk to flag. */
static void
concurrent_form(hz_ctx *c)
{
    for (size_t i = 0; i < c->h->locks.len; i++)
        ((mg_table_lock *)c->h->locks.items[i])->mode = MG_LOCK_SHARE_UPDATE_EXCLUSIVE;
    c->h->problems.len = 0;
}

static void
refine_create_index(hz_ctx *c, const mg_op *op)
{
    if (op->index && op->index->concurrently)
        concurrent_form(c);
    partitioned_remedy(c);
}

static void
refine_drop_index(hz_ctx *c, const mg_op *op)
{
    const mg_index *x = NULL;
    if (op->concurrently || (mg_hz_index_table(c->st, op->name, &x) && x->concurrently))
        concurrent_form(c);
}

/* True when the normalised type is the enum called name, or an array of it. */
static bool
is_enum_type(const char *type, const char *name)
{
    size_t len = strlen(type);
    while (len >= 2 && strcmp(type + len - 2, "[]") == 0)
        len -= 2;
    return mg_type_names_enum(type, len, name);
}

static void
refine_remove_value(hz_ctx *c, const mg_op *op)
{
    for (size_t i = 0; i < c->st->tables.len; i++) {
        const mg_table *t = c->st->tables.items[i];
        for (size_t j = 0; mg_hz_existing(c, t->name) && j < t->columns.len; j++) {
            const mg_column *col = t->columns.items[j];
            if (!is_enum_type(col->type, op->enum_name))
                continue;
            mg_hz_add_lock(c, t->name, MG_LOCK_ACCESS_EXCLUSIVE);
            c->h->rewrites = true;
        }
    }
    if (c->h->rewrites)
        mg_hz_add_problem(
            c, "rebuilds the type: every column of it is converted, rewriting its tables",
            "changing-column-type");
}

/* True when list (mg_check *) names a storage parameter whose change takes ACCESS EXCLUSIVE
 * (PostgreSQL 15's reloptions.c); the others take SHARE UPDATE EXCLUSIVE, or less. */
static bool
strong_param(const mg_vec *list)
{
    static const char *const strong[] = {"user_catalog_table", "fastupdate", "buffering", NULL};
    for (size_t i = 0; i < list->len; i++)
        for (const char *const *p = strong; *p != NULL; p++)
            if (strcmp(((const mg_check *)list->items[i])->name, *p) == 0)
                return true;
    return false;
}

/* alter_table, alter_index: SET (fillfactor, autovacuum_*, ...) takes SHARE UPDATE EXCLUSIVE and
 * neither scans nor rewrites (a new fillfactor applies to pages written later); a few
 * parameters take ACCESS EXCLUSIVE. */
static void
refine_storage(hz_ctx *c, const mg_op *op)
{
    if (c->own != NULL && c->applies &&
        (strong_param(&op->with_set) || strong_param(&op->with_reset)))
        mg_hz_add_lock(c, c->own->name, MG_LOCK_ACCESS_EXCLUSIVE);
}

static void
refine_sql(hz_ctx *c, const mg_op *op)
{
    (void)op;
    c->h->known = false;
}

/* ------------------------------------------------------------------------------------------ */
/* The descriptors                                                                            */
/* ------------------------------------------------------------------------------------------ */

#define AE MG_LOCK_ACCESS_EXCLUSIVE

/* The row of each kind, named by its row in op_kinds.h (a row shared by several kinds says
 * which). */
/* The kinds that act on one object, not a table: create/alter/drop of extensions, types,
 * sequences, domains, functions and views. */
const struct mg_hz_row mg_hz_name = {.object = obj_name};
/* drop_enum, drop_sequence. */
const struct mg_hz_row mg_hz_drop_name = {.destructive = true, .object = obj_name};
/* The renames of objects other than tables (enums, sequences, domains, types, functions,
 * views). */
const struct mg_hz_row mg_hz_rename = {.object = obj_rename};
const struct mg_hz_row mg_hz_add_enum_value = {.object = obj_enum_value};
const struct mg_hz_row mg_hz_rename_enum_value = {.object = obj_enum_rename};
const struct mg_hz_row mg_hz_remove_enum_value = {
    .destructive = true, .object = obj_enum_value, .refine = refine_remove_value};
const struct mg_hz_row mg_hz_create_table = {
    .where = WHERE_DEF, .object = obj_def, .refine = refine_create_table};
const struct mg_hz_row mg_hz_drop_table = {
    .where = WHERE_NAME,
    .lock = AE,
    .destructive = true,
    .problems = {{"drops the table and its rows", "ban-drop-table"}},
    .object = obj_name,
    .refine = refine_drop_table};
const struct mg_hz_row mg_hz_rename_table = {
    .where = WHERE_FROM,
    .lock = AE,
    .problems = {{"clients that still use the old name fail", "renaming-table"}},
    .object = obj_rename};
const struct mg_hz_row mg_hz_add_column = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_column, .refine = refine_add_column};
const struct mg_hz_row mg_hz_drop_column = {
    .where = WHERE_TABLE,
    .lock = AE,
    .destructive = true,
    .problems = {{"drops the column and its data; clients that still "
                  "read it fail",
                  "ban-drop-column"}},
    .object = obj_column};
const struct mg_hz_row mg_hz_rename_column = {
    .where = WHERE_TABLE,
    .lock = AE,
    .problems = {{"clients that still use the old name fail", "renaming-column"}},
    .object = obj_rename_column};
const struct mg_hz_row mg_hz_alter_column = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_column, .refine = refine_alter_column};
const struct mg_hz_row mg_hz_set_primary_key = {
    .where = WHERE_TABLE,
    .lock = AE,
    .scans = true,
    .problems = {{"builds the key's unique index under ACCESS "
                  "EXCLUSIVE, blocking reads and writes (build a "
                  "unique index CONCURRENTLY, then ADD PRIMARY KEY "
                  "USING INDEX)",
                  "adding-serial-primary-key-field, "
                  "constraint-missing-not-valid"}},
    .object = obj_key,
    .refine = refine_pk};
const struct mg_hz_row mg_hz_drop_primary_key = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_pk};
const struct mg_hz_row mg_hz_add_unique = {
    .where = WHERE_TABLE,
    .lock = AE,
    .scans = true,
    .problems = {{"builds the constraint's unique index under ACCESS "
                  "EXCLUSIVE, blocking reads and writes (build a unique "
                  "index CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE "
                  "USING INDEX)",
                  "disallowed-unique-constraint, "
                  "constraint-missing-not-valid"}},
    .object = obj_key,
    .refine = refine_add_unique};
/* drop_unique, drop_check, drop_trigger, drop_exclusion. */
const struct mg_hz_row mg_hz_table_object = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_column};
const struct mg_hz_row mg_hz_add_check = {
    .where = WHERE_TABLE,
    .lock = AE,
    .scans = true,
    .problems = {{"validates every row under ACCESS EXCLUSIVE (add it NOT "
                  "VALID, then VALIDATE CONSTRAINT in another transaction)",
                  "constraint-missing-not-valid"}},
    .object = obj_check,
    .refine = refine_add_check};
const struct mg_hz_row mg_hz_add_foreign_key = {
    .where = WHERE_TABLE,
    .lock = MG_LOCK_SHARE_ROW_EXCLUSIVE,
    .scans = true,
    .problems = {{"validates every row at once (add it NOT VALID, "
                  "then VALIDATE CONSTRAINT in another transaction)",
                  "constraint-missing-not-valid"},
                 {"blocks writes to both tables while it validates",
                  "adding-foreign-key-constraint"}},
    .object = obj_fk,
    .refine = refine_add_fk};
const struct mg_hz_row mg_hz_drop_foreign_key = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_column, .refine = refine_drop_fk};
const struct mg_hz_row mg_hz_create_index = {
    .where = WHERE_TABLE,
    .lock = MG_LOCK_SHARE,
    .scans = true,
    .problems = {{"builds the index under SHARE, blocking writes for the "
                  "whole build (set concurrently: true)",
                  "require-concurrent-index-creation"}},
    .object = obj_index,
    .refine = refine_create_index};
const struct mg_hz_row mg_hz_drop_index = {
    .where = WHERE_INDEX,
    .lock = AE,
    .problems = {{"blocks reads and writes while it waits for the lock and "
                  "drops (set concurrently: true)",
                  "require-concurrent-index-deletion"}},
    .object = obj_drop_index,
    .refine = refine_drop_index};
/* rename_constraint, rename_trigger. */
const struct mg_hz_row mg_hz_table_rename = {
    .where = WHERE_TABLE, .lock = AE, .object = obj_rename_column};
const struct mg_hz_row mg_hz_rename_index = {
    .where = WHERE_TABLE, .lock = MG_LOCK_SHARE_UPDATE_EXCLUSIVE, .object = obj_rename_column};
const struct mg_hz_row mg_hz_set_comment = {
    .where = WHERE_TABLE, .lock = MG_LOCK_SHARE_UPDATE_EXCLUSIVE, .object = obj_comment};
const struct mg_hz_row mg_hz_sql = {.object = obj_sql, .refine = refine_sql};
const struct mg_hz_row mg_hz_validate_constraint = {
    .where = WHERE_TABLE,
    .lock = MG_LOCK_SHARE_UPDATE_EXCLUSIVE,
    .scans = true,
    .problems = {{"checks every row; reads and writes go on", NULL}},
    .object = obj_column};
/* create_trigger, alter_trigger. */
const struct mg_hz_row mg_hz_trigger = {
    .where = WHERE_TABLE, .lock = MG_LOCK_SHARE_ROW_EXCLUSIVE, .object = obj_column};
const struct mg_hz_row mg_hz_alter_table = {.where = WHERE_NAME,
                                            .lock = MG_LOCK_SHARE_UPDATE_EXCLUSIVE,
                                            .object = obj_name,
                                            .refine = refine_storage};
const struct mg_hz_row mg_hz_alter_index = {.where = WHERE_INDEX,
                                            .lock = MG_LOCK_SHARE_UPDATE_EXCLUSIVE,
                                            .object = obj_drop_index,
                                            .refine = refine_storage};
const struct mg_hz_row mg_hz_add_exclusion = {
    .where = WHERE_TABLE,
    .lock = AE,
    .scans = true,
    .problems = {{"builds the constraint's index under ACCESS EXCLUSIVE, "
                  "blocking reads and writes while it checks every row "
                  "(PostgreSQL has no online form of it)",
                  NULL}},
    .object = obj_excl};

#undef AE

bool
mg_hazard_descriptors_complete(void)
{
    for (int k = 0; k < MG_OP_COUNT; k++)
        if (mg_op_descs[k].hazard == NULL || mg_op_descs[k].hazard->object == NULL)
            return false;
    return true;
}
