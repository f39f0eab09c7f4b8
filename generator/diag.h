/* migc generator: diagnostics.
 * Errors carry a 1-based file:line:column and are printed once, by main. */
#ifndef MIGC_DIAG_H
#define MIGC_DIAG_H

#include <stdio.h>

#include "arena.h"

/* A place in an input file; line and col are 1-based, 0 when unknown. */
typedef struct mg_loc {
    const char *file; /* path as the user gave it (borrowed, usually arena-owned) */
    int line;
    int col;
} mg_loc;

typedef struct mg_diag {
    mg_arena *arena; /* owns the messages */
    mg_vec msgs;     /* char *: complete lines, without the newline */
    mg_vec warnings; /* char *: "file:line:column: warning: ..."; they never fail a command */
    int exit_code;   /* 0 while clean; 3 invalid input, 4 I/O or other failure */
} mg_diag;

/* Prepares an empty diagnostic whose messages live in arena. */
void mg_diag_init(mg_diag *d, mg_arena *arena);
/* Records "file:line:column: error: message" and sets exit code 3 (invalid input). */
void mg_diag_error(mg_diag *d, mg_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records "file:line:column: warning: message"; the exit code is unchanged. */
void mg_diag_warning(mg_diag *d, mg_loc loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Records "migc: error: message" and sets exit code 4 (I/O or other failure). */
void mg_diag_fail(mg_diag *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Number of recorded errors (warnings are not counted). */
size_t mg_diag_count(const mg_diag *d);
/* Records what from recorded after what d holds, in order (the strings stay in from's arena),
 * and takes its exit code when d has none. */
void mg_diag_append(mg_diag *d, const mg_diag *from);
/* Prints every recorded warning, then every error, one per line. */
void mg_diag_print(const mg_diag *d, FILE *out);

#endif
