#!/usr/bin/env bash
# A revision applied step by step (CONCURRENTLY) that fails half-way is recorded as partial:
# status, history and check say so, and the next upgrade or downgrade resumes it (SPEC §7).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_partial

mod=$T_DIR/part
mkdir -p "$mod"
echo "name: part" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id:   { type: bigint, primary_key: true }
      code: text
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
cat >>"$mod/schema.yaml" <<'YAML'
    indexes:
      items_id_desc: { columns: ["id DESC"], concurrently: true }
      items_code_uq: { columns: [code], unique: true, concurrently: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Indexes"
build_migrator "$mod" "$T_DIR/part_migrator"
M=$T_DIR/part_migrator

assert_exit 0 "$M" upgrade 0001
psql_q "INSERT INTO items VALUES (1, 'a'), (2, 'a')"

# The unique index fails on the duplicate after the first index was built: partial.
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "revision 0002_indexes failed at step 2 (create_index items_code_uq, revisions/0002_indexes.yaml:"
assert_contains "$ERR" "recorded as partially applied (upgrade stopped at step 2 of 2 (create_index items_code_uq))"
assert_exit 0 "$M" status
assert_contains "$OUT" "current: 0001_items"
assert_contains "$OUT" "partial: 0002_indexes (upgrade stopped at step 2 of 2 (create_index items_code_uq)); the next upgrade or downgrade resumes it"
assert_exit 0 "$M" --json status
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["partial"] == "0002_indexes" and d["current"] == "0001_items" and "step 2 of 2" in d["partial_note"], d' <"$OUT" ||
    fail "status --json: $(cat "$OUT")"
pass
assert_exit 0 "$M" history
assert_contains "$OUT" "0002_indexes  partial"
assert_exit 1 "$M" check
assert_contains "$OUT" "revision 0002_indexes: partially applied (upgrade stopped at step 2 of 2"

# The next upgrade resumes it: the first index is skipped by its guard (and not taken for an
# object that was there before: the downgrade drops it), the second is built.
psql_q "UPDATE items SET code = 'b' WHERE id = 2"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "upgraded 0001_items -> 0002_indexes"
assert_exit 0 "$M" status
assert_not_contains "$OUT" "partial"
assert_eq "$(psql_q "SELECT coalesce(partial, '-') || ' ' || coalesce(kept, '-') FROM migc_version WHERE revision = '0002_indexes'")" \
    "- -" "row complete, nothing kept"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade 0001
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname IN ('items_id_desc', 'items_code_uq')")" "0" \
    "indexes dropped"

# A partial revision and a downgrade: the downgrade resumes it the other way.
psql_q "UPDATE items SET code = 'a' WHERE id = 2"
assert_exit 4 "$M" upgrade
assert_exit 0 "$M" downgrade 0001
assert_contains "$OUT" "downgrade 0002_indexes ... ok"
assert_eq "$(psql_q "SELECT string_agg(revision, ',') FROM migc_version")" "0001_items" "rows after the downgrade"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname IN ('items_id_desc', 'items_code_uq')")" "0" \
    "half-built indexes dropped"
assert_exit 0 "$M" check
finish
