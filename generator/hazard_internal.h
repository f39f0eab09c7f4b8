/* migc generator: what hazard.c (the walk, the text) and hazard_kinds.c (the hazard
 * row of each operation kind) share. Generator-internal. */
#ifndef MIGC_HAZARD_INTERNAL_H
#define MIGC_HAZARD_INTERNAL_H

#include "hazard.h"
#include "op_desc.h"

/* Where an operation's own table comes from. */
typedef enum hz_where {
    WHERE_NONE,  /* not a table operation (types, extensions, sql) */
    WHERE_TABLE, /* op->table */
    WHERE_NAME,  /* op->name (drop_table) */
    WHERE_FROM,  /* op->from (rename_table) */
    WHERE_DEF,   /* op->table_def (create_table) */
    WHERE_INDEX  /* the table of the index op->name (drop_index) */
} hz_where;

/* What one hazard computation has in hand. */
typedef struct hz_ctx {
    mg_arena *a;
    const mg_schema *st; /* the state before the operation */
    const mg_vec *fresh; /* const char *: tables the revision created */
    mg_hazard *h;        /* being filled */
    const mg_table *own; /* the operation's table in st, NULL when none */
    bool applies;        /* own exists before the revision (or the op is not on a table) */
} hz_ctx;

/* One operation kind (op_kinds.h's hazard column): the plain form on a table that exists before
 * the revision. */
typedef struct mg_hz_row {
    hz_where where;
    mg_lock lock; /* on the operation's own table */
    bool scans;
    bool rewrites;
    bool destructive;
    mg_problem problems[2];                         /* {NULL, NULL} when none */
    const char *(*object)(hz_ctx *, const mg_op *); /* names what it acts on */
    void (*refine)(hz_ctx *, const mg_op *);        /* details; NULL when none */
} hz_row;

/* True when the revision created table (c->fresh). */
bool mg_hz_is_fresh(const hz_ctx *c, const char *table);
/* True when table exists before the revision: in the state and not created by the revision. */
bool mg_hz_existing(const hz_ctx *c, const char *table);
/* Records a lock on table; a second lock on the same table keeps the stronger mode. */
void mg_hz_add_lock(hz_ctx *c, const char *table, mg_lock mode);
/* Adds a problem line (text, and the squawk rules that flag it or NULL) to c->h. */
void mg_hz_add_problem(hz_ctx *c, const char *text, const char *squawk);
/* The table holding the index called name in st (and the index in *out), or NULL. */
const mg_table *mg_hz_index_table(const mg_schema *st, const char *name, const mg_index **out);
/* The name of the operation's own table, as where says to find it; NULL when none. */
const char *mg_hz_own_table(const hz_ctx *c, hz_where where, const mg_op *op);

#endif
