#!/bin/sh
# Hazards (SPEC §4.1): `migc diff`, its --dry-run and `migc lint [--json]` print, for every operation
# on a table that exists before the revision, the lock it takes, whether it scans or rewrites the
# table and whether it is destructive, naming the problem squawk names. --dry-run shows a
# destructive change (still exit 1 without --allow-destructive) and writes nothing.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m=$T/m
module "$m"
# The plain forms' hazards: the online forms (and their refusal of rewrites) are test_online's.
echo "online: false" >>"$m/module.yaml"

# lint of a module without revisions, and of a first revision: nothing existed before it.
run_migc 0 lint -C "$m"
contains "$OUT" "0 revisions: 0 hazard lines"
run_migc 0 diff -C "$m" -m "Add items"
contains "$OUT" "wrote $m/revisions/0001_add_items.yaml"
grep -q "hazard:" "$OUT" && fail "hazard line for a table the revision creates"
run_migc 0 lint -C "$m"
contains "$OUT" "0001_add_items: 1 operation, no hazards"

# A change with every kind of hazard the diff writes on an existing table.
cat >"$m/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      price: { type: "numeric(14,2)", nullable: true }
      qty: { type: bigint, default: "0" }
      token: { type: uuid, default: "gen_random_uuid()" }
    unique:
      items_token_key: [token]
    checks:
      items_qty_positive: "qty > 0"
    indexes:
      items_qty_idx: { columns: [qty] }
  lines:
    columns:
      id: { type: bigint, primary_key: true }
      item_id: { type: bigint, references: items(id) }
YAML
before=$(ls "$m/revisions" "$m/generated")
run_migc 0 diff -C "$m" -m "Tokens" --dry-run
[ "$(ls "$m/revisions" "$m/generated")" = "$before" ] || fail "--dry-run wrote files"
contains "$OUT" "revision: 0002_tokens"
contains_text "$OUT" "  - add_column: { table: items, name: token, type: uuid, default: gen_random_uuid() }
    # hazard: ACCESS EXCLUSIVE on items; table rewrite; not destructive; volatile default gen_random_uuid() is computed for every row"
contains "$OUT" "(squawk: adding-field-with-default)"
contains "$OUT" "# hazard: ACCESS EXCLUSIVE on items; no scan; not destructive; type numeric(12,2) -> numeric(14,2) is binary-coercible"
contains "$OUT" "(squawk: disallowed-unique-constraint, constraint-missing-not-valid)"
contains "$OUT" "(squawk: constraint-missing-not-valid)"
contains "$OUT" "# hazard: SHARE on items; full scan; not destructive; builds the index under SHARE"
contains "$OUT" "(squawk: require-concurrent-index-creation)"
contains "$OUT" "# hazard: SHARE ROW EXCLUSIVE on items; no scan; not destructive"
[ "$(grep -c '# hazard:' "$OUT")" = 7 ] || fail "expected 7 hazard lines"

# Written for real: the same hazard lines, under a one-line summary of each operation.
run_migc 0 diff -C "$m" -m "Tokens"
contains_text "$OUT" "wrote $m/revisions/0002_tokens.yaml
  - alter_column items.price
    hazard: ACCESS EXCLUSIVE on items; no scan; not destructive; type numeric(12,2) -> numeric(14,2)"
contains_text "$OUT" "  - create_table lines
    hazard: SHARE ROW EXCLUSIVE on items; no scan; not destructive"
grep -q "hazard" "$m/revisions/0002_tokens.yaml" && fail "hazard written into the revision file"
run_migc 0 check -C "$m"

# lint shows the same for every revision; --json is one document.
run_migc 0 lint -C "$m"
contains "$OUT" "0002_tokens: 7 operations"
contains_text "$OUT" "  - add_column items.token
    hazard: ACCESS EXCLUSIVE on items; table rewrite; not destructive"
contains "$OUT" "2 revisions: 7 hazard lines, 1 table rewrite, 0 destructive"
run_migc 0 lint -C "$m" --json
contains "$OUT" '"module": "shop"'
contains "$OUT" '{"kind": "add_column", "object": "items.token", "lock": "ACCESS EXCLUSIVE", "locks": [{"table": "items", "mode": "ACCESS EXCLUSIVE"}], "scans": true, "rewrites": true, "destructive": false, "problems": [{"text": '
contains "$OUT" '{"kind": "create_index", "object": "items.items_qty_idx", "lock": "SHARE",'
contains "$OUT" '"squawk": "require-concurrent-index-creation"'
if command -v python3 >/dev/null 2>&1; then
    python3 -m json.tool "$OUT" >/dev/null || fail "lint --json is not one JSON document"
fi

# A destructive change: --dry-run shows it with its hazard and still exits 1; nothing written.
sed -i '/price:/d' "$m/schema.yaml"
sed -i 's/type: bigint, default: "0"/type: integer, default: "0"/' "$m/schema.yaml"
before=$(ls "$m/revisions" "$m/generated")
run_migc 1 diff -C "$m" -m "Drop price" --dry-run
contains_text "$OUT" "  - drop_column: { table: items, name: price }
    # hazard: ACCESS EXCLUSIVE on items; no scan; destructive; drops the column and its data"
contains "$OUT" "(squawk: ban-drop-column)"
contains "$OUT" "# hazard: ACCESS EXCLUSIVE on items; table rewrite; destructive; type bigint -> integer"
contains "$ERR" "rerun with --allow-destructive"
contains "$ERR" "drop_column items.price"
run_migc 1 diff -C "$m" -m "Drop price"
[ ! -s "$OUT" ] || fail "diff refusing a destructive change printed to stdout"
[ "$(ls "$m/revisions" "$m/generated")" = "$before" ] || fail "a refused diff wrote files"
run_migc 0 diff -C "$m" -m "Drop price" --allow-destructive --dry-run
run_migc 0 diff -C "$m" -m "Drop price" --allow-destructive
contains "$OUT" "  - drop_column items.price"
run_migc 0 lint -C "$m"
contains "$OUT" "3 revisions: 9 hazard lines, 2 table rewrites, 2 destructive"

# A hand-written sql step: migc cannot tell; the line says so (JSON: lock unknown, null flags).
cat >"$m/revisions/0004_backfill.yaml" <<'YAML'
revision: 0004_backfill
parent: 0003_drop_price
operations:
  - sql: { up: "UPDATE items SET qty = 1 WHERE qty = 0", down: "" }
YAML
run_migc 0 lint -C "$m"
contains_text "$OUT" "  - sql UPDATE items SET qty = 1 WHERE qty = 0
    hazard: locks unknown; scans unknown; data loss unknown"
run_migc 0 lint -C "$m" --json
contains "$OUT" '{"kind": "sql", "object": "UPDATE items SET qty = 1 WHERE qty = 0", "lock": "unknown", "locks": [], "scans": null, "rewrites": null, "destructive": null, "problems": []}'

# Invalid input: exit 3 and nothing on stdout; --json only for lint.
printf 'revision: 0005_bad\nparent: 0004_backfill\noperations:\n  - add_column: { table: nope, name: x, type: text, nullable: true }\n' >"$m/revisions/0005_bad.yaml"
run_migc 3 lint -C "$m"
contains "$ERR" 'table "nope" does not exist'
[ ! -s "$OUT" ] || fail "lint printed a report for invalid input"
run_migc 3 lint -C "$m" --json
[ ! -s "$OUT" ] || fail "lint --json printed a document for invalid input"
run_migc 2 diff -C "$m" -m x --json
contains "$ERR" 'unknown argument "--json"'
echo "ok"
