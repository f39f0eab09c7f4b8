/* migc generator: YAML reader.
 * The only user of <yaml.h>: libyaml events become an arena-owned mg_node tree. */
#include "yaml_node.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* State of one parse: the stack of open collections and what is waiting for a value. */
typedef struct builder {
    mg_arena *a;
    mg_diag *d;
    const char *file;
    const unsigned char *buf;
    size_t len;
    mg_node *stack[MG_YAML_MAX_DEPTH + 1];
    mg_node *pending_key[MG_YAML_MAX_DEPTH + 1]; /* per open mapping: key awaiting its value */
    int depth;
    int documents;
    size_t nodes;
    mg_node *root;
    bool failed;      /* a fatal error: the tree is incomplete */
    yaml_mark_t seen; /* the last position offset_at found (index: its byte offset) */
    bool plain_bytes; /* ASCII without '\r': libyaml's mark index (characters) is the offset */
} builder;

static mg_loc
loc_of(const builder *b, yaml_mark_t m)
{
    return (mg_loc){b->file, (int)m.line + 1, (int)m.column + 1};
}

/* Byte offset of a 0-based line and character column (b->len when out of range; the newline
 * ending the line when the column is past its end). Events come in file order, so each search
 * starts from the last position found: the whole file is walked about once, not per node. */
static size_t
offset_at(builder *b, size_t line, size_t col)
{
    yaml_mark_t m = {0, 0, 0};
    if (line > b->seen.line || (line == b->seen.line && col >= b->seen.column))
        m = b->seen;
    size_t i = m.index;
    for (; m.line < line && i < b->len; i++) {
        if (b->buf[i] == '\n') {
            m.line++;
            m.column = 0;
        }
    }
    for (; i < b->len && b->buf[i] != '\n'; i++) {
        if ((b->buf[i] & 0xC0) == 0x80)
            continue; /* UTF-8 continuation byte: same character */
        if (m.column == col)
            break;
        m.column++;
    }
    if (m.line == line && m.column == col) {
        m.index = i;
        b->seen = m;
    }
    return i;
}

/* Byte offset of the position of mark m, as offset_at has it. */
static size_t
mark_offset(builder *b, yaml_mark_t m)
{
    if (b->plain_bytes) /* one byte per character, lines end at '\n' only */
        return m.index < b->len ? m.index : b->len;
    return offset_at(b, m.line, m.column);
}

/* True when buf has no byte above 0x7F and no '\r'. */
static bool
plain_bytes(const unsigned char *buf, size_t len)
{
    if (memchr(buf, '\r', len) != NULL)
        return false;
    unsigned char high = 0;
    for (size_t i = 0; i < len; i++) /* a reduction the compiler vectorises */
        high |= buf[i];
    return high < 0x80;
}

/* Byte at a 0-based line and character column, or -1 when out of range. */
static int
byte_at(builder *b, size_t line, size_t col)
{
    size_t i = offset_at(b, line, col);
    return i < b->len && b->buf[i] != '\n' ? b->buf[i] : -1;
}

/* 1-based location of a byte offset (libyaml's reader errors carry only the offset). */
static mg_loc
loc_of_offset(const builder *b, size_t off)
{
    mg_loc loc = {b->file, 1, 1};
    for (size_t i = 0; i < off && i < b->len; i++) {
        if (b->buf[i] == '\n') {
            loc.line++;
            loc.col = 1;
        } else if ((b->buf[i] & 0xC0) != 0x80) {
            loc.col++;
        }
    }
    return loc;
}

/* Records libyaml's error with its location. */
static void
report_parser_error(builder *b, const yaml_parser_t *p)
{
    const char *problem = p->problem ? p->problem : "invalid YAML";
    b->failed = true;
    if (p->error == YAML_READER_ERROR) {
        mg_diag_error(b->d, loc_of_offset(b, p->problem_offset), "%s (the file must be UTF-8)",
                      problem);
        return;
    }
    mg_loc loc = loc_of(b, p->problem_mark);
    if (byte_at(b, p->problem_mark.line, p->problem_mark.column) == '\t') {
        mg_diag_error(b->d, loc, "tab character in indentation; YAML allows only spaces");
        return;
    }
    if (p->context != NULL)
        mg_diag_error(b->d, loc, "%s (%s started at line %d)", problem, p->context,
                      (int)p->context_mark.line + 1);
    else
        mg_diag_error(b->d, loc, "%s", problem);
}

static mg_node *
new_node(builder *b, mg_node_kind kind, yaml_mark_t start)
{
    b->nodes++;
    mg_node *n = mg_arena_alloc(b->a, sizeof(*n));
    n->kind = kind;
    n->loc = loc_of(b, start);
    return n;
}

/* Index of a scalar key in map, or -1. */
static int
find_key(const mg_node *map, const char *key)
{
    for (size_t i = 0; i < map->keys.len; i++) {
        const mg_node *k = map->keys.items[i];
        if (k->scalar[0] == key[0] && strcmp(k->scalar, key) == 0) /* most differ at once */
            return (int)i;
    }
    return -1;
}

/* Adds a value to a mapping whose key is pending, refusing duplicates. */
static void
add_map_value(builder *b, mg_node *map, mg_node *key, mg_node *value)
{
    int prev = find_key(map, key->scalar);
    if (prev >= 0) {
        const mg_node *first = map->keys.items[prev];
        mg_diag_error(b->d, key->loc, "duplicate key \"%s\" (first at line %d)", key->scalar,
                      first->loc.line);
        return;
    }
    mg_vec_push(b->a, &map->keys, key);
    mg_vec_push(b->a, &map->values, value);
}

/* Refuses a collection or file grown past the limits; true when n may be attached. */
static bool
within_limits(builder *b, const mg_node *parent, const mg_node *n)
{
    size_t len = parent->kind == MG_NODE_SEQ ? parent->items.len : parent->keys.len;
    if (b->nodes > MG_YAML_MAX_NODES)
        mg_diag_error(b->d, n->loc, "more than %d YAML nodes in one file", MG_YAML_MAX_NODES);
    else if (len >= MG_YAML_MAX_ENTRIES)
        mg_diag_error(b->d, n->loc, "more than %d entries in the %s that starts at line %d",
                      MG_YAML_MAX_ENTRIES, parent->kind == MG_NODE_SEQ ? "list" : "mapping",
                      parent->loc.line);
    else
        return true;
    b->failed = true;
    return false;
}

/* Attaches a finished or newly opened node to its parent (or makes it the root). */
static void
attach(builder *b, mg_node *n)
{
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    mg_node *parent = b->stack[b->depth - 1];
    if (!within_limits(b, parent, n))
        return;
    if (parent->kind == MG_NODE_SEQ) {
        mg_vec_push(b->a, &parent->items, n);
        return;
    }
    mg_node *key = b->pending_key[b->depth - 1];
    if (key == NULL) {
        if (n->kind != MG_NODE_SCALAR) {
            mg_diag_error(b->d, n->loc, "mapping keys must be plain strings");
            b->failed = true;
        }
        b->pending_key[b->depth - 1] = n;
        return;
    }
    b->pending_key[b->depth - 1] = NULL;
    add_map_value(b, parent, key, n);
}

/* Refuses anchors and tags, which migc files never need. */
static bool
plain_node(builder *b, const yaml_char_t *anchor, const yaml_char_t *tag, bool implicit,
           yaml_mark_t m)
{
    if (anchor != NULL) {
        mg_diag_error(b->d, loc_of(b, m), "YAML anchors (&%s) are not supported", anchor);
        b->failed = true;
        return false;
    }
    if (tag != NULL && !implicit) {
        mg_diag_error(b->d, loc_of(b, m), "YAML tags (%s) are not supported", tag);
        b->failed = true;
        return false;
    }
    return true;
}

/* True when the escape at p[0..n) (p[0] is a backslash) writes a NUL. */
static bool
nul_escape(const unsigned char *p, size_t n)
{
    static const char *const escapes[] = {"\\0", "\\x00", "\\u0000", "\\U00000000", NULL};
    for (int k = 0; escapes[k] != NULL; k++) {
        size_t len = strlen(escapes[k]);
        if (len <= n && memcmp(p, escapes[k], len) == 0)
            return true;
    }
    return false;
}

/* Reports the NUL that a double-quoted scalar holds, at the escape that wrote it. */
static void
report_nul(builder *b, const yaml_event_t *ev)
{
    size_t from = mark_offset(b, ev->start_mark);
    size_t to = mark_offset(b, ev->end_mark);
    mg_loc loc = loc_of(b, ev->start_mark);
    for (size_t i = from; i < to; i++) {
        if (b->buf[i] != '\\')
            continue;
        if (nul_escape(b->buf + i, to - i)) {
            loc = loc_of_offset(b, i);
            break;
        }
        i++; /* the escaped character: in "\\0" the zero is not escaped */
    }
    mg_diag_error(b->d, loc, "a NUL character (\\0) is not allowed in a string");
    b->failed = true; /* the string would be cut at the NUL: read nothing of the file */
}

/* Indentation of the first line with text after a literal block's header line; -1 when the
 * header gives the indentation as a digit. */
static int
literal_indent(const builder *b, size_t header)
{
    size_t i = header;
    for (; i < b->len && b->buf[i] != '\n'; i++)
        if (b->buf[i] >= '1' && b->buf[i] <= '9')
            return -1;
    while (i < b->len) {
        size_t spaces = 0;
        for (i++; i < b->len && b->buf[i] == ' '; i++)
            spaces++;
        if (i < b->len && b->buf[i] != '\n' && b->buf[i] != '\r')
            return (int)spaces;
    }
    return 0;
}

/* Sets n->text where the scalar's lines are the file's: one line whose source is the text
 * itself (nothing escaped), or a literal block. */
static void
text_position(builder *b, const yaml_event_t *ev, mg_node *n)
{
    yaml_mark_t s = ev->start_mark, e = ev->end_mark;
    yaml_scalar_style_t style = ev->data.scalar.style;
    if (style == YAML_LITERAL_SCALAR_STYLE) {
        int indent = literal_indent(b, mark_offset(b, s));
        if (indent >= 0) {
            n->text = (mg_loc){b->file, (int)s.line + 2, indent + 1};
            n->text_indent = indent + 1;
        }
        return;
    }
    if (style == YAML_FOLDED_SCALAR_STYLE || s.line != e.line)
        return;
    size_t quotes = style == YAML_PLAIN_SCALAR_STYLE ? 0 : 2;
    size_t from = mark_offset(b, s); /* before the end: offset_at goes forward */
    size_t raw = mark_offset(b, e) - from;
    if (raw == ev->data.scalar.length + quotes)
        n->text = (mg_loc){b->file, (int)s.line + 1, (int)s.column + 1 + (quotes ? 1 : 0)};
}

static void
on_scalar(builder *b, const yaml_event_t *ev)
{
    if (!plain_node(b, ev->data.scalar.anchor, ev->data.scalar.tag,
                    ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit,
                    ev->start_mark))
        return;
    mg_node *n = new_node(b, MG_NODE_SCALAR, ev->start_mark);
    const char *value = (const char *)ev->data.scalar.value;
    n->scalar = mg_arena_strndup(b->a, value, ev->data.scalar.length);
    n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
    if (memchr(value, '\0', ev->data.scalar.length) != NULL)
        report_nul(b, ev);
    text_position(b, ev, n);
    attach(b, n);
}

/* Opens a mapping or sequence, enforcing the depth limit. */
static void
on_open(builder *b, const yaml_event_t *ev, mg_node_kind kind)
{
    const yaml_char_t *anchor, *tag;
    int implicit;
    if (kind == MG_NODE_MAP) {
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        implicit = ev->data.mapping_start.implicit;
    } else {
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        implicit = ev->data.sequence_start.implicit;
    }
    if (!plain_node(b, anchor, tag, implicit, ev->start_mark))
        return;
    if (b->depth >= MG_YAML_MAX_DEPTH) {
        mg_diag_error(b->d, loc_of(b, ev->start_mark), "nesting deeper than %d levels",
                      MG_YAML_MAX_DEPTH);
        b->failed = true;
        return;
    }
    mg_node *n = new_node(b, kind, ev->start_mark);
    attach(b, n);
    if (b->failed)
        return;
    b->stack[b->depth] = n;
    b->pending_key[b->depth] = NULL;
    b->depth++;
}

/* Handles one event; false when parsing must stop. */
static bool
on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1) {
            mg_diag_error(b->d, loc_of(b, ev->start_mark), "only one YAML document is allowed");
            b->failed = true;
        }
        break;
    case YAML_ALIAS_EVENT:
        mg_diag_error(b->d, loc_of(b, ev->start_mark), "YAML aliases (*%s) are not supported",
                      ev->data.alias.anchor);
        b->failed = true;
        break;
    case YAML_SCALAR_EVENT:
        on_scalar(b, ev);
        break;
    case YAML_SEQUENCE_START_EVENT:
        on_open(b, ev, MG_NODE_SEQ);
        break;
    case YAML_MAPPING_START_EVENT:
        on_open(b, ev, MG_NODE_MAP);
        break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        b->depth--;
        break;
    default:
        break;
    }
    return !b->failed;
}

/* Runs libyaml over the buffer and builds the tree. */
static mg_node *
parse_buffer(builder *b)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&parser)) {
        mg_diag_fail(b->d, "%s: cannot initialise the YAML parser", b->file);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, b->buf, b->len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING); /* never guessed as UTF-16 */
    for (bool done = false; !done;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            report_parser_error(b, &parser);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        bool go_on = on_event(b, &ev);
        yaml_event_delete(&ev);
        if (!go_on)
            break;
    }
    yaml_parser_delete(&parser);
    if (b->failed)
        return NULL;
    if (b->root == NULL) { /* empty file */
        b->root = mg_arena_alloc(b->a, sizeof(*b->root));
        b->root->kind = MG_NODE_SCALAR;
        b->root->loc = (mg_loc){b->file, 1, 1};
        b->root->scalar = "";
    }
    return b->root;
}

mg_node *
mg_yaml_load_string(mg_arena *a, const char *text, size_t len, const char *file, mg_diag *d)
{
    builder *b = calloc(1, sizeof(*b));
    if (b == NULL) {
        mg_diag_fail(d, "out of memory");
        return NULL;
    }
    b->a = a;
    b->d = d;
    b->file = file;
    b->buf = (const unsigned char *)text;
    b->len = len;
    b->plain_bytes = plain_bytes(b->buf, len);
    mg_node *root = parse_buffer(b);
    free(b);
    return root;
}

/* Reads a whole file into malloc'd memory (caller frees); NULL with errno set on failure. */
static char *
read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (cap >= (size_t)MG_YAML_MAX_BYTES) {
            free(buf);
            fclose(f);
            errno = EFBIG;
            return NULL;
        }
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL)
            free(buf);
        buf = bigger;
        cap *= 2;
    }
    int failed = buf == NULL || ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    *len = n;
    return buf;
}

mg_node *
mg_yaml_load_file(mg_arena *a, const char *path, mg_diag *d)
{
    size_t len = 0;
    char *buf = read_all(path, &len);
    if (buf == NULL && errno == EFBIG) {
        mg_diag_error(d, (mg_loc){path, 1, 1}, "file larger than %ld MiB",
                      MG_YAML_MAX_BYTES / (1024 * 1024));
        return NULL;
    }
    if (buf == NULL) {
        mg_diag_fail(d, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    mg_node *root = mg_yaml_load_string(a, buf, len, path, d);
    free(buf);
    return root;
}

/* Files parsed by a second thread, in order; done and the trees are guarded by lock. */
struct mg_yaml_prefetch {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t parsed; /* signalled after each file */
    const mg_vec *paths;   /* const char *, the caller's */
    mg_node **trees;       /* per path: its tree, or NULL when it has something to report */
    size_t done;           /* paths parsed so far */
    size_t taken;          /* where mg_yaml_prefetch_take looks first */
    mg_arena arena;        /* the trees, and what the thread's diagnostics held */
};

/* The thread: parses each file into p->arena, keeping the trees that report nothing. */
static void *
prefetch_run(void *arg)
{
    mg_yaml_prefetch *p = arg;
    for (size_t i = 0; i < p->paths->len; i++) {
        mg_diag d;
        mg_diag_init(&d, &p->arena);
        mg_node *root = mg_yaml_load_file(&p->arena, p->paths->items[i], &d);
        bool clean = mg_diag_count(&d) == 0 && d.warnings.len == 0 && d.exit_code == 0;
        pthread_mutex_lock(&p->lock);
        p->trees[i] = clean ? root : NULL;
        p->done = i + 1;
        pthread_cond_signal(&p->parsed);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

mg_yaml_prefetch *
mg_yaml_prefetch_start(const mg_vec *paths)
{
    mg_yaml_prefetch *p = calloc(1, sizeof(*p));
    if (p == NULL || (p->trees = calloc(paths->len + 1, sizeof(*p->trees))) == NULL)
        goto fail;
    p->paths = paths;
    mg_arena_init(&p->arena);
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        goto fail;
    if (pthread_cond_init(&p->parsed, NULL) != 0) {
        pthread_mutex_destroy(&p->lock);
        goto fail;
    }
    if (pthread_create(&p->thread, NULL, prefetch_run, p) == 0)
        return p;
    pthread_cond_destroy(&p->parsed);
    pthread_mutex_destroy(&p->lock);
fail:
    if (p != NULL)
        free(p->trees);
    free(p);
    return NULL;
}

const mg_node *
mg_yaml_prefetch_take(mg_yaml_prefetch *p, const char *path)
{
    if (p == NULL)
        return NULL;
    size_t n = p->paths->len, i = 0;
    while (i < n && strcmp(p->paths->items[(p->taken + i) % n], path) != 0)
        i++;
    if (i == n)
        return NULL;
    i = (p->taken + i) % n;
    p->taken = i + 1;
    pthread_mutex_lock(&p->lock);
    while (p->done <= i)
        pthread_cond_wait(&p->parsed, &p->lock);
    mg_node *root = p->trees[i];
    pthread_mutex_unlock(&p->lock);
    return root;
}

void
mg_yaml_prefetch_finish(mg_yaml_prefetch *p, mg_arena *a)
{
    if (p == NULL)
        return;
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->parsed);
    pthread_mutex_destroy(&p->lock);
    mg_arena_adopt(a, &p->arena);
    free(p->trees);
    free(p);
}

mg_node *
mg_node_key(const mg_node *map, const char *key)
{
    if (map == NULL || map->kind != MG_NODE_MAP)
        return NULL;
    int i = find_key(map, key);
    return i < 0 ? NULL : map->keys.items[i];
}

mg_node *
mg_node_get(const mg_node *map, const char *key)
{
    if (map == NULL || map->kind != MG_NODE_MAP)
        return NULL;
    int i = find_key(map, key);
    return i < 0 ? NULL : map->values.items[i];
}

mg_loc
mg_node_text_loc(const mg_node *n, size_t offset)
{
    if (n->kind != MG_NODE_SCALAR || n->text.line == 0)
        return n->loc;
    mg_loc loc = n->text;
    for (size_t i = 0; i < offset && n->scalar[i] != '\0'; i++) {
        if (n->scalar[i] == '\n') {
            loc.line++;
            loc.col = n->text_indent;
        } else if (((unsigned char)n->scalar[i] & 0xC0) != 0x80) {
            loc.col++;
        }
    }
    return loc;
}

bool
mg_node_is_null(const mg_node *n)
{
    if (n == NULL || n->kind != MG_NODE_SCALAR || n->quoted)
        return false;
    const char *s = n->scalar;
    if (s[0] != '\0' && s[0] != '~' && s[0] != 'n' && s[0] != 'N')
        return false; /* the common case, without a string comparison */
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

const char *
mg_node_kind_name(mg_node_kind kind)
{
    switch (kind) {
    case MG_NODE_MAP:
        return "a mapping";
    case MG_NODE_SEQ:
        return "a list";
    default:
        return "a string";
    }
}
