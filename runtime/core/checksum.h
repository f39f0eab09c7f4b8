/* migc runtime: which stored checksums a revision accepts.
 * Its own "v1:<hex>", or the untagged legacy hex of releases before v1 (docs/checksum.md). */
#ifndef MIGC_RUNTIME_CHECKSUM_H /* not MIGC_CHECKSUM_H: generator/checksum.h has that */
#define MIGC_RUNTIME_CHECKSUM_H

#include "migc/migc.h"

/* 1 when a version row's checksum stored is rev's: equal to rev->checksum, or untagged and
 * equal to rev->legacy_checksum (a row written before the v1 form); 0 otherwise. */
int migc_checksum_accepts(const migc_revision *rev, const char *stored);

/* The migrator's checksum of rev in the form of stored (the legacy one when stored is untagged
 * and rev has one), for messages that put the two side by side. */
const char *migc_checksum_counterpart(const migc_revision *rev, const char *stored);

#endif
