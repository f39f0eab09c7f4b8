/* migc generator: SQL expressions in a normal form, for the diff.
 * Tokens from exprscan, spelled canonically, BETWEEN written as the two comparisons PostgreSQL
 * stores, then rewritten until nothing changes: parentheses that group nothing, and casts of
 * literals to the type PostgreSQL would give them, are cut. A view's query is read the same way,
 * its clause keywords bounding its expressions. */
#include "exprnorm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "exprscan.h"
#include "strbuf.h"
#include "types.h"

/* One token in its canonical spelling. */
typedef struct ntok {
    mg_exprtok_kind kind;
    const char *text; /* canonical spelling */
    const char *name; /* a word or quoted name as PostgreSQL reads it, else NULL */
    bool keyword;
} ntok;

typedef struct norm {
    mg_arena *a;
    const mg_exprctx *ctx;
    ntok *t;
    size_t n;
    bool between; /* the expression holds BETWEEN, whose AND is not the boolean one */
    bool query;   /* a view's query: clause keywords bound its expressions */
} norm;

#define NONE ((size_t)-1)

static const char *const comparisons[] = {"=", "<>", "<", ">", "<=", ">=", NULL};

/* Text search functions whose first of several arguments PostgreSQL reads as a regconfig. */
static const char *const ts_functions[] = {
    "to_tsvector",      "to_tsquery",           "plainto_tsquery",
    "phraseto_tsquery", "websearch_to_tsquery", NULL,
};

/* Functions whose first argument PostgreSQL casts to regclass itself (nextval('s') is stored as
 * nextval('s'::regclass)). */
static const char *const seq_functions[] = {"nextval", "currval", "setval", NULL};

/* Types an integer literal compared with a column of the type converts to as the cast would
 * (smallint is left out: 70000::smallint fails where the comparison does not). */
static const char *const int_types[] = {"integer", "bigint", "numeric", NULL};

static const char *const number_types[] = {
    "smallint", "integer", "bigint", "numeric", "real", "double precision", NULL,
};

/* In a query: words after which an expression (or a list of them) starts... */
static const char *const clause_starts[] = {
    "select", "where", "having", "on", "when", "then", "else", "by", NULL,
};
/* ... words before which one ends ... */
static const char *const clause_ends[] = {
    "from",   "where", "group",     "order",  "having", "limit", "offset", "fetch",
    "window", "union", "intersect", "except", "as",     "when",  "then",   "else",
    "end",    "asc",   "desc",      "nulls",  "join",   "inner", "left",   "right",
    "full",   "cross", "natural",   "on",     NULL,
};
/* ... and the words after which a FROM item (a join tree) ends. */
static const char *const from_ends[] = {
    "where",  "group", "order",     "having",  "limit", "offset", "fetch",
    "window", "union", "intersect", "except",  "join",  "inner",  "left",
    "right",  "full",  "cross",     "natural", NULL,
};
/* Words that start a query (a subquery when parenthesised). */
static const char *const query_starts[] = {"select", "values", "with", "table", NULL};

static bool
listed(const char *s, const char *const *list)
{
    for (; s != NULL && *list != NULL; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

static bool
is_text(const norm *nm, size_t i, const char *s)
{
    return i < nm->n && nm->t[i].kind != MG_EXPRTOK_STRING && strcmp(nm->t[i].text, s) == 0;
}

static bool
is_word(const norm *nm, size_t i, const char *w)
{
    return i < nm->n && nm->t[i].kind == MG_EXPRTOK_WORD && strcmp(nm->t[i].text, w) == 0;
}

/* True when the token at i is a word of list. */
static bool
word_of(const norm *nm, size_t i, const char *const *list)
{
    return i < nm->n && nm->t[i].kind == MG_EXPRTOK_WORD && listed(nm->t[i].text, list);
}

/* True when an expression starts after the token at i: "(", "," or a query's clause keyword
 * (not the ON of DISTINCT ON, whose list is an argument list). */
static bool
list_opens(const norm *nm, size_t i)
{
    if (is_text(nm, i, "(") || is_text(nm, i, ","))
        return true;
    return nm->query && word_of(nm, i, clause_starts) &&
           !(is_word(nm, i, "on") && i > 0 && is_word(nm, i - 1, "distinct"));
}

/* True when an expression ends before the token at i (or the end). */
static bool
list_closes(const norm *nm, size_t i)
{
    return i >= nm->n || is_text(nm, i, ")") || is_text(nm, i, ",") ||
           (nm->query && word_of(nm, i, clause_ends));
}

static bool
is_comparison(const norm *nm, size_t i)
{
    return i < nm->n && nm->t[i].kind == MG_EXPRTOK_OP && listed(nm->t[i].text, comparisons);
}

/* The canonical spelling of one token. */
static const char *
spell(mg_arena *a, const mg_exprtok *t)
{
    switch (t->kind) {
    case MG_EXPRTOK_WORD:
        return t->name;
    case MG_EXPRTOK_QIDENT:
        return t->name ? mg_type_ident(a, t->name) : t->raw; /* "price" is price */
    case MG_EXPRTOK_NUMBER: {
        char *s = mg_arena_strdup(a, t->raw);
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return s;
    }
    case MG_EXPRTOK_OP:
        return strcmp(t->raw, "!=") == 0 ? "<>" : t->raw;
    default:
        return t->raw;
    }
}

/* Reads expr into nm; false when it cannot be read. */
static bool
load(norm *nm, mg_arena *a, const char *expr, const mg_exprctx *ctx)
{
    mg_exprtok *toks;
    size_t n;
    if (mg_exprscan_tokens(a, expr, &toks, &n) != 0)
        return false;
    *nm = (norm){a, ctx, mg_arena_alloc(a, (n + 1) * sizeof(ntok)), n, false, false};
    for (size_t i = 0; i < n; i++) {
        nm->t[i] = (ntok){toks[i].kind, spell(a, &toks[i]), toks[i].name, toks[i].keyword};
        nm->between |= is_word(nm, i, "between");
    }
    return true;
}

/* Removes count tokens from i. */
static void
cut(norm *nm, size_t i, size_t count)
{
    memmove(nm->t + i, nm->t + i + count, (nm->n - i - count) * sizeof(ntok));
    nm->n -= count;
}

/* Index of the ")" or "]" closing the group opened at i, NONE when it never closes. */
static size_t
close_of(const norm *nm, size_t i)
{
    int depth = 0;
    for (; i < nm->n; i++) {
        if (is_text(nm, i, "(") || is_text(nm, i, "["))
            depth++;
        else if ((is_text(nm, i, ")") || is_text(nm, i, "]")) && --depth == 0)
            return i;
    }
    return NONE;
}

/* Index just past the type name that starts at i (after "::"), i when there is none. */
static size_t
type_end(const norm *nm, size_t i)
{
    if (i >= nm->n || (nm->t[i].kind != MG_EXPRTOK_WORD && nm->t[i].kind != MG_EXPRTOK_QIDENT))
        return i;
    for (i++; i < nm->n;) {
        const ntok *t = &nm->t[i];
        if (is_text(nm, i, "(") || is_text(nm, i, "[")) {
            size_t c = close_of(nm, i);
            if (c == NONE)
                return NONE;
            i = c + 1;
        } else if (is_text(nm, i, ".") && i + 1 < nm->n && nm->t[i + 1].name != NULL)
            i += 2;
        else if (t->kind == MG_EXPRTOK_WORD && mg_exprscan_type_word(t->text))
            i++;
        else
            break;
    }
    return i;
}

/* The normalised type written by tokens [i, e), NULL when it is not a type migc can name. */
static const char *
type_of(const norm *nm, size_t i, size_t e)
{
    mg_sb b;
    mg_sb_init(&b, nm->a);
    for (size_t k = i; k < e; k++) {
        const char *s = nm->t[k].text;
        bool tight = strchr("()[],", s[0]) != NULL || (k > i && strchr("([", nm->t[k - 1].text[0]));
        if (k > i && !tight && nm->t[k].kind != MG_EXPRTOK_STRING)
            mg_sb_putc(&b, ' ');
        mg_sb_puts(&b, s);
    }
    const char *error = NULL;
    return mg_type_normalize(nm->a, mg_sb_str(&b), &error);
}

/* The type without modifiers: "character varying(20)" -> "character varying". */
static const char *
base_of(mg_arena *a, const char *type)
{
    mg_sb b;
    mg_sb_init(&b, a);
    int depth = 0;
    for (const char *p = type; *p; p++) {
        depth += *p == '(';
        if (depth == 0 && !(*p == ' ' && (p[1] == '(' || p[1] == '\0')))
            mg_sb_putc(&b, *p);
        depth -= *p == ')' && depth > 0;
    }
    const char *s = mg_sb_str(&b);
    return strcmp(s, "character") == 0 ? "bpchar" : s;
}

/* True when a cast to cast yields a value of type want, or of want's type without modifiers (a
 * value that assignment or comparison to want converts no differently). A cast with a modifier
 * is never redundant: 'abcd'::varchar(2) truncates where assignment fails; neither is one to
 * character or bit, which mean character(1) and bit(1), or to an interval with fields. */
static bool
type_matches(mg_arena *a, const char *cast, const char *want)
{
    if (cast == NULL || want == NULL || strchr(cast, '(') != NULL ||
        strncmp(cast, "interval ", 9) == 0)
        return false;
    return strcmp(base_of(a, cast), base_of(a, want)) == 0;
}

/* The literal kinds: 'i' an integer literal of int4 range, 'd' a decimal one, 0 otherwise. */
static char
number_kind(const ntok *t)
{
    if (t->kind != MG_EXPRTOK_NUMBER)
        return 0;
    const char *s = t->text;
    if (strspn(s, "0123456789") == strlen(s))
        return strlen(s) < 10 || (strlen(s) == 10 && strcmp(s, "2147483647") <= 0) ? 'i' : 0;
    bool hex = s[0] == '0' && s[1] != '\0' && strchr("xob", s[1]) != NULL;
    return !hex && strspn(s, "0123456789.e+-") == strlen(s) ? 'd' : 0;
}

/* True when the string literal is of type unknown until context decides: '..', E'..', U&'..',
 * $$..$$ (B'..' and X'..' are bit strings, N'..' is character). */
static bool
untyped(const ntok *lit)
{
    return lit->kind == MG_EXPRTOK_STRING && strchr("'$eEuU", lit->text[0]) != NULL;
}

/* True when a cast of the literal lit to cast changes nothing PostgreSQL would not do itself
 * where the value must be of type want: a string literal takes want's type, a number converts
 * as the cast would (to a number type only). */
static bool
literal_fits(const norm *nm, const ntok *lit, const char *cast, const char *want, bool assigned)
{
    if (!type_matches(nm->a, cast, want))
        return false;
    if (lit->kind == MG_EXPRTOK_STRING)
        return untyped(lit);
    if (assigned)
        return listed(base_of(nm->a, cast), number_types);
    return number_kind(lit) == 'i' && listed(base_of(nm->a, cast), int_types);
}

/* The type of the column that the token at i names, NULL when it names none. */
static const char *
column_type(const norm *nm, size_t i)
{
    if (nm->ctx == NULL || nm->ctx->table == NULL || i >= nm->n || nm->t[i].name == NULL ||
        nm->t[i].keyword)
        return NULL;
    const mg_column *c = mg_table_column(nm->ctx->table, nm->t[i].name);
    return c ? c->type : NULL;
}

/* AND or OR as the boolean operators (not BETWEEN's AND) at i. */
static bool
is_bool(const norm *nm, size_t i)
{
    return !nm->between && (is_word(nm, i, "and") || is_word(nm, i, "or"));
}

/* True when nothing before the operand starting at i binds to it more tightly than a comparison
 * (or, with concat, than the || operator). */
static bool
left_open(const norm *nm, size_t i, bool concat)
{
    return i == 0 || is_text(nm, i - 1, "(") || is_text(nm, i - 1, ",") || is_bool(nm, i - 1) ||
           is_word(nm, i - 1, "not") || (concat && is_comparison(nm, i - 1));
}

/* True when nothing from e on binds to the operand ending before e more tightly than a
 * comparison (or, with concat, than a left-associative ||). */
static bool
right_open(const norm *nm, size_t e, bool concat)
{
    return e >= nm->n || is_text(nm, e, ")") || is_text(nm, e, ",") || is_bool(nm, e) ||
           (concat && (is_comparison(nm, e) || is_text(nm, e, "||")));
}

/* True when the literal cast [k, e) and the column at col are the whole operands of the
 * comparison (or text ||) at op, and the cast gives the literal the type PostgreSQL infers from
 * the column: col = 'x'::col_type, numeric_col >= 0::numeric. */
static bool
compared(const norm *nm, size_t k, size_t e, size_t col, size_t op, const char *cast)
{
    const char *type = column_type(nm, col);
    bool concat = is_text(nm, op, "||");
    if (type == NULL || !(concat || is_comparison(nm, op)))
        return false;
    size_t first = col < k ? col : k, end = col < k ? e : col + 1;
    if (!left_open(nm, first, concat) || !right_open(nm, end, concat))
        return false;
    if (concat)
        return untyped(&nm->t[k]) && strcmp(cast, "text") == 0 && strcmp(type, "text") == 0;
    return literal_fits(nm, &nm->t[k], cast, type, false);
}

/* True when the untyped literal at k, cast (up to e) to cast, is the first argument of one of
 * functions (not another schema's function of that name) that takes that type. */
static bool
first_argument_of(const norm *nm, size_t k, size_t e, const char *cast, const char *type,
                  const char *const *functions)
{
    return untyped(&nm->t[k]) && strcmp(cast, type) == 0 && k >= 2 && is_text(nm, k - 1, "(") &&
           nm->t[k - 2].kind == MG_EXPRTOK_WORD && listed(nm->t[k - 2].text, functions) &&
           !(k >= 3 && is_text(nm, k - 3, ".")) && (is_text(nm, e, ",") || is_text(nm, e, ")"));
}

/* True when the cast after the literal at k (its "::" at k + 1, its type up to e) changes
 * nothing: 1::integer and 1.5::numeric anywhere, a default's cast to its column's type, a
 * comparison's to the column's on the other side, the regconfig of to_tsvector('english', x),
 * the regclass of nextval('s'). */
static bool
cast_redundant(const norm *nm, size_t k, size_t e)
{
    const ntok *lit = &nm->t[k];
    const char *cast = type_of(nm, k + 2, e);
    char num = number_kind(lit);
    if (cast == NULL)
        return false;
    if ((num == 'i' && strcmp(cast, "integer") == 0) ||
        (num == 'd' && strcmp(cast, "numeric") == 0))
        return true;
    if (k == 0 && e == nm->n && nm->ctx != NULL && nm->ctx->type != NULL)
        return literal_fits(nm, lit, cast, nm->ctx->type, true);
    if ((first_argument_of(nm, k, e, cast, "regconfig", ts_functions) && is_text(nm, e, ",")) ||
        first_argument_of(nm, k, e, cast, "regclass", seq_functions))
        return true;
    return (k >= 2 && compared(nm, k, e, k - 2, k - 1, cast)) ||
           (e + 1 < nm->n && compared(nm, k, e, e + 1, e, cast));
}

/* Cuts one redundant cast of a literal; false when there is none. */
static bool
drop_cast(norm *nm)
{
    for (size_t k = 0; k + 2 < nm->n; k++) {
        const ntok *t = &nm->t[k];
        if ((t->kind != MG_EXPRTOK_STRING && t->kind != MG_EXPRTOK_NUMBER) ||
            !is_text(nm, k + 1, "::"))
            continue;
        size_t e = type_end(nm, k + 2);
        if (e != NONE && e > k + 2 && cast_redundant(nm, k, e)) {
            cut(nm, k + 1, e - k - 1);
            return true;
        }
    }
    return false;
}

/* True when the token at i is a whole operand by itself: a name, a constant, true/false/null. */
static bool
operand(const norm *nm, size_t i)
{
    const ntok *t = &nm->t[i];
    if (t->kind == MG_EXPRTOK_WORD && t->keyword)
        return is_word(nm, i, "true") || is_word(nm, i, "false") || is_word(nm, i, "null");
    return t->kind == MG_EXPRTOK_WORD || t->kind == MG_EXPRTOK_QIDENT ||
           t->kind == MG_EXPRTOK_STRING || t->kind == MG_EXPRTOK_NUMBER;
}

enum { TOP_COMMA = 1, TOP_BOOL = 2, TOP_OTHER = 4 };

/* What the group (i, j) holds at its top level: TOP_COMMA, TOP_BOOL (AND, OR), TOP_OTHER
 * (anything but operands, casts, "." and the operator op, or an operator first). */
static int
top_level(const norm *nm, size_t i, size_t j, const char *op)
{
    int found = nm->t[i + 1].kind == MG_EXPRTOK_OP ? TOP_OTHER : 0;
    for (size_t k = i + 1; k < j;) {
        const ntok *t = &nm->t[k];
        size_t next = k + 1;
        if (is_text(nm, k, "(") || is_text(nm, k, "["))
            next = close_of(nm, k) + 1;
        else if (is_text(nm, k, "::") && type_end(nm, k + 1) != NONE)
            next = type_end(nm, k + 1);
        else if (is_text(nm, k, ","))
            found |= TOP_COMMA;
        else if (is_word(nm, k, "and") || is_word(nm, k, "or"))
            found |= TOP_BOOL;
        else if (!operand(nm, k) && !is_text(nm, k, ".") &&
                 !(op != NULL && t->kind == MG_EXPRTOK_OP && strcmp(t->text, op) == 0))
            found |= TOP_OTHER;
        k = next > k ? next : k + 1;
    }
    return found;
}

/* Which boolean operators the group (i, j) holds at its top level: 1 AND, 2 OR. */
static int
top_connectives(const norm *nm, size_t i, size_t j)
{
    int found = 0;
    for (size_t k = i + 1; k < j; k++) {
        if (is_text(nm, k, "(") || is_text(nm, k, "["))
            k = close_of(nm, k);
        else if (is_word(nm, k, "and"))
            found |= 1;
        else if (is_word(nm, k, "or"))
            found |= 2;
    }
    return found;
}

/* True when a group of boolean operators at (i, j) reads the same without its parentheses
 * between the boolean operators (or list edges) around it: AND binds more tightly than OR, and
 * each groups to the left, so (a OR b) OR c and (a AND b) OR c need none, (a OR b) AND c does.
 * A NOT before it, or a BETWEEN anywhere, keeps it. */
static bool
bool_group_redundant(const norm *nm, size_t i, size_t j, bool list_left, bool list_right)
{
    int ops = top_connectives(nm, i, j);
    if (nm->between || ops == 0 || (top_level(nm, i, j, NULL) & TOP_COMMA))
        return false;
    bool or_left = list_left || is_word(nm, i - 1, "or");
    bool or_right = list_right || is_word(nm, j + 1, "or");
    if (ops & 2)
        return or_left && or_right;
    return (or_left || is_word(nm, i - 1, "and")) && (or_right || is_word(nm, j + 1, "and"));
}

/* True when the token before a group at i leaves the group an operand: not a function's or a
 * keyword's argument list (f(x), IN (x), EXISTS (x)), not a field or subscript base. */
static bool
operand_position(const norm *nm, size_t i)
{
    return i == 0 || nm->t[i - 1].kind == MG_EXPRTOK_OP || list_opens(nm, i - 1) ||
           is_word(nm, i - 1, "and") || is_word(nm, i - 1, "or") || is_word(nm, i - 1, "not");
}

/* True when the group (i, j) of a query is a subquery, or holds x.* (which a group may keep from
 * expanding into columns). */
static bool
query_kept(const norm *nm, size_t i, size_t j)
{
    if (!nm->query)
        return false;
    if (word_of(nm, i + 1, query_starts))
        return true;
    for (size_t k = i + 2; k < j; k++)
        if (is_text(nm, k, "*") && is_text(nm, k - 1, "."))
            return true;
    return false;
}

/* True when the parentheses at i and j of a query hold a join tree that is a whole FROM item
 * followed by another join or the end of the FROM clause: joins group to the left, so
 * FROM (a JOIN b ON x) JOIN c ON y, as pg_get_viewdef writes it, is FROM a JOIN b ON x JOIN c ON y,
 * and FROM a, (b JOIN c ON x) is FROM a, b JOIN c ON x. */
static bool
join_tree_redundant(const norm *nm, size_t i, size_t j)
{
    if (!nm->query || i == 0 || !(is_word(nm, i - 1, "from") || is_text(nm, i - 1, ",")) ||
        word_of(nm, i + 1, query_starts))
        return false;
    if (!(j + 1 == nm->n || is_text(nm, j + 1, ")") || is_text(nm, j + 1, ",") ||
          word_of(nm, j + 1, from_ends)))
        return false;
    for (size_t k = i + 1; k < j; k++) { /* JOIN is reserved: no expression holds it */
        if (is_text(nm, k, "(") || is_text(nm, k, "["))
            k = close_of(nm, k);
        else if (is_word(nm, k, "join"))
            return true;
    }
    return false;
}

/* True when the parentheses at i and j group nothing PostgreSQL would not group the same way. */
static bool
group_redundant(const norm *nm, size_t i, size_t j)
{
    bool list_left = i == 0 || list_opens(nm, i - 1), list_right = list_closes(nm, j + 1);
    if (!operand_position(nm, i) || j == i + 1 || is_text(nm, j + 1, ".") ||
        is_text(nm, j + 1, "[") || is_text(nm, j + 1, "(") || query_kept(nm, i, j))
        return false;
    if (j == i + 2 && operand(nm, i + 1))
        return true; /* (x), (0)::numeric */
    int top = top_level(nm, i, j, NULL);
    if (list_left && list_right)
        return !(top & TOP_COMMA); /* the whole expression, an argument, ((x > 0)) */
    bool bool_left = list_left || is_bool(nm, i - 1) || is_word(nm, i - 1, "not");
    bool bool_right = list_right || is_bool(nm, j + 1);
    if (bool_left && bool_right && !nm->between && !(top & TOP_BOOL))
        return !(top & TOP_COMMA); /* (a > 0) AND (b > 0), NOT (a = b) */
    if (top & TOP_BOOL)
        return bool_group_redundant(nm, i, j, list_left, list_right);
    const ntok *r = j + 1 < nm->n ? &nm->t[j + 1] : NULL;
    if (r == NULL || r->kind != MG_EXPRTOK_OP || is_comparison(nm, j + 1) ||
        !(list_left || is_bool(nm, i - 1) || is_comparison(nm, i - 1)))
        return false;
    return top_level(nm, i, j, r->text) == 0; /* (a || b) || c: operators group to the left */
}

/* Cuts one pair of redundant parentheses; false when there is none. */
static bool
strip_group(norm *nm)
{
    for (size_t i = 0; i < nm->n; i++) {
        if (!is_text(nm, i, "("))
            continue;
        size_t j = close_of(nm, i);
        if (j == NONE || !is_text(nm, j, ")"))
            return false;
        if (group_redundant(nm, i, j) || join_tree_redundant(nm, i, j)) {
            cut(nm, j, 1);
            cut(nm, i, 1);
            return true;
        }
    }
    return false;
}

/* True when every "(" and "[" of the expression closes with its own kind. */
static bool
balanced(const norm *nm)
{
    char stack[64];
    size_t depth = 0;
    for (size_t i = 0; i < nm->n; i++) {
        char c = nm->t[i].kind == MG_EXPRTOK_PUNCT ? nm->t[i].text[0] : '\0';
        if ((c == '(' || c == '[') && depth < sizeof(stack))
            stack[depth++] = c;
        else if (c == '(' || c == '[')
            return false; /* too deep to be worth reading */
        else if ((c == ')' || c == ']') && (depth == 0 || stack[--depth] != (c == ')' ? '(' : '[')))
            return false;
    }
    return depth == 0;
}

/* A default that is one string holding a number, as PostgreSQL shows a negative one ('-1.5'
 * after its cast to the column's type is cut), becomes that number: the column's input function
 * reads it as the number would convert. Integer columns take integer strings only ('1.5' fails
 * where 1.5 rounds). */
static void
unquote_number(norm *nm)
{
    const char *type = nm->ctx != NULL ? nm->ctx->type : NULL;
    if (nm->n != 1 || type == NULL || nm->t[0].kind != MG_EXPRTOK_STRING ||
        nm->t[0].text[0] != '\'' || !listed(base_of(nm->a, type), number_types))
        return;
    const char *s = nm->t[0].text + 1, *digits = s + (*s == '-');
    size_t whole = strspn(digits, "0123456789"), frac = 0;
    if (digits[whole] == '.' && strstr(type, "int") == NULL)
        frac = 1 + strspn(digits + whole + 1, "0123456789");
    if (whole == 0 || frac == 1 || strcmp(digits + whole + frac, "'") != 0)
        return;
    ntok num = {MG_EXPRTOK_NUMBER, mg_arena_strndup(nm->a, digits, whole + frac), NULL, false};
    nm->t[0] = num;
    if (digits > s) {
        nm->t[1] = num; /* room for n + 1 tokens was allocated */
        nm->t[0] = (ntok){MG_EXPRTOK_OP, "-", NULL, false};
        nm->n = 2;
    }
}

/* A single-token operand BETWEEN can take apart: a name, number or string. */
static bool
simple_operand(const norm *nm, size_t i)
{
    const ntok *t = &nm->t[i];
    return i < nm->n &&
           ((t->kind == MG_EXPRTOK_WORD && !t->keyword) || t->kind == MG_EXPRTOK_QIDENT ||
            t->kind == MG_EXPRTOK_NUMBER || t->kind == MG_EXPRTOK_STRING);
}

/* The operand before the BETWEEN at b, past a NOT. */
static size_t
between_operand(const norm *nm, size_t b)
{
    return b >= 2 && is_word(nm, b - 1, "not") ? b - 2 : b - 1;
}

/* True when x [NOT] BETWEEN a AND b at b (the BETWEEN) can be written as the comparisons
 * PostgreSQL stores without changing how the rest reads: single-token operands, nothing but a
 * group, a list or a boolean operator around it (a NOT before it would then bind to the first
 * comparison only). */
static bool
between_expandable(const norm *nm, size_t b)
{
    if (b == 0 || !simple_operand(nm, b + 1) || !is_word(nm, b + 2, "and") ||
        !simple_operand(nm, b + 3))
        return false;
    size_t x = between_operand(nm, b), e = b + 4;
    if (!simple_operand(nm, x))
        return false;
    bool open_left =
        x == 0 || list_opens(nm, x - 1) || is_word(nm, x - 1, "and") || is_word(nm, x - 1, "or");
    bool open_right = list_closes(nm, e) || is_word(nm, e, "and") || is_word(nm, e, "or");
    return open_left && open_right;
}

/* Appends tokens x op y to t at *n. */
static void
put_comparison(ntok *t, size_t *n, ntok x, const char *op, ntok y)
{
    t[(*n)++] = x;
    t[(*n)++] = (ntok){MG_EXPRTOK_OP, op, NULL, false};
    t[(*n)++] = y;
}

/* Writes each x BETWEEN a AND b as PostgreSQL stores it, x >= a AND x <= b, and x NOT BETWEEN a
 * AND b as (x < a OR x > b); nm->between stays true while one is left (its AND is then not the
 * boolean one). */
static void
expand_between(norm *nm)
{
    size_t count = 0;
    for (size_t i = 0; i < nm->n; i++)
        count += is_word(nm, i, "between") && between_expandable(nm, i);
    if (count == 0)
        return;
    ntok *t = mg_arena_alloc(nm->a, (nm->n + 3 * count + 1) * sizeof(ntok));
    size_t n = 0;
    bool left = false;
    for (size_t i = 0; i < nm->n; i++) {
        if (!is_word(nm, i, "between") || !between_expandable(nm, i)) {
            left |= is_word(nm, i, "between");
            t[n++] = nm->t[i];
            continue;
        }
        size_t x = between_operand(nm, i);
        bool neg = x + 2 == i;
        n -= i - x; /* x (and NOT) come again in the comparisons */
        if (neg)
            t[n++] = (ntok){MG_EXPRTOK_PUNCT, "(", NULL, false};
        put_comparison(t, &n, nm->t[x], neg ? "<" : ">=", nm->t[i + 1]);
        t[n++] = neg ? (ntok){MG_EXPRTOK_WORD, "or", "or", true} : nm->t[i + 2];
        put_comparison(t, &n, nm->t[x], neg ? ">" : "<=", nm->t[i + 3]);
        if (neg)
            t[n++] = (ntok){MG_EXPRTOK_PUNCT, ")", NULL, false};
        i += 3;
    }
    nm->t = t;
    nm->n = n;
    nm->between = left;
}

/* nm rewritten until nothing changes, joined by single spaces. */
static const char *
normal_text(norm *nm)
{
    expand_between(nm);
    while (strip_group(nm) || drop_cast(nm))
        ;
    unquote_number(nm);
    mg_sb b;
    mg_sb_init(&b, nm->a);
    for (size_t i = 0; i < nm->n; i++) {
        if (i > 0)
            mg_sb_putc(&b, ' ');
        mg_sb_puts(&b, nm->t[i].text);
    }
    return mg_sb_str(&b);
}

const char *
mg_expr_normal(mg_arena *a, const char *expr, const mg_exprctx *ctx)
{
    norm nm;
    if (expr == NULL || !load(&nm, a, expr, ctx) || !balanced(&nm))
        return NULL;
    return normal_text(&nm);
}

/* True when the token at i is a name (a word or a quoted one) equal to name. */
static bool
names(const norm *nm, size_t i, const char *name)
{
    const ntok *t = &nm->t[i];
    return (t->kind == MG_EXPRTOK_WORD || t->kind == MG_EXPRTOK_QIDENT) && t->name != NULL &&
           strcmp(t->name, name) == 0;
}

/* Cuts "schema." before the relation names of a query: schema.t is t when the module's schema
 * is the first of the search path, except before a name that pg_catalog (searched before it)
 * may hold too: a function (followed by "("), a type (after "::" or AS, or before a literal),
 * pg_*. Nothing is cut when schema also names something else (an alias, a column). */
static void
unqualify(norm *nm, const char *schema)
{
    for (size_t i = 0; i < nm->n; i++)
        if (names(nm, i, schema) && !is_text(nm, i + 1, "."))
            return;
    for (size_t i = 0; i + 2 < nm->n; i++) {
        const ntok *rel = &nm->t[i + 2];
        if (!names(nm, i, schema) || !is_text(nm, i + 1, ".") || rel->name == NULL ||
            strncmp(rel->name, "pg_", 3) == 0 || is_text(nm, i + 3, "(") ||
            (i + 3 < nm->n && nm->t[i + 3].kind == MG_EXPRTOK_STRING))
            continue;
        if (i > 0 &&
            (is_text(nm, i - 1, ".") || is_text(nm, i - 1, "::") || is_word(nm, i - 1, "as")))
            continue;
        cut(nm, i, 2);
    }
}

const char *
mg_query_normal(mg_arena *a, const char *query, const char *schema)
{
    norm nm;
    if (query == NULL || !load(&nm, a, query, NULL) || !balanced(&nm))
        return NULL;
    nm.query = true;
    while (nm.n > 0 && is_text(&nm, nm.n - 1, ";"))
        nm.n--;
    if (schema != NULL)
        unqualify(&nm, schema);
    return normal_text(&nm);
}

bool
mg_expr_same(mg_arena *a, const char *x, const mg_exprctx *cx, const char *y, const mg_exprctx *cy)
{
    if (x == NULL || y == NULL || strcmp(x, y) == 0)
        return x == y || (x != NULL && y != NULL);
    const char *nx = mg_expr_normal(a, x, cx), *ny = mg_expr_normal(a, y, cy);
    return nx != NULL && ny != NULL && strcmp(nx, ny) == 0;
}
