#!/usr/bin/env bash
# A column rename is followed into the CHECK expressions, index expressions and partial-index
# predicates that name it (SPEC §4 soundness rules; issue #10 item 1): the diff writes only the
# rename, the upgrade verifies clean, and downgrade -1 works; an expression left on the old name
# is refused before anything is written.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_rename_exprs

mod=$T_DIR/ren
mkdir -p "$mod"
echo "name: ren" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  a:
    columns:
      id:  { type: bigint, primary_key: true }
      qty: integer
    checks:
      a_qty_pos: "qty > 0"
    indexes:
      a_big_ix: { columns: [id], where: "qty > 5" }
      a_twice:  { expression: "(qty * 2)" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
sed -i 's/"qty > /"n > /; s/(qty \* 2)/(n * 2)/; s/      qty: integer/      n: { type: integer, renamed_from: qty }/' \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Rename qty"
assert_eq "$(grep -c -- '^  - ' "$mod/revisions/0002_rename_qty.yaml")" "1" "one operation"
assert_contains "$mod/revisions/0002_rename_qty.yaml" "rename_column: { table: a, from: qty, to: \"n\" }"

build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" upgrade 0001
psql_q "INSERT INTO a SELECT g, g FROM generate_series(1, 20) g"
assert_exit 0 "$M" upgrade
assert_not_contains "$ERR" "expected"
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'a_qty_pos'")" \
    "CHECK ((n > 0))" "check follows the rename"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'a_big_ix'::regclass")" \
    "(qty > 5)" "predicate back on the old name"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT count(*) FROM a")" "20" "rows kept"

# A CHECK left on the old name is an error with its place, before anything is written.
sed -i 's/a_qty_pos: "n > 0"/a_qty_pos: "qty > 0"/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Stale"
assert_contains "$ERR" "schema.yaml:"
assert_contains "$ERR" "qty"
[ ! -e "$mod/revisions/0003_stale.yaml" ] || fail "nothing is written"
pass
finish
