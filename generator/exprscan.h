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

/* One token of an expression, as mg_exprscan_tokens reads it. */
typedef enum mg_exprtok_kind {
    MG_EXPRTOK_WORD,   /* unquoted identifier or keyword */
    MG_EXPRTOK_QIDENT, /* "quoted identifier" */
    MG_EXPRTOK_STRING, /* any string constant: '..', E'..', B'..', X'..', N'..', U&'..', $$..$$ */
    MG_EXPRTOK_NUMBER,
    MG_EXPRTOK_OP,   /* operator: + <> ~~ => ... */
    MG_EXPRTOK_PUNCT /* ( ) [ ] , . : :: ; and anything else of one byte */
} mg_exprtok_kind;

typedef struct mg_exprtok {
    mg_exprtok_kind kind;
    const char *raw;  /* the token exactly as written (arena-owned) */
    const char *name; /* a word folded to lower case, a quoted identifier unquoted; NULL for the
                         other kinds and for U&"..." */
    bool keyword;     /* a word that is a keyword other than unreserved (types.h) */
} mg_exprtok;

/* Splits the NUL-terminated expr into tokens as PostgreSQL's lexer reads them, leaving out
 * blanks and comments: *toks (arena-owned, *n of them). -1 (with *n 0) when the text cannot be
 * read: an unterminated quote or comment. */
int mg_exprscan_tokens(mg_arena *a, const char *expr, mg_exprtok **toks, size_t *n);

/* True when word (lower case) may continue a type name after its first word: double precision,
 * character varying, timestamp with time zone, interval day to second, integer array. */
bool mg_exprscan_type_word(const char *word);

#endif
