#!/usr/bin/env bash
# The head snapshot of a module with more objects than one transaction can lock (SQLSTATE 53200,
# max_locks_per_transaction): the snapshot is rolled back, the run says so and replays the
# revisions; their shared transaction (batch_revisions: 50) runs out of lock slots too, is rolled
# back and run again a transaction per revision, and the run ends at head with nothing lost.
# On a cluster of its own with a small lock table.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

PG2=$(mktemp -d "${TMPDIR:-/tmp}/migc-locks.XXXXXX")
trap 'sh "$MIGC_SOURCE_DIR/tests/pg/stop.sh" "$PG2/pg" >/dev/null 2>&1; rm -rf "$PG2" "$T_DIR"' EXIT
MIGC_PG_EXTRA_CONF='max_locks_per_transaction = 10
max_connections = 20' sh "$MIGC_SOURCE_DIR/tests/pg/start.sh" "$PG2/pg" >"$PG2/start.log" 2>&1 ||
    fail "cannot start the small cluster: $(cat "$PG2/start.log")"
. "$PG2/pg/env"

# 20 revisions of 40 tables with a primary key each: about 1,600 locks at once, while the lock
# table holds a few hundred (200 slots and what shared memory spares); a revision takes 80.
mod=$T_DIR/many
M=$T_DIR/many_migrator
mkdir -p "$mod/revisions"
printf 'name: many\n' >"$mod/module.yaml"
parent=
for r in $(seq -w 1 20); do
    {
        echo "revision: 00${r}_tables"
        [ -n "$parent" ] && echo "parent: $parent"
        echo "operations:"
        for t in $(seq -w 1 40); do
            echo "  - create_table: { name: t${r}_${t}, columns: { id: { type: bigint, primary_key: true } } }"
        done
    } >"$mod/revisions/00${r}_tables.yaml"
    parent=00${r}_tables
done
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$M"

URL="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
assert_exit 0 "$M" --url "$URL" upgrade
assert_contains "$OUT" "fresh database: replaying the revisions (the head snapshot cannot stand for them: it creates more objects than one transaction can lock; raise max_locks_per_transaction to build it at once)"
assert_contains "$OUT" "failed"
assert_contains "$OUT" "the revisions from 0001_tables take more locks than one transaction can hold (max_locks_per_transaction): rolled back, and run again in a transaction each"
assert_contains "$OUT" "upgrade 0020_tables ... ok ("
assert_contains "$OUT" "upgraded base -> 0020_tables (20 revisions,"
assert_eq "$(psql -XAtq -c "SELECT count(*) FROM pg_class WHERE relname LIKE 't%' AND relkind = 'r'")" \
    "800" "tables after the replay"
assert_eq "$(psql -XAtq -c "SELECT count(*) FROM migc_version")" "20" "version rows"
assert_exit 0 "$M" --url "$URL" check
finish
