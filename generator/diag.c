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
    d->warnings = (mg_vec){0};
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

/* "file:line:col: <what>: ", or as much of it as loc has. */
static const char *
loc_prefix(mg_arena *a, mg_loc loc, const char *what)
{
    if (loc.file != NULL && loc.line > 0)
        return mg_arena_printf(a, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, what);
    if (loc.file != NULL)
        return mg_arena_printf(a, "%s: %s: ", loc.file, what);
    return mg_arena_printf(a, "migc: %s: ", what);
}

void
mg_diag_warning(mg_diag *d, mg_loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mg_vec_push(d->arena, &d->warnings,
                vformat(d->arena, loc_prefix(d->arena, loc, "warning"), fmt, ap));
    va_end(ap);
}

void
mg_diag_error(mg_diag *d, mg_loc loc, const char *fmt, ...)
{
    const char *prefix = loc_prefix(d->arena, loc, "error");
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
mg_diag_append(mg_diag *d, const mg_diag *from)
{
    for (size_t i = 0; i < from->msgs.len; i++)
        mg_vec_push(d->arena, &d->msgs, from->msgs.items[i]);
    for (size_t i = 0; i < from->warnings.len; i++)
        mg_vec_push(d->arena, &d->warnings, from->warnings.items[i]);
    if (d->exit_code == 0)
        d->exit_code = from->exit_code;
}

void
mg_diag_print(const mg_diag *d, FILE *out)
{
    for (size_t i = 0; i < d->warnings.len; i++)
        fprintf(out, "%s\n", (const char *)d->warnings.items[i]);
    for (size_t i = 0; i < d->msgs.len; i++)
        fprintf(out, "%s\n", (const char *)d->msgs.items[i]);
}
