/* migc runtime: what a create or drop step makes or removes, read from its label.
 * Labels are "<operation kind> <object>" (migc.h); a create and the drop that reverses it name
 * the object with the same text, so "create_table users" and "drop_table users" share a key. */
#ifndef MIGC_STEPOBJ_H
#define MIGC_STEPOBJ_H

#include "migc/migc.h"

#include <stddef.h>

enum { MIGC_STEP_NONE = 0, MIGC_STEP_MAKES = 1, MIGC_STEP_REMOVES = 2 };

/* Classifies step: MIGC_STEP_MAKES (create_table, add_column, create_index, create_enum,
 * create_extension), MIGC_STEP_REMOVES (their drops) or MIGC_STEP_NONE; for the first two writes
 * the object key ("table users", "column users.email") into key. */
int migc_step_object(const migc_step *step, char *key, size_t size);

/* Where step's operation was written, as messages give it ("revisions/0001_init.yaml:7:5",
 * "head snapshot"): its source, else its revision's file and the location of its operation (rev
 * may be NULL), written into buf (size bytes, cut to fit); "?" when neither says. Returns buf. */
const char *migc_step_where(const migc_revision *rev, const migc_step *step, char *buf,
                            size_t size);

/* The number messages give step i of steps: its operation's position (migc_step.op), or i + 1
 * when the generator did not write one. */
size_t migc_step_number(const migc_step *steps, size_t i);

/* The number of operations steps[0..n) belong to: the highest step number. */
size_t migc_step_count(const migc_step *steps, size_t n);

/* True when key is one line of the newline-separated list (NULL: empty). */
int migc_key_listed(const char *list, const char *key);

#endif
