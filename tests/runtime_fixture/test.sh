#!/bin/sh
# Exercises the runtime through the hand-written fixture migrators (see build.sh).
# Usage: MIGC_PG_DIR=build/pg tests/runtime_fixture/test.sh [BINDIR]  (after tests/pg/start.sh)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../db/lib.sh"
bin=${1:-/tmp/migc-rtfix}
M=$bin/rtfix
LOCKSQL="SELECT pg_advisory_lock(hashtextextended('migc:rtfix', 0))"

db_create migc_rtfix

# Read-only commands on an empty database create nothing.
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" base "current at base"
assert_eq "$(psql_q "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'")" 0 "no schema yet"

# Upgrade one step, then to head; options after the command.
assert_exit 0 "$M" upgrade +1
assert_contains "$OUT" "upgrade 0001_init ... ok ("
assert_contains "$OUT" "upgraded base -> 0001_init (1 revision,"
assert_exit 0 "$M" upgrade --url "$DB_URL"
assert_contains "$OUT" "upgrade 0002_email ... ok ("
assert_contains "$OUT" "upgrade 0003_index ... ok ("
assert_exit 0 "$M" upgrade
assert_eq "$(cat "$OUT")" "already at 0003_index" "nothing to do"
assert_exit 0 "$M" current --quiet
assert_eq "$(cat "$OUT")" 0003_index "current at head"
assert_eq "$(psql_q 'SELECT count(*) FROM app.migc_version')" 3 "three version rows"
assert_exit 0 "$M" history
assert_contains "$OUT" "0002_email  applied  Add \"email\""
assert_exit 0 "$M" --json status
assert_contains "$OUT" '"pending": 0'

# Targets: wrong direction, unknown, ambiguous.
assert_exit 2 "$M" upgrade 0001
assert_contains "$ERR" "is behind the current revision"
assert_exit 2 "$M" downgrade nope
assert_contains "$ERR" "unknown target nope"
assert_exit 2 "$M" downgrade 000
assert_contains "$ERR" "ambiguous"
assert_exit 2 "$M" downgrade +1
assert_exit 2 "$M" downgrade
assert_exit 2 "$M" frobnicate
assert_exit 2 "$M" --frob current
assert_exit 2 "$M" check
assert_contains "$ERR" "check: drift detection is not available in this build yet"
assert_exit 0 "$M" --help
assert_contains "$OUT" "usage:"

# Downgrades.
assert_exit 0 "$M" downgrade -1
assert_contains "$OUT" "downgrade 0003_index ... ok ("
assert_eq "$(psql_q "SELECT to_regclass('app.users_email_idx') IS NULL")" t "index dropped"
assert_exit 0 "$M" downgrade base -q
assert_eq "$(cat "$OUT")" "" "quiet prints nothing"
assert_eq "$(psql_q "SELECT to_regclass('app.users') IS NULL")" t "table dropped"
assert_eq "$(psql_q 'SELECT count(*) FROM app.migc_version')" 0 "no version rows"

# Stamp records rows without running steps.
assert_exit 0 "$M" stamp 0002
assert_contains "$OUT" "stamped 0002_email (was base)"
assert_eq "$(psql_q "SELECT to_regclass('app.users') IS NULL")" t "stamp runs no step"
assert_eq "$(psql_q "SELECT string_agg(revision, ',' ORDER BY revision) FROM app.migc_version")" \
    "0001_init,0002_email" "stamped rows"
assert_exit 0 "$M" stamp base
assert_eq "$(psql_q 'SELECT count(*) FROM app.migc_version')" 0 "stamp base clears"

# Guards: objects already there are skipped.
psql_q "CREATE TABLE app.users (id bigint PRIMARY KEY, name text NOT NULL)"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q 'SELECT count(*) FROM app.users')" 1 "guarded create skipped, rest ran"

# Checksum mismatch and unknown revision stop the run before anything.
psql_q "UPDATE app.migc_version SET checksum = 'bad' WHERE revision = '0002_email'"
assert_exit 1 "$M" downgrade base
assert_contains "$ERR" "checksum mismatch for revision 0002_email"
psql_q "UPDATE app.migc_version SET checksum = 'c0ffee02' WHERE revision = '0002_email'"
psql_q "INSERT INTO app.migc_version (revision, checksum) VALUES ('0009_future', 'x')"
assert_exit 6 "$M" upgrade
assert_contains "$ERR" "0009_future"
assert_exit 6 "$M" status
psql_q "DELETE FROM app.migc_version WHERE revision = '0009_future'"
psql_q "DELETE FROM app.migc_version WHERE revision = '0002_email'"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "inconsistent"
psql_q "INSERT INTO app.migc_version (revision, checksum) VALUES ('0002_email', 'c0ffee02')"

# Connection failures: exit 3, never a password.
assert_exit 3 "$M" --url postgresql://u:sekrit@127.0.0.1:1/x current
assert_contains "$ERR" "postgresql://u:***@127.0.0.1:1/x"
assert_not_contains "$ERR" sekrit
assert_exit 3 "$M" --url "host=127.0.0.1 port=1 password='se cret' dbname=x" current
assert_not_contains "$ERR" "se cret"

# A failing step rolls the whole revision back.
assert_exit 4 "$bin/rtfix_fail" upgrade
assert_contains "$ERR" "revision 0004_fail failed at step 3 (sql, revisions/0004_fail.yaml:5:5): ERROR:  duplicate key value"
assert_contains "$ERR" "(SQLSTATE 23505)"
assert_contains "$OUT" "upgrade 0004_fail ... failed"
assert_eq "$(psql_q "SELECT to_regclass('app.t4') IS NULL")" t "nothing of 0004 left"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" 0003_index "still at 0003"

# Irreversible revisions refuse the downgrade before any step.
assert_exit 4 "$bin/rtfix_irrev" downgrade base
assert_contains "$ERR" "cannot downgrade past revision 0001_init"
assert_eq "$(psql_q 'SELECT count(*) FROM app.migc_version')" 3 "nothing downgraded"

# The advisory lock: time out after lock_timeout (1s), or wait and succeed.
psql -XAtq -c "$LOCKSQL" -c "SELECT pg_sleep(3)" >/dev/null &
holder=$!
sleep 0.5
assert_exit 5 "$M" downgrade -1
assert_contains "$ERR" "could not obtain the migration lock"
assert_exit 0 "$M" current
wait $holder
psql -XAtq -c "$LOCKSQL" -c "SELECT pg_sleep(0.5)" >/dev/null &
holder=$!
sleep 0.2
assert_exit 0 "$M" downgrade -1
wait $holder
assert_contains "$OUT" "downgrade 0003_index ... ok"
finish
