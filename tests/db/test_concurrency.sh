#!/usr/bin/env bash
# Concurrent deploys against the real server: eight migrators started at once apply each revision
# exactly once; eight racing on a head revision that builds an index CONCURRENTLY do not deadlock
# (waiting holds no snapshot); a CONCURRENTLY revision killed half-way is finished by the next
# run, which rebuilds the INVALID index left behind.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"

mod=$T_DIR/conc
rel_module "$mod" rel_conc
rel_revision "$mod" 0001_init "" <<'YAML'
  - create_enum: { name: item_kind, values: [small, large] }
  - create_table:
      name: log
      columns:
        id: { type: bigint, identity: always }
        note: text
      primary_key: { name: log_pkey, columns: [id] }
  - create_table:
      name: items
      columns:
        id: bigint
        kind: { type: item_kind, default: "'small'" }
      primary_key: [id]
  - sql: { up: "INSERT INTO log (note) VALUES ('0001')", down: "" }
  - sql: { up: "INSERT INTO items (id) SELECT g FROM generate_series(1, 20000) g", down: "" }
YAML
rel_revision "$mod" 0002_more 0001_init <<'YAML'
  - add_column: { table: items, name: extra, type: text, nullable: true }
  - sql: { up: "INSERT INTO log (note) VALUES ('0002')", down: "DELETE FROM log WHERE note = '0002'" }
  - sql: { up: "UPDATE items SET extra = 'x' || id", down: "" }
  - add_enum_value: { enum: item_kind, value: huge }
  - sql: { up: "SELECT pg_sleep(0.3)", down: "" }
YAML
M=$T_DIR/conc_migrator
rel_build "$mod" "$M"

# Runs N copies of "$@" at once; fails unless every one exits 0. Outputs in $T_DIR/run.<i>.
run_many() {
    n=$1
    shift
    pids=""
    for i in $(seq 1 "$n"); do
        "$@" >"$T_DIR/run.$i" 2>&1 &
        pids="$pids $!"
    done
    i=0
    for p in $pids; do
        i=$((i + 1))
        wait_pid "$p"
        [ "$RC" -eq 0 ] || fail "migrator $i of $n exited $RC: $(cat "$T_DIR/run.$i")"
        pass
    done
}
schema_dump() {
    pg_dump -s -n public -d "$1" | grep -Ev '^(--|\\(un)?restrict |$)' >"$2" || fail "pg_dump $1"
}
# `check` comes with drift detection; until a build has it, the pg_dump comparison stands alone.
check_clean() {
    assert_exit_any "$M" check
    if grep -q "not available in this build" "$ERR"; then
        return
    fi
    assert_exit 0 "$M" check
}
assert_exit_any() {
    "$@" >"$OUT" 2>"$ERR" || true
}

# Reference: one migrator alone.
db_create migc_conc_ref
assert_exit 0 "$M" upgrade
schema_dump migc_conc_ref "$T_DIR/ref.sql"

# 1. Eight migrators at once on a fresh database.
db_create migc_conc
run_many 8 "$M" upgrade
assert_eq "$(grep -l "upgrade 0001_init ... ok" "$T_DIR"/run.* | wc -l)" 1 "0001 applied by one run"
assert_eq "$(grep -l "upgrade 0002_more ... ok" "$T_DIR"/run.* | wc -l)" 1 "0002 applied by one run"
assert_eq "$(grep -l "already at 0002_more" "$T_DIR"/run.* | wc -l)" 7 "seven found the work done"
assert_eq "$(psql_q "SELECT string_agg(note || ':' || n, ',' ORDER BY note) FROM
                     (SELECT note, count(*) AS n FROM public.log GROUP BY note) s")" \
    "0001:1,0002:1" "each sql step ran exactly once"
assert_eq "$(psql_q "SELECT string_agg(revision, ',' ORDER BY revision) FROM public.migc_version")" \
    "0001_init,0002_more" "one version row per revision"
assert_eq "$(psql_q "SELECT count(*) FROM public.items")" 20000 "rows inserted once"
schema_dump migc_conc "$T_DIR/conc.sql"
diff "$T_DIR/ref.sql" "$T_DIR/conc.sql" >"$T_DIR/dump.diff" ||
    fail "schema after 8 concurrent migrators differs from a single run: $(cat "$T_DIR/dump.diff")"
pass
check_clean

# 2. Eight migrators at once, downgrading to base.
run_many 8 "$M" --allow-destructive downgrade base
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace
                     AND relname <> 'migc_version' AND relname NOT LIKE 'migc_version%'")" 0 \
    "nothing left after 8 concurrent downgrades"

# 3. A head revision that builds an index CONCURRENTLY: the builder waits for every snapshot
#    older than its own; the other migrators poll for the lock outside any transaction, so
#    they never hold one and nobody deadlocks.
rel_revision "$mod" 0003_index 0002_more <<'YAML'
  - sql: { up: "SELECT pg_sleep(0.3)", down: "" }
  - create_index: { table: items, name: items_extra_idx, columns: [extra], concurrently: true }
  - create_index: { table: items, name: items_kind_idx, columns: [kind, id], concurrently: true }
YAML
rel_build "$mod" "$M"
db_create migc_conc_cic
assert_exit 0 "$M" upgrade 0002
run_many 8 "$M" upgrade
assert_eq "$(grep -l "upgrade 0003_index ... ok" "$T_DIR"/run.* | wc -l)" 1 "0003 applied by one run"
assert_eq "$(psql_q "SELECT string_agg(c.relname || ':' || i.indisvalid, ',' ORDER BY c.relname)
                     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE c.relname IN ('items_extra_idx', 'items_kind_idx')")" \
    "items_extra_idx:true,items_kind_idx:true" "both indexes built and valid"
assert_eq "$(psql_q "SELECT count(*) FROM public.migc_version")" 3 "three version rows"
run_many 8 "$M" downgrade 0002
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname IN ('items_extra_idx', 'items_kind_idx')")" \
    0 "indexes dropped CONCURRENTLY by one of 8 downgrades"
run_many 8 "$M" upgrade

# 4. The CONCURRENTLY revision killed half-way. A writer's open transaction makes CREATE INDEX
#    CONCURRENTLY wait after it has committed the new (still INVALID) index; the migrator is
#    killed then, and the server notices the lost client (client_connection_check_interval) and
#    ends the build. The next run drops the INVALID index and builds it again.
assert_exit 0 "$M" downgrade 0002
psql_hold "BEGIN; INSERT INTO public.items (id) VALUES (-1);"
wait_for "SELECT EXISTS (SELECT 1 FROM public.items WHERE id = -1) IS NOT NULL" 10
PGAPPNAME=cic PGOPTIONS="-c client_connection_check_interval=100" \
    "$M" upgrade >"$T_DIR/cic.out" 2>&1 &
mig=$!
building="SELECT pid FROM pg_stat_activity WHERE datname = current_database()
          AND application_name = 'cic' AND query LIKE 'CREATE INDEX CONCURRENTLY%'
          AND wait_event_type = 'Lock'"
wait_for "SELECT EXISTS ($building)" 30 "CREATE INDEX CONCURRENTLY waiting for the writer"
orphan=$(psql_q "$building")
assert_eq "$(psql_q "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE c.relname = 'items_extra_idx'")" f "the half-built index is INVALID"
kill -9 "$mig"
wait_pid "$mig"
wait_for "SELECT NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $orphan)" 30 \
    "the server to end the orphaned index build"
lock_free
old_oid=$(psql_q "SELECT 'public.items_extra_idx'::regclass::oid")
assert_eq "$(psql_q "SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = $old_oid")" f \
    "the killed build left an INVALID index"
assert_eq "$(psql_q "SELECT count(*) FROM public.migc_version WHERE revision = '0003_index'")" 0 \
    "no version row for the killed revision"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "upgrade 0003_index ... ok"
assert_eq "$(psql_q "SELECT i.indisvalid AND i.indexrelid <> $old_oid FROM pg_index i
                     WHERE i.indexrelid = 'public.items_extra_idx'::regclass")" t \
    "the INVALID index was dropped and rebuilt valid"
assert_eq "$(psql_q "SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.items_kind_idx'::regclass")" \
    t "the rest of the revision ran"
schema_dump migc_conc_cic "$T_DIR/cic.sql"
db_create migc_conc_ref
assert_exit 0 "$M" upgrade
schema_dump migc_conc_ref "$T_DIR/ref3.sql"
diff "$T_DIR/ref3.sql" "$T_DIR/cic.sql" >"$T_DIR/dump.diff" ||
    fail "schema after the killed CONCURRENTLY revision differs: $(cat "$T_DIR/dump.diff")"
pass
finish
