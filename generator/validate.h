/* migc generator: semantic validation of the desired schema.
 * Everything SPEC §3 lists that needs more than one node to decide; runs before anything is
 * written. */
#ifndef MIGC_VALIDATE_H
#define MIGC_VALIDATE_H

#include "model.h"

/* Checks s against itself and the module settings; every error goes to d.
 * Returns 0 when clean, -1 otherwise. */
int mg_validate_schema(mg_arena *a, const mg_schema *s, const mg_settings *settings, mg_diag *d);

#endif
