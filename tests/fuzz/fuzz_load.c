/* migc fuzzing: libFuzzer harness for the loader, validator, replay and renderer.
 * The input is a module: its first byte picks which file the rest becomes (see split_input). */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include "arena.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "render.h"
#include "replay.h"
#include "validate.h"
#include "yaml_node.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char module_yaml[] = "name: fuzz\nexternal_types: [ext_type]\n";
static const char schema_yaml[] = "tables:\n  t:\n    columns:\n      id: bigint\n"
                                  "    primary_key: [id]\n";
static const char separator[] = "\n%%\n"; /* between files in the multi-file mode */

/* The module directory, made once per process. */
static char dir[64];

/* Writes len bytes to dir/rel. */
static void
put(const char *rel, const char *data, size_t len)
{
    char path[128];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, rel);
    f = fopen(path, "wb");
    if (f == NULL)
        abort();
    if (len > 0 && fwrite(data, 1, len, f) != len)
        abort();
    fclose(f);
}

/* Removes what the previous input left: every file the modes below may write. */
static void
clean(void)
{
    char path[128];

    for (int i = 1; i <= 4; i++) {
        snprintf(path, sizeof path, "%s/revisions/%04d_r.yaml", dir, i);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/schema.yaml", dir);
    unlink(path);
}

/* Removes the module directory at exit. */
static void
remove_dir(void)
{
    char path[128];

    clean();
    snprintf(path, sizeof path, "%s/module.yaml", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/revisions", dir);
    rmdir(path);
    rmdir(dir);
}

/* Mode 0: the input is schema.yaml. 1: module.yaml (with a fixed schema). 2: the first
 * revision. 3: schema.yaml, then up to four revisions, separated by "\n%%\n". */
static void
split_input(const char *data, size_t len)
{
    int mode = len > 0 ? (unsigned char)data[0] % 4 : 0;

    if (len > 0) {
        data++;
        len--;
    }
    put("module.yaml", module_yaml, sizeof module_yaml - 1);
    if (mode == 0) {
        put("schema.yaml", data, len);
    } else if (mode == 1) {
        put("module.yaml", data, len);
        put("schema.yaml", schema_yaml, sizeof schema_yaml - 1);
    } else if (mode == 2) {
        put("revisions/0001_r.yaml", data, len);
    } else {
        const char *end = data + len;
        for (int part = 0; part < 5 && data <= end; part++) {
            const char *next = NULL;
            for (const char *p = data; p + sizeof separator - 1 <= end && next == NULL; p++)
                if (memcmp(p, separator, sizeof separator - 1) == 0)
                    next = p;
            size_t n = (size_t)((next ? next : end) - data);
            char rel[32];
            if (part == 0)
                snprintf(rel, sizeof rel, "schema.yaml");
            else
                snprintf(rel, sizeof rel, "revisions/%04d_r.yaml", part);
            put(rel, data, n);
            if (next == NULL)
                break;
            data = next + sizeof separator - 1;
        }
    }
}

/* The generator pipeline up to rendered files, as migc generate runs it (nothing written). */
static void
pipeline(void)
{
    mg_arena a;
    mg_diag d;
    mg_module m;
    mg_schema *state = NULL;
    mg_vec plans = {0}, files = {0};

    mg_arena_init(&a);
    mg_diag_init(&d, &a);
    memset(&m, 0, sizeof m);
    if (mg_load_module(&a, dir, &m, &d) == 0 &&
        (m.schema == NULL || mg_validate_schema(&a, m.schema, &m.settings, &d) == 0) &&
        mg_replay_module(&a, &m, &state, &plans, &d) == 0)
        mg_render_module(&a, &m.settings, &plans, NULL, NULL, &files, &d);
    mg_arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mg_arena a;
    mg_diag d;

    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/migc-fuzz.XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
        char rev[80];
        snprintf(rev, sizeof rev, "%s/revisions", dir);
        mkdir(rev, 0700);
        atexit(remove_dir);
    }
    mg_arena_init(&a); /* the YAML reader alone, straight from memory */
    mg_diag_init(&d, &a);
    mg_yaml_load_string(&a, (const char *)data, size, "fuzz.yaml", &d);
    mg_arena_free(&a);

    clean();
    split_input((const char *)data, size);
    pipeline();
    return 0;
}
