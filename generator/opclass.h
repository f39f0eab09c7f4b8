/* migc generator: operator classes.
 * Which operator classes PostgreSQL 15 and the extensions migc knows provide, and for which index
 * methods, so that an index's opclass is checked before anything is written. */
#ifndef MIGC_OPCLASS_H
#define MIGC_OPCLASS_H

#include <stdbool.h>

#include "arena.h"

/* Where an operator class comes from, for one index method. */
typedef enum mg_opclass_origin {
    MG_OPCLASS_UNKNOWN,      /* neither PostgreSQL nor an extension migc knows has the name */
    MG_OPCLASS_BUILTIN,      /* built into PostgreSQL for the method */
    MG_OPCLASS_EXTENSION,    /* provided for the method by an extension */
    MG_OPCLASS_OTHER_METHOD, /* the name exists, for other methods only */
} mg_opclass_origin;

/* Looks up the operator class name (lower case, unqualified) for index method ("btree", "gin",
 * ...). Sets *extension to the providing extension for MG_OPCLASS_EXTENSION, and *methods to the
 * methods the name serves for MG_OPCLASS_OTHER_METHOD ("gin (extension pg_trgm), gist
 * (extension pg_trgm)", arena-owned); both NULL otherwise. */
mg_opclass_origin mg_opclass_lookup(mg_arena *a, const char *name, const char *method,
                                    const char **extension, const char **methods);

/* True when migc knows every operator class that extension provides (none for most): the
 * contrib extensions of PostgreSQL 15, vector and postgis. */
bool mg_opclass_extension_known(const char *extension);

/* The known operator class nearest to name (edit distance at most 2), or NULL. */
const char *mg_opclass_suggest(mg_arena *a, const char *name);

#endif
