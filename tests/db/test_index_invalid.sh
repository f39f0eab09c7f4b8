#!/usr/bin/env bash
# CONCURRENTLY indexes. A revision holding one runs step by step outside a transaction (a VACUUM
# step, which PostgreSQL refuses inside a transaction block, succeeds next to it). A build that
# fails leaves an INVALID index behind, which a plain IF NOT EXISTS would keep: the next run
# drops it and builds it again, valid. The same holds for an index marked invalid by hand.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_index_invalid
MIGC=$MIGC_BIN
mod=$T_DIR/items
M=$T_DIR/items_migrator
mkdir -p "$mod"
echo "name: items" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id:   { type: bigint, identity: always, primary_key: true }
      code: text
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  items:
    columns:
      id:   { type: bigint, identity: always, primary_key: true }
      code: text
    indexes:
      items_code_key: { columns: [code], unique: true, concurrently: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Unique codes"
rev=$mod/revisions/0002_unique_codes.yaml
cat >>"$rev" <<'YAML'
  - sql: { up: "VACUUM items", down: "VACUUM items" }
YAML
assert_exit 0 "$MIGC" generate -C "$mod"
assert_contains "$mod/generated/0002_unique_codes.c" ".transactional = 0,"
build_migrator "$mod" "$M"

valid() {
    psql_q "select coalesce((select indisvalid::text from pg_index
                             where indexrelid = to_regclass('public.items_code_key')), 'absent')"
}

assert_exit 0 "$M" upgrade 0001
psql_q "insert into public.items (code) values ('a'), ('b'), ('b')"

# The build fails on the duplicates and leaves an INVALID index; the revision is not recorded as
# applied, only as partial (SPEC §7: the next upgrade resumes it).
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "0002_unique_codes"
assert_contains "$ERR" "not transactional"
assert_eq "$(valid)" "false" "failed CONCURRENTLY build leaves an INVALID index"
assert_eq "$(psql_q "select count(*) from public.migc_version where partial is null")" "1" "0002 not recorded"
assert_eq "$(psql_q "select revision from public.migc_version where partial is not null")" \
    "0002_unique_codes" "0002 recorded as partial"

# Fixed data, re-run: the INVALID index is dropped and built again.
psql_q "delete from public.items where id = 3"
assert_exit 0 "$M" upgrade
assert_eq "$(valid)" "true" "rebuilt index is valid"
assert_eq "$(psql_q "select count(*) from public.migc_version")" "2" "0002 recorded"
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "insert into public.items (code) values ('a')"
assert_contains "$ERR" "items_code_key"

# An index marked invalid (as after a crash between the build and the version row): a re-run
# of the revision rebuilds it.
psql_q "update pg_catalog.pg_index set indisvalid = false
        where indexrelid = 'public.items_code_key'::regclass"
assert_eq "$(valid)" "false" "marked invalid"
psql_q "delete from public.migc_version where revision = '0002_unique_codes'"
assert_exit 0 "$M" upgrade
assert_eq "$(valid)" "true" "re-run rebuilt the invalid index"

# The same revision in one transaction would fail: VACUUM cannot run inside a transaction block.
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "begin; vacuum public.items; commit;"
assert_contains "$ERR" "cannot run inside a transaction block"

# Downgrade drops it CONCURRENTLY, step by step as well.
assert_exit 0 "$M" downgrade 0001
assert_eq "$(valid)" "absent" "index dropped on downgrade"
assert_exit 0 "$M" upgrade
assert_eq "$(valid)" "true" "upgrade again"
finish
