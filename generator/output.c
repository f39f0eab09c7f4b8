/* migc generator: writing and comparing generated files.
 * POSIX file handling kept out of the pipeline stages. */
#define _POSIX_C_SOURCE 200809L
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strbuf.h"

int
mg_output_mkdir(const char *path, mg_diag *d)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return 0;
    mg_diag_fail(d, "cannot create directory %s: %s", path, strerror(errno));
    return -1;
}

char *
mg_output_read(mg_arena *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    mg_sb b;
    mg_sb_init(&b, a);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mg_sb_putn(&b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return NULL;
    *len = b.len;
    return b.data ? b.data : mg_arena_strdup(a, "");
}

int
mg_output_write(mg_arena *a, const char *path, const char *data, size_t len, bool *changed,
                mg_diag *d)
{
    size_t old_len;
    const char *old = mg_output_read(a, path, &old_len);
    *changed = !(old && old_len == len && memcmp(old, data, len) == 0);
    if (!*changed)
        return 0;
    char *tmp = mg_arena_printf(a, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (f == NULL) {
        mg_diag_fail(d, "cannot write %s: %s", tmp, strerror(errno));
        return -1;
    }
    bool ok = fwrite(data, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        mg_diag_fail(d, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

static int
cmp_names(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

int
mg_output_list(mg_arena *a, const char *dir, mg_vec *names, mg_diag *d)
{
    *names = (mg_vec){0};
    DIR *dh = opendir(dir);
    if (dh == NULL) {
        if (errno == ENOENT)
            return 0;
        mg_diag_fail(d, "cannot read directory %s: %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(dh)) != NULL) {
        struct stat st;
        char *path = mg_arena_printf(a, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            mg_vec_push(a, names, mg_arena_strdup(a, e->d_name));
    }
    closedir(dh);
    if (names->len)
        qsort(names->items, names->len, sizeof(void *), cmp_names);
    return 0;
}

static const mg_file *
find_file(const mg_vec *files, const char *name)
{
    for (size_t i = 0; i < files->len; i++) {
        const mg_file *f = files->items[i];
        if (strcmp(f->name, name) == 0)
            return f;
    }
    return NULL;
}

bool
mg_output_stale(const char *path, const char *source)
{
    struct stat out, in;
    if (stat(path, &out) != 0)
        return true;
    if (stat(source, &in) != 0)
        return false;
    if (in.st_mtim.tv_sec != out.st_mtim.tv_sec)
        return in.st_mtim.tv_sec > out.st_mtim.tv_sec;
    return in.st_mtim.tv_nsec >= out.st_mtim.tv_nsec;
}

int
mg_output_update(mg_arena *a, const char *dir, const mg_vec *files, bool quiet, mg_diag *d)
{
    if (mg_output_mkdir(dir, d) != 0)
        return -1;
    for (size_t i = 0; i < files->len; i++) {
        const mg_file *f = files->items[i];
        bool changed;
        char *path = mg_arena_printf(a, "%s/%s", dir, f->name);
        if (mg_output_write(a, path, f->data, f->len, &changed, d) != 0)
            return -1;
        if (changed && !quiet)
            printf("wrote %s\n", path);
    }
    return 0;
}

int
mg_output_sync(mg_arena *a, const char *dir, const mg_vec *files, bool quiet, mg_diag *d)
{
    if (mg_output_update(a, dir, files, quiet, d) != 0)
        return -1;
    mg_vec present;
    if (mg_output_list(a, dir, &present, d) != 0)
        return -1;
    for (size_t i = 0; i < present.len; i++) {
        const char *name = present.items[i];
        if (find_file(files, name))
            continue;
        char *path = mg_arena_printf(a, "%s/%s", dir, name);
        if (remove(path) != 0) {
            mg_diag_fail(d, "cannot remove %s: %s", path, strerror(errno));
            return -1;
        }
        if (!quiet)
            printf("removed %s\n", path);
    }
    return 0;
}

int
mg_output_compare(mg_arena *a, const char *dir, const char *shown_dir, const mg_vec *files,
                  mg_diag *d)
{
    int differences = 0;
    for (size_t i = 0; i < files->len; i++) {
        const mg_file *f = files->items[i];
        size_t len;
        const char *old = mg_output_read(a, mg_arena_printf(a, "%s/%s", dir, f->name), &len);
        if (old == NULL || len != f->len || memcmp(old, f->data, len) != 0) {
            printf("%s %s/%s\n", old ? "differs:" : "missing:", shown_dir, f->name);
            differences++;
        }
    }
    mg_vec present;
    if (mg_output_list(a, dir, &present, d) != 0)
        return -1;
    for (size_t i = 0; i < present.len; i++) {
        if (find_file(files, present.items[i]))
            continue;
        printf("extra: %s/%s\n", shown_dir, (const char *)present.items[i]);
        differences++;
    }
    return differences;
}
