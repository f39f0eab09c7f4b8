/* migc runtime: the migrator command line (options, commands, output, exit codes).
 * It only parses and prints; the work is done by the embedding API in migrate.c. */
#include "migc/migc.h"

#include "check.h"
#include "conn.h"
#include "fleet.h"
#include "migrate.h"
#include "report.h"
#include "session.h"
#include "sqlout.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef MIGC_VERSION
#define MIGC_VERSION "0.1.0" /* the build passes project(migc VERSION) */
#endif

/* Parsed command line. */
typedef struct cli {
    const char *prog;
    char *url;            /* malloc'd copy of --url or of the --url-file line; NULL if neither */
    const char *url_file; /* --url-file FILE */
    int json, quiet, no_verify, help, version, force, allow_destructive, unguarded;
    int tx_per_revision; /* --transaction-per-revision */
    int replay;          /* --replay */
    const char *targets; /* --targets FILE */
    int parallel;        /* --parallel N; 0 when not given */
    const char *command;
    const char *args[4];
    int n_args;
} cli;

typedef enum command_kind {
    CMD_MOVE,
    CMD_STAMP,
    CMD_REPORT,
    CMD_SQL,
    CMD_CHECK,
    CMD_REPAIR
} command_kind;

typedef struct command {
    char name[12]; /* arrays and an enum, no pointers: the table stays in read-only data */
    int min_args, max_args;
    command_kind kind;
} command;

static const char usage_text[] =
    "usage: %s [--url URL | --url-file FILE] [--json] [--quiet] [--no-verify] COMMAND [ARG]\n"
    "       %s --targets FILE [--parallel N] [--json] COMMAND [ARG]\n"
    "\n"
    "commands:\n"
    "  upgrade [TARGET]    apply revisions up to TARGET (id, unique prefix, +N, head;\n"
    "                      default head)\n"
    "  downgrade TARGET    revert revisions down to TARGET (id, unique prefix, -N, base)\n"
    "  current             print the applied revision id, or base\n"
    "  history             list every revision, applied or pending\n"
    "  status              print the current revision and the number pending\n"
    "  stamp TARGET [--force]\n"
    "                      record TARGET as applied without running steps; --force replaces\n"
    "                      every version row, also of revisions this migrator does not know\n"
    "                      (after a renumber), printing what it replaced\n"
    "  check               compare the live schema with the expected one\n"
    "  sql [FROM:]TO [--unguarded]\n"
    "                      print the SQL of a path without connecting; --unguarded prints\n"
    "                      plain DDL for review and SQL linters (no guards, lock, checks or\n"
    "                      psql commands: right only on a database exactly at FROM)\n"
    "  repair              re-record the checksums of applied revisions that were edited,\n"
    "                      printing each old and new value\n"
    "\n"
    "options (before or after the command):\n"
    "  --url URL     connection URI or conninfo; default DATABASE_URL, then libpq's\n"
    "                defaults (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, ~/.pgpass,\n"
    "                PGSERVICE). A password here is hidden from ps once read, but prefer\n"
    "                ~/.pgpass, PGPASSWORD or --url-file\n"
    "  --url-file FILE  read the connection URI or conninfo from the first line of FILE\n"
    "  --json        one JSON document from current, history, status and check\n"
    "  --quiet, -q   no progress or summary lines\n"
    "  --no-verify   skip the schema comparison after upgrade/downgrade\n"
    "  --allow-destructive\n"
    "                let a downgrade drop tables and columns that hold data (refused\n"
    "                otherwise, exit 7, naming each with its row count)\n"
    "  --transaction-per-revision\n"
    "                upgrade/downgrade: commit after every revision instead of letting\n"
    "                consecutive ones share a transaction (batch_revisions, batch_seconds)\n"
    "  --replay      upgrade: apply every revision even on a database where none of the\n"
    "                module's objects exist (default there: build the head at once from\n"
    "                the compiled snapshot and record every revision)\n"
    "  --targets FILE\n"
    "                run upgrade, downgrade, status, check or current on every target of\n"
    "                FILE (- for stdin): per line a connection URL, optionally followed by a\n"
    "                schema that replaces the module's for that target; # starts a comment.\n"
    "                One line per target as it ends, then a summary; the exit code is the\n"
    "                worst of all targets\n"
    "  --parallel N  with --targets: N targets at a time (default 8)\n"
    "  --version     print the migrator's module, head revision and migc version\n"
    "  --help, -h    show this help\n"
    "\n"
    "exit codes: 0 ok, 1 drift or checksum mismatch, 2 usage, 3 cannot connect,\n"
    "            4 a revision failed, 5 lock timeout, 6 unknown revision in the database\n"
    "            or untrusted version table, 7 refused before any step ran, 8 applied but\n"
    "            the verification after it could not run\n";

/* Prints a usage error and returns exit code 2. */
static int
usage_error(const cli *c, const char *what, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\n", c->prog, what, arg ? ": " : "", arg ? arg : "");
    fprintf(stderr, usage_text, c->prog, c->prog);
    return MIGC_EUSAGE;
}

/* True for arguments that look like options ("-1" and "+2" are targets, not options). */
static int
is_option(const char *a)
{
    return a[0] == '-' && a[1] != '\0' && !(a[1] >= '0' && a[1] <= '9');
}

/* Keeps a copy of the --url value; when it holds a password, overwrites the argument in place
 * (as the mysql client does) so that other users' `ps` no longer shows it. */
static int
take_url(cli *c, char *arg, const char **bad)
{
    size_t n = strlen(arg);

    free(c->url);
    if ((c->url = malloc(n + 1)) == NULL) {
        *bad = "out of memory";
        return -1;
    }
    memcpy(c->url, arg, n + 1);
    if (migc_conninfo_has_secret(arg)) {
        memset(arg, '\0', n);
        memcpy(arg, "***", n < 3 ? n : 3);
    }
    return 0;
}

/* Reads the connection string from the first line of c->url_file into c->url. */
static int
read_url_file(cli *c, migc_error *err)
{
    char line[4096];
    FILE *f = fopen(c->url_file, "r");

    if (f == NULL)
        return migc_fail(err, MIGC_ECONNECT, "cannot read --url-file %s", c->url_file);
    if (fgets(line, sizeof line, f) == NULL)
        line[0] = '\0';
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '\0')
        return migc_fail(err, MIGC_ECONNECT, "--url-file %s: the first line is empty", c->url_file);
    if ((c->url = malloc(strlen(line) + 1)) == NULL)
        return migc_fail(err, MIGC_EFAILED, "out of memory");
    memcpy(c->url, line, strlen(line) + 1);
    return 0;
}

/* Reads --parallel N: a whole number from 1 to 1000. */
static int
take_parallel(cli *c, const char *arg, const char **bad)
{
    int n = 0;

    for (const char *p = arg; *p != '\0'; p++) {
        if (*p < '0' || *p > '9' || n > 1000) {
            n = 0;
            break;
        }
        n = n * 10 + (*p - '0');
    }
    if (n < 1 || n > 1000) {
        *bad = "--parallel takes a number from 1 to 1000";
        return -1;
    }
    c->parallel = n;
    return 0;
}

/* Handles one option at argv[*i]; returns 0, or -1 (message in *bad). */
static int
parse_option(cli *c, int argc, char **argv, int *i, const char **bad)
{
    const char *a = argv[*i];

    if (strcmp(a, "--json") == 0)
        c->json = 1;
    else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0)
        c->quiet = 1;
    else if (strcmp(a, "--no-verify") == 0)
        c->no_verify = 1;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
        c->help = 1;
    else if (strcmp(a, "--version") == 0)
        c->version = 1;
    else if (strcmp(a, "--force") == 0)
        c->force = 1;
    else if (strcmp(a, "--allow-destructive") == 0)
        c->allow_destructive = 1;
    else if (strcmp(a, "--unguarded") == 0)
        c->unguarded = 1;
    else if (strcmp(a, "--transaction-per-revision") == 0)
        c->tx_per_revision = 1;
    else if (strcmp(a, "--replay") == 0)
        c->replay = 1;
    else if (strncmp(a, "--url=", 6) == 0)
        return take_url(c, argv[*i] + 6, bad);
    else if (strcmp(a, "--url") == 0 && *i + 1 < argc)
        return take_url(c, argv[++*i], bad);
    else if (strcmp(a, "--url-file") == 0 && *i + 1 < argc)
        c->url_file = argv[++*i];
    else if (strcmp(a, "--targets") == 0 && *i + 1 < argc)
        c->targets = argv[++*i];
    else if (strcmp(a, "--parallel") == 0 && *i + 1 < argc)
        return take_parallel(c, argv[++*i], bad);
    else {
        *bad = strcmp(a, "--url") == 0 || strcmp(a, "--url-file") == 0 ||
                       strcmp(a, "--targets") == 0 || strcmp(a, "--parallel") == 0
                   ? "option needs a value"
                   : "unknown option";
        return -1;
    }
    return 0;
}

/* Parses argv into c; returns 0 or a usage error's exit code (already printed). */
static int
parse_args(cli *c, int argc, char **argv)
{
    int options_done = 0;
    const char *bad;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!options_done && strcmp(a, "--") == 0)
            options_done = 1;
        else if (!options_done && is_option(a)) {
            if (parse_option(c, argc, argv, &i, &bad) != 0)
                return usage_error(c, bad, a);
        } else if (c->command == NULL)
            c->command = a;
        else if (c->n_args < (int)(sizeof c->args / sizeof c->args[0]))
            c->args[c->n_args++] = a;
        else
            return usage_error(c, "too many arguments", a);
    }
    return 0;
}

/* Drops server notices under --quiet. */
static void
quiet_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Progress: "upgrade 0002_x ... " before a revision runs. */
static void
progress_begin(void *user, const char *verb, const migc_revision *rev)
{
    (void)user;
    printf("%s %s ... ", verb, rev->id);
    fflush(stdout);
}

/* Progress: "ok (12 ms)" or "failed" after it ran. */
static void
progress_end(void *user, const char *verb, const migc_revision *rev, long ms, int ok)
{
    (void)user;
    (void)verb;
    (void)rev;
    if (ok)
        printf("ok (%ld ms)\n", ms);
    else
        printf("failed\n");
    fflush(stdout);
}

/* Progress: a revision hit lock_timeout and is retried. */
static void
progress_retry(void *user, const migc_revision *rev, int attempt, int attempts, long wait_ms,
               const char *why)
{
    printf("lock_timeout (attempt %d of %d), retrying in %.1f s; locks held by: %s\n", attempt,
           attempts, (double)wait_ms / 1000.0, why);
    printf("%s %s ... ", (const char *)user, rev->id); /* user: the verb (cmd_move) */
    fflush(stdout);
}

/* Progress: a downgrade keeps an object that the upgrade did not create. */
static void
progress_kept(void *user, const migc_revision *rev, const char *object)
{
    (void)user;
    printf("kept %s (it existed before %s was applied) ... ", object, rev->id);
    fflush(stdout);
}

/* Progress: which path an upgrade of a fresh database took. */
static void
progress_fresh(void *user, const migc_revision *head, size_t n, size_t n_steps, long ms, int ok,
               const char *why)
{
    (void)user;
    if (why != NULL)
        printf("fresh database: replaying the revisions (the head snapshot cannot stand for them: "
               "%s)\n",
               why);
    else if (ok)
        printf("fresh database: built %s from the head snapshot (%zu statement%s, %zu revision%s "
               "recorded) ... ok (%ld ms)\n",
               head->id, n_steps, n_steps == 1 ? "" : "s", n, n == 1 ? "" : "s", ms);
    else
        printf("fresh database: building %s from the head snapshot ... failed\n", head->id);
    fflush(stdout);
}

/* Progress: a line about what the run had to do otherwise. */
static void
progress_note(void *user, const char *text)
{
    (void)user;
    printf("%s\n", text);
    fflush(stdout);
}

/* Prints err to stderr and returns its exit code. */
static int
report_error(const migc_error *err)
{
    fprintf(stderr, "%s\n", err->message);
    return err->status != MIGC_OK ? err->status : MIGC_EFAILED;
}

/* The id at a chain position, "base" for 0. */
static const char *
position_name(const migc_module *m, size_t pos)
{
    return pos == 0 ? "base" : m->revisions[pos - 1]->id;
}

/* Prints the closing line of an upgrade or downgrade. */
static void
print_summary(const cli *c, const migc_module *m, const migc_run *run, const char *done)
{
    size_t n = run->after > run->before ? run->after - run->before : run->before - run->after;

    if (c->quiet)
        return;
    if (n == 0)
        printf("already at %s\n", position_name(m, run->after));
    else
        printf("%s %s -> %s (%zu revision%s, %ld ms)\n", done, position_name(m, run->before),
               position_name(m, run->after), n, n == 1 ? "" : "s", run->ms);
}

/* Warns when roles other than the module schema's owner may CREATE in it (SPEC §7, Trust). */
static void
warn_schema_creators(const migc_module *m, PGconn *conn)
{
    char roles[512];
    migc_error err;

    if (migc_schema_creators(conn, m, roles, sizeof roles, &err) != 0 || roles[0] == '\0')
        return; /* only a warning: the run reports real errors itself */
    fprintf(stderr,
            "warning: schema %s grants CREATE to %s: objects they create there can capture the "
            "names in this module's defaults, checks and other SQL text, which run with this "
            "role's privileges (README, \"Security\"); REVOKE CREATE ON SCHEMA %s FROM them\n",
            m->schema, roles, m->schema);
}

/* upgrade [TARGET] / downgrade TARGET */
static int
cmd_move(const cli *c, const migc_module *m, PGconn *conn)
{
    int up = strcmp(c->command, "upgrade") == 0;
    migc_progress progress = {progress_begin, progress_end,  (void *)(up ? "upgrade" : "downgrade"),
                              progress_retry, progress_kept, progress_fresh,
                              progress_note};
    const char *target = c->n_args ? c->args[0] : NULL;
    migc_drift drift;
    migc_verify verify = {migc_check_at, &drift};
    migc_run run;
    migc_error err;
    int rc;
    int flags = (up ? MIGC_MOVE_UP : 0) | (c->allow_destructive ? MIGC_MOVE_ALLOW_DESTRUCTIVE : 0) |
                (c->tx_per_revision ? MIGC_MOVE_TX_PER_REVISION : 0) |
                (c->replay ? MIGC_MOVE_REPLAY : 0);

    if (!c->quiet)
        warn_schema_creators(m, conn);
    rc = migc_move_verified(conn, m, target, flags, c->quiet ? NULL : &progress, &run,
                            c->no_verify ? NULL : &verify, &err);
    if (rc != 0) {
        if (!c->no_verify)
            migc_drift_free(&drift);
        return report_error(&err);
    }
    print_summary(c, m, &run, up ? "upgraded" : "downgraded");
    if (c->no_verify || drift.n == 0)
        return MIGC_OK;
    migc_drift_print(stderr, m, &drift, 0);
    fprintf(stderr, "drift: the live schema differs from that of %s (%zu difference%s)\n",
            position_name(m, run.after), drift.n, drift.n == 1 ? "" : "s");
    migc_drift_free(&drift);
    return MIGC_EDRIFT;
}

/* Prints one version row that stamp --force or repair changed. */
static void
print_row(void *user, const char *revision, const char *old_checksum, const char *new_checksum)
{
    const cli *c = user;

    if (c->quiet)
        return;
    if (old_checksum == NULL)
        printf("recorded %s (checksum %s)\n", revision, new_checksum);
    else if (new_checksum == NULL)
        printf("removed %s (checksum %s)\n", revision, old_checksum);
    else
        printf("repaired %s: checksum %s -> %s\n", revision, old_checksum, new_checksum);
}

/* repair */
static int
cmd_repair(const cli *c, const migc_module *m, PGconn *conn)
{
    migc_row_report report = {print_row, (void *)c};
    migc_error err;

    if (migc_repair(conn, m, &report, &err) != 0)
        return report_error(&err);
    if (!c->quiet)
        printf("repair done: every applied revision's checksum is the migrator's\n");
    return MIGC_OK;
}

/* stamp TARGET [--force] */
static int
cmd_stamp(const cli *c, const migc_module *m, PGconn *conn)
{
    migc_row_report report = {print_row, (void *)c};
    migc_run run;
    migc_error err;

    if (c->force) {
        if (migc_stamp_force(conn, m, c->args[0], &report, &run, &err) != 0)
            return report_error(&err);
        if (!c->quiet)
            printf("stamped %s (forced)\n", position_name(m, run.after));
        return MIGC_OK;
    }
    if (migc_stamp(conn, m, c->args[0], &run, &err) != 0)
        return report_error(&err);
    if (!c->quiet)
        printf("stamped %s (was %s)\n", position_name(m, run.after), position_name(m, run.before));
    return MIGC_OK;
}

/* current / history / status */
static int
cmd_report(const cli *c, const migc_module *m, PGconn *conn)
{
    migc_state st;
    migc_error err;

    if (migc_session_init(conn, m, &err) != 0 || migc_state_read(conn, m, &st, &err) != 0)
        return report_error(&err);
    if (strcmp(c->command, "current") == 0)
        migc_report_current(stdout, m, &st, c->json);
    else if (strcmp(c->command, "history") == 0)
        migc_report_history(stdout, m, &st, c->json);
    else
        migc_report_status(stdout, m, &st, c->json);
    migc_state_free(&st);
    return MIGC_OK;
}

/* sql [FROM:]TO [--unguarded]: prints the script of the path; never connects. */
static int
cmd_sql(const cli *c, const migc_module *m)
{
    migc_error err;

    if ((c->unguarded ? migc_sql_unguarded : migc_sql_script)(m, c->args[0], stdout, &err) != 0)
        return report_error(&err);
    return MIGC_OK;
}

/* check: the live schema against the applied revisions; exit 1 on drift. */
static int
cmd_check(const cli *c, const migc_module *m, PGconn *conn)
{
    migc_drift drift;
    migc_error err;
    int rc;

    if (migc_check(conn, m, &drift, &err) != 0)
        return report_error(&err);
    migc_drift_print(stdout, m, &drift, c->json);
    if (!c->json && !c->quiet && drift.n == 0)
        printf("no drift: the schema is that of %s\n", position_name(m, drift.revision));
    rc = drift.n ? MIGC_EDRIFT : MIGC_OK;
    migc_drift_free(&drift);
    return rc;
}

static const command commands[] = {
    {"upgrade", 0, 1, CMD_MOVE},   {"downgrade", 1, 1, CMD_MOVE}, {"current", 0, 0, CMD_REPORT},
    {"history", 0, 0, CMD_REPORT}, {"status", 0, 0, CMD_REPORT},  {"stamp", 1, 1, CMD_STAMP},
    {"check", 0, 0, CMD_CHECK},    {"sql", 1, 1, CMD_SQL},        {"repair", 0, 0, CMD_REPAIR},
};

/* Finds the command named name, or NULL. */
static const command *
find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* Connects and runs cmd; returns the exit code. */
static int
run_connected(cli *c, const command *cmd, const migc_module *m)
{
    PGconn *conn;
    migc_error err;
    int rc;

    if ((c->url == NULL && c->url_file != NULL && read_url_file(c, &err) != 0) ||
        migc_connect(c->url, &conn, &err) != 0)
        return report_error(&err);
    if (c->quiet)
        PQsetNoticeProcessor(conn, quiet_notice, NULL);
    if (cmd->kind == CMD_MOVE)
        rc = cmd_move(c, m, conn);
    else if (cmd->kind == CMD_STAMP)
        rc = cmd_stamp(c, m, conn);
    else if (cmd->kind == CMD_CHECK)
        rc = cmd_check(c, m, conn);
    else if (cmd->kind == CMD_REPAIR)
        rc = cmd_repair(c, m, conn);
    else
        rc = cmd_report(c, m, conn);
    PQfinish(conn);
    return rc;
}

/* --targets FILE: checks what goes with it, then runs the command over every target. */
static int
run_fleet(const cli *c, const migc_module *m)
{
    static const char fleet_commands[][10] = {"upgrade", "downgrade", "status", "check", "current"};
    migc_fleet_options o = {0};
    int known = 0;

    for (size_t i = 0; i < sizeof fleet_commands / sizeof fleet_commands[0]; i++)
        known |= strcmp(c->command, fleet_commands[i]) == 0;
    if (!known)
        return usage_error(c, "--targets runs upgrade, downgrade, status, check or current, not",
                           c->command);
    if (c->url != NULL || c->url_file != NULL)
        return usage_error(c, "--targets does not go with --url or --url-file", NULL);
    o.file = c->targets;
    o.parallel = c->parallel ? c->parallel : 8;
    o.json = c->json;
    o.quiet = c->quiet;
    o.no_verify = c->no_verify;
    o.allow_destructive = c->allow_destructive;
    o.tx_per_revision = c->tx_per_revision;
    o.replay = c->replay;
    o.command = c->command;
    o.target = c->n_args ? c->args[0] : NULL;
    return migc_fleet_main(m, &o);
}

/* Runs the parsed command line; returns the exit code. */
static int
run_cli(cli *c, const migc_module *m)
{
    const command *cmd;

    if (c->help) {
        printf(usage_text, c->prog, c->prog);
        return MIGC_OK;
    }
    if (c->version) {
        printf("%s: module %s, head %s (%zu revisions), schema %s, version table %s\n"
               "migc runtime %s\n",
               c->prog, m->name, position_name(m, m->n_revisions), m->n_revisions, m->schema,
               m->version_table, MIGC_VERSION);
        return MIGC_OK;
    }
    if (c->force && (c->command == NULL || strcmp(c->command, "stamp") != 0))
        return usage_error(c, "--force is only for stamp", NULL);
    if (c->unguarded && (c->command == NULL || strcmp(c->command, "sql") != 0))
        return usage_error(c, "--unguarded is only for sql", NULL);
    if (c->tx_per_revision && (c->command == NULL || (strcmp(c->command, "upgrade") != 0 &&
                                                      strcmp(c->command, "downgrade") != 0)))
        return usage_error(c, "--transaction-per-revision is only for upgrade and downgrade", NULL);
    if (c->replay && (c->command == NULL || strcmp(c->command, "upgrade") != 0))
        return usage_error(c, "--replay is only for upgrade", NULL);
    if (c->command == NULL)
        return usage_error(c, "a command is required", NULL);
    if ((cmd = find_command(c->command)) == NULL)
        return usage_error(c, "unknown command", c->command);
    if (c->n_args < cmd->min_args || c->n_args > cmd->max_args)
        return usage_error(
            c, c->n_args < cmd->min_args ? "missing argument for" : "too many arguments for",
            c->command);
    if (c->targets != NULL)
        return run_fleet(c, m);
    if (c->parallel != 0)
        return usage_error(c, "--parallel is only for --targets", NULL);
    if (cmd->kind == CMD_SQL)
        return cmd_sql(c, m);
    return run_connected(c, cmd, m);
}

int
migc_cli_main(int argc, char **argv, const migc_module *m)
{
    cli c = {0};
    const char *slash;
    int rc;

    c.prog = argc > 0 && argv[0] ? argv[0] : "migrator";
    if ((slash = strrchr(c.prog, '/')) != NULL)
        c.prog = slash + 1;
    rc = parse_args(&c, argc, argv);
    if (rc == 0)
        rc = run_cli(&c, m);
    free(c.url);
    return rc;
}
