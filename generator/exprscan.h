/* migc generator: a small scanner for SQL expressions written in schema.yaml and revisions.
 * Finds the identifiers of a CHECK, index or default expression that PostgreSQL reads as columns.
 */
#ifndef MIGC_EXPRSCAN_H
#define MIGC_EXPRSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* One column reference of an expression. */
typedef struct mg_exprref {
    const char *name; /* as PostgreSQL reads it: unquoted folded to lower case, quoted as is */
    size_t offset;    /* byte offset of the reference in the expression */
    bool alone;       /* the expression is this identifier and nothing else */
} mg_exprref;

/* Appends to refs (mg_exprref *, arena-owned) every identifier of the NUL-terminated expression
 * expr that is a column reference: not a keyword, a function name (followed by "("), a type
 * name (after "::" or CAST's AS, or before a string as in date '2020-01-01'), a collation, a
 * field of EXTRACT or of an interval, what AT TIME ZONE or IS [NOT] introduce, a named argument
 * or a qualifier. A qualified name counts when its qualifier is table ("users.email"); other
 * qualified names are skipped. Words that only follow a complete operand (an opclass after an
 * index key, ESCAPE after a pattern) are skipped too. Strings ('..', E'..', $$..$$, U&'..') and
 * comments are skipped; quoted identifiers are names. When the text cannot be read with
 * confidence (an unterminated quote or comment, a subquery), nothing is appended and -1 is
 * returned; 0 otherwise. The scanner errs towards missing a reference, never inventing one. */
int mg_exprscan_columns(mg_arena *a, const char *expr, const char *table, mg_vec *refs);

/* expr with every reference to column `from` (as mg_exprscan_columns finds them) written as
 * `to`, quoted where PostgreSQL needs it: what PostgreSQL shows for the expression after
 * ALTER TABLE ... RENAME COLUMN. expr itself when it names no such column or cannot be read. */
const char *mg_exprscan_rename(mg_arena *a, const char *expr, const char *table, const char *from,
                               const char *to);

/* The value of an expression that is one string literal, optionally cast and parenthesised:
 * 'x', 'x'::name, 'x'::"Some Name", ('x'::name). *cast is set to the cast's type name as
 * PostgreSQL reads it (folded unless quoted), NULL when there is no cast, or "" when the type
 * is written in a form this function does not name (qualified, with a modifier or array
 * bounds). Returns NULL (with *cast NULL) for any other expression, or for an E'' string. */
const char *mg_exprscan_literal(mg_arena *a, const char *expr, const char **cast);

#endif
