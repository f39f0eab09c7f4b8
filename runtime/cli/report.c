/* migc runtime: printing what current, history and status report, as text or JSON.
 * Text is for people (aligned columns); JSON is for scripts (stable keys, null for base). */
#include "report.h"

#include <string.h>

/* Writes s as a JSON string (or null when s is NULL). */
static void
json_str(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void
migc_report_json_str(FILE *out, const char *s)
{
    json_str(out, s);
}

/* The applied head id, or NULL at base. */
static const char *
current_id(const migc_module *m, const migc_state *st)
{
    return st->n_applied == 0 ? NULL : m->revisions[st->n_applied - 1]->id;
}

void
migc_report_current(FILE *out, const migc_module *m, const migc_state *st, int json)
{
    const char *id = current_id(m, st);

    if (!json) {
        fprintf(out, "%s\n", id ? id : "base");
        return;
    }
    fputs("{\"module\": ", out);
    json_str(out, m->name);
    fputs(", \"current\": ", out);
    json_str(out, id);
    fputs("}\n", out);
}

/* Prints one history entry as a JSON object. */
static void
history_json_entry(FILE *out, const migc_module *m, const migc_state *st, size_t i)
{
    const migc_revision *r = m->revisions[i];
    int applied = i < st->n_applied;

    fputs(i == 0 ? "\n  {\"revision\": " : ",\n  {\"revision\": ", out);
    json_str(out, r->id);
    fputs(", \"parent\": ", out);
    json_str(out, r->parent);
    fputs(", \"message\": ", out);
    json_str(out, r->message ? r->message : "");
    fprintf(out, ", \"applied\": %s, \"partial\": %s, \"applied_at\": ", applied ? "true" : "false",
            r == st->partial ? "true" : "false");
    json_str(out, applied ? st->rows[i].applied_at : NULL);
    if (applied && st->rows[i].execution_ms >= 0)
        fprintf(out, ", \"execution_ms\": %ld", st->rows[i].execution_ms);
    else
        fputs(", \"execution_ms\": null", out);
    fprintf(out, ", \"reversible\": %s}", r->reversible ? "true" : "false");
}

void
migc_report_history(FILE *out, const migc_module *m, const migc_state *st, int json)
{
    int width = 0;

    if (json) {
        fputs("{\"module\": ", out);
        json_str(out, m->name);
        fputs(", \"revisions\": [", out);
        for (size_t i = 0; i < m->n_revisions; i++)
            history_json_entry(out, m, st, i);
        fputs(m->n_revisions ? "\n]}\n" : "]}\n", out);
        return;
    }
    for (size_t i = 0; i < m->n_revisions; i++)
        if ((int)strlen(m->revisions[i]->id) > width)
            width = (int)strlen(m->revisions[i]->id);
    for (size_t i = 0; i < m->n_revisions; i++) {
        const char *msg = m->revisions[i]->message;
        fprintf(out, "%-*s  %s%s", width, m->revisions[i]->id,
                i < st->n_applied                ? "applied"
                : m->revisions[i] == st->partial ? "partial"
                                                 : "pending",
                m->revisions[i]->reversible ? "" : "  (irreversible)");
        fprintf(out, msg && *msg ? "  %s\n" : "%s\n", msg ? msg : "");
    }
}

void
migc_report_status(FILE *out, const migc_module *m, const migc_state *st, int json)
{
    const char *id = current_id(m, st);
    const char *head = m->n_revisions ? m->revisions[m->n_revisions - 1]->id : NULL;
    size_t pending = m->n_revisions - st->n_applied;

    if (!json) {
        fprintf(out, "current: %s\nhead:    %s\npending: %zu\n", id ? id : "base",
                head ? head : "base", pending);
        if (st->partial != NULL)
            fprintf(out, "partial: %s (%s); the next upgrade or downgrade resumes it\n",
                    st->partial->id, st->partial_note);
        return;
    }
    fputs("{\"module\": ", out);
    json_str(out, m->name);
    fputs(", \"current\": ", out);
    json_str(out, id);
    fputs(", \"head\": ", out);
    json_str(out, head);
    fprintf(out, ", \"applied\": %zu, \"pending\": %zu, \"pending_revisions\": [", st->n_applied,
            pending);
    for (size_t i = st->n_applied; i < m->n_revisions; i++) {
        fputs(i == st->n_applied ? "" : ", ", out);
        json_str(out, m->revisions[i]->id);
    }
    fputs("], \"partial\": ", out);
    json_str(out, st->partial ? st->partial->id : NULL);
    fputs(", \"partial_note\": ", out);
    json_str(out, st->partial_note);
    fputs("}\n", out);
}
