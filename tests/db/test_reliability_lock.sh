#!/usr/bin/env bash
# The advisory lock and the checks made before anything runs, against the real server: a
# migrator that cannot get the lock within lock_timeout exits 5 and touches nothing; without
# lock_timeout it waits, outside any transaction, and succeeds once the holder lets go; a
# revision the migrator does not know is exit 6 and a changed checksum exit 1, before any step.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"
db_create migc_rel_lock

# The same module twice: with lock_timeout 1s, and without (the key is the module name).
mod=$T_DIR/timeout
rel_module "$mod" rel_lock "lock_timeout: 1s"
rel_revision "$mod" 0001_init "" <<'YAML'
  - create_table: { name: items, columns: { id: bigint }, primary_key: [id] }
YAML
rel_revision "$mod" 0002_more 0001_init <<'YAML'
  - add_column: { table: items, name: extra, type: text, nullable: true }
YAML
M=$T_DIR/timeout_migrator
rel_build "$mod" "$M"
mod2=$T_DIR/wait
rel_module "$mod2" rel_lock
cp "$mod"/revisions/*.yaml "$mod2/revisions/"
W=$T_DIR/wait_migrator
rel_build "$mod2" "$W"
tables() {
    psql_q "SELECT coalesce(string_agg(relname, ',' ORDER BY relname), '') FROM pg_class
            WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
}

# 1. The lock is held elsewhere: exit 5 after lock_timeout, a clear message, nothing created
#    (not even the version table).
lock_hold "migc:rel_lock"
assert_exit 5 "$M" upgrade
assert_contains "$ERR" "could not obtain the migration lock of module rel_lock within lock_timeout 1s"
assert_eq "$(tables)" "" "nothing touched after exit 5"
assert_exit 5 "$M" downgrade base
assert_exit 5 "$M" stamp head
assert_eq "$(tables)" "" "nothing touched after exit 5 (downgrade, stamp)"
# Read-only commands take no lock.
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "base" "current while the lock is held"

# 2. Without lock_timeout the migrator waits: its session is idle, outside any transaction and
#    without a snapshot between polls (what CREATE INDEX CONCURRENTLY would wait for); once the
#    holder lets go it runs.
"$W" upgrade >"$T_DIR/wait.out" 2>&1 &
waiter=$!
waiting="SELECT pid FROM pg_stat_activity WHERE datname = current_database()
         AND application_name = 'migc'"
wait_for "SELECT EXISTS ($waiting)" 30 "the waiting migrator to connect"
for i in 1 2 3 4 5; do
    # Sampled while it polls: the poll itself is a one-statement transaction, never idle in one.
    assert_eq "$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE pid = ($waiting)
                         AND state IN ('idle in transaction', 'idle in transaction (aborted)')")" \
        0 "the waiting migrator is not idle in a transaction (sample $i)"
    sleep 0.1
done
assert_eq "$(tables)" "" "nothing done while waiting"
lock_free
wait_pid "$waiter"
[ "$RC" -eq 0 ] || fail "the waiting migrator exited $RC: $(cat "$T_DIR/wait.out")"
pass
assert_contains "$T_DIR/wait.out" "upgraded base -> 0002_more (2 revisions,"
assert_eq "$(tables)" "items,migc_version" "the waiting migrator ran"

# 3. Unknown revision in the database: exit 6 before anything runs.
assert_exit 0 "$W" downgrade 0001
psql_q "INSERT INTO public.migc_version (revision, checksum) VALUES ('0009_future', 'x')"
assert_exit 6 "$W" upgrade
assert_contains "$ERR" "the database holds revision 0009_future, which this migrator does not know"
assert_exit 6 "$W" downgrade base
assert_exit 6 "$W" status
assert_exit 6 "$W" stamp head
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.items'::regclass
                     AND attname = 'extra'")" 0 "0002 not run after exit 6"
assert_eq "$(psql_q "SELECT string_agg(revision, ',' ORDER BY revision) FROM public.migc_version")" \
    "0001_init,0009_future" "version rows untouched after exit 6"
psql_q "DELETE FROM public.migc_version WHERE revision = '0009_future'"

# 4. A checksum that differs: exit 1 naming the revision, nothing run either way.
psql_q "UPDATE public.migc_version SET checksum = 'edited' WHERE revision = '0001_init'"
assert_exit 1 "$W" upgrade
assert_contains "$ERR" "checksum mismatch for revision 0001_init: the database recorded edited"
assert_exit 1 "$W" downgrade base
assert_eq "$(tables)" "items,migc_version" "nothing dropped after a checksum mismatch"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.items'::regclass
                     AND attname = 'extra'")" 0 "0002 not run after a checksum mismatch"
finish
