#!/usr/bin/env bash
# lock_timeout and lock_retries (SPEC §2, §7): DDL never runs without a lock_timeout (2 s when
# the module sets none); a revision that hits it is rolled back and retried with backoff, each
# attempt printed with the session that holds the lock; the last failure names it (exit 5).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_lock_retry

mod=$T_DIR/lr
mkdir -p "$mod"
echo "name: lr" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
assert_exit 0 "$MIGC" revision -C "$mod" -m "Record lock timeout"
cat >"$mod/revisions/0002_record_lock_timeout.yaml" <<'YAML'
revision: 0002_record_lock_timeout
parent: 0001_items
operations:
  - sql: { up: "CREATE TABLE lt AS SELECT pg_catalog.current_setting('lock_timeout') AS v", down: "DROP TABLE lt" }
YAML
printf '      note: { type: text, nullable: true }\n' >>"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Note"
build_migrator "$mod" "$T_DIR/lr_migrator"
M=$T_DIR/lr_migrator

# No lock_timeout in module.yaml: 2 s, even when the role or database sets none (0).
psql_q "ALTER DATABASE migc_lock_retry SET lock_timeout = 0"
assert_exit 0 "$M" upgrade 0002
assert_eq "$(psql_q "SELECT v FROM lt")" "2s" "lock_timeout of the session"

# A reader holds its lock for 3.5 s: the first attempt times out after 2 s, the retry after
# about 1 s succeeds. Each attempt is printed with the session holding the lock.
PGAPPNAME=blocker_app psql -XAtq -c "BEGIN" -c "LOCK TABLE items IN ACCESS SHARE MODE" \
    -c "SELECT pg_sleep(3.5)" -c "COMMIT" >/dev/null &
blocker=$!
sleep 0.5
assert_exit 0 "$M" upgrade
wait "$blocker"
assert_contains "$OUT" "lock_timeout (attempt 1 of 6), retrying in"
assert_contains "$OUT" "application_name \"blocker_app\""
assert_contains "$OUT" "SELECT pg_sleep(3.5)"
assert_contains "$OUT" "upgrade 0003_note ... ok"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'note'")" \
    "1" "column added by the retry"
assert_eq "$(psql_q "SELECT count(*) FROM migc_version")" "3" "version rows"

# lock_retries: 1 and a lock held longer than two attempts: the revision is tried twice, then the
# run stops with exit 5 naming the session, and nothing of the revision stays.
printf 'lock_retries: 1\n' >>"$mod/module.yaml"
printf '      extra: { type: text, nullable: true }\n' >>"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Extra"
grep -q 'lock_retries = "1"' "$mod/generated/revisions.c" || fail "lock_retries not in revisions.c"
pass
build_migrator "$mod" "$M"
PGAPPNAME=long_reader psql -XAtq -c "BEGIN" -c "LOCK TABLE items IN ACCESS SHARE MODE" \
    -c "SELECT pg_sleep(8)" -c "COMMIT" >/dev/null &
blocker=$!
sleep 0.5
assert_exit 5 "$M" upgrade
assert_contains "$OUT" "lock_timeout (attempt 1 of 2)"
assert_not_contains "$OUT" "attempt 2 of 2"
assert_contains "$ERR" "revision 0004_extra could not take its locks within lock_timeout (2 attempts; lock_retries 1)"
assert_contains "$ERR" "application_name \"long_reader\""
assert_contains "$ERR" "SQLSTATE 55P03"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'extra'")" \
    "0" "nothing of the failed revision"
kill "$blocker" 2>/dev/null
wait "$blocker" 2>/dev/null
sed -i 's/^lock_retries: 1$/lock_retries: many/' "$mod/module.yaml"
assert_exit 3 "$MIGC" validate -C "$mod"
assert_contains "$ERR" "module.yaml:2:15: error: lock_retries must be a whole number from 0 to 100, not \"many\""
finish
