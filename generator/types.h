/* migc generator: column types.
 * Normalises written type names to PostgreSQL's format_type spelling and knows which exist. */
#ifndef MIGC_TYPES_H
#define MIGC_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "model.h"

/* The format_type spelling of a written type ("int4" -> "integer", "varchar(20)[]" ->
 * "character varying(20)[]"), arena-owned; unknown names pass through lower-cased, their
 * modifier kept as written. NULL with *error set (arena-owned message) for a malformed type,
 * a bad modifier, or serial/bigserial/smallserial. */
const char *mg_type_normalize(mg_arena *a, const char *written, const char **error);

/* name as PostgreSQL's quote_ident (and format_type) spells it: double-quoted unless it is a
 * lower-case identifier that is not a reserved keyword ("user" -> "\"user\""). Arena-owned or
 * name itself. */
const char *mg_type_ident(mg_arena *a, const char *name);

/* True when word (lower case) is one of PostgreSQL 15's keywords that are not unreserved (those
 * quote_ident quotes): reserved words, and words usable only as a column or type name. */
bool mg_type_keyword(const char *word);

/* True when type[0..len) is the spelling of the enum called name (see mg_type_ident). */
bool mg_type_names_enum(const char *type, size_t len, const char *name);

/* True when the normalised type (arrays and modifiers ignored) is built into PostgreSQL. */
bool mg_type_is_builtin(const char *normalized);

/* Name of the extension known to provide the normalised type ("citext", "postgis", ...), or
 * NULL. */
const char *mg_type_extension(const char *normalized);

/* True when the normalised type exists for the module: built in, an enum of s, listed in
 * settings->external_types, or provided by an extension declared in s. s and settings may be
 * NULL. */
bool mg_type_known(const char *normalized, const mg_schema *s, const mg_settings *settings);

/* How a foreign key column of type from may reference a key column of type to (both normalised):
 * MG_FK_SAME (identical), MG_FK_COMPATIBLE (one btree operator family: smallint/integer/bigint,
 * or text/varchar/char), MG_FK_NARROWER (compatible, but from holds fewer values than to, e.g.
 * integer -> bigint: a warning), or MG_FK_INCOMPATIBLE (PostgreSQL refuses the key). */
enum { MG_FK_SAME, MG_FK_COMPATIBLE, MG_FK_NARROWER, MG_FK_INCOMPATIBLE };
int mg_type_fk_compat(const char *from, const char *to);

#endif
