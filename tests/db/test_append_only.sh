#!/usr/bin/env bash
# Append-only units (SPEC §5): the guards that test the names later revisions give an object live
# in revisions.c (migc_module.guard_overrides) and the runtime puts them in place, so re-running
# the old revisions on a database a later revision renamed never revives an old name; offline
# SQL prints the same guards; an old unit compiled beside a new one keeps its own guards.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_append_only

mod=$T_DIR/ao
mkdir -p "$mod"
echo "name: ao" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad]
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      feel: { type: mood, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
cat >>"$mod/schema.yaml" <<'YAML'
      price: { type: "numeric(12,2)", nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Price"
sum_before=$(cat "$mod/generated/0001_items.c" "$mod/generated/0002_price.c" | cksum)
cat >"$mod/schema.yaml" <<'YAML'
enums:
  feeling: { values: [happy, sad], renamed_from: mood }
tables:
  goods:
    renamed_from: items
    columns:
      id: { type: bigint, primary_key: true }
      feel: { type: feeling, nullable: true }
      cost: { type: "numeric(12,2)", nullable: true, renamed_from: price }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Renames"
assert_eq "$(cat "$mod/generated/0001_items.c" "$mod/generated/0002_price.c" | cksum)" \
    "$sum_before" "earlier units unchanged"
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$T_DIR/ao_migrator"
M=$T_DIR/ao_migrator

# Offline SQL: the guards of 0001 and 0002 test the later names too.
assert_exit 0 "$M" sql base:head
assert_contains "$OUT" "WHERE c.relname = 'goods'"
assert_contains "$OUT" "WHERE t.typname = 'feeling'"
assert_contains "$OUT" "a.attname = 'cost'"

assert_exit 0 "$M" upgrade
psql_q "INSERT INTO goods VALUES (1, 'happy', 2.50)"
# Every revision forgotten: the replay finds the later names and revives nothing.
psql_q "DELETE FROM migc_version"
assert_exit 0 "$M" upgrade --replay
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'items'")" "0" "no table items"
assert_eq "$(psql_q "SELECT count(*) FROM pg_type WHERE typname = 'mood'")" "0" "no type mood"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'goods'::regclass AND attname = 'price'")" \
    "0" "no column price"
assert_eq "$(psql_q "SELECT feel::text || ' ' || cost FROM goods")" "happy 2.50" "rows kept"
assert_exit 0 "$M" check

# The same one transaction per revision.
psql_q "DELETE FROM migc_version"
assert_exit 0 "$M" upgrade --transaction-per-revision
assert_exit 0 "$M" check

# The overrides are what keeps the old names away: without them 0001 creates items again, and
# 0003 then finds both names and stops.
sed -i 's/\.n_guard_overrides = [0-9]*,/.n_guard_overrides = 0,/' "$mod/generated/revisions.c"
build_migrator "$mod" "$T_DIR/ao_plain"
psql_q "DELETE FROM migc_version"
assert_exit 4 "$T_DIR/ao_plain" upgrade --replay
assert_contains "$ERR" "both types mood and feeling exist"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'items'")" "0" "rolled back"
finish
