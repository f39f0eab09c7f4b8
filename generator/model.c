/* migc generator: the in-memory model.
 * Name lookups and deep copies shared by the loader, replay and diff. */
#include "model.h"

#include <ctype.h>
#include <string.h>

#include "op_desc.h"
#include "strbuf.h"

/* strncasecmp for ASCII letters, without locale or POSIX extensions. */
static int
strncasecmp_ascii(const char *x, const char *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int a = tolower((unsigned char)x[i]), b = tolower((unsigned char)y[i]);
        if (a != b || a == 0)
            return a - b;
    }
    return 0;
}

const char *
mg_op_kind_name(mg_op_kind kind)
{
    return (kind >= 0 && kind < MG_OP_COUNT) ? mg_op_descs[kind].name : "unknown";
}

int
mg_op_kind_from_name(const char *name)
{
    for (int i = 0; i < MG_OP_COUNT; i++)
        if (mg_same_name(mg_op_descs[i].name, name))
            return i;
    return -1;
}

/* Removes a trailing " WORD" (any case, any run of spaces before it) from key[0..*n). */
static bool
peel_word(const char *key, size_t *n, const char *word)
{
    size_t w = strlen(word), end = *n;
    if (end <= w || strncasecmp_ascii(key + end - w, word, w) != 0 ||
        !isspace((unsigned char)key[end - w - 1]))
        return false;
    end -= w;
    while (end > 0 && isspace((unsigned char)key[end - 1]))
        end--;
    *n = end;
    return end > 0;
}

size_t
mg_index_key_column_len(const char *key)
{
    size_t n = strlen(key);
    size_t keep = n;
    if (peel_word(key, &n, "FIRST") || peel_word(key, &n, "LAST")) {
        if (!peel_word(key, &n, "NULLS"))
            n = keep;
    }
    keep = n;
    if (!peel_word(key, &n, "ASC") && !peel_word(key, &n, "DESC"))
        n = keep;
    for (size_t i = 0; i < n; i++)
        if (key[i] == '(' || key[i] == '"')
            return 0;
    for (size_t i = 0; i + 9 <= n; i++)
        if (isspace((unsigned char)key[i]) && strncasecmp_ascii(key + i + 1, "COLLATE", 7) == 0 &&
            isspace((unsigned char)key[i + 8]))
            return 0;
    return n;
}

bool
mg_str_equal(const char *x, const char *y)
{
    if (x == NULL || y == NULL)
        return x == y;
    return strcmp(x, y) == 0;
}

mg_table *
mg_schema_table(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->tables.len; i++) {
        mg_table *t = s->tables.items[i];
        if (mg_same_name(t->name, name))
            return t;
    }
    return NULL;
}

mg_enum *
mg_schema_enum(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->enums.len; i++) {
        mg_enum *e = s->enums.items[i];
        if (mg_same_name(e->name, name))
            return e;
    }
    return NULL;
}

mg_ext *
mg_schema_extension(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->extensions.len; i++) {
        mg_ext *e = s->extensions.items[i];
        if (mg_same_name(e->name, name))
            return e;
    }
    return NULL;
}

mg_ctype *
mg_schema_ctype(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->types.len; i++) {
        mg_ctype *t = s->types.items[i];
        if (mg_same_name(t->name, name))
            return t;
    }
    return NULL;
}

mg_func *
mg_schema_func(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->funcs.len; i++) {
        mg_func *f = s->funcs.items[i];
        if (mg_same_name(f->name, name))
            return f;
    }
    return NULL;
}

mg_trigger *
mg_schema_trigger(const mg_schema *s, const char *table, const char *name)
{
    for (size_t i = 0; i < s->triggers.len; i++) {
        mg_trigger *g = s->triggers.items[i];
        if (mg_same_name(g->table, table) && mg_same_name(g->name, name))
            return g;
    }
    return NULL;
}

mg_view *
mg_schema_view(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->views.len; i++) {
        mg_view *v = s->views.items[i];
        if (mg_same_name(v->name, name))
            return v;
    }
    return NULL;
}

mg_domain *
mg_schema_domain(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->domains.len; i++) {
        mg_domain *d = s->domains.items[i];
        if (mg_same_name(d->name, name))
            return d;
    }
    return NULL;
}

mg_sequence *
mg_schema_sequence(const mg_schema *s, const char *name)
{
    for (size_t i = 0; i < s->sequences.len; i++) {
        mg_sequence *q = s->sequences.items[i];
        if (mg_same_name(q->name, name))
            return q;
    }
    return NULL;
}

int
mg_table_column_index(const mg_table *t, const char *name)
{
    for (size_t i = 0; i < t->columns.len; i++) {
        const mg_column *c = t->columns.items[i];
        if (mg_same_name(c->name, name))
            return (int)i;
    }
    return -1;
}

mg_column *
mg_table_column(const mg_table *t, const char *name)
{
    int i = mg_table_column_index(t, name);
    return i < 0 ? NULL : t->columns.items[i];
}

void
mg_strvec_copy(mg_arena *a, mg_vec *dst, const mg_vec *src)
{
    *dst = mg_vec_sized(a, src->len);
    for (size_t i = 0; i < src->len; i++)
        dst->items[i] = src->items[i];
    dst->len = src->len;
}

bool
mg_strvec_equal(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++)
        if (!mg_str_equal(x->items[i], y->items[i]))
            return false;
    return true;
}

const mg_check *
mg_with_get(const mg_vec *with, const char *name)
{
    for (size_t i = 0; i < with->len; i++)
        if (strcmp(((const mg_check *)with->items[i])->name, name) == 0)
            return with->items[i];
    return NULL;
}

bool
mg_with_equal(const mg_vec *x, const mg_vec *y)
{
    if (x->len != y->len)
        return false;
    for (size_t i = 0; i < x->len; i++) {
        const mg_check *p = x->items[i], *q = mg_with_get(y, p->name);
        if (q == NULL || strcmp(p->expr, q->expr) != 0)
            return false;
    }
    return true;
}

void
mg_with_put(mg_arena *a, mg_vec *with, const mg_check *c)
{
    for (size_t i = 0; i < with->len; i++)
        if (strcmp(((const mg_check *)with->items[i])->name, c->name) == 0) {
            with->items[i] = (void *)c;
            return;
        }
    mg_vec_push(a, with, (void *)c);
}

mg_column *
mg_column_copy(mg_arena *a, const mg_column *c)
{
    mg_column *n = mg_arena_alloc(a, sizeof(*n));
    *n = *c;
    n->renamed_from = NULL;
    n->using_expr = NULL;
    n->down_using = NULL;
    n->later_names = NULL;
    return n;
}

mg_key *
mg_key_copy(mg_arena *a, const mg_key *k)
{
    if (k == NULL)
        return NULL;
    mg_key *n = mg_arena_alloc(a, sizeof(*n));
    *n = *k;
    mg_strvec_copy(a, &n->columns, &k->columns);
    return n;
}

mg_check *
mg_check_copy(mg_arena *a, const mg_check *c)
{
    mg_check *n = mg_arena_alloc(a, sizeof(*n));
    *n = *c;
    return n;
}

const char *
mg_excl_element_with(const char *e)
{
    const char *found = NULL;
    for (const char *p = e; *p != '\0'; p++)
        if (p > e && isspace((unsigned char)p[-1]) && strncasecmp_ascii(p, "with", 4) == 0 &&
            isspace((unsigned char)p[4]))
            found = p;
    return found;
}

const char *
mg_excl_def(mg_arena *a, const mg_exclusion *x)
{
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_printf(&b, "EXCLUDE USING %s (", x->method);
    for (size_t i = 0; i < x->elements.len; i++)
        mg_sb_printf(&b, "%s%s", i ? ", " : "", (const char *)x->elements.items[i]);
    mg_sb_putc(&b, ')');
    if (x->where != NULL)
        mg_sb_printf(&b, " WHERE (%s)", x->where);
    return mg_sb_str(&b);
}

mg_exclusion *
mg_exclusion_copy(mg_arena *a, const mg_exclusion *x)
{
    mg_exclusion *n = mg_arena_alloc(a, sizeof(*n));
    *n = *x;
    mg_strvec_copy(a, &n->elements, &x->elements);
    return n;
}

mg_fk *
mg_fk_copy(mg_arena *a, const mg_fk *f)
{
    mg_fk *n = mg_arena_alloc(a, sizeof(*n));
    *n = *f;
    mg_strvec_copy(a, &n->columns, &f->columns);
    mg_strvec_copy(a, &n->ref_columns, &f->ref_columns);
    return n;
}

mg_index *
mg_index_copy(mg_arena *a, const mg_index *x)
{
    mg_index *n = mg_arena_alloc(a, sizeof(*n));
    *n = *x;
    mg_strvec_copy(a, &n->keys, &x->keys);
    mg_strvec_copy(a, &n->opclass, &x->opclass);
    mg_strvec_copy(a, &n->include, &x->include);
    mg_strvec_copy(a, &n->with, &x->with); /* the parameters themselves are never changed */
    return n;
}

mg_enum *
mg_enum_copy(mg_arena *a, const mg_enum *e)
{
    mg_enum *n = mg_arena_alloc(a, sizeof(*n));
    *n = *e;
    n->renamed_from = NULL;
    n->value_renames = (mg_vec){0};
    n->later_names = NULL;
    mg_strvec_copy(a, &n->values, &e->values);
    return n;
}

/* Copies a list of objects with the given copier. */
#define COPY_LIST(dst, src, copier)                                                                \
    do {                                                                                           \
        (dst) = mg_vec_sized(a, (src).len);                                                        \
        for (size_t i_ = 0; i_ < (src).len; i_++)                                                  \
            (dst).items[i_] = copier(a, (src).items[i_]);                                          \
        (dst).len = (src).len;                                                                     \
    } while (0)

mg_table *
mg_table_copy(mg_arena *a, const mg_table *t)
{
    mg_table *n = mg_arena_alloc(a, sizeof(*n));
    *n = *t;
    n->renamed_from = NULL;
    n->later_names = NULL;
    COPY_LIST(n->columns, t->columns, mg_column_copy);
    n->pk = mg_key_copy(a, t->pk);
    COPY_LIST(n->uniques, t->uniques, mg_key_copy);
    COPY_LIST(n->checks, t->checks, mg_check_copy);
    COPY_LIST(n->fks, t->fks, mg_fk_copy);
    COPY_LIST(n->indexes, t->indexes, mg_index_copy);
    mg_strvec_copy(a, &n->with, &t->with); /* the parameters themselves are never changed */
    COPY_LIST(n->excls, t->excls, mg_exclusion_copy);
    return n;
}

static mg_ext *
ext_copy(mg_arena *a, const mg_ext *e)
{
    mg_ext *n = mg_arena_alloc(a, sizeof(*n));
    *n = *e;
    return n;
}

mg_sequence *
mg_sequence_copy(mg_arena *a, const mg_sequence *q)
{
    mg_sequence *n = mg_arena_alloc(a, sizeof(*n));
    *n = *q;
    n->renamed_from = NULL;
    n->later_names = NULL;
    return n;
}

mg_domain *
mg_domain_copy(mg_arena *a, const mg_domain *d)
{
    mg_domain *n = mg_arena_alloc(a, sizeof(*n));
    *n = *d;
    n->checks = (mg_vec){0};
    for (size_t i = 0; i < d->checks.len; i++)
        mg_vec_push(a, &n->checks, mg_check_copy(a, d->checks.items[i]));
    n->renamed_from = NULL;
    n->later_names = NULL;
    return n;
}

mg_ctype *
mg_ctype_copy(mg_arena *a, const mg_ctype *t)
{
    mg_ctype *n = mg_arena_alloc(a, sizeof(*n));
    *n = *t;
    n->attrs = (mg_vec){0};
    for (size_t i = 0; i < t->attrs.len; i++) {
        mg_attr *x = mg_arena_alloc(a, sizeof(*x));
        *x = *(const mg_attr *)t->attrs.items[i];
        mg_vec_push(a, &n->attrs, x);
    }
    n->renamed_from = NULL;
    n->later_names = NULL;
    return n;
}

mg_func *
mg_func_copy(mg_arena *a, const mg_func *f)
{
    mg_func *n = mg_arena_alloc(a, sizeof(*n));
    *n = *f;
    n->set = (mg_vec){0};
    for (size_t i = 0; i < f->set.len; i++) {
        mg_check *x = mg_arena_alloc(a, sizeof(*x));
        *x = *(const mg_check *)f->set.items[i];
        mg_vec_push(a, &n->set, x);
    }
    mg_strvec_copy(a, &n->depends_on, &f->depends_on);
    n->renamed_from = NULL;
    n->later_names = NULL;
    return n;
}

mg_view *
mg_view_copy(mg_arena *a, const mg_view *v)
{
    mg_view *n = mg_arena_alloc(a, sizeof(*n));
    *n = *v;
    COPY_LIST(n->indexes, v->indexes, mg_index_copy);
    mg_strvec_copy(a, &n->depends_on, &v->depends_on);
    n->renamed_from = NULL;
    n->later_names = NULL;
    return n;
}

mg_trigger *
mg_trigger_copy(mg_arena *a, const mg_trigger *g)
{
    mg_trigger *n = mg_arena_alloc(a, sizeof(*n));
    *n = *g;
    mg_strvec_copy(a, &n->events, &g->events);
    mg_strvec_copy(a, &n->update_of, &g->update_of);
    return n;
}

mg_schema *
mg_schema_copy(mg_arena *a, const mg_schema *s)
{
    mg_schema *n = mg_arena_alloc(a, sizeof(*n));
    COPY_LIST(n->extensions, s->extensions, ext_copy);
    COPY_LIST(n->enums, s->enums, mg_enum_copy);
    COPY_LIST(n->tables, s->tables, mg_table_copy);
    COPY_LIST(n->sequences, s->sequences, mg_sequence_copy);
    COPY_LIST(n->domains, s->domains, mg_domain_copy);
    COPY_LIST(n->types, s->types, mg_ctype_copy);
    COPY_LIST(n->funcs, s->funcs, mg_func_copy);
    COPY_LIST(n->triggers, s->triggers, mg_trigger_copy);
    COPY_LIST(n->views, s->views, mg_view_copy);
    return n;
}

/* The columns of partition key by ("RANGE (a, b)"), folded to lower case, when each part is a
 * plain name; false when some part is an expression, a collation or an operator class. */
bool
mg_partition_columns(mg_arena *a, const char *by, mg_vec *out)
{
    const char *p = strchr(by, '('), *end = strrchr(by, ')');
    if (p == NULL || end == NULL || end < p)
        return false;
    for (p++; p < end;) {
        while (*p == ' ')
            p++;
        size_t n = 0;
        while (p + n < end &&
               (p[n] == '_' || (p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
                (n > 0 && p[n] >= '0' && p[n] <= '9')))
            n++;
        char *name = mg_arena_strndup(a, p, n);
        for (char *q = name; *q; q++)
            *q = (char)(*q >= 'A' && *q <= 'Z' ? *q - 'A' + 'a' : *q);
        for (p += n; *p == ' '; p++)
            ;
        if (n == 0 || (p < end && *p != ','))
            return false;
        mg_vec_push(a, out, name);
        p += p < end;
    }
    return out->len > 0;
}
