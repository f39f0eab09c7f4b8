/* migc runtime: a module retargeted at a tenant's schema (--targets, SPEC §9).
 * One pass sizes the copy, one block holds it, a second pass fills it; static texts that do not
 * name the module's schema are shared with the module, not copied. */
#include "tenant.h"

#include "error.h"
#include "query.h"
#include "stepobj.h"

#include <stdlib.h>
#include <string.h>

enum { TENANT_NAME_MAX = 63 }; /* NAMEDATALEN - 1 */

/* The spellings of the module's schema and of the tenant's that a rewrite swaps. */
typedef struct spelling {
    char old_ident[160], new_ident[TENANT_NAME_MAX + 3]; /* "public" and "tenant_1", quoted */
    char old_lit[160], new_lit[TENANT_NAME_MAX + 3];     /* 'public' and 'tenant_1' */
    const char *old_name;
} spelling;

/* A copy under way: sizing (filling == 0) adds up what the block needs; filling writes there. */
typedef struct copier {
    const spelling *sp;
    int filling;
    size_t n_steps, text_bytes; /* sizing: totals */
    migc_step *steps;           /* filling: the next free step */
    char *text;                 /* filling: the next free text byte */
} copier;

int
migc_tenant_name_ok(const char *name)
{
    size_t n = 0;

    if (name == NULL || !((*name >= 'a' && *name <= 'z') || *name == '_'))
        return 0;
    for (; name[n] != '\0'; n++)
        if (!((name[n] >= 'a' && name[n] <= 'z') || (name[n] >= '0' && name[n] <= '9') ||
              name[n] == '_'))
            return 0;
    return n <= TENANT_NAME_MAX;
}

/* Fills sp for a rewrite from schema `from` to `to`; -1 when a name is too long. */
static int
spell(spelling *sp, const char *from, const char *to)
{
    sp->old_name = from;
    return migc_quote_ident(from, sp->old_ident, sizeof sp->old_ident) != 0 ||
                   migc_quote_ident(to, sp->new_ident, sizeof sp->new_ident) != 0 ||
                   migc_quote_literal(from, sp->old_lit, sizeof sp->old_lit) != 0 ||
                   migc_quote_literal(to, sp->new_lit, sizeof sp->new_lit) != 0
               ? -1
               : 0;
}

/* Rewrites src into dst (NULL: only counts): the quoted old schema followed by '.' or '\'' (a
 * qualifier, or the name alone in a literal) becomes the new one, and with literal also the old
 * schema as a literal. Returns the length written, without the terminating NUL. */
static size_t
rewrite(const spelling *sp, const char *src, int literal, char *dst)
{
    size_t n = 0, oi = strlen(sp->old_ident), ol = strlen(sp->old_lit);

    while (*src != '\0') {
        const char *with = NULL;
        size_t skip = 1, w = 1;
        if (strncmp(src, sp->old_ident, oi) == 0 && (src[oi] == '.' || src[oi] == '\''))
            with = sp->new_ident, skip = oi;
        else if (literal && strncmp(src, sp->old_lit, ol) == 0)
            with = sp->new_lit, skip = ol;
        if (with != NULL)
            w = strlen(with);
        if (dst != NULL)
            memcpy(dst + n, with != NULL ? with : src, w);
        n += w;
        src += skip;
    }
    if (dst != NULL)
        dst[n] = '\0';
    return n;
}

/* The text the copy uses for src: src itself when it does not name the module's schema. */
static const char *
retarget_text(copier *c, const char *src, int literal)
{
    char *out;

    if (src == NULL || (strstr(src, c->sp->old_ident) == NULL &&
                        (!literal || strstr(src, c->sp->old_lit) == NULL)))
        return src;
    if (!c->filling) {
        c->text_bytes += rewrite(c->sp, src, literal, NULL) + 1;
        return src;
    }
    out = c->text;
    c->text += rewrite(c->sp, src, literal, out) + 1;
    return out;
}

/* True for the enum rebuild of remove_enum_value, whose DO block names the schema as a literal;
 * -1 when its enum or value is spelt like the module's schema (the literal would be ambiguous). */
static int
enum_rebuild(const migc_step *step, const spelling *sp)
{
    static const char kind[] = "remove_enum_value ";
    size_t n = strlen(sp->old_name), len;
    const char *rest;

    if (step->label == NULL || strncmp(step->label, kind, sizeof kind - 1) != 0)
        return 0;
    rest = step->label + sizeof kind - 1;
    len = strlen(rest);
    if ((len > n && strncmp(rest, sp->old_name, n) == 0 && rest[n] == '.') ||
        (len > n && rest[len - n - 1] == '.' && strcmp(rest + len - n, sp->old_name) == 0))
        return -1;
    return 1;
}

/* Copies n steps to *dst (sizing: counts them, *dst = src); -1 with err filled when one cannot
 * be retargeted. */
static int
copy_steps(copier *c, const migc_revision *rev, const migc_step *src, size_t n,
           const migc_step **dst, migc_error *err)
{
    migc_step *out = c->steps;
    char where[512];

    *dst = src;
    for (size_t i = 0; i < n; i++) {
        int literal = enum_rebuild(&src[i], c->sp);
        if (literal < 0)
            return migc_fail(err, MIGC_EUSAGE,
                             "step \"%s\" (%s) names an enum or value spelt like the module's "
                             "schema %s: it cannot be retargeted at another schema",
                             src[i].label, migc_step_where(rev, &src[i], where, sizeof where),
                             c->sp->old_name);
        const char *guard = retarget_text(c, src[i].guard, 0);
        const char *sql = retarget_text(c, src[i].sql, literal);
        const char *conflict = retarget_text(c, src[i].conflict, 0);
        if (c->filling) {
            out[i] = src[i];
            out[i].guard = guard;
            out[i].sql = sql;
            out[i].conflict = conflict;
        }
    }
    if (!c->filling || n == 0) {
        c->n_steps += c->filling ? 0 : n;
        return 0;
    }
    c->steps += n;
    *dst = out;
    return 0;
}

/* Copies one revision into *out (sizing: out is NULL); -1 with err filled. */
static int
copy_revision(copier *c, const migc_revision *rev, migc_revision *out, migc_error *err)
{
    const migc_step *up, *down;

    if (copy_steps(c, rev, rev->up, rev->n_up, &up, err) != 0 ||
        copy_steps(c, rev, rev->down, rev->n_down, &down, err) != 0)
        return -1;
    if (out != NULL) {
        *out = *rev;
        out->up = up;
        out->down = down;
    }
    return 0;
}

/* Bytes of the block: revisions, their pointers, steps, texts, and the schema name. */
static size_t
block_size(const copier *c, size_t n_revisions, const char *schema)
{
    return n_revisions * (sizeof(migc_revision) + sizeof(migc_revision *)) +
           c->n_steps * sizeof(migc_step) + c->text_bytes + strlen(schema) + 1;
}

/* Second pass: lays the block out and fills it from base. */
static int
fill(migc_tenant *t, copier *c, const migc_module *base, const char *schema, migc_error *err)
{
    size_t n = base->n_revisions;
    migc_revision *revs = t->block;
    const migc_revision **order = (const migc_revision **)(revs + n);

    c->filling = 1;
    c->steps = (migc_step *)(order + n);
    c->text = (char *)(c->steps + c->n_steps);
    for (size_t i = 0; i < n; i++) {
        if (copy_revision(c, base->revisions[i], &revs[i], err) != 0)
            return -1;
        order[i] = &revs[i];
    }
    t->m = *base;
    if (base->snapshot != NULL) {
        t->snapshot = *base->snapshot;
        if (copy_steps(c, NULL, base->snapshot->steps, base->snapshot->n_steps, &t->snapshot.steps,
                       err) != 0)
            return -1;
        t->m.snapshot = &t->snapshot;
    }
    memcpy(c->text, schema, strlen(schema) + 1);
    t->m.schema = c->text;
    t->m.revisions = order;
    return 0;
}

int
migc_tenant_init(migc_tenant *t, const migc_module *base, const char *schema, migc_error *err)
{
    spelling sp;
    copier c = {&sp, 0, 0, 0, NULL, NULL};

    memset(t, 0, sizeof *t);
    if (!migc_tenant_name_ok(schema))
        return migc_fail(err, MIGC_EUSAGE,
                         "schema \"%s\": a tenant schema is a lowercase name ([a-z_][a-z0-9_]*, at "
                         "most 63 bytes)",
                         schema ? schema : "");
    /* a quote in the module's schema would be doubled inside literals, which rewrite() does not
     * follow: guards would keep naming the module's schema while statements name the tenant's */
    if (strchr(base->schema, '\'') != NULL || spell(&sp, base->schema, schema) != 0)
        return migc_fail(err, MIGC_EUSAGE,
                         "the module's schema %s cannot be retargeted at tenant schemas (too long, "
                         "or it holds a quote)",
                         base->schema);
    if (migc_flat_init(&t->built, base, err) != 0)
        return -1;
    base = &t->built.m;
    for (size_t i = 0; i < base->n_revisions; i++)
        if (copy_revision(&c, base->revisions[i], NULL, err) != 0) {
            migc_tenant_free(t);
            return -1;
        }
    if (base->snapshot != NULL &&
        copy_steps(&c, NULL, base->snapshot->steps, base->snapshot->n_steps, &t->snapshot.steps,
                   err) != 0) {
        migc_tenant_free(t);
        return -1;
    }
    if ((t->block = calloc(1, block_size(&c, base->n_revisions, schema))) == NULL) {
        migc_tenant_free(t);
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    }
    if (fill(t, &c, base, schema, err) != 0) {
        migc_tenant_free(t);
        return -1;
    }
    return 0;
}

void
migc_tenant_free(migc_tenant *t)
{
    if (t == NULL)
        return;
    free(t->block);
    t->block = NULL;
    migc_flat_free(&t->built);
}
