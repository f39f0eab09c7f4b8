/* migc generator: `migc lint`, the hazards of every revision (SPEC §4.1).
 * The walk replays the history from an empty schema; the printers share mg_hazard_text. */
#include "lint.h"

#include <string.h>

int
mg_lint_module(mg_arena *a, const mg_module *m, mg_vec *out, mg_diag *d)
{
    mg_hazard_walk w;
    mg_hazard_walk_init(&w, a, &m->settings, NULL, d);
    *out = (mg_vec){0};
    for (size_t i = 0; i < m->revisions.len; i++) {
        mg_lint_rev *lr = mg_arena_alloc(a, sizeof(*lr));
        lr->rev = m->revisions.items[i];
        if (mg_hazard_revision(&w, &lr->rev->ops, &lr->hazards) != 0)
            return -1;
        mg_vec_push(a, out, lr);
    }
    return 0;
}

size_t
mg_lint_print_hazards(FILE *out, mg_arena *a, const mg_vec *hazards, const char *indent)
{
    size_t shown = 0;
    for (size_t i = 0; i < hazards->len; i++) {
        const mg_hazard *h = hazards->items[i];
        if (!mg_hazard_shown(h))
            continue;
        mg_sb b;
        mg_sb_init(&b, a);
        mg_hazard_text(&b, h);
        fprintf(out, "%s- %s %s\n%s  hazard: %s\n", indent, mg_op_kind_name(h->op->kind), h->object,
                indent, mg_sb_str(&b));
        shown++;
    }
    return shown;
}

void
mg_lint_print_text(FILE *out, mg_arena *a, const mg_vec *revs)
{
    size_t shown = 0, rewrites = 0, destructive = 0;
    for (size_t i = 0; i < revs->len; i++) {
        const mg_lint_rev *lr = revs->items[i];
        size_t n = lr->rev->ops.len, with_line = 0;
        for (size_t j = 0; j < lr->hazards.len; j++) {
            const mg_hazard *h = lr->hazards.items[j];
            with_line += mg_hazard_shown(h);
            rewrites += h->rewrites;
            destructive += h->destructive;
        }
        fprintf(out, "%s: %zu operation%s%s\n", lr->rev->id, n, n == 1 ? "" : "s",
                with_line ? "" : ", no hazards");
        shown += mg_lint_print_hazards(out, a, &lr->hazards, "  ");
    }
    fprintf(out, "%zu revision%s: %zu hazard line%s, %zu table rewrite%s, %zu destructive\n",
            revs->len, revs->len == 1 ? "" : "s", shown, shown == 1 ? "" : "s", rewrites,
            rewrites == 1 ? "" : "s", destructive);
}

/* s as a JSON string. */
static void
json_str(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* true, false, or null when the hazard is not known (raw SQL). */
static const char *
json_bool(const mg_hazard *h, bool value)
{
    return !h->known ? "null" : value ? "true" : "false";
}

static void
json_hazard(FILE *out, const mg_hazard *h)
{
    mg_lock lock = mg_hazard_lock(h);
    fputs("{\"kind\": ", out);
    json_str(out, mg_op_kind_name(h->op->kind));
    fputs(", \"object\": ", out);
    json_str(out, h->object);
    fputs(", \"lock\": ", out);
    if (lock == MG_LOCK_NONE)
        fputs("null", out);
    else
        json_str(out, mg_lock_name(lock));
    fputs(", \"locks\": [", out);
    for (size_t i = 0; i < h->locks.len; i++) {
        const mg_table_lock *l = h->locks.items[i];
        fputs(i ? ", {\"table\": " : "{\"table\": ", out);
        json_str(out, l->table);
        fputs(", \"mode\": ", out);
        json_str(out, mg_lock_name(l->mode));
        fputc('}', out);
    }
    fprintf(out, "], \"scans\": %s, \"rewrites\": %s, \"destructive\": %s, \"problems\": [",
            json_bool(h, h->scans), json_bool(h, h->rewrites), json_bool(h, h->destructive));
    for (size_t i = 0; i < h->problems.len; i++) {
        const mg_problem *p = h->problems.items[i];
        fputs(i ? ", {\"text\": " : "{\"text\": ", out);
        json_str(out, p->text);
        fputs(", \"squawk\": ", out);
        if (p->squawk)
            json_str(out, p->squawk);
        else
            fputs("null", out);
        fputc('}', out);
    }
    fputs("]}", out);
}

void
mg_lint_print_json(FILE *out, const mg_settings *settings, const mg_vec *revs)
{
    fputs("{\n  \"module\": ", out);
    json_str(out, settings->name ? settings->name : "");
    fputs(",\n  \"revisions\": [", out);
    for (size_t i = 0; i < revs->len; i++) {
        const mg_lint_rev *lr = revs->items[i];
        fputs(i ? ",\n    {\"revision\": " : "\n    {\"revision\": ", out);
        json_str(out, lr->rev->id);
        fputs(", \"operations\": [", out);
        for (size_t j = 0; j < lr->hazards.len; j++) {
            fputs(j ? ",\n      " : "\n      ", out);
            json_hazard(out, lr->hazards.items[j]);
        }
        fputs(lr->hazards.len ? "\n    ]}" : "]}", out);
    }
    fputs(revs->len ? "\n  ]\n}\n" : "]\n}\n", out);
}
