/* migc runtime: printing drift, one line per difference or one JSON document.
 * {"module", "revision", "clean", "differences": [{"object", "kind", "message"}]}. */
#include "report.h"

void
migc_drift_print(FILE *out, const migc_module *m, const migc_drift *drift, int json)
{
    const char *rev = drift->revision ? m->revisions[drift->revision - 1]->id : NULL;

    if (!json) {
        for (size_t i = 0; i < drift->n; i++)
            fprintf(out, "%s\n", drift->items[i].message);
        return;
    }
    fputs("{\"module\": ", out);
    migc_report_json_str(out, m->name);
    fputs(", \"revision\": ", out);
    migc_report_json_str(out, rev);
    fprintf(out, ", \"clean\": %s, \"differences\": [", drift->n ? "false" : "true");
    for (size_t i = 0; i < drift->n; i++) {
        fputs(i ? ",\n  {\"object\": " : "\n  {\"object\": ", out);
        migc_report_json_str(out, drift->items[i].object);
        fputs(", \"kind\": ", out);
        migc_report_json_str(out, drift->items[i].kind);
        fputs(", \"message\": ", out);
        migc_report_json_str(out, drift->items[i].message);
        fputs("}", out);
    }
    fputs(drift->n ? "\n]}\n" : "]}\n", out);
}
