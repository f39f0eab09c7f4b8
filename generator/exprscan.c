/* migc generator: a small scanner for SQL expressions.
 * Tokens first, read as PostgreSQL's lexer reads them; then a walk that classifies each
 * identifier by the tokens around it. */
#include "exprscan.h"

#include <ctype.h>
#include <string.h>

#include "strbuf.h"
#include "types.h"

typedef enum tok_kind {
    TK_END,
    TK_IDENT,  /* unquoted identifier or keyword */
    TK_QIDENT, /* "quoted identifier" */
    TK_STRING, /* any string constant: '..', E'..', B'..', X'..', N'..', U&'..', $$..$$ */
    TK_NUMBER,
    TK_OP,   /* operator: + <> ~~ => ... */
    TK_PUNCT /* ( ) [ ] , . : :: ; and anything else of one byte */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    size_t off;       /* byte offset in the expression */
    size_t end;       /* byte offset just past the token */
    const char *text; /* identifier as PostgreSQL reads it (NULL for U&"..."), a plain string's
                         value (NULL for the other string forms), operator or punctuation */
    bool keyword;     /* a TK_IDENT that is a keyword other than unreserved (types.h) */
} tok;

typedef struct lexer {
    mg_arena *a;
    const char *s;
    size_t i;
    tok *toks; /* room for strlen(s) + 1: every token is at least one byte, plus TK_END */
    size_t n;
} lexer;

/* The walk over the tokens of one expression. */
typedef struct walker {
    mg_arena *a;
    const tok *t; /* n tokens, then TK_END */
    size_t n;
    const char *table; /* a qualifier naming it makes a qualified name a column */
    mg_vec *refs;
    bool unsure; /* the expression holds what the walk cannot classify (a subquery) */
} walker;

#define OP_CHARS "+-*/<>=~!@#%^&|`?"

/* Words after a type name that continue it: double precision, national character varying(3),
 * time with time zone, interval day to second, integer array[3]. */
static const char *const type_words[] = {
    "precision", "character", "varying", "with",   "without", "time", "zone",  "year",
    "month",     "day",       "hour",    "minute", "second",  "to",   "array", NULL,
};

/* Fields that may follow an interval literal: interval '1' day, interval '1:30' hour to minute. */
static const char *const interval_fields[] = {
    "year", "month", "day", "hour", "minute", "second", "to", NULL,
};

/* Unreserved words that are only syntax where they can appear: normalize(x, nfkc). */
static const char *const syntax_words[] = {"nfc", "nfd", "nfkc", "nfkd", NULL};

/* Keywords whose first argument may be a bare word that is not a column: extract(epoch from x),
 * xmlparse(document x), xmlserialize(content x as text). */
static const char *const word_argument[] = {"extract", "xmlparse", "xmlserialize", NULL};

static bool
in_list(const char *word, const char *const *list)
{
    for (; *list != NULL; list++)
        if (strcmp(word, *list) == 0)
            return true;
    return false;
}

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

/* Skips a block comment starting at s[i], nested as PostgreSQL nests them. False when open. */
static bool
skip_comment(lexer *lx)
{
    int depth = 0;
    do {
        const char *p = lx->s + lx->i;
        if (*p == '\0')
            return false;
        if (p[0] == '/' && p[1] == '*')
            depth++;
        else if (p[0] == '*' && p[1] == '/')
            depth--;
        lx->i += (p[0] == '/' && p[1] == '*') || (p[0] == '*' && p[1] == '/') ? 2 : 1;
    } while (depth > 0);
    return true;
}

/* Skips blanks and comments. False at a comment that never ends. */
static bool
skip_blank(lexer *lx)
{
    for (;;) {
        const char *p = lx->s + lx->i;
        if (isspace((unsigned char)*p))
            lx->i++;
        else if (p[0] == '-' && p[1] == '-')
            lx->i += strcspn(p, "\n");
        else if (p[0] == '/' && p[1] == '*') {
            if (!skip_comment(lx))
                return false;
        } else
            return true;
    }
}

/* Offset just past the quote closing the one at s[i] (q doubled stands for itself; with
 * backslash, a backslash escapes the next byte), or 0 when it never closes. */
static size_t
close_quote(const char *s, size_t i, char q, bool backslash)
{
    for (i++; s[i] != '\0'; i++) {
        if (backslash && s[i] == '\\' && s[i + 1] != '\0')
            i++;
        else if (s[i] == q && s[i + 1] == q)
            i++;
        else if (s[i] == q)
            return i + 1;
    }
    return 0;
}

/* The text between the quotes of s[start..end), with doubled quotes made single. */
static const char *
unquote(mg_arena *a, const char *s, size_t start, size_t end)
{
    char q = s[start];
    char *out = mg_arena_alloc(a, end - start), *p = out;
    for (size_t i = start + 1; i + 1 < end; i++) {
        *p++ = s[i];
        if (s[i] == q)
            i++;
    }
    *p = '\0';
    return out;
}

static void
push(lexer *lx, tok_kind kind, size_t off, const char *text)
{
    tok *t = &lx->toks[lx->n++];
    t->kind = kind;
    t->off = off;
    t->text = text;
    t->keyword = kind == TK_IDENT && mg_type_keyword(text);
}

/* A quoted string or identifier whose opening quote is at s[q] (a prefix such as E or U& starts
 * at s[start]); value says whether its text can be taken as it is. False when it never closes. */
static bool
lex_quoted(lexer *lx, size_t start, size_t q, bool backslash, bool value)
{
    size_t end = close_quote(lx->s, q, lx->s[q], backslash);
    if (end == 0 || (lx->s[q] == '"' && end == q + 2))
        return false; /* open, or "" (PostgreSQL refuses an empty quoted name) */
    tok_kind kind = lx->s[q] == '"' ? TK_QIDENT : TK_STRING;
    push(lx, kind, start, value ? unquote(lx->a, lx->s, q, end) : NULL);
    lx->i = end;
    return true;
}

/* A $tag$...$tag$ string at s[i]; false when s[i] does not start one or it never closes (*open
 * tells which). A $ followed by a digit is a parameter, read as an operator. */
static bool
lex_dollar(lexer *lx, bool *open)
{
    const char *s = lx->s + lx->i;
    size_t j = 1;
    *open = false;
    if (ident_start((unsigned char)s[j]))
        while (ident_char((unsigned char)s[j]) && s[j] != '$')
            j++;
    if (s[j] != '$')
        return false;
    char *tag = mg_arena_strndup(lx->a, s, j + 1);
    const char *close = strstr(s + j + 1, tag);
    if (close == NULL) {
        *open = true;
        return false;
    }
    push(lx, TK_STRING, lx->i, NULL);
    lx->i += (size_t)(close - s) + j + 1;
    return true;
}

static void
lex_ident(lexer *lx)
{
    size_t start = lx->i;
    while (ident_char((unsigned char)lx->s[lx->i]))
        lx->i++;
    char *w = mg_arena_strndup(lx->a, lx->s + start, lx->i - start);
    for (char *c = w; *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
    push(lx, TK_IDENT, start, w);
}

/* A number: 12, 1.5, .5, 1e-3, 0x1F, 1_000. */
static void
lex_number(lexer *lx)
{
    size_t start = lx->i;
    const char *s = lx->s;
    while (isalnum((unsigned char)s[lx->i]) || s[lx->i] == '_' || s[lx->i] == '.' ||
           ((s[lx->i] == '+' || s[lx->i] == '-') && (s[lx->i - 1] == 'e' || s[lx->i - 1] == 'E')))
        lx->i++;
    push(lx, TK_NUMBER, start, mg_arena_strndup(lx->a, s + start, lx->i - start));
}

/* An operator, "::", or one byte of punctuation. */
static void
lex_symbol(lexer *lx)
{
    size_t start = lx->i;
    const char *s = lx->s;
    if (s[start] == ':' && (s[start + 1] == ':' || s[start + 1] == '=')) {
        lx->i += 2;
        push(lx, s[start + 1] == ':' ? TK_PUNCT : TK_OP, start, s[start + 1] == ':' ? "::" : ":=");
        return;
    }
    while (s[lx->i] && strchr(OP_CHARS, s[lx->i]) && strncmp(s + lx->i, "--", 2) != 0 &&
           strncmp(s + lx->i, "/*", 2) != 0)
        lx->i++;
    if (lx->i == start)
        lx->i++;
    push(lx, lx->i - start > 1 || strchr(OP_CHARS, s[start]) ? TK_OP : TK_PUNCT, start,
         mg_arena_strndup(lx->a, s + start, lx->i - start));
}

/* A string or identifier with a prefix: E'..', B'..', X'..', N'..', U&'..', U&"..". 1 when one
 * was read, 0 when there is none at s[i], -1 when it never closes. */
static int
lex_prefixed(lexer *lx)
{
    const char *p = lx->s + lx->i;
    char c = (char)(*p | 0x20);
    size_t q = lx->i + 1;
    if (c == 'u' && p[1] == '&' && (p[2] == '\'' || p[2] == '"'))
        q = lx->i + 2;
    else if (p[1] != '\'' || !strchr("ebxn", c))
        return 0;
    return lex_quoted(lx, lx->i, q, c == 'e', c == 'n') ? 1 : -1;
}

/* One token at s[i]. False when the text cannot be read (an unterminated quote or comment). */
static bool
lex_one(lexer *lx)
{
    const char *p = lx->s + lx->i;
    bool open;
    int prefixed = ident_start((unsigned char)*p) ? lex_prefixed(lx) : 0;
    if (prefixed != 0)
        return prefixed > 0;
    if (*p == '\'' || *p == '"')
        return lex_quoted(lx, lx->i, lx->i, false, true);
    if (*p == '$' && !isdigit((unsigned char)p[1])) {
        if (lex_dollar(lx, &open))
            return true;
        if (open)
            return false;
    }
    if (ident_start((unsigned char)*p))
        lex_ident(lx);
    else if (isdigit((unsigned char)*p) || (*p == '.' && isdigit((unsigned char)p[1])))
        lex_number(lx);
    else
        lex_symbol(lx);
    return true;
}

/* Splits expr into tokens ending with TK_END; false when it cannot be read. */
static bool
lex(mg_arena *a, const char *expr, lexer *lx)
{
    lx->a = a;
    lx->s = expr;
    lx->i = 0;
    lx->n = 0;
    lx->toks = mg_arena_alloc(a, (strlen(expr) + 1) * sizeof(tok));
    for (;;) {
        if (!skip_blank(lx))
            return false;
        if (expr[lx->i] == '\0')
            break;
        if (!lex_one(lx))
            return false;
        lx->toks[lx->n - 1].end = lx->i;
    }
    lx->toks[lx->n].kind = TK_END;
    lx->toks[lx->n].off = lx->i;
    lx->toks[lx->n].end = lx->i;
    lx->toks[lx->n].text = "";
    return true;
}

static bool
is_word(const tok *t, const char *w)
{
    return t->kind == TK_IDENT && strcmp(t->text, w) == 0;
}

static bool
is_sym(const tok *t, const char *s)
{
    return (t->kind == TK_PUNCT || t->kind == TK_OP) && strcmp(t->text, s) == 0;
}

static bool
is_part(const tok *t)
{
    return t->kind == TK_IDENT || t->kind == TK_QIDENT;
}

/* Index just past the group opened by the "(" or "[" at i (the end when it never closes). */
static size_t
skip_group(const walker *w, size_t i)
{
    int depth = 0;
    for (; i < w->n; i++) {
        if (is_sym(&w->t[i], "(") || is_sym(&w->t[i], "["))
            depth++;
        else if ((is_sym(&w->t[i], ")") || is_sym(&w->t[i], "]")) && --depth == 0)
            return i + 1;
    }
    return w->n;
}

/* Last part of the dotted name starting at i: a, a.b, a."B".c. */
static size_t
chain_end(const walker *w, size_t i)
{
    while (is_sym(&w->t[i + 1], ".") && is_part(&w->t[i + 2]))
        i += 2;
    return i;
}

/* Index just past the type name starting at i (i itself when there is none there). */
static size_t
type_end(const walker *w, size_t i)
{
    if (!is_part(&w->t[i]))
        return i;
    i = chain_end(w, i) + 1;
    for (;;) {
        const tok *t = &w->t[i];
        if (is_sym(t, "(") || is_sym(t, "["))
            i = skip_group(w, i);
        else if (t->kind == TK_IDENT && in_list(t->text, type_words))
            i++;
        else
            return i;
    }
}

/* Index past a typed literal starting at i (date '2020-01-01', timestamp with time zone '...',
 * interval '1' day to second), or i when there is none. */
static size_t
typed_literal_end(const walker *w, size_t i)
{
    size_t e = type_end(w, i);
    if (e == i || w->t[e].kind != TK_STRING)
        return i;
    e++;
    if (is_word(&w->t[i], "interval"))
        while ((w->t[e].kind == TK_IDENT && in_list(w->t[e].text, interval_fields)) ||
               is_sym(&w->t[e], "("))
            e = is_sym(&w->t[e], "(") ? skip_group(w, e) : e + 1;
    return e;
}

/* True when a token ends an operand: a name or word, a constant, ")" or "]". What follows one
 * directly is syntax (x AT TIME ZONE, (expr) opclass, pattern ESCAPE c), never a column. */
static bool
ends_operand(const tok *p)
{
    if (p->kind == TK_IDENT)
        return !p->keyword;
    return p->kind == TK_QIDENT || p->kind == TK_STRING || p->kind == TK_NUMBER || is_sym(p, ")") ||
           is_sym(p, "]") || is_sym(p, ".");
}

/* True when the token before i ends an operand, so that the name at i is syntax. The bare word
 * argument of xmlparse(document x) is not an operand. */
static bool
follows_operand(const walker *w, size_t i)
{
    if (i == 0)
        return false;
    if (i >= 3 && is_sym(&w->t[i - 2], "(") && w->t[i - 3].kind == TK_IDENT &&
        in_list(w->t[i - 3].text, word_argument))
        return false;
    return ends_operand(&w->t[i - 1]);
}

/* After IS [NOT]: a word there (unknown, json, document, nfc, of) is never a column. */
static size_t
after_is(const walker *w, size_t i)
{
    if (is_word(&w->t[i], "not"))
        i++;
    const tok *t = &w->t[i];
    if (t->kind != TK_IDENT || t->keyword)
        return i;
    i++;
    if (strcmp(t->text, "of") == 0 && is_sym(&w->t[i], "("))
        i = skip_group(w, i); /* IS OF (type, ...) */
    return i;
}

/* A keyword at i: skips what it introduces when that is not an expression. */
static size_t
keyword(walker *w, size_t i)
{
    const char *k = w->t[i].text;
    if (strcmp(k, "select") == 0) {
        w->unsure = true; /* a subquery has names of its own */
        return w->n;
    }
    if (strcmp(k, "as") == 0 || strcmp(k, "returning") == 0)
        return type_end(w, i + 1); /* CAST(x AS type), json_value(.. RETURNING type) */
    if (strcmp(k, "collate") == 0)
        return is_part(&w->t[i + 1]) ? chain_end(w, i + 1) + 1 : i + 1;
    if (strcmp(k, "is") == 0)
        return after_is(w, i + 1);
    if ((strcmp(k, "asc") == 0 || strcmp(k, "desc") == 0) && is_word(&w->t[i + 1], "nulls"))
        return i + 2; /* an index key's DESC NULLS LAST */
    if (strcmp(k, "unique") == 0 && is_word(&w->t[i + 1], "keys"))
        return i + 2; /* IS JSON WITH UNIQUE KEYS */
    if (strcmp(k, "time") == 0 && i > 0 && is_word(&w->t[i - 1], "at") &&
        is_word(&w->t[i + 1], "zone"))
        return i + 2; /* AT TIME ZONE */
    if (in_list(k, word_argument) && is_sym(&w->t[i + 1], "(") && w->t[i + 2].kind == TK_IDENT &&
        !w->t[i + 2].keyword)
        return i + 3;
    return i + 1;
}

static void
add_ref(walker *w, const tok *t, bool alone)
{
    mg_exprref *r = mg_arena_alloc(w->a, sizeof(*r));
    r->name = t->text;
    r->offset = t->off;
    r->alone = alone;
    mg_vec_push(w->a, w->refs, r);
}

/* A name (not a keyword) at i, maybe the first part of a dotted name. */
static size_t
name(walker *w, size_t i)
{
    const tok *t = &w->t[i];
    size_t j = chain_end(w, i);
    const tok *next = &w->t[j + 1];
    if (is_sym(next, "(") || is_sym(next, ".") || is_sym(next, "=>") || is_sym(next, ":="))
        return j + 1; /* a function, x.*, a named argument */
    if (follows_operand(w, i) || t->text == NULL ||
        (t->kind == TK_IDENT && in_list(t->text, syntax_words)))
        return j + 1;
    if (j == i)
        add_ref(w, t, w->n == 1);
    else if (w->t[j - 2].text != NULL && strcmp(w->t[j - 2].text, w->table) == 0 &&
             w->t[j].text != NULL)
        add_ref(w, &w->t[j], false); /* table.column, schema.table.column */
    return j + 1;
}

/* Classifies the token at i; returns the index of the next token to look at. */
static size_t
step(walker *w, size_t i)
{
    const tok *t = &w->t[i];
    if (is_sym(t, "::"))
        return type_end(w, i + 1);
    if (!is_part(t))
        return i + 1;
    size_t lit = typed_literal_end(w, i);
    if (lit > i)
        return lit;
    if (t->kind == TK_IDENT && t->keyword)
        return keyword(w, i);
    return name(w, i);
}

int
mg_exprscan_columns(mg_arena *a, const char *expr, const char *table, mg_vec *refs)
{
    lexer lx;
    if (!lex(a, expr, &lx))
        return -1;
    mg_vec found = {0};
    walker w = {a, lx.toks, lx.n, table, &found, false};
    for (size_t i = 0; i < w.n;)
        i = step(&w, i);
    if (w.unsure)
        return -1;
    for (size_t i = 0; i < found.len; i++)
        mg_vec_push(a, refs, found.items[i]);
    return 0;
}

const char *
mg_exprscan_literal(mg_arena *a, const char *expr, const char **cast)
{
    lexer lx;
    *cast = NULL;
    if (!lex(a, expr, &lx))
        return NULL;
    walker w = {a, lx.toks, lx.n, "", NULL, false};
    while (w.n >= 2 && is_sym(&w.t[0], "(") && skip_group(&w, 0) == w.n) {
        w.t++; /* ('x'::t) */
        w.n -= 2;
    }
    if (w.n == 0 || w.t[0].kind != TK_STRING || w.t[0].text == NULL)
        return NULL;
    if (w.n == 1)
        return w.t[0].text;
    if (!is_sym(&w.t[1], "::") || type_end(&w, 2) != w.n)
        return NULL;
    *cast = w.n == 3 && w.t[2].text != NULL ? w.t[2].text : "";
    return w.t[0].text;
}

static const mg_exprtok_kind public_kind[] = {
    [TK_IDENT] = MG_EXPRTOK_WORD,    [TK_QIDENT] = MG_EXPRTOK_QIDENT,
    [TK_STRING] = MG_EXPRTOK_STRING, [TK_NUMBER] = MG_EXPRTOK_NUMBER,
    [TK_OP] = MG_EXPRTOK_OP,         [TK_PUNCT] = MG_EXPRTOK_PUNCT,
};

int
mg_exprscan_tokens(mg_arena *a, const char *expr, mg_exprtok **toks, size_t *n)
{
    lexer lx;
    *toks = NULL;
    *n = 0;
    if (!lex(a, expr, &lx))
        return -1;
    mg_exprtok *out = mg_arena_alloc(a, (lx.n + 1) * sizeof(*out));
    for (size_t i = 0; i < lx.n; i++) {
        const tok *t = &lx.toks[i];
        out[i].kind = public_kind[t->kind];
        out[i].raw = mg_arena_strndup(a, expr + t->off, t->end - t->off);
        out[i].name = t->kind == TK_IDENT || t->kind == TK_QIDENT ? t->text : NULL;
        out[i].keyword = t->keyword;
    }
    *toks = out;
    *n = lx.n;
    return 0;
}

bool
mg_exprscan_type_word(const char *word)
{
    return in_list(word, type_words);
}

/* Length of the identifier token that starts at s: a quoted name with its quotes, or a word. */
static size_t
ident_len(const char *s)
{
    size_t n = 1;
    if (*s == '"') {
        while (s[n] != '\0' && (s[n] != '"' || s[n + 1] == '"'))
            n += s[n] == '"' ? 2 : 1;
        return s[n] == '"' ? n + 1 : n;
    }
    while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '$' ||
           (unsigned char)s[n] >= 0x80)
        n++;
    return n;
}

const char *
mg_exprscan_rename(mg_arena *a, const char *expr, const char *table, const char *from,
                   const char *to)
{
    mg_vec refs = {0};
    if (expr == NULL || mg_exprscan_columns(a, expr, table, &refs) != 0)
        return expr;
    mg_sb b;
    mg_sb_init(&b, a);
    size_t done = 0;
    for (size_t i = 0; i < refs.len; i++) {
        const mg_exprref *r = refs.items[i];
        if (strcmp(r->name, from) != 0)
            continue;
        mg_sb_putn(&b, expr + done, r->offset - done);
        mg_sb_puts(&b, mg_type_ident(a, to));
        done = r->offset + ident_len(expr + r->offset);
    }
    if (done == 0)
        return expr;
    mg_sb_puts(&b, expr + done);
    return mg_sb_str(&b);
}
