/* migc tests: an application that embeds only the runtime's core (connect, upgrade, downgrade,
 * stamp, state), linked by test_layers.sh with --gc-sections; with -DMIGC_LAYERS_ALL it also
 * calls the drift check, the offline SQL script and the command line. It is linked, never run. */
#include <migc/migc.h>

#include <stdio.h>

static const migc_module empty = {.name = "layers", .schema = "layers"};

int
main(int argc, char **argv)
{
    struct pg_conn *conn = NULL;
    migc_state st;
    migc_error err;
    int rc;

    if (migc_connect(NULL, &conn, &err) != 0)
        return 1;
    rc = migc_upgrade(conn, &empty, NULL, NULL, NULL, &err) ||
         migc_upgrade_with(conn, &empty, NULL, MIGC_OPT_REPLAY, NULL, NULL, &err) ||
         migc_downgrade(conn, &empty, "base", NULL, NULL, &err) ||
         migc_downgrade_with(conn, &empty, "base", 0, NULL, NULL, &err) ||
         migc_stamp(conn, &empty, "head", NULL, &err) || migc_state_read(conn, &empty, &st, &err);
    migc_state_free(&st);
#ifdef MIGC_LAYERS_ALL
    {
        migc_drift drift;

        rc = rc || migc_check(conn, &empty, &drift, &err);
        migc_drift_free(&drift);
        rc = rc || migc_sql_script(&empty, "base:head", stdout, &err);
        rc = rc || migc_cli_main(argc, argv, &empty);
    }
#else
    (void)argc;
    (void)argv;
#endif
    return rc;
}
