/* migc generator: SQL expressions in a normal form, for the diff.
 * Two spellings that PostgreSQL reads the same way (case, blanks, redundant parentheses, casts it
 * would infer itself) get the same normal form, so a cosmetic edit is no change. */
#ifndef MIGC_EXPRNORM_H
#define MIGC_EXPRNORM_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"

/* Where an expression stands. */
typedef struct mg_exprctx {
    const mg_table *table; /* whose columns it reads (their types tell which casts PostgreSQL
                              infers in a comparison); NULL when unknown */
    const char *type;      /* normalised type its value is assigned to (a default's column), or
                              NULL */
} mg_exprctx;

/* The normal form of expr in ctx (ctx may be NULL), arena-owned: its tokens joined by single
 * spaces, unquoted words in lower case, quoted names as quote_ident writes them, strings exact,
 * without parentheses that change nothing and without casts of literals to the type PostgreSQL
 * gives them anyway. NULL when expr is NULL or cannot be read. The rules err towards keeping a
 * difference: two forms that differ may still mean the same, two equal forms never differ. */
const char *mg_expr_normal(mg_arena *a, const char *expr, const mg_exprctx *ctx);

/* The normal form of a view's query, arena-owned: mg_expr_normal's, with clause keywords (SELECT,
 * WHERE, ON, FROM, ...) read as the edges of the expressions between them, without the
 * parentheses pg_get_viewdef writes around a FROM clause's join trees, without a final ";", and
 * with relation names qualified by schema (the module's; NULL: none) written bare. Subqueries
 * keep their parentheses. NULL when query is NULL or cannot be read. */
const char *mg_query_normal(mg_arena *a, const char *query, const char *schema);

/* True when x (in context cx) and y (in cy) are the same expression: both NULL, equal as
 * written, or of the same normal form. Allocates from a. */
bool mg_expr_same(mg_arena *a, const char *x, const mg_exprctx *cx, const char *y,
                  const mg_exprctx *cy);

#endif
