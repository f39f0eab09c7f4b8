/* migc generator: SHA-256 (FIPS 180-4).
 * Used for revision checksums; one-shot and incremental forms. */
#ifndef MIGC_SHA256_H
#define MIGC_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct mg_sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    unsigned char buf[64];
    size_t used; /* bytes waiting in buf */
} mg_sha256;

void mg_sha256_init(mg_sha256 *s);
void mg_sha256_update(mg_sha256 *s, const void *data, size_t len);
/* Writes the digest as 64 lower-case hex digits and a NUL into hex. */
void mg_sha256_final_hex(mg_sha256 *s, char hex[65]);

#endif
