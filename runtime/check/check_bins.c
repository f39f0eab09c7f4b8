/* migc runtime: "bins", the scratch tables check and index expressions are parsed in.
 * An expression is parsed the same way in any table whose columns it names have the same
 * types and where none of its other words is a column: a word scan that may see too many names
 * but never too few decides which columns those are, and expressions it cannot read get every
 * column of their table, alone. */
#include "check_bins.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BIN_COLUMNS 1000 /* PostgreSQL allows 1600 columns per table */
#define BINS_TRIED 16        /* a request joins one of the last few bins, or opens a new one */
#define MAX_WORDS 64         /* an expression naming more is read as naming every column */
#define MAX_NAME 63          /* NAMEDATALEN - 1: the server truncates longer names */

/* The words of one expression: each with the type of the column of its table it names, or
 * NULL when it names none. */
typedef struct words {
    const char *names[MAX_WORDS];
    const char *types[MAX_WORDS];
    size_t n;
} words;

/* ---- the word scan ---- */

/* Records word (in the scan buffer) once, with its column's type when t has that column. */
static int
add_word(words *w, const migc_expected_table *t, const char *word)
{
    const char *name = word, *type = NULL;

    if (strlen(word) > MAX_NAME || w->n == MAX_WORDS)
        return -1;
    for (size_t i = 0; i < w->n; i++)
        if (strcmp(w->names[i], word) == 0)
            return 0;
    for (size_t i = 0; i < t->n_columns; i++)
        if (strcmp(t->columns[i].name, word) == 0) {
            name = t->columns[i].name;
            type = t->columns[i].type;
        }
    w->names[w->n] = name;
    w->types[w->n++] = type;
    return 0;
}

static int
is_alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
}

static int
is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Past a string literal at s ('...' with '' inside), or NULL when it does not end. */
static const char *
skip_literal(const char *s)
{
    for (s++; *s != '\0'; s++)
        if (*s == '\'' && *++s != '\'')
            return s;
    return NULL;
}

/* Past a number at s (digits, a point, an exponent); letters after it start a word. */
static const char *
skip_number(const char *s)
{
    while (is_digit(*s) || *s == '.')
        s++;
    if ((*s == 'e' || *s == 'E') &&
        (is_digit(s[1]) || ((s[1] == '+' || s[1] == '-') && is_digit(s[2]))))
        for (s += 2; is_digit(*s); s++)
            ;
    return s;
}

/* Copies the identifier at s into *buf (a quoted one as it is, "" as ", a plain one
 * lower-cased as the server folds it) and returns the text after it, or NULL. */
static const char *
read_word(const char *s, char **buf)
{
    char *out = *buf;

    if (*s == '"') {
        for (s++; *s != '\0' && (*s != '"' || s[1] == '"'); s++)
            *out++ = *s == '"' ? *s++ : *s;
        if (*s++ != '"' || out == *buf)
            return NULL;
    } else {
        for (; is_alpha(*s) || is_digit(*s); s++)
            *out++ = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
    }
    *out++ = '\0';
    *buf = out;
    return s;
}

/* Collects the identifiers of expression s into w, copied into buf (2 * strlen(s) + 2 bytes).
 * -1 when s holds what the scan does not follow exactly: backslash escapes, dollar quotes,
 * U& names, comments, non-ASCII text, names the server would truncate, too many words. */
static int
scan_words(const char *s, char *buf, const migc_expected_table *t, words *w)
{
    while (*s != '\0') {
        if (*s == '\\' || *s == '$' || *s == '&' || *s == ';' || (unsigned char)*s >= 0x80 ||
            (s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*'))
            return -1;
        if (*s == '\'') {
            s = skip_literal(s);
        } else if (is_digit(*s)) {
            s = skip_number(s);
        } else if (*s == '"' || is_alpha(*s)) {
            const char *word = buf;
            if ((s = read_word(s, &buf)) != NULL && add_word(w, t, word) != 0)
                return -1;
        } else {
            s++;
        }
        if (s == NULL)
            return -1;
    }
    return 0;
}

/* ---- bins ---- */

static size_t
hash_name(const char *s)
{
    size_t h = 2166136261u;

    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The entry called name in b, or -1. */
static long
bin_find(const migc_bin *b, const char *name)
{
    size_t mask = b->n_slots - 1;

    if (b->n_slots == 0)
        return -1;
    for (size_t i = hash_name(name) & mask; b->slots[i] != 0; i = (i + 1) & mask)
        if (strcmp(b->names[b->slots[i] - 1], name) == 0)
            return (long)(b->slots[i] - 1);
    return -1;
}

static void
bin_slot(migc_bin *b, size_t e)
{
    size_t mask = b->n_slots - 1, i = hash_name(b->names[e]) & mask;

    while (b->slots[i] != 0)
        i = (i + 1) & mask;
    b->slots[i] = e + 1;
}

/* Appends an entry (type NULL: a word that must not be a column). */
static int
bin_push(migc_bin *b, const char *name, const char *type)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 32;
        const char **n = realloc(b->names, cap * sizeof *n);
        if (n != NULL)
            b->names = n;
        const char **y = n ? realloc(b->types, cap * sizeof *y) : NULL;
        if (y == NULL)
            return -1;
        b->types = y;
        b->cap = cap;
    }
    if (2 * (b->n + 1) > b->n_slots) {
        size_t n_slots = b->n_slots ? 2 * b->n_slots : 64;
        size_t *slots = calloc(n_slots, sizeof *slots);
        if (slots == NULL)
            return -1;
        free(b->slots);
        b->slots = slots;
        b->n_slots = n_slots;
        for (size_t e = 0; e < b->n; e++)
            bin_slot(b, e);
    }
    b->names[b->n] = name;
    b->types[b->n] = type;
    bin_slot(b, b->n++);
    b->n_columns += type != NULL;
    return 0;
}

/* True when the words can join b: room, every column in it with the same type, and no other
 * word a column of b (nor a column of theirs a word b's expressions use otherwise). */
static int
bin_fits(const migc_bin *b, const words *w)
{
    size_t added = 0;

    if (b->owner != NULL)
        return 0;
    for (size_t i = 0; i < w->n; i++) {
        long e = bin_find(b, w->names[i]);
        if (e < 0)
            added += w->types[i] != NULL;
        else if ((w->types[i] == NULL) != (b->types[e] == NULL) ||
                 (w->types[i] != NULL && strcmp(w->types[i], b->types[e]) != 0))
            return 0;
    }
    return b->n_columns + added <= MAX_BIN_COLUMNS;
}

/* A new, empty bin; NULL when out of memory. */
static migc_bin *
bin_new(migc_bins *bs)
{
    if (bs->n == bs->cap) {
        size_t cap = bs->cap ? 2 * bs->cap : 8;
        migc_bin *p = realloc(bs->bins, cap * sizeof *p);
        if (p == NULL)
            return NULL;
        bs->bins = p;
        bs->cap = cap;
    }
    memset(&bs->bins[bs->n], 0, sizeof(migc_bin));
    return &bs->bins[bs->n++];
}

/* The bin of a table's own for expressions the scan cannot read: every column, nobody else. */
static size_t
place_whole(migc_bins *bs, const migc_expected_table *t)
{
    migc_bin *b;

    if (bs->n > 0 && bs->bins[bs->n - 1].owner == t)
        return bs->n - 1;
    if ((b = bin_new(bs)) == NULL)
        return (size_t)-1;
    b->owner = t;
    for (size_t i = 0; i < t->n_columns; i++)
        if (bin_push(b, t->columns[i].name, t->columns[i].type) != 0)
            return (size_t)-1;
    return bs->n - 1;
}

/* Keeps a scan buffer for the life of the bins (their names point into it). */
static int
keep_buffer(migc_bins *bs, char *buf)
{
    if (bs->n_bufs == bs->cap_bufs) {
        size_t cap = bs->cap_bufs ? 2 * bs->cap_bufs : 64;
        char **p = realloc(bs->bufs, cap * sizeof *p);
        if (p == NULL) {
            free(buf);
            return -1;
        }
        bs->bufs = p;
        bs->cap_bufs = cap;
    }
    bs->bufs[bs->n_bufs++] = buf;
    return 0;
}

size_t
migc_bins_place(migc_bins *bs, const migc_norm_req *r)
{
    char *buf = malloc(2 * strlen(r->expr) + 2);
    size_t first = bs->n > BINS_TRIED ? bs->n - BINS_TRIED : 0, k;
    words w;

    w.n = 0;
    if (buf == NULL || keep_buffer(bs, buf) != 0)
        return (size_t)-1;
    if (scan_words(r->expr, buf, r->table, &w) != 0)
        return place_whole(bs, r->table);
    for (k = first; k < bs->n && !bin_fits(&bs->bins[k], &w); k++)
        ;
    if (k == bs->n && bin_new(bs) == NULL)
        return (size_t)-1;
    for (size_t i = 0; i < w.n; i++)
        if (bin_find(&bs->bins[k], w.names[i]) < 0 &&
            bin_push(&bs->bins[k], w.names[i], w.types[i]) != 0)
            return (size_t)-1;
    return k;
}

void
migc_bins_free(migc_bins *bs)
{
    if (bs == NULL)
        return;
    for (size_t k = 0; k < bs->n; k++) {
        free(bs->bins[k].names);
        free(bs->bins[k].types);
        free(bs->bins[k].slots);
    }
    free(bs->bins);
    for (size_t i = 0; i < bs->n_bufs; i++)
        free(bs->bufs[i]);
    free(bs->bufs);
    memset(bs, 0, sizeof *bs);
}
