/* migc generator: rendering operations into C through the Lua templates.
 * One Lua state per call; templates come built in (templates/) or from --templates DIR. */
#ifndef MIGC_RENDER_H
#define MIGC_RENDER_H

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "plan.h"

/* Renders the generated files of a module: one unit per plan (only those with only[i] != 0 when
 * only is not NULL: a unit depends on its own revision alone, so `diff` renders the new ones),
 * revisions.c and snapshot.c (the head snapshot, snapshot.h). files receives mg_file * (plan.h) in
 * a fixed order: "<id>.c" for each rendered plan in plan order, then "revisions.c", then
 * "snapshot.c"; names and data are owned by arena a. templates_dir NULL = built-in templates;
 * otherwise every template must be present there. Returns 0, or -1 with d filled (exit code 4) and
 * files left as it was. */
int mg_render_module(mg_arena *a, const mg_settings *settings, const mg_vec *plans,
                     const unsigned char *only, const char *templates_dir, mg_vec *files,
                     mg_diag *d);

#endif
