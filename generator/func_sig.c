/* migc generator: function signatures.
 * Splits argument lists at their top-level commas and words, and normalises each type with
 * types.c, so that a key and an `arguments:` text can be compared. */
#include "func_sig.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "model.h"
#include "strbuf.h"
#include "types.h"

/* End of the token that starts at p: a quoted name, a parenthesised group or a word. */
static const char *
token_end(const char *p)
{
    int depth = 0;
    bool quoted = false;
    for (; *p != '\0'; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '(')
            depth++;
        else if (!quoted && *p == ')')
            depth--;
        else if (!quoted && depth <= 0 && (isspace((unsigned char)*p) || *p == ','))
            break;
    }
    return p;
}

/* The top-level pieces of text cut at commas, each trimmed; -1 on unbalanced parentheses. */
static int
split_commas(mg_arena *a, const char *text, mg_vec *out)
{
    const char *start = text, *p = text;
    int depth = 0;
    bool quoted = false;
    for (;; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && *p == '(')
            depth++;
        else if (!quoted && *p == ')' && --depth < 0)
            return -1;
        if (*p != '\0' && (quoted || depth > 0 || *p != ','))
            continue;
        while (start < p && isspace((unsigned char)*start))
            start++;
        const char *end = p;
        while (end > start && isspace((unsigned char)end[-1]))
            end--;
        mg_vec_push(a, out, mg_arena_strndup(a, start, (size_t)(end - start)));
        if (*p == '\0')
            return depth == 0 && !quoted ? 0 : -1;
        start = p + 1;
    }
}

/* The words of one argument (quoted names and parenthesised modifiers stay whole). */
static void
split_words(mg_arena *a, const char *text, mg_vec *out)
{
    const char *p = text;
    while (*p != '\0') {
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '\0')
            break;
        const char *end = token_end(p);
        if (end == p)
            end++;
        mg_vec_push(a, out, mg_arena_strndup(a, p, (size_t)(end - p)));
        p = end;
    }
}

/* The words [from, to) of words joined by single spaces. */
static const char *
join_words(mg_arena *a, const mg_vec *words, size_t from, size_t to)
{
    mg_sb b;
    mg_sb_init(&b, a);
    for (size_t i = from; i < to; i++) {
        const char *w = words->items[i];
        if (i > from && w[0] != '(' && w[0] != '[')
            mg_sb_putc(&b, ' ');
        mg_sb_puts(&b, w);
    }
    return mg_sb_str(&b);
}

/* A normalised type without its modifiers ("character varying(20)[]" -> "character varying[]"),
 * as oidvectortypes writes it. */
static const char *
bare_type(mg_arena *a, const char *written, const char **error)
{
    const char *t = mg_type_normalize(a, written, error);
    if (t == NULL)
        return NULL;
    char *out = mg_arena_strdup(a, t), *w = out;
    int depth = 0;
    for (const char *p = t; *p != '\0'; p++) {
        if (*p == '(')
            depth++;
        if (depth == 0)
            *w++ = *p;
        if (*p == ')')
            depth--;
    }
    *w = '\0';
    return out;
}

static bool
mode_word(const char *w, bool *out)
{
    *out = strcasecmp(w, "out") == 0;
    return *out || strcasecmp(w, "in") == 0 || strcasecmp(w, "inout") == 0 ||
           strcasecmp(w, "variadic") == 0;
}

/* The type of one argument; NULL (no error) for an OUT argument left out. */
static const char *
arg_type(mg_arena *a, const char *arg, bool procedure, const char **error)
{
    mg_vec words = {0};
    bool out = false;
    size_t first = 0, end;
    split_words(a, arg, &words);
    for (end = 0; end < words.len; end++) {
        const char *w = words.items[end];
        if (strcasecmp(w, "default") == 0 || strcmp(w, "=") == 0)
            break;
    }
    if (end > 1 && mode_word(words.items[0], &out))
        first = 1;
    if (out && !procedure)
        return NULL;
    if (first >= end) {
        *error = mg_arena_printf(a, "argument \"%s\" has no type", arg);
        return NULL;
    }
    const char *whole = join_words(a, &words, first, end);
    const char *t = bare_type(a, whole, error);
    if (end - first == 1 || (t != NULL && mg_type_is_builtin(t)))
        return t;
    *error = NULL;
    return bare_type(a, join_words(a, &words, first + 1, end), error);
}

const char *
mg_func_arg_types(mg_arena *a, const char *arguments, bool procedure, const char **error)
{
    mg_vec args = {0};
    mg_sb b;
    *error = NULL;
    if (split_commas(a, arguments, &args) != 0) {
        *error = "unbalanced parentheses or quotes";
        return NULL;
    }
    mg_sb_init(&b, a);
    for (size_t i = 0; i < args.len; i++) {
        const char *arg = args.items[i], *t;
        if (arg[0] == '\0' && args.len == 1)
            break;
        if ((t = arg_type(a, arg, procedure, error)) == NULL && *error != NULL)
            break;
        if (t != NULL)
            mg_sb_printf(&b, "%s%s", b.len ? ", " : "", t);
    }
    return *error ? NULL : mg_sb_str(&b);
}

const char *
mg_func_key(mg_arena *a, const char *written, const char **proname, const char **error)
{
    const char *open = strchr(written, '(');
    size_t n = strlen(written);
    *error = NULL;
    if (open == NULL || open == written || n < 2 || written[n - 1] != ')') {
        *error = "a function key is its name and argument types, as in \"f(integer, text)\"";
        return NULL;
    }
    *proname = mg_arena_strndup(a, written, (size_t)(open - written));
    mg_vec types = {0};
    mg_sb b;
    const char *inner = mg_arena_strndup(a, open + 1, n - (size_t)(open - written) - 2);
    if (split_commas(a, inner, &types) != 0) {
        *error = "unbalanced parentheses or quotes in the argument types";
        return NULL;
    }
    mg_sb_init(&b, a);
    for (size_t i = 0; i < types.len && *error == NULL; i++) {
        const char *t = types.items[i];
        if (t[0] == '\0' && types.len == 1)
            break;
        if ((t = bare_type(a, t, error)) != NULL)
            mg_sb_printf(&b, "%s%s", i ? ", " : "", t);
    }
    return *error ? NULL : mg_arena_printf(a, "%s(%s)", *proname, mg_sb_str(&b));
}

const char *
mg_func_returns(mg_arena *a, const char *written, const char **error)
{
    const char *t;
    *error = NULL;
    while (isspace((unsigned char)*written))
        written++;
    if (strncasecmp(written, "setof ", 6) == 0)
        return (t = bare_type(a, written + 6, error)) ? mg_arena_printf(a, "SETOF %s", t) : NULL;
    if (strncasecmp(written, "table", 5) == 0 && strchr(written, '(') != NULL) {
        const char *p = written + 5;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == '(')
            return mg_arena_printf(a, "TABLE%s", p);
    }
    return bare_type(a, written, error);
}

const char *
mg_func_proc_args(mg_arena *a, const char *arguments)
{
    mg_vec args = {0}, words;
    mg_sb b;
    bool out;
    if (split_commas(a, arguments, &args) != 0 || (args.len == 1 && *(char *)args.items[0] == 0))
        return arguments;
    mg_sb_init(&b, a);
    for (size_t i = 0; i < args.len; i++) {
        words = (mg_vec){0};
        split_words(a, args.items[i], &words);
        bool moded = words.len > 1 && mode_word(words.items[0], &out);
        mg_sb_printf(&b, "%s%s%s", i ? ", " : "", moded ? "" : "IN ", (const char *)args.items[i]);
    }
    return mg_sb_str(&b);
}
