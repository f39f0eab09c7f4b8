/* migc generator: column types.
 * Written spellings become format_type names; lookups say whether a type exists. */
#include "types.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

/* PostgreSQL 15's keywords that are not unreserved (pg_get_keywords() catcode <> 'U'), sorted:
 * quote_ident and format_type double-quote an identifier that is one of them. */
static const char *const quoted_keywords[] = {
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

/* How a canonical type takes its modifier. */
typedef enum mod_kind {
    MOD_NONE,    /* no modifier allowed: integer, boolean, ... */
    MOD_LENGTH,  /* optional (n): character varying, bit varying */
    MOD_LENGTH1, /* (n), default 1: character, bit */
    MOD_NUMERIC, /* optional (p) or (p,s) */
    MOD_TIME,    /* optional (p) 0..6, written after the first word */
    MOD_FLOAT,   /* float(p): real up to 24, double precision up to 53 */
    MOD_SERIAL,  /* refused */
} mod_kind;

typedef struct alias {
    const char *written;
    const char *canon;
    mod_kind mod;
} alias;

static const alias aliases[] = {
    {"int", "integer", MOD_NONE},
    {"int4", "integer", MOD_NONE},
    {"integer", "integer", MOD_NONE},
    {"int8", "bigint", MOD_NONE},
    {"bigint", "bigint", MOD_NONE},
    {"int2", "smallint", MOD_NONE},
    {"smallint", "smallint", MOD_NONE},
    {"bool", "boolean", MOD_NONE},
    {"boolean", "boolean", MOD_NONE},
    {"float4", "real", MOD_NONE},
    {"real", "real", MOD_NONE},
    {"float8", "double precision", MOD_NONE},
    {"double precision", "double precision", MOD_NONE},
    {"float", "double precision", MOD_FLOAT},
    {"varchar", "character varying", MOD_LENGTH},
    {"character varying", "character varying", MOD_LENGTH},
    {"char varying", "character varying", MOD_LENGTH},
    {"char", "character", MOD_LENGTH1},
    {"character", "character", MOD_LENGTH1},
    {"bit", "bit", MOD_LENGTH1},
    {"varbit", "bit varying", MOD_LENGTH},
    {"bit varying", "bit varying", MOD_LENGTH},
    {"decimal", "numeric", MOD_NUMERIC},
    {"numeric", "numeric", MOD_NUMERIC},
    {"timestamptz", "timestamp with time zone", MOD_TIME},
    {"timestamp with time zone", "timestamp with time zone", MOD_TIME},
    {"timestamp", "timestamp without time zone", MOD_TIME},
    {"timestamp without time zone", "timestamp without time zone", MOD_TIME},
    {"timetz", "time with time zone", MOD_TIME},
    {"time with time zone", "time with time zone", MOD_TIME},
    {"time", "time without time zone", MOD_TIME},
    {"time without time zone", "time without time zone", MOD_TIME},
    {"serial", "integer", MOD_SERIAL},
    {"serial4", "integer", MOD_SERIAL},
    {"bigserial", "bigint", MOD_SERIAL},
    {"serial8", "bigint", MOD_SERIAL},
    {"smallserial", "smallint", MOD_SERIAL},
    {"serial2", "smallint", MOD_SERIAL},
};

static const char *const builtins[] = {
    "integer",
    "bigint",
    "smallint",
    "boolean",
    "real",
    "double precision",
    "character varying",
    "character",
    "bit",
    "bit varying",
    "numeric",
    "timestamp with time zone",
    "timestamp without time zone",
    "time with time zone",
    "time without time zone",
    "text",
    "uuid",
    "jsonb",
    "json",
    "bytea",
    "date",
    "interval",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "money",
    "tsvector",
    "tsquery",
    "xml",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "oid",
    "name",
    "bpchar",
    "regclass",
    "regtype",
    "pg_lsn",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "tsmultirange",
    "tstzmultirange",
    "datemultirange",
    "jsonpath",
    "txid_snapshot",
    "pg_snapshot",
};

typedef struct ext_type {
    const char *type;
    const char *extension;
} ext_type;

static const ext_type ext_types[] = {
    {"citext", "citext"},     {"hstore", "hstore"},    {"ltree", "ltree"},
    {"lquery", "ltree"},      {"ltxtquery", "ltree"},  {"cube", "cube"},
    {"ean13", "isn"},         {"isbn", "isn"},         {"ismn", "isn"},
    {"issn", "isn"},          {"upc", "isn"},          {"isbn13", "isn"},
    {"ismn13", "isn"},        {"issn13", "isn"},       {"vector", "vector"},
    {"halfvec", "vector"},    {"sparsevec", "vector"}, {"geometry", "postgis"},
    {"geography", "postgis"}, {"box2d", "postgis"},    {"box3d", "postgis"},
};

#define COUNT(x) (sizeof(x) / sizeof((x)[0]))

/* A written type split into its parts. */
typedef struct parts {
    char base[128]; /* lower case, single spaces: "timestamp with time zone" */
    char mod[128];  /* modifier without parentheses or spaces, "" when none */
    bool has_mod;
    int dims; /* number of trailing [] */
} parts;

/* Appends text to dst (capacity cap), collapsing whitespace; lower-cases when asked. */
static bool
append_words(char *dst, size_t cap, const char *s, size_t n, bool lower)
{
    size_t len = strlen(dst);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (isspace(c)) {
            if (len > 0 && dst[len - 1] != ' ')
                c = ' ';
            else
                continue;
        }
        if (len + 2 > cap)
            return false;
        dst[len++] = lower ? (char)tolower(c) : (char)c;
    }
    while (len > 0 && dst[len - 1] == ' ')
        len--;
    dst[len] = '\0';
    return true;
}

/* Removes trailing [] or [n] pairs from s[0..*n), counting them. */
static bool
strip_arrays(const char *s, size_t *n, int *dims)
{
    for (;;) {
        while (*n > 0 && isspace((unsigned char)s[*n - 1]))
            (*n)--;
        if (*n == 0 || s[*n - 1] != ']')
            return true;
        size_t i = *n - 1;
        while (i > 0 && isdigit((unsigned char)s[i - 1]))
            i--;
        if (i == 0 || s[i - 1] != '[')
            return false;
        *n = i - 1;
        (*dims)++;
    }
}

/* Characters allowed in a base name and in a modifier (the text is pasted into SQL). */
static bool
chars_ok(const char *s, const char *extra)
{
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && strchr(extra, *s) == NULL)
            return false;
    return true;
}

static int
cmp_keyword(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool
mg_type_keyword(const char *word)
{
    return bsearch(word, quoted_keywords, COUNT(quoted_keywords), sizeof(quoted_keywords[0]),
                   cmp_keyword) != NULL;
}

/* True when PostgreSQL's quote_ident would leave name as it is. */
static bool
plain_ident(const char *name)
{
    if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return !mg_type_keyword(name);
}

const char *
mg_type_ident(mg_arena *a, const char *name)
{
    if (plain_ident(name))
        return name;
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_putc(&b, '"');
    for (const char *c = name; *c; c++) {
        if (*c == '"')
            mg_sb_putc(&b, '"');
        mg_sb_putc(&b, *c);
    }
    mg_sb_putc(&b, '"');
    return mg_sb_str(&b);
}

/* Reads a double-quoted identifier at w ("" stands for one quote) into arena memory; *end is
 * set past the closing quote. NULL when it is not closed or empty. */
static char *
quoted_name(mg_arena *a, const char *w, const char **end)
{
    mg_sb b;
    mg_sb_init(&b, a);
    for (const char *c = w + 1; *c; c++) {
        if (*c != '"') {
            mg_sb_putc(&b, *c);
            continue;
        }
        if (c[1] != '"') {
            *end = c + 1;
            return b.len ? b.data : NULL;
        }
        mg_sb_putc(&b, '"');
        c++;
    }
    return NULL;
}

/* A type written as a quoted identifier ("Mood Kind", "user"[]): spelled as format_type would. */
static const char *
quoted_type(mg_arena *a, const char *w, const char **error)
{
    const char *end = NULL;
    char *name = quoted_name(a, w, &end);
    int dims = 0;
    size_t n = end ? strlen(end) : 0;
    if (name == NULL || !strip_arrays(end, &n, &dims) || n != 0) {
        *error = mg_arena_printf(a,
                                 "malformed type %s: a quoted type name is \"name\" with "
                                 "optional []",
                                 w);
        return NULL;
    }
    mg_sb b;
    mg_sb_init(&b, a);
    mg_sb_puts(&b, mg_type_ident(a, name));
    for (int i = 0; i < dims; i++)
        mg_sb_puts(&b, "[]");
    return mg_sb_str(&b);
}

/* Splits "timestamp(3) with time zone[]" into base, modifier and array dimensions. */
static bool
split_type(const char *w, parts *p)
{
    memset(p, 0, sizeof(*p));
    size_t n = strlen(w);
    if (!strip_arrays(w, &n, &p->dims))
        return false;
    const char *open = memchr(w, '(', n);
    if (open == NULL)
        return append_words(p->base, sizeof(p->base), w, n, true) && p->base[0] != '\0' &&
               chars_ok(p->base, " .");
    const char *close = memchr(open, ')', n - (size_t)(open - w));
    if (close == NULL)
        return false;
    p->has_mod = true;
    for (const char *c = open + 1; c < close; c++) {
        size_t len = strlen(p->mod);
        if (isspace((unsigned char)*c))
            continue;
        if (len + 2 > sizeof(p->mod))
            return false;
        p->mod[len] = *c;
    }
    char joined[256]; /* the words before and after the modifier */
    if (n + 2 > sizeof(joined))
        return false;
    size_t before = (size_t)(open - w), after = n - (size_t)(close + 1 - w);
    memcpy(joined, w, before);
    joined[before] = ' ';
    memcpy(joined + before + 1, close + 1, after);
    if (!append_words(p->base, sizeof(p->base), joined, before + 1 + after, true))
        return false;
    return p->base[0] != '\0' && chars_ok(p->base, " .") && chars_ok(p->mod, ",");
}

/* Parses a non-negative decimal integer of at most 9 digits; -1 otherwise. */
static long
number(const char *s, size_t n)
{
    if (n == 0 || n > 9)
        return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static const alias *
find_alias(const char *base)
{
    for (size_t i = 0; i < COUNT(aliases); i++)
        if (strcmp(aliases[i].written, base) == 0)
            return &aliases[i];
    return NULL;
}

/* Canonical numeric: numeric, numeric(p,0) or numeric(p,s). */
static const char *
numeric_type(mg_arena *a, const parts *p, const char **error)
{
    if (!p->has_mod)
        return "numeric";
    const char *comma = strchr(p->mod, ',');
    size_t plen = comma ? (size_t)(comma - p->mod) : strlen(p->mod);
    long prec = number(p->mod, plen);
    long scale = comma ? number(comma + 1, strlen(comma + 1)) : 0;
    if (prec < 1 || prec > 1000 || scale < 0 || scale > prec) {
        *error =
            mg_arena_printf(a, "invalid numeric modifier (%s): want (precision[,scale])", p->mod);
        return NULL;
    }
    return mg_arena_printf(a, "numeric(%ld,%ld)", prec, scale);
}

/* Canonical time and timestamp types, with the precision after the first word. */
static const char *
time_type(mg_arena *a, const alias *al, const parts *p, const char **error)
{
    if (!p->has_mod)
        return al->canon;
    long prec = number(p->mod, strlen(p->mod));
    if (prec < 0 || prec > 6) {
        *error =
            mg_arena_printf(a, "invalid precision (%s) for %s: want 0 to 6", p->mod, al->canon);
        return NULL;
    }
    const char *space = strchr(al->canon, ' ');
    return mg_arena_printf(a, "%.*s(%ld)%s", (int)(space - al->canon), al->canon, prec, space);
}

/* Canonical type with a length modifier. */
static const char *
length_type(mg_arena *a, const alias *al, const parts *p, const char **error)
{
    if (!p->has_mod)
        return al->mod == MOD_LENGTH1 ? mg_arena_printf(a, "%s(1)", al->canon) : al->canon;
    long len = number(p->mod, strlen(p->mod));
    if (len < 1 || len > 10485760) {
        *error = mg_arena_printf(a, "invalid length (%s) for %s", p->mod, al->canon);
        return NULL;
    }
    return mg_arena_printf(a, "%s(%ld)", al->canon, len);
}

/* float and float(p): real for p up to 24, double precision up to 53. */
static const char *
float_type(mg_arena *a, const parts *p, const char **error)
{
    if (!p->has_mod)
        return "double precision";
    long prec = number(p->mod, strlen(p->mod));
    if (prec < 1 || prec > 53) {
        *error = mg_arena_printf(a, "invalid precision (%s) for float: want 1 to 53", p->mod);
        return NULL;
    }
    return prec <= 24 ? "real" : "double precision";
}

/* The canonical element type for a known alias. */
static const char *
alias_type(mg_arena *a, const alias *al, const parts *p, const char **error)
{
    switch (al->mod) {
    case MOD_SERIAL:
        *error =
            mg_arena_printf(a,
                            "type %s is not supported; use `identity: always` (or "
                            "by_default) on %s %s column",
                            p->base, strcmp(al->canon, "integer") == 0 ? "an" : "a", al->canon);
        return NULL;
    case MOD_NUMERIC:
        return numeric_type(a, p, error);
    case MOD_TIME:
        return time_type(a, al, p, error);
    case MOD_LENGTH:
    case MOD_LENGTH1:
        return length_type(a, al, p, error);
    case MOD_FLOAT:
        return float_type(a, p, error);
    default:
        break;
    }
    if (p->has_mod) {
        *error = mg_arena_printf(a, "type %s takes no modifier", al->canon);
        return NULL;
    }
    return al->canon;
}

const char *
mg_type_normalize(mg_arena *a, const char *written, const char **error)
{
    parts p;
    *error = NULL;
    while (written != NULL && isspace((unsigned char)*written))
        written++;
    if (written != NULL && written[0] == '"')
        return quoted_type(a, written, error);
    if (written == NULL || !split_type(written, &p)) {
        *error = mg_arena_printf(a, "malformed type \"%s\"", written ? written : "");
        return NULL;
    }
    const alias *al = find_alias(p.base);
    const char *elem;
    if (al != NULL)
        elem = alias_type(a, al, &p, error);
    else if (p.has_mod)
        elem = mg_arena_printf(a, "%s(%s)", p.base, p.mod);
    else if (strchr(p.base, ' ') == NULL && strchr(p.base, '.') == NULL &&
             !mg_type_is_builtin(p.base))
        elem = mg_type_ident(a, p.base); /* a user type named like a keyword: "user" */
    else
        elem = mg_arena_strdup(a, p.base);
    if (elem == NULL)
        return NULL;
    char *out = mg_arena_alloc(a, strlen(elem) + 2 * (size_t)p.dims + 1);
    strcpy(out, elem);
    for (int i = 0; i < p.dims; i++)
        strcat(out, "[]");
    return out;
}

/* The element base name of a normalised type: no [], no modifier ("timestamp with time
 * zone"). False when it does not fit. */
static bool
base_of(const char *normalized, char *out, size_t cap)
{
    parts p;
    if (!split_type(normalized, &p) || strlen(p.base) + 1 > cap)
        return false;
    strcpy(out, p.base);
    return true;
}

bool
mg_type_is_builtin(const char *normalized)
{
    char base[128];
    if (!base_of(normalized, base, sizeof(base)))
        return false;
    if (strncmp(base, "interval ", 9) == 0)
        return true; /* interval day to second and friends */
    for (size_t i = 0; i < COUNT(builtins); i++)
        if (strcmp(builtins[i], base) == 0)
            return true;
    return false;
}

const char *
mg_type_extension(const char *normalized)
{
    char base[128];
    if (!base_of(normalized, base, sizeof(base)))
        return NULL;
    for (size_t i = 0; i < COUNT(ext_types); i++)
        if (strcmp(ext_types[i].type, base) == 0)
            return ext_types[i].extension;
    return NULL;
}

/* True when list (of type names as normalised by the loader) holds base. */
static bool
listed(const mg_vec *list, const char *base)
{
    for (size_t i = 0; i < list->len; i++)
        if (strcmp(list->items[i], base) == 0)
            return true;
    return false;
}

/* The enum a normalised type refers to, or NULL (arrays allowed). */
static const mg_enum *
type_enum(const char *normalized, const mg_schema *s)
{
    size_t n = strlen(normalized);
    while (n >= 2 && strncmp(normalized + n - 2, "[]", 2) == 0)
        n -= 2;
    for (size_t i = 0; s != NULL && i < s->enums.len; i++) {
        const mg_enum *e = s->enums.items[i];
        if (mg_type_names_enum(normalized, n, e->name))
            return e;
    }
    return NULL;
}

bool
mg_type_names_enum(const char *type, size_t len, const char *name)
{
    if (len == 0 || (type[0] != '"' && type[0] != name[0]))
        return false; /* neither the bare nor the quoted spelling of name */
    if (plain_ident(name))
        return strlen(name) == len && strncmp(type, name, len) == 0;
    size_t i = 0; /* type must be "name" with embedded quotes doubled */
    if (len < 2 || type[i++] != '"')
        return false;
    for (const char *c = name; *c; c++) {
        if (i >= len || type[i++] != *c)
            return false;
        if (*c == '"' && (i >= len || type[i++] != '"'))
            return false;
    }
    return i == len - 1 && type[i] == '"';
}

/* True when a normalised type (arrays allowed) is a domain or composite type of s. */
static bool
type_domain(const char *normalized, const mg_schema *s)
{
    size_t n = strlen(normalized);
    while (n >= 2 && strncmp(normalized + n - 2, "[]", 2) == 0)
        n -= 2;
    for (size_t i = 0; s != NULL && i < s->domains.len; i++)
        if (mg_type_names_enum(normalized, n, ((const mg_domain *)s->domains.items[i])->name))
            return true;
    for (size_t i = 0; s != NULL && i < s->types.len; i++)
        if (mg_type_names_enum(normalized, n, ((const mg_ctype *)s->types.items[i])->name))
            return true;
    return false;
}

/* True when base is a type of a declared extension, written as it resolves: bare when the
 * extension is in the module schema, qualified with its own schema otherwise (ext.citext). */
static bool
extension_type(const char *base, const mg_schema *s, const mg_settings *settings)
{
    const char *dot = strchr(base, '.');
    const char *ext = mg_type_extension(dot != NULL ? dot + 1 : base);
    const mg_ext *e = ext != NULL ? mg_schema_extension(s, ext) : NULL;
    const char *module = settings != NULL && settings->schema != NULL ? settings->schema : "public";
    if (e == NULL)
        return false;
    if (dot == NULL)
        return e->schema == NULL || strcmp(e->schema, module) == 0;
    const char *where = e->schema != NULL ? e->schema : module;
    return strlen(where) == (size_t)(dot - base) && strncmp(base, where, strlen(where)) == 0;
}

bool
mg_type_known(const char *normalized, const mg_schema *s, const mg_settings *settings)
{
    char base[128];
    if (mg_type_is_builtin(normalized) || type_enum(normalized, s) != NULL ||
        type_domain(normalized, s))
        return true;
    if (settings != NULL && normalized[0] == '"') {
        size_t n = strlen(normalized);
        while (n >= 2 && strncmp(normalized + n - 2, "[]", 2) == 0)
            n -= 2;
        for (size_t i = 0; i < settings->external_types.len; i++) {
            const char *t = settings->external_types.items[i];
            if (strlen(t) == n && strncmp(t, normalized, n) == 0)
                return true;
        }
    }
    if (!base_of(normalized, base, sizeof(base)))
        return false;
    if (settings != NULL && listed(&settings->external_types, base))
        return true;
    if (s == NULL)
        return false;
    if (mg_schema_enum(s, base) != NULL)
        return true;
    return extension_type(base, s, settings);
}

/* 1..3 for smallint, integer, bigint; 0 otherwise. */
static int
int_width(const char *t)
{
    static const char *const ints[] = {"smallint", "integer", "bigint"};
    for (int i = 0; i < 3; i++)
        if (strcmp(t, ints[i]) == 0)
            return i + 1;
    return 0;
}

/* text, varchar (with or without a length) and char(n) compare through one operator family. */
static bool
is_string(const char *t)
{
    return strcmp(t, "text") == 0 || strncmp(t, "character varying", 17) == 0 ||
           strncmp(t, "character", 9) == 0;
}

int
mg_type_fk_compat(const char *from, const char *to)
{
    if (strcmp(from, to) == 0)
        return MG_FK_SAME;
    int f = int_width(from), t = int_width(to);
    if (f && t)
        return f < t ? MG_FK_NARROWER : MG_FK_COMPATIBLE;
    if (is_string(from) && is_string(to) && strchr(from, '[') == NULL && strchr(to, '[') == NULL)
        return MG_FK_COMPATIBLE;
    return MG_FK_INCOMPATIBLE;
}
