#!/usr/bin/env bash
# Faults in the middle of a revision, against the real server: the migrator killed with -9, its
# backend terminated by the server, a statement over statement_timeout. Each time nothing of the
# revision may remain and the next run must complete it. Waits are bounded; nothing is timed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"
db_create migc_rel_faults

mod=$T_DIR/rel
rel_module "$mod" rel_faults
rel_revision "$mod" 0001_init "" <<'YAML'
  - create_table:
      name: log
      columns:
        id: { type: bigint, identity: always }
        note: text
      primary_key: { name: log_pkey, columns: [id] }
  - create_table: { name: items, columns: { id: bigint }, primary_key: [id] }
YAML
rel_revision "$mod" 0002_slow 0001_init <<'YAML'
  - add_column: { table: items, name: extra, type: text, nullable: true }
  - sql: { up: "INSERT INTO log (note) VALUES ('0002')", down: "DELETE FROM log WHERE note = '0002'" }
  - sql: { up: "SELECT pg_sleep(CASE current_setting('application_name') WHEN 'slow' THEN 5 ELSE 0 END)", down: "" }
YAML
M=$T_DIR/rel_migrator
rel_build "$mod" "$M"
assert_exit 0 "$M" upgrade 0001

# State of revision 0002: "<column extra exists>|<log rows 0002>|<version row 0002>".
state_0002() {
    psql_q "SELECT (SELECT count(*) FROM pg_attribute WHERE attrelid = 'public.items'::regclass
                    AND attname = 'extra' AND NOT attisdropped) || '|' ||
                   (SELECT count(*) FROM public.log WHERE note = '0002') || '|' ||
                   (SELECT count(*) FROM public.migc_version WHERE revision = '0002_slow')"
}
gone() { # SQL: true once backend $1 has ended
    echo "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1)"
}
# The slow step sleeps 5 s in runs started with PGAPPNAME=slow, and not at all in the others.
slow_pid="SELECT pid FROM pg_stat_activity WHERE datname = current_database()
          AND application_name = 'slow' AND state = 'active' AND query LIKE 'SELECT pg_sleep%'"
sleeping="SELECT EXISTS ($slow_pid)"
no_lock="SELECT NOT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
         WHERE l.locktype = 'advisory' AND d.datname = current_database())"

# 1. kill -9 of the migrator while a slow step of 0002 runs. The orphaned backend ends once it
#    notices the dead client (after its statement); the transaction is rolled back: nothing of
#    0002 remains, no version row, and the advisory lock is gone with the session.
PGAPPNAME=slow "$M" upgrade >"$T_DIR/kill1.out" 2>&1 &
mig=$!
wait_for "$sleeping" 30 "the slow step of 0002"
orphan=$(psql_q "$slow_pid")
kill -9 "$mig"
wait_pid "$mig"
assert_eq "$RC" 137 "the migrator died of SIGKILL"
wait_for "$(gone "$orphan")" 60 "the orphaned backend $orphan to end"
assert_eq "$(state_0002)" "0|0|0" "nothing of 0002 after kill -9"
wait_for "$no_lock" 10 "the advisory lock to go away with the orphaned session"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0001_init" "still at 0001 after kill -9"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "upgrade 0002_slow ... ok"
assert_eq "$(state_0002)" "1|1|1" "the next run completes 0002 exactly once"

# 2. kill -9 again, and start the next run at once: it waits for the orphan's lock, then
#    completes the revision.
assert_exit 0 "$M" downgrade 0001
assert_eq "$(state_0002)" "0|0|0" "0002 downgraded"
PGAPPNAME=slow "$M" upgrade >"$T_DIR/kill2.out" 2>&1 &
mig=$!
wait_for "$sleeping" 30 "the slow step of 0002"
orphan=$(psql_q "$slow_pid")
kill -9 "$mig"
wait_pid "$mig"
"$M" upgrade >"$T_DIR/next.out" 2>&1 &
next=$!
wait_pid "$next"
[ "$RC" -eq 0 ] || fail "the run after kill -9 exited $RC: $(cat "$T_DIR/next.out")"
pass
assert_eq "$(psql_q "$(gone "$orphan")")" t "the orphan had ended before the next run finished"
assert_eq "$(state_0002)" "1|1|1" "the run after kill -9 completes 0002 exactly once"

# 3. The server terminates the migrator's backend mid-revision: exit 4, the message names the
#    revision and step; nothing remains; the next run completes.
assert_exit 0 "$M" downgrade 0001
PGAPPNAME=slow "$M" upgrade >"$T_DIR/term.out" 2>"$T_DIR/term.err" &
mig=$!
wait_for "$sleeping" 30 "the slow step of 0002"
assert_eq "$(psql_q "SELECT pg_terminate_backend(($slow_pid))")" t \
    "pg_terminate_backend"
wait_pid "$mig"
[ "$RC" -eq 4 ] || fail "terminated backend: exit $RC, want 4: $(cat "$T_DIR/term.err")"
pass
assert_contains "$T_DIR/term.err" "revision 0002_slow failed at step 3 (sql, revisions/0002_slow.yaml:"
assert_contains "$T_DIR/term.err" "terminating connection due to administrator command"
assert_contains "$T_DIR/term.out" "upgrade 0002_slow ... failed"
assert_eq "$(state_0002)" "0|0|0" "nothing of 0002 after the backend was terminated"
assert_exit 0 "$M" upgrade
assert_eq "$(state_0002)" "1|1|1" "the next run completes 0002"

# 4. statement_timeout: a step that runs longer fails with exit 4 and is rolled back.
mod2=$T_DIR/rel_st
rel_module "$mod2" rel_st "statement_timeout: 1s"
cp "$mod/revisions/0001_init.yaml" "$mod2/revisions/"
rel_revision "$mod2" 0002_slow 0001_init <<'YAML'
  - add_column: { table: items, name: extra, type: text, nullable: true }
  - sql: { up: "INSERT INTO log (note) VALUES ('0002')", down: "DELETE FROM log WHERE note = '0002'" }
  - sql: { up: "SELECT pg_sleep(3)", down: "" }
YAML
db_create migc_rel_faults_st
M2=$T_DIR/rel_st_migrator
rel_build "$mod2" "$M2"
# 0001 and 0002 share one transaction by default (SPEC §7): both are rolled back, and the run says
# nothing stayed; --transaction-per-revision commits 0001 first.
assert_exit 4 "$M2" upgrade
assert_contains "$ERR" "applied and committed before the failure: none; the database is at base"
assert_exit 0 "$M2" current
assert_eq "$(cat "$OUT")" "base" "0001 rolled back with 0002"
assert_exit 4 "$M2" upgrade --transaction-per-revision
assert_contains "$ERR" "revision 0002_slow failed at step 3"
assert_contains "$ERR" "canceling statement due to statement timeout (SQLSTATE 57014)"
assert_contains "$ERR" "applied and committed before the failure: 0001_init; the database is at 0001_init"
assert_eq "$(state_0002)" "0|0|0" "nothing of 0002 after the statement timeout"
assert_exit 0 "$M2" current
assert_eq "$(cat "$OUT")" "0001_init" "0001 committed, 0002 rolled back"
finish
