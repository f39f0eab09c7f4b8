/* migc runtime: drift detection for constraints, indexes, enums, types and extensions.
 * Column lists are compared in one quoted encoding; expressions through migc_chk_expr. */
#include "check.h"

#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
value(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* ---- constraints ---- */

static const char *
constraint_kind(char type)
{
    switch (type) {
    case 'p':
        return "primary key";
    case 'u':
        return "unique";
    case 'c':
        return "check";
    case 'f':
        return "foreign key";
    default:
        return "exclusion constraint";
    }
}

static const char *
action_name(char a)
{
    switch (a) {
    case 'r':
        return "restrict";
    case 'c':
        return "cascade";
    case 'n':
        return "set null";
    case 'd':
        return "set default";
    default:
        return "no action";
    }
}

static const char *
deferral_name(int deferrable, int deferred)
{
    return !deferrable ? "not deferrable"
           : deferred  ? "deferrable initially deferred"
                       : "deferrable";
}

/* Reports "<what> are (live), expected (exp)" when the qlist live differs from names. */
static void
compare_list(migc_chk *c, const char *kind, const char *object, const char *what, const char *live,
             const char *const *names, size_t n)
{
    char *exp = migc_catalog_qlist(names, n);
    char *ls = NULL, *es = NULL;

    if (exp == NULL) {
        c->oom = 1;
        return;
    }
    if (strcmp(exp, live ? live : "") != 0) {
        ls = migc_catalog_qlist_show(live ? live : "");
        es = migc_catalog_qlist_show(exp);
        if (ls == NULL || es == NULL)
            c->oom = 1;
        else
            migc_chk_diff(c, kind, object, "%s (%s), expected (%s)", what, ls, es);
    }
    free(exp);
    free(ls);
    free(es);
}

/* DEFERRABLE and INITIALLY DEFERRED of a primary key, unique or foreign key. */
static void
compare_deferral(migc_chk *c, const char *kind, const char *object,
                 const migc_expected_constraint *k, int row)
{
    const PGresult *res = c->cat.constraints;
    int deferrable = PQgetvalue(res, row, CAT_K_DEFERRABLE)[0] == 't';
    int deferred = PQgetvalue(res, row, CAT_K_DEFERRED)[0] == 't';

    if (deferrable != k->deferrable || (deferrable && deferred != k->deferred))
        migc_chk_diff(c, kind, object, "%s, expected %s", deferral_name(deferrable, deferred),
                      deferral_name(k->deferrable, k->deferred));
}

/* Target, actions and deferral of a foreign key. */
static void
compare_fk(migc_chk *c, const char *object, const migc_expected_constraint *k, int row)
{
    const PGresult *res = c->cat.constraints;
    const char *schema = value(res, row, CAT_K_REF_SCHEMA),
               *table = value(res, row, CAT_K_REF_TABLE);
    char on_delete = PQgetvalue(res, row, CAT_K_ON_DELETE)[0];
    char on_update = PQgetvalue(res, row, CAT_K_ON_UPDATE)[0];

    if (schema == NULL || table == NULL || strcmp(schema, c->m->schema) != 0 ||
        strcmp(table, k->ref_table) != 0)
        migc_chk_diff(c, "foreign key", object, "references %s.%s, expected %s.%s",
                      schema ? schema : "?", table ? table : "?", c->m->schema, k->ref_table);
    else
        compare_list(c, "foreign key", object, "references columns",
                     value(res, row, CAT_K_REF_COLUMNS), k->ref_columns, k->n_ref_columns);
    if (on_delete != k->on_delete)
        migc_chk_diff(c, "foreign key", object, "on delete is %s, expected %s",
                      action_name(on_delete), action_name(k->on_delete));
    if (on_update != k->on_update)
        migc_chk_diff(c, "foreign key", object, "on update is %s, expected %s",
                      action_name(on_update), action_name(k->on_update));
    compare_deferral(c, "foreign key", object, k, row);
}

/* The definition of an exclusion constraint (pg_get_constraintdef without its deferral, against
 * the server's normal form of the expected one) and its deferral. */
static void
compare_exclusion(migc_chk *c, const migc_expected_table *t, const char *object,
                  const migc_expected_constraint *k, int row)
{
    static const char *const tails[] = {" INITIALLY DEFERRED", " DEFERRABLE"};
    const char *def = value(c->cat.constraints, row, CAT_K_EXPR);
    char *live = migc_str_dup(def ? def : "");
    migc_norm_req req = {NORM_EXCLUSION, t, NULL, NULL, NULL, k->expr, NULL};

    if (live == NULL) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
        size_t n = strlen(live), m = strlen(tails[i]);
        if (n > m && strcmp(live + n - m, tails[i]) == 0)
            live[n - m] = '\0';
    }
    migc_chk_expr(c, "exclusion constraint", object, "definition", live, &req, 0);
    free(live);
    compare_deferral(c, "exclusion constraint", object, k, row);
}

/* One expected constraint against live row `row` of the constraints result. */
static void
compare_constraint(migc_chk *c, const migc_expected_table *t, const char *object,
                   const migc_expected_constraint *k, int row)
{
    const PGresult *res = c->cat.constraints;
    char type = PQgetvalue(res, row, CAT_K_TYPE)[0];
    const char *kind = constraint_kind(k->type);

    if (type != k->type) {
        migc_chk_diff(c, kind, object, "is a %s constraint, expected %s", constraint_kind(type),
                      kind);
        return;
    }
    if (k->type == 'c') {
        migc_norm_req req = {NORM_CHECK, t, NULL, NULL, NULL, k->expr, NULL};
        const char *live = value(res, row, CAT_K_EXPR);
        migc_chk_expr(c, kind, object, "expression", live ? live : "", &req, c->cols_match);
        return;
    }
    if (k->type == 'x') {
        compare_exclusion(c, t, object, k, row);
        return;
    }
    compare_list(c, kind, object, "columns are", value(res, row, CAT_K_COLUMNS), k->columns,
                 k->n_columns);
    if (k->type == 'f') {
        compare_fk(c, object, k, row);
        return;
    }
    compare_deferral(c, kind, object, k, row);
    int nnd = PQgetvalue(res, row, CAT_K_NULLS_NOT_DISTINCT)[0] == 't';
    if (k->type == 'u' && nnd != (k->nulls_not_distinct != 0))
        migc_chk_diff(c, kind, object, "%s, expected %s",
                      nnd ? "NULLS NOT DISTINCT" : "NULLS DISTINCT",
                      nnd ? "NULLS DISTINCT" : "NULLS NOT DISTINCT");
}

void
migc_chk_constraints(migc_chk *c, const migc_expected_table *t, int begin, int end)
{
    const PGresult *res = c->cat.constraints;
    char *seen = calloc((size_t)(end - begin) + 1, 1);

    if (seen == NULL) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < t->n_constraints; i++) {
        const migc_expected_constraint *k = &t->constraints[i];
        char *object = migc_chk_join(c, t->name, ".", k->name);
        int row = begin;
        while (row < end && strcmp(PQgetvalue(res, row, CAT_K_NAME), k->name) != 0)
            row++;
        if (object != NULL && row == end)
            migc_chk_diff(c, constraint_kind(k->type), object, "missing");
        else if (object != NULL) {
            seen[row - begin] = 1;
            compare_constraint(c, t, object, k, row);
            migc_chk_compare(c, constraint_kind(k->type), object, "comment",
                             value(res, row, CAT_K_COMMENT), k->comment);
            /* NOT VALID (an online change stopped half-way, or made by hand): existing rows
             * were never checked, so the constraint promises less than declared */
            if (strcmp(PQgetvalue(res, row, CAT_K_VALIDATED), "f") == 0 && !k->not_valid)
                migc_chk_diff(c, constraint_kind(k->type), object,
                              "NOT VALID: existing rows were never checked (VALIDATE "
                              "CONSTRAINT)");
        }
        free(object);
    }
    for (int row = begin; row < end; row++) {
        char *object = seen[row - begin]
                           ? NULL
                           : migc_chk_join(c, t->name, ".", PQgetvalue(res, row, CAT_K_NAME));
        if (object != NULL)
            migc_chk_diff(c, constraint_kind(PQgetvalue(res, row, CAT_K_TYPE)[0]), object,
                          "unexpected");
        free(object);
    }
    free(seen);
}

/* ---- indexes ---- */

/* "ASC", "DESC NULLS LAST", ...: the default NULLS placement is left out. */
static const char *
order_name(int desc, int nulls_first)
{
    static const char *const names[2][2] = {{"ASC", "ASC NULLS FIRST"},
                                            {"DESC NULLS LAST", "DESC"}};
    return names[desc != 0][nulls_first != 0];
}

/* True when the live operator class name is the one written (schema and case aside). */
static int
same_opclass(const char *live, const char *written)
{
    const char *dot = strrchr(written, '.');
    const char *w = dot ? dot + 1 : written;
    size_t n = strlen(w);

    if (n >= 2 && w[0] == '"' && w[n - 1] == '"')
        return strlen(live) == n - 2 && strncmp(live, w + 1, n - 2) == 0;
    if (strlen(live) != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)w[i]) != (unsigned char)live[i])
            return 0;
    return 1;
}

/* Key number `pos` (1-based) of an index against its live row. */
static void
compare_key(migc_chk *c, const migc_expected_table *t, const migc_expected_index *x, size_t pos,
            int row)
{
    const PGresult *res = c->cat.indexes;
    const migc_expected_index_key *k = &x->keys[pos - 1];
    const char *column = value(res, row, CAT_X_COLUMN), *def = value(res, row, CAT_X_KEYDEF);
    const char *opclass = value(res, row, CAT_X_OPCLASS);
    int option = atoi(PQgetvalue(res, row, CAT_X_OPTION));
    char what[32];

    snprintf(what, sizeof what, "key %zu", pos);
    if (def == NULL)
        def = "?";
    if (k->column != NULL && (column == NULL || strcmp(column, k->column) != 0))
        migc_chk_diff(c, "index", x->name, "%s is %s, expected %s", what, def, k->column);
    else if (k->column == NULL) {
        migc_norm_req req = {NORM_INDEX_EXPR, t, NULL, x->method, k->opclass, k->expr, NULL};
        migc_chk_expr(c, "index", x->name, what, def, &req, c->cols_match);
    }
    if ((option & 1) != k->desc || ((option & 2) != 0) != k->nulls_first)
        migc_chk_diff(c, "index", x->name, "%s order is %s, expected %s", what,
                      order_name(option & 1, option & 2), order_name(k->desc, k->nulls_first));
    if (k->opclass == NULL && PQgetvalue(res, row, CAT_X_OPCDEFAULT)[0] == 'f')
        migc_chk_diff(c, "index", x->name, "%s opclass is %s, expected the default", what,
                      opclass ? opclass : "?");
    else if (k->opclass != NULL && (opclass == NULL || !same_opclass(opclass, k->opclass)))
        migc_chk_diff(c, "index", x->name, "%s opclass is %s, expected %s", what,
                      opclass ? opclass : "the default", k->opclass);
}

/* A live key for people: its column name or its expression. */
static const char *
key_text(const PGresult *res, int row)
{
    const char *t = value(res, row, CAT_X_COLUMN);
    return t ? t : PQgetvalue(res, row, CAT_X_KEYDEF);
}

/* Joins the keys of rows [begin, end) with ", " (NULL and c->oom when out of memory). */
static char *
join_rows(migc_chk *c, int begin, int end)
{
    size_t size = 1;
    char *s, *p;

    for (int r = begin; r < end; r++)
        size += strlen(key_text(c->cat.indexes, r)) + 2;
    if ((s = p = malloc(size)) == NULL) {
        c->oom = 1;
        return NULL;
    }
    *p = '\0';
    for (int r = begin; r < end; r++)
        p += sprintf(p, r > begin ? ", %s" : "%s", key_text(c->cat.indexes, r));
    return s;
}

/* The expected keys for a message: column names and expressions as written. */
static char *
join_keys(migc_chk *c, const migc_expected_index *x)
{
    size_t size = 1;
    char *s, *p;

    for (size_t i = 0; i < x->n_keys; i++)
        size += strlen(x->keys[i].column ? x->keys[i].column : x->keys[i].expr) + 2;
    if ((s = p = malloc(size)) == NULL) {
        c->oom = 1;
        return NULL;
    }
    *p = '\0';
    for (size_t i = 0; i < x->n_keys; i++)
        p += sprintf(p, i ? ", %s" : "%s", x->keys[i].column ? x->keys[i].column : x->keys[i].expr);
    return s;
}

/* Include columns: live rows after the key rows, as a qlist of attribute names. */
static void
compare_include(migc_chk *c, const migc_expected_index *x, int begin, int end)
{
    const char **names = malloc((size_t)(end - begin + 1) * sizeof *names);
    char *live;

    if (names == NULL) {
        c->oom = 1;
        return;
    }
    for (int r = begin; r < end; r++)
        names[r - begin] = PQgetvalue(c->cat.indexes, r, CAT_X_COLUMN);
    live = migc_catalog_qlist(names, (size_t)(end - begin));
    if (live == NULL)
        c->oom = 1;
    else
        compare_list(c, "index", x->name, "include is", live, x->include, x->n_include);
    free(live);
    free(names);
}

/* Keys, one by one when their number matches. */
static void
compare_keys(migc_chk *c, const migc_expected_table *t, const migc_expected_index *x, int begin,
             int nkeys)
{
    char *ls, *es;

    if ((size_t)nkeys == x->n_keys) {
        for (int i = 0; i < nkeys; i++)
            compare_key(c, t, x, (size_t)i + 1, begin + i);
        return;
    }
    ls = join_rows(c, begin, begin + nkeys);
    es = join_keys(c, x);
    if (ls != NULL && es != NULL)
        migc_chk_diff(c, "index", x->name, "keys are (%s), expected (%s)", ls, es);
    free(ls);
    free(es);
}

/* One expected index against its live rows [begin, end) (one per column). */
static void
compare_index(migc_chk *c, const migc_expected_table *t, const migc_expected_index *x, int begin,
              int end)
{
    const PGresult *res = c->cat.indexes;
    int unique = PQgetvalue(res, begin, CAT_X_UNIQUE)[0] == 't';
    const char *method = PQgetvalue(res, begin, CAT_X_METHOD);
    const char *where = value(res, begin, CAT_X_WHERE);
    int nkeys = atoi(PQgetvalue(res, begin, CAT_X_NKEYS));

    if (PQgetvalue(res, begin, CAT_X_VALID)[0] != 't')
        migc_chk_diff(c, "index", x->name, "invalid (an interrupted CONCURRENTLY build?)");
    if (unique != x->unique)
        migc_chk_diff(c, "index", x->name,
                      unique ? "unique, expected not unique" : "not unique, expected unique");
    if (strcmp(method, x->method) != 0)
        migc_chk_diff(c, "index", x->name, "method is %s, expected %s", method, x->method);
    compare_keys(c, t, x, begin, nkeys > end - begin ? end - begin : nkeys);
    compare_include(c, x, begin + nkeys, end);
    migc_chk_compare(c, "index", x->name, "comment", value(res, begin, CAT_X_COMMENT), x->comment);
    migc_chk_params(c, "index", x->name, value(res, begin, CAT_X_WITH), x->with);
    if (where == NULL && x->where == NULL)
        return;
    if (where == NULL || x->where == NULL)
        migc_chk_diff(c, "index", x->name, "where is %s, expected %s", where ? where : "none",
                      x->where ? x->where : "none");
    else {
        migc_norm_req req = {NORM_CHECK, t, NULL, NULL, NULL, x->where, NULL};
        migc_chk_expr(c, "index", x->name, "where", where, &req, c->cols_match);
    }
}

/* End of the rows of the index that starts at row begin. */
static int
index_end(const PGresult *res, int begin, int end)
{
    int r = begin + 1;
    while (r < end &&
           strcmp(PQgetvalue(res, r, CAT_X_NAME), PQgetvalue(res, begin, CAT_X_NAME)) == 0)
        r++;
    return r;
}

void
migc_chk_indexes(migc_chk *c, const migc_expected_table *t, int begin, int end)
{
    const PGresult *res = c->cat.indexes;
    char *seen = calloc((size_t)(end - begin) + 1, 1);

    if (seen == NULL) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < t->n_indexes; i++) {
        const migc_expected_index *x = &t->indexes[i];
        int row = begin;
        while (row < end && strcmp(PQgetvalue(res, row, CAT_X_NAME), x->name) != 0)
            row++;
        if (row == end) {
            migc_chk_diff(c, "index", x->name, "missing");
            continue;
        }
        seen[row - begin] = 1;
        compare_index(c, t, x, row, index_end(res, row, end));
    }
    for (int row = begin; row < end; row = index_end(res, row, end))
        if (!seen[row - begin] && c->m->exclusive)
            migc_chk_diff(c, "index", PQgetvalue(res, row, CAT_X_NAME),
                          "unexpected (exclusive module)");
    free(seen);
}

/* ---- enums, types, extensions ---- */

/* True when name is listed in module.yaml external_types (bare or schema-qualified). */
static int
is_external(const migc_module *m, const char *name)
{
    for (size_t i = 0; i < m->n_external_types; i++) {
        const char *e = m->external_types[i], *dot = strrchr(e, '.');
        if (strcmp(e, name) == 0 || (dot != NULL && strcmp(dot + 1, name) == 0))
            return 1;
    }
    return 0;
}

/* An expected enum against live type row `row`. */
static void
compare_enum(migc_chk *c, const migc_expected_enum *e, int row)
{
    const PGresult *res = c->cat.types;

    if (PQgetvalue(res, row, CAT_Y_TYPE)[0] != 'e') {
        migc_chk_diff(c, "enum", e->name, "is not an enum type");
        return;
    }
    compare_list(c, "enum", e->name, "values are", value(res, row, CAT_Y_LABELS), e->values,
                 e->n_values);
    migc_chk_compare(c, "enum", e->name, "comment", value(res, row, CAT_Y_COMMENT), e->comment);
}

void
migc_chk_types(migc_chk *c)
{
    const PGresult *res = c->cat.types;
    size_t n_exp = c->exp ? c->exp->n_enums : 0, i = 0;
    int n_live = PQntuples(res), j = 0;

    while (i < n_exp || j < n_live) {
        const char *live = j < n_live ? PQgetvalue(res, j, CAT_Y_NAME) : NULL;
        const migc_expected_enum *e = i < n_exp ? c->exp->enums[i] : NULL;
        int cmp = e == NULL ? 1 : live == NULL ? -1 : strcmp(e->name, live);

        if (cmp == 0) {
            compare_enum(c, e, j++);
            i++;
        } else if (cmp < 0) {
            migc_chk_diff(c, "enum", e->name, "missing");
            i++;
        } else {
            if (c->m->exclusive && !is_external(c->m, live) && !migc_chk_domain_expected(c, live))
                migc_chk_diff(c, "type", live, "unexpected (exclusive module)");
            j++;
        }
    }
}

void
migc_chk_extensions(migc_chk *c)
{
    const PGresult *res = c->cat.extensions;
    size_t n_exp = c->exp ? c->exp->n_extensions : 0;
    int n_live = PQntuples(res), j = 0;

    for (size_t i = 0; i < n_exp; i++) {
        const char *name = c->exp->extensions[i];
        while (j < n_live && strcmp(PQgetvalue(res, j, 0), name) < 0)
            j++;
        const char *schema = c->exp->extension_schemas ? c->exp->extension_schemas[i] : NULL;
        if (j == n_live || strcmp(PQgetvalue(res, j, 0), name) != 0)
            migc_chk_diff(c, "extension", name, "missing");
        else if (schema != NULL && strcmp(PQgetvalue(res, j, 1), schema) != 0)
            migc_chk_diff(c, "extension", name, "schema is %s, expected %s", PQgetvalue(res, j, 1),
                          schema);
    }
}
