/* migc generator: hazards of operations on live tables (SPEC §4.1).
 * The walk over a revision's operations, applying each kind's descriptor (hazard_kinds.c) to the
 * state before it, and the hazard line `migc diff` prints. */
#include "hazard.h"

#include <string.h>

#include "hazard_internal.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                    */
/* ------------------------------------------------------------------------------------------ */

bool
mg_hz_is_fresh(const hz_ctx *c, const char *table)
{
    for (size_t i = 0; i < c->fresh->len; i++)
        if (strcmp(c->fresh->items[i], table) == 0)
            return true;
    return false;
}

/* True when table exists before the revision: in the state and not created by the revision. */
bool
mg_hz_existing(const hz_ctx *c, const char *table)
{
    return table != NULL && mg_schema_table(c->st, table) != NULL && !mg_hz_is_fresh(c, table);
}

/* Records a lock on table; a second lock on the same table keeps the stronger mode. */
void
mg_hz_add_lock(hz_ctx *c, const char *table, mg_lock mode)
{
    for (size_t i = 0; i < c->h->locks.len; i++) {
        mg_table_lock *l = c->h->locks.items[i];
        if (strcmp(l->table, table) == 0) {
            l->mode = mode > l->mode ? mode : l->mode;
            return;
        }
    }
    mg_table_lock *l = mg_arena_alloc(c->a, sizeof(*l));
    l->table = table;
    l->mode = mode;
    mg_vec_push(c->a, &c->h->locks, l);
}

void
mg_hz_add_problem(hz_ctx *c, const char *text, const char *squawk)
{
    mg_problem *p = mg_arena_alloc(c->a, sizeof(*p));
    p->text = text;
    p->squawk = squawk;
    mg_vec_push(c->a, &c->h->problems, p);
}

/* The table holding the index called name in the state, or NULL. */
const mg_table *
mg_hz_index_table(const mg_schema *st, const char *name, const mg_index **out)
{
    for (size_t i = 0; i < st->tables.len; i++) {
        const mg_table *t = st->tables.items[i];
        for (size_t j = 0; j < t->indexes.len; j++) {
            const mg_index *x = t->indexes.items[j];
            if (strcmp(x->name, name) == 0) {
                *out = x;
                return t;
            }
        }
    }
    return NULL;
}

const char *
mg_hz_own_table(const hz_ctx *c, hz_where where, const mg_op *op)
{
    const mg_index *x;
    const mg_table *t;
    switch (where) {
    case WHERE_TABLE:
        return op->table;
    case WHERE_NAME:
        return op->name;
    case WHERE_FROM:
        return op->from;
    case WHERE_DEF:
        return op->table_def ? op->table_def->name : op->name;
    case WHERE_INDEX:
        t = mg_hz_index_table(c->st, op->name, &x);
        return t ? t->name : op->table;
    default:
        return NULL;
    }
}

/* The hazard of op on c->st. */
static mg_hazard *
hazard_of(hz_ctx *c, const mg_op *op)
{
    const hz_row *row = mg_op_descs[op->kind].hazard;
    mg_hazard *h = mg_arena_alloc(c->a, sizeof(*h));
    h->op = op;
    h->known = true;
    c->h = h;
    const char *own = mg_hz_own_table(c, row->where, op);
    c->own = own ? mg_schema_table(c->st, own) : NULL;
    c->applies = row->where == WHERE_NONE || mg_hz_existing(c, own);
    h->object = row->object(c, op);
    if (c->applies) {
        if (own != NULL && row->lock != MG_LOCK_NONE)
            mg_hz_add_lock(c, own, row->lock);
        h->scans = row->scans;
        h->rewrites = row->rewrites;
        h->destructive = row->destructive;
        for (size_t i = 0; i < 2 && row->problems[i].text; i++)
            mg_hz_add_problem(c, row->problems[i].text, row->problems[i].squawk);
    }
    if (row->refine)
        row->refine(c, op);
    h->scans = h->scans || h->rewrites;
    return h;
}

/* ------------------------------------------------------------------------------------------ */
/* The walk                                                                                   */
/* ------------------------------------------------------------------------------------------ */

void
mg_hazard_walk_init(mg_hazard_walk *w, mg_arena *a, const mg_settings *settings,
                    const mg_schema *start, mg_diag *d)
{
    mg_schema *state = start ? mg_schema_copy(a, start) : mg_arena_alloc(a, sizeof(*state));
    w->r = (mg_replay){a, state, settings, d};
    w->fresh = (mg_vec){0};
}

/* Follows the tables a revision creates through its renames and drops. */
static void
track_fresh(mg_hazard_walk *w, const mg_op *op)
{
    mg_vec *f = &w->fresh;
    if (op->kind == MG_OP_CREATE_TABLE) {
        mg_vec_push(w->r.arena, f, (void *)(op->table_def ? op->table_def->name : op->name));
        return;
    }
    for (size_t i = 0; i < f->len; i++) {
        if (op->kind == MG_OP_RENAME_TABLE && strcmp(f->items[i], op->from) == 0)
            f->items[i] = (void *)op->to;
        else if (op->kind == MG_OP_DROP_TABLE && strcmp(f->items[i], op->name) == 0)
            mg_vec_remove(f, i);
    }
}

int
mg_hazard_revision(mg_hazard_walk *w, const mg_vec *ops, mg_vec *out)
{
    w->fresh.len = 0;
    for (size_t i = 0; i < ops->len; i++) {
        const mg_op *op = ops->items[i];
        hz_ctx c = {.a = w->r.arena, .st = w->r.state, .fresh = &w->fresh};
        mg_vec_push(w->r.arena, out, hazard_of(&c, op));
        mg_op *filled, *reverse;
        if (mg_replay_op(&w->r, op, &filled, &reverse) != 0)
            return -1;
        track_fresh(w, op);
    }
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Text                                                                                       */
/* ------------------------------------------------------------------------------------------ */

const char *
mg_lock_name(mg_lock mode)
{
    static const char *const names[] = {
        "none",    "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "ACCESS EXCLUSIVE",
        "unknown",
    };
    return mode >= MG_LOCK_NONE && mode <= MG_LOCK_UNKNOWN ? names[mode] : "unknown";
}

mg_lock
mg_hazard_lock(const mg_hazard *h)
{
    if (!h->known)
        return MG_LOCK_UNKNOWN;
    mg_lock strongest = MG_LOCK_NONE;
    for (size_t i = 0; i < h->locks.len; i++) {
        const mg_table_lock *l = h->locks.items[i];
        strongest = l->mode > strongest ? l->mode : strongest;
    }
    return strongest;
}

bool
mg_hazard_shown(const mg_hazard *h)
{
    return !h->known || h->locks.len > 0 || h->destructive;
}

void
mg_hazard_text(mg_sb *b, const mg_hazard *h)
{
    if (!h->known) {
        mg_sb_puts(b, "locks unknown; scans unknown; data loss unknown; raw SQL: migc cannot "
                      "tell what it locks or rewrites, review it by hand");
        return;
    }
    for (size_t i = 0; i < h->locks.len; i++) {
        const mg_table_lock *l = h->locks.items[i];
        mg_sb_printf(b, "%s%s on %s", i ? ", " : "", mg_lock_name(l->mode), l->table);
    }
    if (h->locks.len == 0)
        mg_sb_puts(b, "no lock on an existing table");
    mg_sb_puts(b, h->rewrites ? "; table rewrite" : h->scans ? "; full scan" : "; no scan");
    mg_sb_puts(b, h->destructive ? "; destructive" : "; not destructive");
    for (size_t i = 0; i < h->problems.len; i++) {
        const mg_problem *p = h->problems.items[i];
        mg_sb_printf(b, "; %s", p->text);
        if (p->squawk)
            mg_sb_printf(b, " (squawk: %s)", p->squawk);
    }
}
