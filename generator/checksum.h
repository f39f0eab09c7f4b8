/* migc generator: revision checksums.
 * "v1:<hex>" hashes a length-prefixed canonical form of the operations (docs/checksum.md). */
#ifndef MIGC_CHECKSUM_H
#define MIGC_CHECKSUM_H

#include "model.h"
#include "strbuf.h"

/* "v1:", 64 hex digits and a NUL. */
#define MG_CHECKSUM_SIZE 68

/* Appends the v1 canonical form of ops (mg_op *, as loaded) to out: the bytes that
 * mg_checksum_v1 hashes, documented in docs/checksum.md. */
void mg_checksum_form(mg_sb *out, const mg_vec *ops);

/* Writes "v1:" and the lower-case hex SHA-256 of the canonical form of ops into sum. Scratch
 * memory comes from a. */
void mg_checksum_v1(mg_arena *a, const mg_vec *ops, char sum[MG_CHECKSUM_SIZE]);

/* The untagged checksum of migc releases before v1: the hex SHA-256 of the "operations:" text
 * that the revision writer (emit.c) prints for ops. Kept so that a migrator accepts version rows
 * those releases wrote; pinned by tests/unit/test_checksum.c, so a change to the writer that
 * would alter it fails there (freeze a copy of the writer here before making such a change). */
void mg_checksum_legacy(mg_arena *a, const mg_vec *ops, char hex[65]);

#endif
