/* migc generator: revision loader.
 * Reads revisions/NNNN_slug.yaml in name order and checks that they form one chain. */
#ifndef MIGC_LOAD_REVS_H
#define MIGC_LOAD_REVS_H

#include "load_util.h"

/* Appends the revisions of dir/revisions (absent: none) to out->revisions in name order.
 * 0, or -1 after reporting: bad file names, keys, operations, gaps, forks, missing parents. */
int mg_load_revisions(mg_loader *ld, const char *dir, mg_module *out);

#endif
