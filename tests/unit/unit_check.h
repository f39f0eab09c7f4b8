/* migc tests: a tiny check harness shared by the unit tests.
 * CHECK records a failure and goes on; check_summary prints the closing line. */
#ifndef MIGC_UNIT_CHECK_H
#define MIGC_UNIT_CHECK_H

#include <stdio.h>
#include <string.h>

typedef struct check_ctx {
    int passed;
    int failed;
} check_ctx;

#define CHECK(ctx, cond)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            (ctx)->passed++;                                                                       \
        } else {                                                                                   \
            (ctx)->failed++;                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(ctx, got, want)                                                                  \
    do {                                                                                           \
        const char *g_ = (got), *w_ = (want);                                                      \
        if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) {                                     \
            (ctx)->passed++;                                                                       \
        } else {                                                                                   \
            (ctx)->failed++;                                                                       \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\"\n", __FILE__, __LINE__,            \
                    w_ ? w_ : "(null)", g_ ? g_ : "(null)");                                       \
        }                                                                                          \
    } while (0)

/* Prints "N passed, N failed" and returns the process exit code. */
static inline int
check_summary(const check_ctx *ctx)
{
    printf("%d passed, %d failed\n", ctx->passed, ctx->failed);
    return ctx->failed == 0 ? 0 : 1;
}

#endif
