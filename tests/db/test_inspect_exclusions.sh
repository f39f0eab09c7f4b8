#!/usr/bin/env bash
# migc inspect on a database shared by modules (SPEC §6): every migc version table, of any module,
# found by its columns whatever its name, and what the `ignore:` patterns of module.yaml (-C DIR)
# or --ignore match, are left out of the output and named on stderr, with what hangs on them
# (triggers, owned sequences); a table that only resembles a version table is written.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
MIGC=$MIGC_BIN

db_create migc_inspect_exclusions
# Module one: the artstore example, applied by its own migrator (version table public.migc_version).
assert_exit 0 "$MIGRATOR_artstore_admin" --url "$DB_URL" upgrade
# Module two, by hand: its tables, and its version table under another name in the layout of older
# migc releases (no module column). Then scratch objects that the patterns below leave out.
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the database"
CREATE TABLE billing_invoices (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE SEQUENCE inv_seq OWNED BY billing_invoices.id;
CREATE TABLE billing_versions (
    revision text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    execution_ms integer
);
INSERT INTO billing_versions VALUES ('0001_billing', 'abc', now(), 3);
CREATE FUNCTION stamp_rows() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER audit_versions BEFORE UPDATE ON billing_versions
    FOR EACH ROW EXECUTE FUNCTION stamp_rows();
CREATE TABLE release_notes (
    revision text, checksum text, applied_at timestamptz, execution_ms integer, note text
);
CREATE TABLE tmp_import (id integer, payload text);
CREATE TRIGGER touch_rows BEFORE UPDATE ON tmp_import FOR EACH ROW EXECUTE FUNCTION stamp_rows();
CREATE INDEX tmp_users_email ON users (email);
CREATE VIEW tmp_view AS SELECT 1 AS one;
CREATE TYPE tmp_state AS ENUM ('a', 'b');
CREATE FUNCTION tmp_touch() RETURNS integer LANGUAGE sql AS $$SELECT 1$$;
CREATE SCHEMA partman;
CREATE TABLE partman.part_config (parent_table text PRIMARY KEY);
CREATE EXTENSION hstore WITH SCHEMA partman;
SQL

# 1. Without patterns: both version tables are left out (by their columns), nothing else is.
assert_exit 0 "$MIGC" inspect --url "$DB_URL"
assert_contains "$ERR" "migc: left out: table migc_version (a migc version table)"
assert_contains "$ERR" "migc: left out: table billing_versions (a migc version table)"
assert_contains "$ERR" "migc: left out: trigger audit_versions on billing_versions (its table is left out)"
assert_not_contains "$OUT" "migc_version"
assert_not_contains "$OUT" "billing_versions"
assert_not_contains "$OUT" "audit_versions"
assert_contains "$OUT" "  release_notes:"
assert_contains "$OUT" "  billing_invoices:"
assert_contains "$OUT" "  tmp_import:"
assert_contains "$OUT" "extensions: [{ name: hstore, schema: partman }, pgcrypto]"

# 2. module.yaml's ignore patterns, through -C DIR.
mod=$T_DIR/adopt
mkdir -p "$mod"
printf 'name: adopt\nignore: [partman.*, "tmp_*", "billing_*"]\n' >"$mod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$DB_URL" -C "$mod"
yaml=$T_DIR/adopt.yaml
cp "$OUT" "$yaml"
while IFS= read -r line; do
    assert_contains "$ERR" "migc: left out: $line"
done <<'LEFT'
table migc_version (a migc version table)
table billing_versions (a migc version table)
table billing_invoices (ignore: billing_*)
table tmp_import (ignore: tmp_*)
index tmp_users_email (ignore: tmp_*)
enum tmp_state (ignore: tmp_*)
extension hstore (ignore: partman.*)
view tmp_view (ignore: tmp_*)
function tmp_touch() (ignore: tmp_*)
trigger touch_rows on tmp_import (its table is left out)
trigger audit_versions on billing_versions (its table is left out)
sequence inv_seq (its table is left out)
LEFT
for name in migc_version billing_ tmp_ inv_seq touch_rows audit_versions hstore; do
    assert_not_contains "$yaml" "$name"
done
assert_not_contains "$ERR" "not managed by migc: trigger"
assert_not_contains "$ERR" "not managed by migc: extension hstore"
# Functions are written (SPEC §3.1), never noted as unmanaged.
assert_not_contains "$ERR" "not managed by migc: function"
assert_contains "$yaml" "  stamp_rows():"
assert_contains "$yaml" "  users:"
assert_contains "$yaml" "  audit_logs:"
assert_contains "$yaml" "  release_notes:"
assert_not_contains "$ERR" "hint: set \`schema:"
# What is written is a schema the module accepts.
cp "$yaml" "$mod/schema.yaml"
assert_exit 0 "$MIGC" validate -C "$mod"
rm "$mod/schema.yaml"

# 3. The same with --ignore flags and no module; patterns of both add up; schema.name patterns
#    match the schema inspected.
assert_exit 0 "$MIGC" inspect --url "$DB_URL" --ignore 'tmp_*' --ignore 'billing_*'
assert_contains "$ERR" "migc: left out: table tmp_import (ignore: tmp_*)"
assert_contains "$ERR" "migc: left out: table billing_invoices (ignore: billing_*)"
assert_not_contains "$OUT" "tmp_"
printf 'name: adopt\nschema: partman\nignore: ["*.part_*"]\n' >"$mod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$DB_URL" -C "$mod" --ignore 'hstore'
assert_contains "$ERR" "migc: left out: table part_config (ignore: *.part_*)"
assert_contains "$ERR" "migc: left out: extension hstore (ignore: hstore)"
assert_not_contains "$OUT" "part_config"
assert_not_contains "$ERR" "hint: set \`schema: partman\`" # module.yaml says so already

# 4. Invalid patterns: --ignore is a usage error (2); module.yaml's are invalid input (3), at
#    file:line:col; a missing module.yaml too. Nothing is written.
assert_exit 2 "$MIGC" inspect --url "$DB_URL" --ignore 'a.b.c'
assert_contains "$ERR" '--ignore "a.b.c": a pattern is `name` or `schema.name`'
assert_exit 2 "$MIGC" inspect --url "$DB_URL" --ignore
printf 'name: adopt\nignore: ["tmp_*", ""]\n' >"$mod/module.yaml"
assert_exit 3 "$MIGC" inspect --url "$DB_URL" -C "$mod"
assert_contains "$ERR" "$mod/module.yaml:2:19: error: ignore pattern \"\": an empty pattern matches nothing"
[ ! -s "$OUT" ] || fail "output written for an invalid module.yaml"
pass
assert_exit 3 "$MIGC" inspect --url "$DB_URL" -C "$T_DIR/nowhere"
assert_contains "$ERR" "module file not found"
finish
