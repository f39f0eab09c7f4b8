/* migc generator: operation loader.
 * Reads the `operations:` list of a revision file (section 4 of the spec) into mg_op. */
#ifndef MIGC_LOAD_OPS_H
#define MIGC_LOAD_OPS_H

#include "load_util.h"

/* Appends one arena-owned mg_op per item of the list n to out, in file order. Items that are
 * wrong are reported and skipped; 0, or -1 when anything was reported. */
int mg_load_ops(mg_loader *ld, const mg_node *n, mg_vec *out);

/* True when every kind's list of allowed keys ends in NULL within its array (a list that fills
 * the array would be read past its end). */
bool mg_load_ops_specs_ok(void);

#endif
