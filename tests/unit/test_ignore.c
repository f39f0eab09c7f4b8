/* migc tests: module.yaml `ignore:` patterns (SPEC §2).
 * The glob matcher, `name` versus `schema.name` patterns, validation, and loading the key. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ignore.h"
#include "load.h"
#include "unit_check.h"

static bool
glob(const char *pattern, const char *text)
{
    return mg_ignore_glob(pattern, strlen(pattern), text);
}

static void
test_glob(check_ctx *c)
{
    CHECK(c, glob("tmp_*", "tmp_x"));
    CHECK(c, glob("tmp_*", "tmp_"));
    CHECK(c, !glob("tmp_*", "tmp"));
    CHECK(c, !glob("tmp_*", "my_tmp_x"));
    CHECK(c, glob("*_log", "audit_log"));
    CHECK(c, !glob("*_log", "audit_log2"));
    CHECK(c, glob("*", ""));
    CHECK(c, glob("a*b*c", "aXbYbZc"));
    CHECK(c, !glob("a*b*c", "aXbYbZ"));
    CHECK(c, glob("x?y", "x.y"));
    CHECK(c, glob("x?y", "x\xc3\xa9y")); /* ? takes a whole UTF-8 character */
    CHECK(c, !glob("x?y", "xy"));
    CHECK(c, glob("exact", "exact"));
    CHECK(c, !glob("exact", "Exact"));
    CHECK(c, glob("**a", "a"));
    CHECK(c, glob("a[1]", "a[1]")); /* brackets are not special */
}

static void
test_match(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_vec pats = {0};
    mg_vec_push(&a, &pats, "partman.*");
    mg_vec_push(&a, &pats, "tmp_*");
    mg_vec_push(&a, &pats, "*.audit_*");
    CHECK_STR(c, mg_ignore_match(&pats, "partman", "part_config"), "partman.*");
    CHECK_STR(c, mg_ignore_match(&pats, "public", "tmp_import"), "tmp_*");
    CHECK_STR(c, mg_ignore_match(&pats, "app", "audit_log"), "*.audit_*");
    CHECK(c, mg_ignore_match(&pats, "public", "users") == NULL);
    CHECK(c, mg_ignore_match(&pats, "partmanx", "t") == NULL);
    CHECK(c, mg_ignore_match(NULL, "public", "tmp_import") == NULL);
    mg_arena_free(&a);
}

static void
test_invalid(check_ctx *c)
{
    CHECK(c, mg_ignore_invalid("tmp_*") == NULL);
    CHECK(c, mg_ignore_invalid("partman.*") == NULL);
    CHECK(c, mg_ignore_invalid("*") == NULL);
    CHECK(c, mg_ignore_invalid("") != NULL);
    CHECK(c, mg_ignore_invalid("a.b.c") != NULL);
    CHECK(c, mg_ignore_invalid(".x") != NULL);
    CHECK(c, mg_ignore_invalid("x.") != NULL);
    char long_part[80];
    memset(long_part, 'a', 64);
    long_part[64] = '\0';
    CHECK(c, mg_ignore_invalid(long_part) != NULL);
    long_part[63] = '\0';
    CHECK(c, mg_ignore_invalid(long_part) == NULL);
}

static void
test_load(check_ctx *c)
{
    char dir[] = "/tmp/migc-ignore.XXXXXX";
    CHECK(c, mkdtemp(dir) != NULL);
    char path[128];
    snprintf(path, sizeof(path), "%s/module.yaml", dir);
    FILE *f = fopen(path, "w");
    CHECK(c, f != NULL);
    if (f == NULL)
        return;
    fputs("name: app\nschema: app\nignore: [partman.*, \"tmp_*\"]\n", f);
    fclose(f);
    mg_arena a;
    mg_arena_init(&a);
    mg_diag d;
    mg_diag_init(&d, &a);
    mg_settings st;
    CHECK(c, mg_load_settings(&a, dir, &st, &d) == 0);
    CHECK_STR(c, st.schema, "app");
    CHECK(c, st.ignore.len == 2);
    if (st.ignore.len == 2) {
        CHECK_STR(c, st.ignore.items[0], "partman.*");
        CHECK_STR(c, st.ignore.items[1], "tmp_*");
    }
    mg_arena_free(&a);
    remove(path);
    rmdir(dir);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_glob(&c);
    test_match(&c);
    test_invalid(&c);
    test_load(&c);
    return check_summary(&c);
}
