#!/usr/bin/env bash
# A downgrade never destroys what the upgrade did not create (SPEC §7): a create step skipped
# because its object was already there is recorded with the revision, and the downgrade keeps the
# object (printed as "kept"), its rows included; what the upgrade did create is dropped as before.
# A downgrade that would delete rows is refused before any step runs (exit 7) unless
# --allow-destructive, following renames back to today's names.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_kept

mod=$T_DIR/kept
mkdir -p "$mod"
echo "name: kept" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
extensions: [pg_trgm]
tables:
  notes:
    columns:
      id:   { type: bigint, primary_key: true }
      body: { type: text, nullable: true }
  api_keys:
    columns:
      id: { type: bigint, primary_key: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Notes and keys"
printf '      label: { type: text, nullable: true }\n' >>"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Key labels"
build_migrator "$mod" "$T_DIR/kept_migrator"
M=$T_DIR/kept_migrator

# Made by hand before the module declared them: a table with rows, an extension (as a CI script
# would), and the column a later revision adds.
psql_q "CREATE EXTENSION pg_trgm"
psql_q "CREATE TABLE notes (id bigint PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'keep me'), (2, 'me too')"
assert_exit 0 "$M" upgrade 0001
assert_eq "$(psql_q "SELECT kept FROM migc_version WHERE revision = '0001_notes_and_keys'")" \
    "extension pg_trgm
table notes" "kept objects recorded"
psql_q "ALTER TABLE api_keys ADD COLUMN label text"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT kept FROM migc_version WHERE revision = '0002_key_labels'")" \
    "column api_keys.label" "kept column recorded"

assert_exit 0 "$M" --no-verify downgrade base
assert_contains "$OUT" "kept column api_keys.label (it existed before 0002_key_labels was applied)"
assert_contains "$OUT" "kept table notes (it existed before 0001_notes_and_keys was applied)"
assert_contains "$OUT" "kept extension pg_trgm"
assert_eq "$(psql_q "SELECT string_agg(body, ',' ORDER BY id) FROM notes")" "keep me,me too" "rows kept"
assert_eq "$(psql_q "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")" "1" "extension kept"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'api_keys'")" "0" "created table dropped"
assert_eq "$(psql_q "SELECT count(*) FROM migc_version")" "0" "version rows"

# Run again from there: now notes and pg_trgm pre-exist once more, api_keys is created; and a
# step-by-step revision (CONCURRENTLY) records what it found too.
cat >>"$mod/schema.yaml" <<'YAML'
    indexes:
      api_keys_label_idx: { columns: [label], concurrently: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Label index"
build_migrator "$mod" "$M"
psql_q "CREATE TABLE api_keys (id bigint PRIMARY KEY, label text); CREATE INDEX api_keys_label_idx ON api_keys (label)"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT kept FROM migc_version WHERE revision = '0003_label_index'")" \
    "index api_keys_label_idx" "kept index recorded outside a transaction"
assert_eq "$(psql_q "SELECT coalesce(kept, '-') FROM migc_version WHERE revision = '0002_key_labels'")" \
    "column api_keys.label" "second run records"
assert_exit 0 "$M" --no-verify downgrade base
assert_contains "$OUT" "kept index api_keys_label_idx"
assert_contains "$OUT" "kept table api_keys"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname IN ('api_keys', 'api_keys_label_idx', 'notes')")" \
    "3" "kept objects remain"

# Data loss: rows in a table and values in a column the downgrade would drop, under the names a
# later revision gave them.
db_create migc_loss
loss=$T_DIR/loss
mkdir -p "$loss"
echo "name: loss" >"$loss/module.yaml"
cat >"$loss/schema.yaml" <<'YAML'
tables:
  accounts:
    columns:
      id: { type: bigint, primary_key: true }
YAML
assert_exit 0 "$MIGC" diff -C "$loss" -m "Accounts"
cat >>"$loss/schema.yaml" <<'YAML'
      nick: { type: text, nullable: true }
  api_keys:
    columns:
      id: { type: bigint, primary_key: true }
YAML
assert_exit 0 "$MIGC" diff -C "$loss" -m "Nick and keys"
sed -i 's/^  api_keys:$/  tokens:\n    renamed_from: api_keys/; s/^      nick: { type: text, nullable: true }$/      handle: { type: text, nullable: true, renamed_from: nick }/' "$loss/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$loss" -m "Renames"
build_migrator "$loss" "$T_DIR/loss_migrator"
L=$T_DIR/loss_migrator
assert_exit 0 "$L" upgrade
psql_q "INSERT INTO accounts SELECT g, CASE WHEN g % 2 = 0 THEN 'h' || g END FROM generate_series(1, 10) g"
psql_q "INSERT INTO tokens SELECT generate_series(1, 500)"
assert_exit 7 "$L" downgrade base
assert_contains "$ERR" "downgrade refused before any step ran"
assert_contains "$ERR" "table tokens holds 500 rows (downgrade of 0002_nick_and_keys)"
assert_contains "$ERR" "column accounts.handle holds 5 values (downgrade of 0002_nick_and_keys)"
assert_contains "$ERR" "table accounts holds 10 rows (downgrade of 0001_accounts)"
assert_contains "$ERR" "--allow-destructive"
assert_eq "$(psql_q "SELECT revision FROM migc_version ORDER BY 1 DESC LIMIT 1")" "0003_renames" "nothing ran"
psql_q "DELETE FROM tokens"
assert_exit 0 "$L" downgrade 0002
assert_exit 7 "$L" downgrade 0001
assert_not_contains "$ERR" "api_keys"
assert_contains "$ERR" "column accounts.nick holds 5 values"
assert_exit 0 "$L" --allow-destructive downgrade 0001
assert_eq "$(psql_q "SELECT count(*) FROM accounts")" "10" "rows of the table that stays"
# A narrowing on the way down (text back to varchar(8), bigint back to integer) counts the values
# it may change; a widening down (varchar(8) back from varchar(4)) is not refused.
db_create migc_narrow
nar=$T_DIR/narrow
mkdir -p "$nar"
echo "name: narrow" >"$nar/module.yaml"
cat >"$nar/schema.yaml" <<'YAML'
tables:
  prices:
    columns:
      id:   { type: bigint, primary_key: true }
      code: { type: "varchar(8)", nullable: true }
      qty:  { type: integer, nullable: true }
      tag:  { type: "varchar(8)", nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$nar" -m "Prices"
sed -i 's/code: { type: "varchar(8)"/code: { type: text/; s/qty:  { type: integer/qty:  { type: bigint/' "$nar/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$nar" -m "Wider" --allow-rewrite
sed -i 's/tag:  { type: "varchar(8)"/tag:  { type: "varchar(4)", using: "left(tag, 4)"/' "$nar/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$nar" --allow-destructive --allow-rewrite -m "Shorter tag"
build_migrator "$nar" "$T_DIR/narrow_migrator"
N=$T_DIR/narrow_migrator
assert_exit 0 "$N" upgrade
psql_q "INSERT INTO prices VALUES (1, 'a-long-code', 5000000000, 'ab'), (2, NULL, 7, 'cd'), (3, 'short', NULL, NULL)"
assert_exit 0 "$N" downgrade 0002
assert_eq "$(psql_q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'prices'::regclass AND attname = 'tag'")" \
    "character varying(8)" "a widening on the way down runs without a flag"
assert_exit 7 "$N" downgrade 0001
assert_contains "$ERR" "column prices.code (narrowed to character varying(8)) holds 2 values (downgrade of 0002_wider)"
assert_contains "$ERR" "column prices.qty (narrowed to integer) holds 2 values (downgrade of 0002_wider)"
assert_eq "$(psql_q "SELECT revision FROM migc_version ORDER BY 1 DESC LIMIT 1")" "0002_wider" "nothing ran"
psql_q "UPDATE prices SET code = left(code, 8), qty = 1"
assert_exit 0 "$N" --allow-destructive downgrade 0001
assert_eq "$(psql_q "SELECT string_agg(coalesce(code, '-'), ',' ORDER BY id) FROM prices")" "a-long-c,-,short" "values kept"
finish
