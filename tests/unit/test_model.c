/* migc tests: model helpers — the column part of index keys. */
#include "model.h"
#include "unit_check.h"

static void
key_len(check_ctx *c, const char *key, size_t want)
{
    size_t got = mg_index_key_column_len(key);
    if (got != want)
        fprintf(stderr, "key \"%s\": column length %zu, want %zu\n", key, got, want);
    CHECK(c, got == want);
}

int
main(void)
{
    check_ctx c = {0, 0};
    key_len(&c, "email", 5);
    key_len(&c, "created_at DESC", 10);
    key_len(&c, "created_at desc nulls last", 10);
    key_len(&c, "created_at  ASC   NULLS FIRST", 10);
    key_len(&c, "created_at NULLS LAST", 10);
    key_len(&c, "first name", 10); /* a column name with a space */
    key_len(&c, "first name DESC", 10);
    key_len(&c, "descending", 10);  /* not a suffix: no space before it */
    key_len(&c, "last", 4);         /* a column called last */
    key_len(&c, "x last", 6);       /* LAST without NULLS is part of the name */
    key_len(&c, "lower(email)", 0); /* an expression */
    key_len(&c, "\"Mixed Case\" DESC", 0);
    key_len(&c, "name COLLATE \"C\"", 0);
    return check_summary(&c);
}
