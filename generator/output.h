/* migc generator: writing and comparing generated files.
 * Writes go to a temporary file renamed into place; unchanged files are left untouched. */
#ifndef MIGC_OUTPUT_H
#define MIGC_OUTPUT_H

#include "plan.h"

/* Makes sure directory path exists (one level). 0, or -1 with d filled (exit 4). */
int mg_output_mkdir(const char *path, mg_diag *d);
/* Writes data to path unless it already holds exactly that. *changed says whether it wrote. */
int mg_output_write(mg_arena *a, const char *path, const char *data, size_t len, bool *changed,
                    mg_diag *d);
/* Reads a whole file into arena memory; NULL when it cannot be read (errno kept). */
char *mg_output_read(mg_arena *a, const char *path, size_t *len);
/* Lists the regular files of dir (names only, sorted); an absent dir gives an empty list. */
int mg_output_list(mg_arena *a, const char *dir, mg_vec *names, mg_diag *d);
/* True when path is missing, or was last written no later than source was (so it may not
 * reflect an edit of source); false when source cannot be read. */
bool mg_output_stale(const char *path, const char *source);
/* Writes files (mg_file *) into dir, leaving other files there as they are.
 * Prints one line per written file to stdout unless quiet. */
int mg_output_update(mg_arena *a, const char *dir, const mg_vec *files, bool quiet, mg_diag *d);
/* Writes files (mg_file *) into dir and removes other regular files found there.
 * Prints one line per written or removed file to stdout unless quiet. */
int mg_output_sync(mg_arena *a, const char *dir, const mg_vec *files, bool quiet, mg_diag *d);
/* Compares files with the content of dir; prints each difference to stdout.
 * Returns the number of differing, missing or extra files, or -1 on I/O failure. */
int mg_output_compare(mg_arena *a, const char *dir, const char *shown_dir, const mg_vec *files,
                      mg_diag *d);

#endif
