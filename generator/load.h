/* migc generator: module loader.
 * Reads module.yaml, schema.yaml (or schema/NAME.yaml) and revisions/ into an mg_module. */
#ifndef MIGC_LOAD_H
#define MIGC_LOAD_H

#include "arena.h"
#include "diag.h"
#include "model.h"

/* Loads the module in dir (as given, e.g. "schemas/app" or "."; locations name files as
 * dir/relative, or relative alone when dir is "."). Everything is allocated in a. Returns 0,
 * or -1 with every error found recorded in d (exit code 3 for invalid input, 4 for I/O).
 * A module without a schema file loads with out->schema NULL. Types are normalised but not
 * checked for existence (validation does that with mg_type_known). */
int mg_load_module(mg_arena *a, const char *dir, mg_module *out, mg_diag *d);

/* The parts of a module mg_load_module_parts loads besides module.yaml. */
#define MG_LOAD_SCHEMA 1u    /* schema.yaml or schema/ (out->schema, out->schema_files) */
#define MG_LOAD_REVISIONS 2u /* revisions/ (out->revisions) */
/* mg_load_module of some parts only, the others left empty: loading the schema and the history
 * on two threads, each into its own out, arena and diagnostics. */
int mg_load_module_parts(mg_arena *a, const char *dir, unsigned parts, mg_module *out, mg_diag *d);

/* Loads dir/module.yaml alone into out (for `migc inspect -C DIR`). 0, or -1 with the errors in d
 * (exit code 3, a missing module.yaml included). */
int mg_load_settings(mg_arena *a, const char *dir, mg_settings *out, mg_diag *d);

/* Loads dir/revisions/name (e.g. "0004_x.yaml") alone and appends it to out->revisions, whose
 * last revision must be its parent: for `migc diff`, which has just written it. Defined in
 * load_revs.c. 0, or -1 with diagnostics in d. */
int mg_load_next_revision(mg_arena *a, const char *dir, const char *name, mg_module *out,
                          mg_diag *d);

#endif
