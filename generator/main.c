/* migc generator: command-line entry point.
 * Parses arguments and dispatches; only this file decides the process exit code. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "inspect.h"
#include "version.h"

static const char usage[] =
    "usage: migc COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  diff     [-C DIR] -m MESSAGE [--allow-destructive] [--allow-rewrite] [--irreversible]\n"
    "           [--dry-run] [--templates DIR]\n"
    "           write the next revision for the changes in schema.yaml, then regenerate;\n"
    "           prints the hazard of each operation on an existing table (SPEC 4.1);\n"
    "           --allow-rewrite writes changes that rewrite an existing table (online: true)\n"
    "           --irreversible marks a type change that cannot be cast back irreversible\n"
    "  generate [-C DIR] [--templates DIR]   rewrite generated/ from revisions/\n"
    "  check    [-C DIR] [--templates DIR]   exit 1 on pending changes or stale generated/;\n"
    "                                        lists stale hints (never a failure)\n"
    "  validate [-C DIR]                     every check of diff, writing nothing\n"
    "  lint     [-C DIR] [--json]            the lock, scan, rewrite and data loss of every\n"
    "                                        operation on an existing table, per revision\n"
    "  revision [-C DIR] -m MESSAGE          write an empty revision (for hand-written sql\n"
    "                                        steps), then regenerate\n"
    "  inspect  [--url URL] [--schema NAME] [-C DIR] [--ignore PATTERN]...\n"
    "           print schema.yaml for a live database, leaving out migc version tables and\n"
    "           what DIR/module.yaml's ignore: patterns or --ignore match\n"
    "  --version                             print migc's version\n"
    "\n"
    "exit codes: 0 ok, 1 differences or destructive changes refused, 2 usage,\n"
    "            3 invalid input, 4 I/O or other failure\n";

static int
usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "migc: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return 2;
}

/* Takes the value of an option that needs one; NULL when it is missing. */
static const char *
option_value(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int
parse_options(int argc, char **argv, mg_options *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "-C") == 0)
            slot = &o->dir;
        else if (strcmp(a, "--templates") == 0)
            slot = &o->templates;
        else if (strcmp(a, "-m") == 0 || strcmp(a, "--message") == 0)
            slot = &o->message;
        else if (strcmp(a, "--allow-destructive") == 0)
            o->allow_destructive = true;
        else if (strcmp(a, "--allow-rewrite") == 0)
            o->allow_rewrite = true;
        else if (strcmp(a, "--irreversible") == 0)
            o->irreversible = true;
        else if (strcmp(a, "--dry-run") == 0)
            o->dry_run = true;
        else if (strcmp(a, "--json") == 0 && strcmp(argv[1], "lint") == 0)
            o->json = true;
        else
            return usage_error("unknown argument \"%s\"", a);
        if (slot && (*slot = option_value(argc, argv, &i)) == NULL)
            return usage_error("option %s needs a value", a);
    }
    return 0;
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        if (argc > 2)
            return usage_error("unknown argument \"%s\"", argv[2]);
        printf("migc %s\n", MIGC_VERSION);
        return 0;
    }
    if (strcmp(cmd, "inspect") == 0)
        return mg_inspect_main(argc - 2, argv + 2);
    mg_options o = {.dir = "."};
    int rc = parse_options(argc, argv, &o);
    if (rc != 0)
        return rc;
    if (strcmp(cmd, "diff") == 0) {
        if (o.message == NULL)
            return usage_error("%s", "diff needs -m MESSAGE");
        return mg_cmd_diff(&o);
    }
    if (strcmp(cmd, "generate") == 0)
        return mg_cmd_generate(&o);
    if (strcmp(cmd, "check") == 0)
        return mg_cmd_check(&o);
    if (strcmp(cmd, "validate") == 0)
        return mg_cmd_validate(&o);
    if (strcmp(cmd, "lint") == 0)
        return mg_cmd_lint(&o);
    if (strcmp(cmd, "revision") == 0) {
        if (o.message == NULL)
            return usage_error("%s", "revision needs -m MESSAGE");
        return mg_cmd_revision(&o);
    }
    return usage_error("unknown command \"%s\"", cmd);
}
