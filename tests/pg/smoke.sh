#!/bin/sh
# migc test fixture: checks that the throwaway server and tests/db/lib.sh work.
set -eu
. "${MIGC_SOURCE_DIR:-$(dirname "$0")/../..}/tests/db/lib.sh"

db_create migc_smoke
assert_eq "$(psql_q 'SELECT current_database()')" migc_smoke "db_create sets PGDATABASE"
assert_eq "$(psql -XAtq "$DB_URL" -c 'SELECT 40 + 2')" 42 "DB_URL works over TCP"
assert_eq "$(psql -XAtq "$MIGC_PG_URL" -c 'SHOW server_encoding')" UTF8 "UTF8 cluster"
assert_eq "$(psql_q 'SHOW fsync')" off "fsync is off"
assert_exit 3 sh -c 'echo out; echo err >&2; exit 3'
assert_contains "$OUT" out
assert_contains "$ERR" err
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c 'SELECT 1/0'
assert_contains "$ERR" "division by zero"
finish
