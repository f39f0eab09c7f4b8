/* migc generator: growable text buffer.
 * Storage lives in an arena, so a buffer needs no free of its own. */
#ifndef MIGC_STRBUF_H
#define MIGC_STRBUF_H

#include <stddef.h>

#include "arena.h"

typedef struct mg_sb {
    mg_arena *arena;
    char *data; /* NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
} mg_sb;

void mg_sb_init(mg_sb *b, mg_arena *a);
void mg_sb_putn(mg_sb *b, const char *s, size_t n);
void mg_sb_puts(mg_sb *b, const char *s);
void mg_sb_putc(mg_sb *b, char c);
void mg_sb_printf(mg_sb *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The text so far ("" when empty); stays valid until the next append. */
const char *mg_sb_str(mg_sb *b);

#endif
