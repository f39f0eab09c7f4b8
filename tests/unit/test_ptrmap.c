/* migc tests: the address → index map (mg_ptrmap, generator/strmap.c) that finds where an object
 * version first appears: adds, refuses a second add of the same address, finds every key after
 * growing. */
#include "strmap.h"

#include "unit_check.h"

static void
test_add_get(check_ctx *c)
{
    mg_arena a;
    mg_arena_init(&a);
    mg_ptrmap m = {0};
    int objs[1000];
    size_t v = 0;

    CHECK(c, !mg_ptrmap_get(&m, &objs[0], &v)); /* an empty map has nothing */
    for (size_t i = 0; i < 1000; i++)
        CHECK(c, mg_ptrmap_add(&a, &m, &objs[i], i * 3));
    CHECK(c, m.n == 1000 && m.cap >= 2000);
    CHECK(c, !mg_ptrmap_add(&a, &m, &objs[7], 99)); /* the first value stays */
    CHECK(c, mg_ptrmap_get(&m, &objs[7], &v) && v == 21);
    size_t found = 0;
    for (size_t i = 0; i < 1000; i++)
        found += mg_ptrmap_get(&m, &objs[i], &v) && v == i * 3;
    CHECK(c, found == 1000);
    CHECK(c, mg_ptrmap_get(&m, &objs[999], NULL));
    CHECK(c, !mg_ptrmap_get(&m, &found, NULL));
    mg_arena_free(&a);
}

int
main(void)
{
    check_ctx c = {0, 0};
    test_add_get(&c);
    return check_summary(&c);
}
