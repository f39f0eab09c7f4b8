/* migc generator: diagnostics.
 * Messages are formatted when recorded so printing needs no model. */
#include "diag.h"

#include <stdarg.h>
#include <string.h>

void
mg_diag_init(mg_diag *d, mg_arena *arena)
{
    d->arena = arena;
    d->msgs = (mg_vec){0};
    d->exit_code = 0;
}

/* Longest message body kept: a hostile 20 MB name must not come back as a 20 MB message. */
#define MAX_BODY 1000

static char *
vformat(mg_arena *a, const char *prefix, const char *fmt, va_list ap)
{
    char *body = mg_arena_vprintf(a, fmt, ap);
    size_t len = strlen(body), cut = MAX_BODY;

    if (len <= MAX_BODY)
        return mg_arena_printf(a, "%s%s", prefix, body);
    while (cut > 0 && ((unsigned char)body[cut] & 0xC0) == 0x80)
        cut--; /* never split a UTF-8 sequence */
    return mg_arena_printf(a, "%s%.*s... (%zu more bytes)", prefix, (int)cut, body, len - cut);
}

void
mg_diag_error(mg_diag *d, mg_loc loc, const char *fmt, ...)
{
    char *prefix;
    if (loc.file != NULL && loc.line > 0)
        prefix = mg_arena_printf(d->arena, "%s:%d:%d: error: ", loc.file, loc.line, loc.col);
    else if (loc.file != NULL)
        prefix = mg_arena_printf(d->arena, "%s: error: ", loc.file);
    else
        prefix = "migc: error: ";
    va_list ap;
    va_start(ap, fmt);
    mg_vec_push(d->arena, &d->msgs, vformat(d->arena, prefix, fmt, ap));
    va_end(ap);
    if (d->exit_code == 0)
        d->exit_code = 3;
}

void
mg_diag_fail(mg_diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mg_vec_push(d->arena, &d->msgs, vformat(d->arena, "migc: error: ", fmt, ap));
    va_end(ap);
    d->exit_code = 4;
}

size_t
mg_diag_count(const mg_diag *d)
{
    return d->msgs.len;
}

void
mg_diag_print(const mg_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->msgs.len; i++)
        fprintf(out, "%s\n", (const char *)d->msgs.items[i]);
}
