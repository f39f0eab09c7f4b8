/* migc generator: YAML writer for revision files.
 * The same text, minus the header, is the canonical form hashed into a revision's checksum. */
#ifndef MIGC_EMIT_H
#define MIGC_EMIT_H

#include "model.h"
#include "strbuf.h"

/* Appends the "operations:" list for ops (mg_op *) to b. */
void mg_emit_ops(mg_sb *b, const mg_vec *ops);
/* Appends a whole revision file: revision, parent, message, operations. */
void mg_emit_revision(mg_sb *b, const char *id, const char *parent, const char *message,
                      const mg_vec *ops);
/* Appends s as a YAML scalar, quoted only when a plain scalar would be misread. */
void mg_emit_scalar(mg_sb *b, const char *s);
/* Writes the lower-case hex SHA-256 of the canonical form of ops into hex. */
void mg_emit_checksum(mg_arena *a, const mg_vec *ops, char hex[65]);

#endif
