/* migc generator: the changes the online forms of SPEC §4.1 refuse without --allow-rewrite.
 * A volatile default on a new column, an identity column or a type change that rewrites. */
#ifndef MIGC_ONLINE_H
#define MIGC_ONLINE_H

#include "hazard.h"

/* The recipe for h's operation when it rewrites a table that exists before its revision: an
 * add_column with a volatile default or an identity, or a type change that rewrites; NULL for
 * any other operation (a default migc cannot prove volatile included). Static text. */
const char *mg_online_rewrite_recipe(mg_arena *a, const mg_hazard *h);

#endif
