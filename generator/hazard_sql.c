/* migc generator: hazards, what migc can tell of SQL text without a server.
 * The volatility of a default expression and whether a type change rewrites the table. */
#include "hazard.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Functions whose every call may return another value (pg_proc.provolatile = 'v'). */
static const char *const volatile_fns[] = {"random",
                                           "random_normal",
                                           "gen_random_uuid",
                                           "gen_random_bytes",
                                           "gen_salt",
                                           "uuid_generate_v1",
                                           "uuid_generate_v1mc",
                                           "uuid_generate_v4",
                                           "uuidv4",
                                           "uuidv7",
                                           "clock_timestamp",
                                           "timeofday",
                                           "nextval",
                                           "currval",
                                           "lastval",
                                           "setval",
                                           NULL};

/* Stable or immutable functions common in defaults, and keywords written with parentheses. */
static const char *const stable_fns[] = {"now",
                                         "transaction_timestamp",
                                         "statement_timestamp",
                                         "current_timestamp",
                                         "current_time",
                                         "localtimestamp",
                                         "localtime",
                                         "current_date",
                                         "current_setting",
                                         "current_schema",
                                         "timezone",
                                         "date_trunc",
                                         "date_part",
                                         "extract",
                                         "make_interval",
                                         "make_date",
                                         "make_time",
                                         "make_timestamp",
                                         "make_timestamptz",
                                         "to_char",
                                         "to_date",
                                         "to_timestamp",
                                         "to_number",
                                         "lower",
                                         "upper",
                                         "btrim",
                                         "ltrim",
                                         "rtrim",
                                         "trim",
                                         "length",
                                         "char_length",
                                         "substring",
                                         "substr",
                                         "position",
                                         "overlay",
                                         "replace",
                                         "concat",
                                         "concat_ws",
                                         "md5",
                                         "abs",
                                         "round",
                                         "floor",
                                         "ceil",
                                         "ceiling",
                                         "greatest",
                                         "least",
                                         "coalesce",
                                         "nullif",
                                         "array",
                                         "row",
                                         "cast",
                                         "jsonb_build_object",
                                         "jsonb_build_array",
                                         "json_build_object",
                                         "json_build_array",
                                         "to_json",
                                         "to_jsonb",
                                         "uuid_nil",
                                         "uuid_generate_v3",
                                         "uuid_generate_v5",
                                         "in",
                                         "and",
                                         "or",
                                         "not",
                                         "is",
                                         "values",
                                         NULL};

static bool
listed(const char *const *list, const char *word)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], word) == 0)
            return true;
    return false;
}

static bool
ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/* Skips a quoted text starting at p (quote q; doubled quotes stay inside; backslashes escape
 * when escapes is set); returns the position after it. */
static const char *
skip_quoted(const char *p, char q, bool escapes)
{
    for (p++; *p; p++) {
        if (escapes && *p == '\\' && p[1]) {
            p++;
        } else if (*p == q) {
            if (p[1] != q)
                return p + 1;
            p++;
        }
    }
    return p;
}

/* Skips a dollar-quoted text ($tag$ ... $tag$) when p starts one; returns p otherwise. */
static const char *
skip_dollar(const char *p)
{
    const char *end = p + 1;
    while (ident_char(*end) && *end != '$')
        end++;
    if (*end != '$')
        return p;
    size_t tag = (size_t)(end - p + 1);
    for (const char *q = end + 1; *q; q++)
        if (strncmp(q, p, tag) == 0)
            return q + tag;
    return p + strlen(p);
}

/* Reads a possibly qualified, possibly quoted name at p into word (the last part, lower-cased
 * unless quoted); returns the position after it. */
static const char *
read_name(const char *p, char *word, size_t cap)
{
    for (;;) {
        size_t n = 0;
        if (*p == '"') {
            const char *end = skip_quoted(p, '"', false);
            for (const char *q = p + 1; q < end - 1 && n < cap - 1; q++) {
                word[n++] = *q;
                q += *q == '"'; /* "" inside quotes is one " */
            }
            p = end;
        } else {
            for (; ident_char(*p); p++)
                if (n < cap - 1)
                    word[n++] = (char)tolower((unsigned char)*p);
        }
        word[n] = '\0';
        if (*p != '.' || !(ident_char(p[1]) || p[1] == '"'))
            return p;
        p++;
    }
}

static const char *
skip_space(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

/* The volatility of one function called name. */
static mg_volatility
function_volatility(const char *name)
{
    if (listed(volatile_fns, name))
        return MG_VOLATILITY_VOLATILE;
    return listed(stable_fns, name) ? MG_VOLATILITY_STABLE : MG_VOLATILITY_UNKNOWN;
}

mg_volatility
mg_hazard_volatility(mg_arena *a, const char *expr, const char **fn)
{
    const char *volatile_fn = NULL, *unknown_fn = NULL;
    bool type_ctx = false; /* after :: or AS: names are types, "(n)" their modifiers */
    for (const char *p = expr; *p;) {
        char word[64];
        if (*p == '\'') {
            p = skip_quoted(p, '\'', false);
        } else if (*p == '$' && p[1] != '\0' && !isdigit((unsigned char)p[1])) {
            const char *end = skip_dollar(p);
            p = end == p ? p + 1 : end;
        } else if (*p == ':' && p[1] == ':') {
            type_ctx = true;
            p += 2;
        } else if (ident_char(*p) || *p == '"') {
            bool escaped = (*p == 'e' || *p == 'E') && p[1] == '\'';
            const char *end = escaped ? skip_quoted(p + 1, '\'', true) : read_name(p, word, 64);
            if (!escaped && strcmp(word, "as") == 0) {
                type_ctx = true;
            } else if (!escaped && !type_ctx && *skip_space(end) == '(') {
                mg_volatility v = function_volatility(word);
                if (v == MG_VOLATILITY_VOLATILE && volatile_fn == NULL)
                    volatile_fn = mg_arena_strdup(a, word);
                if (v == MG_VOLATILITY_UNKNOWN && unknown_fn == NULL)
                    unknown_fn = mg_arena_strdup(a, word);
            }
            p = end;
        } else {
            if (type_ctx && !isspace((unsigned char)*p) && !strchr("()[],", *p) &&
                !isdigit((unsigned char)*p))
                type_ctx = false;
            p++;
        }
    }
    if (fn)
        *fn = volatile_fn ? volatile_fn : unknown_fn;
    return volatile_fn  ? MG_VOLATILITY_VOLATILE
           : unknown_fn ? MG_VOLATILITY_UNKNOWN
                        : MG_VOLATILITY_STABLE;
}

/* Splits a normalised scalar type into its name without the modifier and the modifiers:
 * "timestamp(3) with time zone" -> "timestamp with time zone", {3}. Returns the number of
 * modifiers (0-2), or -1 for an array or a modifier that is not one or two numbers. */
static int
type_parts(const char *t, char *base, size_t cap, long mods[2])
{
    if (strchr(t, '[') != NULL || strlen(t) >= cap)
        return -1;
    const char *open = strchr(t, '('), *close = open ? strchr(open, ')') : NULL;
    if (open == NULL) {
        strcpy(base, t);
        return 0;
    }
    if (close == NULL)
        return -1;
    size_t head = (size_t)(open - t);
    memcpy(base, t, head);
    strcpy(base + head, close + 1);
    int n = sscanf(open, "(%ld,%ld)", &mods[0], &mods[1]);
    return n == 1 && open[strspn(open + 1, "0123456789") + 1] != ')' ? -1 : n;
}

/* Types whose single modifier only bounds the values: raising it, or dropping it, changes no
 * stored byte (PostgreSQL's varchar_support, varbit_support, timestamp_support, time_support). */
static const char *const widenable[] = {"character varying",           "bit varying",
                                        "timestamp without time zone", "timestamp with time zone",
                                        "time without time zone",      NULL};

bool
mg_hazard_type_rewrites(const char *from, const char *to, const char *using_expr)
{
    if (using_expr != NULL)
        return true;
    if (strcmp(from, to) == 0)
        return false;
    if (strcmp(to, "text") == 0 && strncmp(from, "character varying", 17) == 0 &&
        strchr(from, '[') == NULL)
        return false; /* binary-coercible: varchar is stored as text */
    if ((strcmp(from, "text") == 0 && strcmp(to, "character varying") == 0) ||
        (strcmp(from, "cidr") == 0 && strcmp(to, "inet") == 0))
        return false;
    char fb[128], tb[128];
    long fm[2] = {0, 0}, tm[2] = {0, 0};
    int fn = type_parts(from, fb, sizeof(fb), fm), tn = type_parts(to, tb, sizeof(tb), tm);
    if (fn < 0 || tn < 0 || strcmp(fb, tb) != 0)
        return true;
    if (listed(widenable, fb))
        return !(tn == 0 || (fn == 1 && tn == 1 && tm[0] >= fm[0]));
    if (strcmp(fb, "numeric") == 0) /* numeric(p) is numeric(p,0) */
        return !(tn == 0 || (fn >= 1 && tn >= 1 && tm[1] == fm[1] && tm[0] >= fm[0]));
    return true;
}
