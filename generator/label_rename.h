/* migc generator: an enum value rename followed into column defaults and expressions.
 * PostgreSQL keeps an enum-typed default as the label's OID, so it shows the new label. */
#ifndef MIGC_LABEL_RENAME_H
#define MIGC_LABEL_RENAME_H

#include "model.h"

/* Gives every column of s whose type is the enum enum_name (or an array of it) and whose default
 * is the literal label from (or an array literal holding it) the label to instead, as PostgreSQL
 * shows such a default after ALTER TYPE ... RENAME VALUE. Other defaults stay as written. */
void mg_label_rename_defaults(mg_arena *a, mg_schema *s, const char *enum_name, const char *from,
                              const char *to);

/* Gives every CHECK, index expression and index predicate of a table with a column of the enum
 * enum_name the label to where it holds the literal from as that enum: 'from'::enum_name, or
 * compared with (=, <>, <, ...) or listed IN for such a column; what PostgreSQL shows after the
 * rename, since it stored that literal as the label's OID. Other literals stay. */
void mg_label_rename_exprs(mg_arena *a, mg_schema *s, const char *enum_name, const char *from,
                           const char *to);

#endif
