/* migc tests: SHA-256 against the FIPS 180-4 examples, whole and in pieces. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "unit_check.h"

static void
digest(const char *msg, size_t chunk, char hex[65])
{
    mg_sha256 s;
    mg_sha256_init(&s);
    size_t len = strlen(msg);
    for (size_t i = 0; i < len; i += chunk)
        mg_sha256_update(&s, msg + i, len - i < chunk ? len - i : chunk);
    mg_sha256_final_hex(&s, hex);
}

int
main(void)
{
    check_ctx c = {0};
    char hex[65];
    digest("", 1, hex);
    CHECK_STR(&c, hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest("abc", 1, hex);
    CHECK_STR(&c, hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (size_t chunk = 1; chunk <= 64; chunk *= 4) {
        digest(two, chunk, hex);
        CHECK_STR(&c, hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
    char *million = malloc(1000001);
    CHECK(&c, million != NULL);
    if (million == NULL)
        return check_summary(&c);
    memset(million, 'a', 1000000);
    million[1000000] = '\0';
    digest(million, 4096, hex);
    free(million);
    CHECK_STR(&c, hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    return check_summary(&c);
}
