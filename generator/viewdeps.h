/* migc generator: what a view reads, from its text (SPEC §3.1: views are ordered by what they
 * use, and re-created around the changes PostgreSQL refuses while they exist). Pure functions of
 * the text; each errs towards seeing a dependency where there may be none. */
#ifndef MIGC_VIEWDEPS_H
#define MIGC_VIEWDEPS_H

#include <stdbool.h>

#include "arena.h"
#include "model.h"

/* True when text names name: an identifier (unquoted, any case; or quoted, exact) equal to it,
 * qualified or not. A text that cannot be read names everything. */
bool mg_text_names(mg_arena *a, const char *text, const char *name);
/* text with every identifier naming from (as mg_text_names finds them) written as to, quoted
 * where PostgreSQL needs it, its tokens joined by single spaces (comments dropped); text itself
 * when it does not name from. What PostgreSQL shows for a view after a rename of a relation it
 * reads. */
const char *mg_text_rename(mg_arena *a, const char *text, const char *from, const char *to);
/* True when view v reads relation name: its query names it, or depends_on lists it. */
bool mg_view_reads(mg_arena *a, const mg_view *v, const char *name);
/* True when view v may read column column of table: its query names both. */
bool mg_view_reads_column(mg_arena *a, const mg_view *v, const char *table, const char *column);
/* True when query to keeps every output column of query from in place and only appends some
 * (the same select list, then more items; the same text after FROM): what CREATE OR REPLACE
 * VIEW accepts. False when unsure. */
bool mg_view_query_appends(mg_arena *a, const char *from, const char *to);
/* True when both queries are the same once normalised (mg_query_normal: case, blanks, quotes,
 * parentheses, the qualification by schema, the module's or NULL). */
bool mg_view_query_same(mg_arena *a, const char *x, const char *y, const char *schema);

#endif
