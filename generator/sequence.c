/* migc generator: sequences (SPEC §3.1), the pure part.
 * The values PostgreSQL gives omitted options, its range rules, and nextval('name') in defaults. */
#include "sequence.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

int
mg_seq_parse(const char *text, int64_t *out)
{
    char *end;
    long long v;

    if (text == NULL || *text == '\0' || isspace((unsigned char)*text))
        return -1;
    errno = 0;
    v = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0')
        return -1;
    *out = (int64_t)v;
    return 0;
}

/* The range of a sequence type. */
static void
type_range(const char *type, int64_t *lo, int64_t *hi)
{
    if (type != NULL && strcmp(type, "smallint") == 0) {
        *lo = INT16_MIN;
        *hi = INT16_MAX;
    } else if (type != NULL && strcmp(type, "integer") == 0) {
        *lo = INT32_MIN;
        *hi = INT32_MAX;
    } else {
        *lo = INT64_MIN;
        *hi = INT64_MAX;
    }
}

/* The value of text, or fallback when it is NULL or does not parse. */
static int64_t
value_or(const char *text, int64_t fallback)
{
    int64_t v;
    return mg_seq_parse(text, &v) == 0 ? v : fallback;
}

void
mg_seq_values_of(const mg_sequence *q, mg_seq_values *out)
{
    int64_t lo, hi;

    out->type = q->type != NULL ? q->type : "bigint";
    type_range(out->type, &lo, &hi);
    out->increment = value_or(q->increment, 1);
    if (out->increment == 0)
        out->increment = 1;
    out->min = value_or(q->min_value, out->increment > 0 ? 1 : lo);
    out->max = value_or(q->max_value, out->increment > 0 ? hi : -1);
    out->start = value_or(q->start, out->increment > 0 ? out->min : out->max);
    out->cache = value_or(q->cache, 1);
    out->cycle = q->cycle;
}

const char *
mg_seq_problem(mg_arena *a, const mg_sequence *q)
{
    mg_seq_values v;
    int64_t lo, hi;

    mg_seq_values_of(q, &v);
    type_range(v.type, &lo, &hi);
    if (q->increment != NULL && value_or(q->increment, 0) == 0)
        return "increment must not be zero";
    if (v.min < lo || v.max > hi)
        return mg_arena_printf(a, "min_value and max_value must lie within the range of %s",
                               v.type);
    if (v.min >= v.max)
        return mg_arena_printf(a, "min_value (%lld) must be less than max_value (%lld)",
                               (long long)v.min, (long long)v.max);
    if (v.start < v.min || v.start > v.max)
        return mg_arena_printf(a, "start (%lld) must lie between min_value and max_value",
                               (long long)v.start);
    if (v.cache < 1)
        return "cache must be at least 1";
    return NULL;
}

bool
mg_seq_same_options(const mg_sequence *x, const mg_sequence *y)
{
    mg_seq_values a, b;
    mg_seq_values_of(x, &a);
    mg_seq_values_of(y, &b);
    return strcmp(a.type, b.type) == 0 && a.increment == b.increment && a.min == b.min &&
           a.max == b.max && a.start == b.start && a.cache == b.cache && a.cycle == b.cycle;
}

unsigned
mg_seq_differs(const mg_sequence *have, const mg_sequence *want)
{
    unsigned set = 0;
    if (!mg_seq_same_options(have, want))
        set |= MG_SEQ_OPTIONS;
    if (!mg_str_equal(have->owned_table, want->owned_table) ||
        !mg_str_equal(have->owned_column, want->owned_column))
        set |= MG_SEQ_OWNED;
    if (!mg_str_equal(have->comment, want->comment))
        set |= MG_SEQ_COMMENT;
    return set;
}

void
mg_seq_assign(mg_sequence *dst, const mg_sequence *src, unsigned set)
{
    if (set & MG_SEQ_TYPE)
        dst->type = src->type;
    if (set & MG_SEQ_INCREMENT)
        dst->increment = src->increment;
    if (set & MG_SEQ_MIN)
        dst->min_value = src->min_value;
    if (set & MG_SEQ_MAX)
        dst->max_value = src->max_value;
    if (set & MG_SEQ_START)
        dst->start = src->start;
    if (set & MG_SEQ_CACHE)
        dst->cache = src->cache;
    if (set & MG_SEQ_CYCLE)
        dst->cycle = src->cycle;
    if (set & MG_SEQ_OWNED) {
        dst->owned_table = src->owned_table;
        dst->owned_column = src->owned_column;
    }
    if (set & MG_SEQ_COMMENT)
        dst->comment = src->comment;
}

/* One nextval('...') found in an expression: where its literal's text starts and ends. */
typedef struct nextval_at {
    const char *lit, *lit_end; /* between the quotes, '' still doubled */
    const char *after;         /* just past the closing quote */
} nextval_at;

/* True when the word nextval (any case) starts at p and is not the tail of a longer word. */
static bool
nextval_word(const char *base, const char *p)
{
    static const char word[] = "nextval";
    for (size_t i = 0; i < sizeof word - 1; i++)
        if (tolower((unsigned char)p[i]) != word[i])
            return false;
    return p == base || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
}

/* Finds the next nextval('...') at or after p in base; false when there is none. */
static bool
next_nextval(const char *base, const char *p, nextval_at *at)
{
    for (; *p != '\0'; p++) {
        if (!nextval_word(base, p))
            continue;
        const char *q = p + 7;
        while (isspace((unsigned char)*q))
            q++;
        if (*q++ != '(')
            continue;
        while (isspace((unsigned char)*q))
            q++;
        if (*q != '\'')
            continue;
        at->lit = ++q;
        while (*q != '\0' && !(*q == '\'' && q[1] != '\''))
            q += (*q == '\'') ? 2 : 1;
        if (*q == '\0')
            return false;
        at->lit_end = q;
        at->after = q + 1;
        return true;
    }
    return false;
}

/* Where the sequence name of a nextval literal starts: after the last dot outside double quotes
 * ("public.x" -> x). */
static const char *
name_start(const char *lit, const char *end)
{
    const char *start = lit;
    bool quoted = false;
    for (const char *p = lit; p < end; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == '.' && !quoted)
            start = p + 1;
    }
    return start;
}

/* The sequence name a nextval literal holds, its double quotes removed, unquoted letters folded
 * to lower case as PostgreSQL folds them. */
static const char *
literal_name(mg_arena *a, const char *lit, const char *end)
{
    const char *start = name_start(lit, end);
    bool quoted = false;
    mg_sb b;
    mg_sb_init(&b, a);
    for (const char *p = start; p < end; p++) {
        if (*p == '"' && p + 1 < end && p[1] == '"' && quoted)
            mg_sb_putc(&b, *p++);
        else if (*p == '"')
            quoted = !quoted;
        else if (*p == '\'' && p + 1 < end && p[1] == '\'')
            mg_sb_putc(&b, *p++);
        else
            mg_sb_putc(&b, quoted ? *p : (char)tolower((unsigned char)*p));
    }
    return mg_sb_str(&b);
}

int
mg_seq_nextval_names(mg_arena *a, const char *expr, int (*found)(const char *name, void *ctx),
                     void *ctx)
{
    nextval_at at = {expr, expr, expr};
    for (const char *p = expr; p != NULL && next_nextval(expr, p, &at); p = at.after) {
        int rc = found(literal_name(a, at.lit, at.lit_end), ctx);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* to as PostgreSQL writes a sequence name in a regclass literal: quoted unless plain. */
static void
put_name(mg_sb *b, const char *to)
{
    bool plain = !isdigit((unsigned char)to[0]);
    for (const char *p = to; *p; p++)
        plain = plain && (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_');
    if (plain) {
        mg_sb_puts(b, to);
        return;
    }
    mg_sb_putc(b, '"');
    for (const char *p = to; *p; p++) {
        if (*p == '"')
            mg_sb_putc(b, '"');
        else if (*p == '\'')
            mg_sb_putc(b, '\'');
        mg_sb_putc(b, *p);
    }
    mg_sb_putc(b, '"');
}

const char *
mg_seq_nextval_rename(mg_arena *a, const char *expr, const char *from, const char *to)
{
    nextval_at at = {expr, expr, expr};
    const char *done = expr;
    bool changed = false;
    mg_sb b;
    if (expr == NULL)
        return NULL;
    mg_sb_init(&b, a);
    for (const char *p = expr; next_nextval(expr, p, &at); p = at.after) {
        if (strcmp(literal_name(a, at.lit, at.lit_end), from) != 0)
            continue;
        const char *start = name_start(at.lit, at.lit_end);
        mg_sb_putn(&b, done, (size_t)(start - done));
        put_name(&b, to);
        done = at.lit_end;
        changed = true;
    }
    if (!changed)
        return expr;
    mg_sb_puts(&b, done);
    return mg_sb_str(&b);
}
