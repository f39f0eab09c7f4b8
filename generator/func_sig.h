/* migc generator: function signatures.
 * The key of a function ("name(argument types)", as PostgreSQL identifies it) and the argument
 * types that an `arguments:` text (as pg_get_function_arguments prints it) declares. Pure. */
#ifndef MIGC_FUNC_SIG_H
#define MIGC_FUNC_SIG_H

#include <stdbool.h>

#include "arena.h"

/* The canonical key of written ("name(t1, t2)"): types normalised as format_type writes them
 * without modifiers, joined by ", ". *proname receives the name. NULL with *error set (both
 * arena-owned) when it is not of that form. */
const char *mg_func_key(mg_arena *a, const char *written, const char **proname, const char **error);
/* The argument types that arguments declares, in the key's form ("integer, text"): modes
 * (IN, OUT, INOUT, VARIADIC), names and defaults left out, OUT arguments left out of a function's
 * (a procedure's count). NULL with *error set for a malformed text. */
const char *mg_func_arg_types(mg_arena *a, const char *arguments, bool procedure,
                              const char **error);

/* A procedure's arguments as pg_get_function_arguments prints them: each without a mode gets
 * "IN " (PostgreSQL prints it for procedures). */
const char *mg_func_proc_args(mg_arena *a, const char *arguments);
/* The return type as pg_get_function_result prints it: "SETOF t" and plain types normalised
 * without modifiers, "TABLE (...)" as "TABLE(...)". NULL with *error set for a malformed type. */
const char *mg_func_returns(mg_arena *a, const char *written, const char **error);

#endif
