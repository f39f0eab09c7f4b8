/* migc generator: a small SQL scanner for hand-written `sql` steps.
 * A lexer that knows just enough of PostgreSQL's and psql's: strings, identifiers, comments. */
#include "sqlscan.h"

#include <stdbool.h>
#include <string.h>

/* The scan: position, findings, and the statement being read. */
typedef struct scanner {
    const char *s;
    size_t i;
    mg_sqlscan_result *out;
    int words;       /* unquoted words read in this statement */
    size_t start;    /* offset of its first word */
    char first[16];  /* its first word, lower case ("-" when longer than fits) */
    char second[16]; /* its second word */
    char heads[4];   /* psql's heuristic: first letters of create/or/replace/function/... */
    int parens;      /* open parentheses */
    int begin_depth; /* open BEGIN (and CASE) blocks in a function body */
} scanner;

static bool
ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool
ident_char(unsigned char c)
{
    return ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

/* Records an unterminated construct that started at start. */
static void
open_at(scanner *sc, size_t start, const char *what)
{
    if (sc->out->open_what == NULL) {
        sc->out->open = start;
        sc->out->open_what = what;
    }
    sc->i = strlen(sc->s);
}

/* Skips a '...' string (escape: E'...', where a backslash escapes the next byte). */
static void
skip_string(scanner *sc, bool escape)
{
    size_t start = sc->i++;
    for (;;) {
        char c = sc->s[sc->i];
        if (c == '\0') {
            open_at(sc, start, "quoted string");
            return;
        }
        if (escape && c == '\\' && sc->s[sc->i + 1] != '\0') {
            sc->i += 2;
        } else if (c == '\'') {
            sc->i++;
            if (sc->s[sc->i] != '\'')
                return;
            sc->i++; /* '' is a quote inside the string */
        } else {
            sc->i++;
        }
    }
}

/* Skips a "..." identifier ("" is a quote inside it). */
static void
skip_quoted_ident(scanner *sc)
{
    size_t start = sc->i++;
    for (;;) {
        const char *q = strchr(sc->s + sc->i, '"');
        if (q == NULL) {
            open_at(sc, start, "quoted identifier");
            return;
        }
        sc->i = (size_t)(q - sc->s) + 1;
        if (sc->s[sc->i] != '"')
            return;
        sc->i++;
    }
}

/* Skips a nested comment; sc->i is at its opening slash. */
static void
skip_block_comment(scanner *sc)
{
    size_t start = sc->i;
    int depth = 0;
    do {
        if (sc->s[sc->i] == '\0') {
            open_at(sc, start, "comment");
            return;
        }
        if (sc->s[sc->i] == '/' && sc->s[sc->i + 1] == '*') {
            depth++;
            sc->i += 2;
        } else if (sc->s[sc->i] == '*' && sc->s[sc->i + 1] == '/') {
            depth--;
            sc->i += 2;
        } else {
            sc->i++;
        }
    } while (depth > 0);
}

/* Length of the $tag$ delimiter at s ("$$" or "$name$"), or 0 when s does not start one. */
static size_t
dollar_tag(const char *s)
{
    size_t n = 1;
    if (s[n] != '$' && !ident_start((unsigned char)s[n]))
        return 0; /* "$1" is a parameter */
    while (s[n] != '$' && ident_char((unsigned char)s[n]))
        n++;
    return s[n] == '$' ? n + 1 : 0;
}

/* Skips a dollar-quoted string or a lone '$'. */
static void
skip_dollar(scanner *sc)
{
    size_t start = sc->i, n = dollar_tag(sc->s + sc->i);
    if (n == 0) {
        sc->i++;
        return;
    }
    const char *body = sc->s + start + n;
    for (const char *p = strchr(body, '$'); p != NULL; p = strchr(p + 1, '$')) {
        if (strncmp(p, sc->s + start, n) == 0) {
            sc->i = (size_t)(p - sc->s) + n;
            return;
        }
    }
    open_at(sc, start, "dollar-quoted string");
}

/* Copies the word s[0..n) in lower case into out; a word too long to fit becomes "-", which
 * no keyword is (the longest that matters, "transaction", fits). */
static void
lower_word(char *out, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = 0;
    for (size_t k = 0; k < n; k++)
        out[k] = (char)(s[k] >= 'A' && s[k] <= 'Z' ? s[k] - 'A' + 'a' : s[k]);
    if (n == 0)
        out[n++] = '-';
    out[n] = '\0';
}

/* True when the statement so far starts CREATE [OR REPLACE] FUNCTION|PROCEDURE (psql). */
static bool
in_routine(const scanner *sc)
{
    const char *h = sc->heads;
    return h[0] == 'c' && (h[1] == 'f' || h[1] == 'p' ||
                           (h[1] == 'o' && h[2] == 'r' && (h[3] == 'f' || h[3] == 'p')));
}

/* Reads an unquoted word: remembers the first two and tracks BEGIN ... END like psql. */
static void
read_word(scanner *sc)
{
    static const char *const heads[] = {"create", "or", "replace", "function", "procedure", NULL};
    size_t start = sc->i;
    while (ident_char((unsigned char)sc->s[sc->i]))
        sc->i++;
    char w[16];
    lower_word(w, sizeof(w), sc->s + start, sc->i - start);
    if (strcmp(w, "e") == 0 && sc->s[sc->i] == '\'') {
        skip_string(sc, true); /* E'...': an escape string, not a word */
        return;
    }
    if (sc->words == 0) {
        sc->start = start;
        strcpy(sc->first, w);
    } else if (sc->words == 1) {
        strcpy(sc->second, w);
    }
    for (int k = 0; heads[k] != NULL && sc->words < 4; k++)
        if (strcmp(w, heads[k]) == 0)
            sc->heads[sc->words] = w[0];
    sc->words++;
    if (!in_routine(sc) || sc->parens > 0)
        return;
    if (strcmp(w, "begin") == 0 || (strcmp(w, "case") == 0 && sc->begin_depth > 0))
        sc->begin_depth++;
    else if (strcmp(w, "end") == 0 && sc->begin_depth > 0)
        sc->begin_depth--;
}

/* The transaction control command a statement starting with words a, b is, or NULL. */
static const char *
txn_command(const char *a, const char *b)
{
    static const char *const single[] = {"begin", "end", "abort", "savepoint", "release", NULL};
    for (int k = 0; single[k] != NULL; k++)
        if (strcmp(a, single[k]) == 0)
            return single[k];
    if (strcmp(a, "commit") == 0 || strcmp(a, "rollback") == 0)
        return strcmp(b, "prepared") == 0 ? (a[0] == 'c' ? "commit prepared" : "rollback prepared")
                                          : a;
    if (strcmp(b, "transaction") == 0 && strcmp(a, "start") == 0)
        return "start transaction";
    if (strcmp(b, "transaction") == 0 && strcmp(a, "prepare") == 0)
        return "prepare transaction";
    return NULL;
}

/* Ends the statement being read: records it when it is transaction control, then resets. */
static void
end_statement(scanner *sc)
{
    const char *cmd = sc->words ? txn_command(sc->first, sc->second) : NULL;
    if (cmd != NULL && sc->out->txn == MG_SQLSCAN_NONE) {
        sc->out->txn = sc->start;
        size_t k = 0;
        for (; cmd[k] != '\0' && k + 1 < sizeof(sc->out->txn_word); k++)
            sc->out->txn_word[k] =
                (char)(cmd[k] >= 'a' && cmd[k] <= 'z' ? cmd[k] - 'a' + 'A' : cmd[k]);
        sc->out->txn_word[k] = '\0';
    }
    sc->words = 0;
    memset(sc->heads, 0, sizeof(sc->heads));
    sc->first[0] = sc->second[0] = '\0';
    sc->parens = 0;
    sc->begin_depth = 0;
}

/* Records a meta-command at offset at (the first one only). */
static void
meta_at(mg_sqlscan_result *out, const char *s, size_t at)
{
    if (out->meta != MG_SQLSCAN_NONE && out->meta <= at)
        return;
    out->meta = at;
    size_t n = 1;
    while (n + 1 < sizeof(out->meta_word) && s[at + n] != '\0' &&
           strchr(" \t\r\n", s[at + n]) == NULL)
        n++;
    memcpy(out->meta_word, s + at, n);
    out->meta_word[n] = '\0';
}

/* Finds the first line whose first character but for blanks is a backslash. */
static void
scan_line_starts(const char *s, mg_sqlscan_result *out)
{
    for (size_t i = 0; s[i] != '\0';) {
        i += strspn(s + i, " \t\r\f\v");
        if (s[i] == '\\') {
            meta_at(out, s, i);
            return;
        }
        const char *nl = strchr(s + i, '\n');
        if (nl == NULL)
            return;
        i = (size_t)(nl - s) + 1;
    }
}

/* Reads one token (or one byte) at sc->i. */
static void
step(scanner *sc)
{
    const char *p = sc->s + sc->i;
    if (p[0] == '-' && p[1] == '-') {
        const char *nl = strchr(p, '\n');
        sc->i = nl ? (size_t)(nl - sc->s) : strlen(sc->s);
    } else if (p[0] == '/' && p[1] == '*') {
        skip_block_comment(sc);
    } else if (p[0] == '\'') {
        skip_string(sc, false);
    } else if (p[0] == '"') {
        skip_quoted_ident(sc);
    } else if (p[0] == '$') {
        skip_dollar(sc);
    } else if (ident_start((unsigned char)p[0])) {
        read_word(sc);
    } else if (p[0] >= '0' && p[0] <= '9') {
        while (ident_char((unsigned char)sc->s[sc->i]) || sc->s[sc->i] == '.')
            sc->i++; /* a number, with its exponent: never a word */
    } else {
        if (p[0] == '\\')
            meta_at(sc->out, sc->s, sc->i);
        else if (p[0] == '(')
            sc->parens++;
        else if (p[0] == ')' && sc->parens > 0)
            sc->parens--;
        else if (p[0] == ';' && sc->parens == 0 && sc->begin_depth == 0)
            end_statement(sc);
        sc->i++;
    }
}

void
mg_sqlscan_run(const char *sql, mg_sqlscan_result *out)
{
    memset(out, 0, sizeof(*out));
    out->txn = out->meta = out->open = MG_SQLSCAN_NONE;
    scanner sc = {0};
    sc.s = sql;
    sc.out = out;
    while (sc.s[sc.i] != '\0')
        step(&sc);
    end_statement(&sc);
    scan_line_starts(sql, out);
}
