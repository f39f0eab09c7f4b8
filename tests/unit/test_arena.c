/* migc tests: the arena (zeroed memory, printf, adoption) and YAML files parsed ahead. */
#include "arena.h"
#include "unit_check.h"
#include "yaml_node.h"

/* mg_arena_printf against snprintf, for one format and its arguments. */
#define SAME_AS_SNPRINTF(c, a, ...)                                                                \
    do {                                                                                           \
        char want_[1024];                                                                          \
        snprintf(want_, sizeof(want_), __VA_ARGS__);                                               \
        CHECK_STR(c, mg_arena_printf(a, __VA_ARGS__), want_);                                      \
    } while (0)

static void
printf_formats(check_ctx *c, mg_arena *a)
{
    char long_text[600];
    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    const char *none = NULL;
    SAME_AS_SNPRINTF(c, a, "%s", "");
    SAME_AS_SNPRINTF(c, a, "column \"%s\"", "id");
    SAME_AS_SNPRINTF(c, a, "%s_%s_fkey", "orders", "customer_id");
    SAME_AS_SNPRINTF(c, a, "%d%% of %d", -42, 2147483647);
    SAME_AS_SNPRINTF(c, a, "100%%");
    SAME_AS_SNPRINTF(c, a, "%s:%d:%d", "schema.yaml", 14, 5);
    SAME_AS_SNPRINTF(c, a, "long %s end", long_text); /* past the stack buffer */
    SAME_AS_SNPRINTF(c, a, "%04u_%s", 7u, "init");    /* not a %s/%d format */
    SAME_AS_SNPRINTF(c, a, "%.*s|%zu", 3, "abcdef", (size_t)12);
    SAME_AS_SNPRINTF(c, a, "[%s]", none); /* glibc's "(null)" */
}

static void
zeroed(check_ctx *c, mg_arena *a)
{
    bool zero = true;
    for (size_t size = 1; size < 5000; size += 37) {
        unsigned char *p = mg_arena_alloc(a, size);
        for (size_t i = 0; i < size; i++)
            zero = zero && p[i] == 0;
        memset(p, 0xAB, size);
    }
    unsigned char *big = mg_arena_alloc(a, 3u << 20); /* a block of its own */
    for (size_t i = 0; i < (3u << 20); i += 4093)
        zero = zero && big[i] == 0;
    unsigned char *after = mg_arena_alloc(a, 64);
    for (size_t i = 0; i < 64; i++)
        zero = zero && after[i] == 0;
    CHECK(c, zero);
}

static void
adopt(check_ctx *c)
{
    mg_arena a, b;
    mg_arena_init(&a);
    mg_arena_init(&b);
    char *in_a = mg_arena_strdup(&a, "first");
    char *in_b = mg_arena_strdup(&b, "second");
    mg_arena_adopt(&a, &b);
    mg_arena_free(&b); /* empty now: frees nothing */
    char *later = mg_arena_strdup(&a, "third");
    CHECK_STR(c, in_a, "first");
    CHECK_STR(c, in_b, "second");
    CHECK_STR(c, later, "third");
    mg_arena_free(&a);
}

/* A parsed-ahead tree is the tree mg_yaml_load_file gives; a file with something to report, or
 * not in the list, gives NULL. */
static void
prefetch(check_ctx *c)
{
    mg_arena a;
    mg_diag d;
    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    mg_vec paths = {0};
    mg_vec_push(&a, &paths, "fixtures/good/revisions/0001_init.yaml");
    mg_vec_push(&a, &paths, "fixtures/dup_key/schema.yaml");
    mg_vec_push(&a, &paths, "fixtures/good/revisions/0002_more.yaml");
    mg_yaml_prefetch *p = mg_yaml_prefetch_start(&paths);
    CHECK(c, p != NULL);
    const mg_node *second = mg_yaml_prefetch_take(p, paths.items[2]);
    const mg_node *first = mg_yaml_prefetch_take(p, paths.items[0]);
    CHECK(c, mg_yaml_prefetch_take(p, paths.items[1]) == NULL); /* a duplicate key */
    CHECK(c, mg_yaml_prefetch_take(p, "fixtures/good/schema.yaml") == NULL);
    mg_yaml_prefetch_finish(p, &a);
    const mg_node *again = mg_yaml_load_file(&a, paths.items[0], &d);
    CHECK(c, first != NULL && again != NULL && second != NULL);
    if (first != NULL && again != NULL) {
        const mg_node *x = mg_node_get(first, "revision"), *y = mg_node_get(again, "revision");
        CHECK(c, x != NULL && y != NULL && strcmp(x->scalar, y->scalar) == 0);
        CHECK(c, x != NULL && y != NULL && x->loc.line == y->loc.line && x->loc.col == y->loc.col);
        CHECK(c, first->keys.len == again->keys.len);
    }
    CHECK(c, mg_diag_count(&d) == 0);
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    mg_arena a;
    mg_arena_init(&a);
    printf_formats(&c, &a);
    zeroed(&c, &a);
    mg_arena_free(&a);
    adopt(&c);
    prefetch(&c);
    return check_summary(&c);
}
