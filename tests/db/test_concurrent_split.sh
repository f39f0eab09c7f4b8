#!/usr/bin/env bash
# CONCURRENTLY never shares a revision with transactional steps (issue #10 item 4, SPEC §4): the
# diff writes concurrent index drops before the rest and builds after it, each in a revision of
# its own; a failing concurrent build leaves the transactional revision applied and whole; an
# index of a table created in the same revision is built in its transaction.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_concurrent_split

mod=$T_DIR/split
mkdir -p "$mod"
printf 'name: split\nonline: false # this test is about CONCURRENTLY indexes, not the online forms\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id:    { type: bigint, primary_key: true }
      a:     { type: text, nullable: true }
      b:     { type: text, nullable: true }
      code:  text
      sku:   text
    unique:
      items_code_key: [code]
    indexes:
      items_a_idx: { columns: [a], concurrently: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
assert_eq "$(ls "$mod/revisions")" "0001_items.yaml" "a new table's concurrent index stays with it"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id:    { type: bigint, primary_key: true }
      code:  text
      sku:   text
    unique:
      items_sku_key: [sku]
    indexes:
      items_code_idx: { columns: [code], unique: true, concurrently: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Swap" --allow-destructive
assert_eq "$(ls "$mod/revisions" | tr '\n' ' ')" \
    "0001_items.yaml 0002_swap_drop_indexes_concurrently.yaml 0003_swap.yaml 0004_swap_build_indexes_concurrently.yaml " \
    "three revisions"
assert_contains "$mod/revisions/0002_swap_drop_indexes_concurrently.yaml" "drop_index: { name: items_a_idx }"
assert_not_contains "$mod/revisions/0003_swap.yaml" "concurrently: true"
assert_contains "$mod/revisions/0003_swap.yaml" "drop_column: { table: items, name: b }"
assert_contains "$mod/revisions/0004_swap_build_indexes_concurrently.yaml" "items_code_idx"
assert_exit 0 "$MIGC" validate -C "$mod"

build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" upgrade 0001
assert_eq "$(psql_q "SELECT count(*) FROM pg_index WHERE indexrelid = 'items_a_idx'::regclass AND indisvalid")" "1" "built with the table"
psql_q "INSERT INTO items SELECT g, 'a', 'b', 'c' || g, 's' || g FROM generate_series(1, 10) g"
assert_exit 0 "$M" upgrade 0003
psql_q "UPDATE items SET code = 'dup'"
# The unique build fails on the duplicate codes: the transactional revision stays whole.
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "0004_swap_build_indexes_concurrently"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0003_swap" "the transactional revision committed whole"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname IN ('a', 'b')")" "0" "columns dropped"
assert_eq "$(psql_q "SELECT conname FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'u'")" "items_sku_key" "unique swapped"
psql_q "UPDATE items SET code = 'c' || id"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_exit 0 "$M" --allow-destructive downgrade 0001
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
finish
