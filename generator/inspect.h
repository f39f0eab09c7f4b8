/* migc generator: `migc inspect`, adoption of an existing database.
 * Reads the catalog of one schema of a live database and prints a schema.yaml for it. */
#ifndef MIGC_INSPECT_H
#define MIGC_INSPECT_H

/* Runs `migc inspect` with the arguments after the command name (argv[0] is the first
 * option); prints schema.yaml on stdout and warnings on stderr. Returns the exit code:
 * 0 written, 2 usage error, 4 libpq cannot be loaded, cannot connect, no such schema, or a
 * catalog query failed. */
int mg_inspect_main(int argc, char **argv);

#endif
