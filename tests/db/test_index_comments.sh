#!/usr/bin/env bash
# Comments on indexes (issue #11, SPEC §3.1 "comments on every object"): an index's `comment`
# is set with the index, changed and removed by set_comment { table, index, comment } (the
# downgrade restores it), reported by check when changed by hand, and written by inspect.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_index_comments

mod=$T_DIR/ixc
mkdir -p "$mod"
printf 'name: ixc\n' >"$mod/module.yaml"
write_schema() { # $1: the comment of items_name_idx (a YAML value)
    cat >"$mod/schema.yaml" <<YAML
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      name: text
    indexes:
      items_name_idx: { columns: [name], comment: $1 }
YAML
}
write_schema '"Lookups by name"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
assert_contains "$(ls "$mod"/revisions/0001_*.yaml)" 'items_name_idx: { columns: [name], comment: Lookups by name }'
build_migrator "$mod" "$T_DIR/ixc_migrator"
M=$T_DIR/ixc_migrator
comment() {
    psql_q "SELECT coalesce(obj_description('items_name_idx'::regclass, 'pg_class'), '-')"
}
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "Lookups by name" "comment set with the index"
assert_exit 0 "$M" check

write_schema '"By name, case-sensitive"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Reworded"
assert_contains "$(ls "$mod"/revisions/0002_*.yaml)" 'set_comment: { table: items, index: items_name_idx, comment: "By name, case-sensitive" }'
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "By name, case-sensitive" "comment changed"
assert_exit 0 "$M" downgrade -1
assert_eq "$(comment)" "Lookups by name" "downgrade restores it"
assert_exit 0 "$M" upgrade

psql_q "COMMENT ON INDEX items_name_idx IS 'by hand'"
assert_exit 1 "$M" check
assert_contains "$OUT" "index items_name_idx: comment is by hand, expected By name, case-sensitive"
psql_q "COMMENT ON INDEX items_name_idx IS 'By name, case-sensitive'"
assert_exit 0 "$M" check

assert_exit 0 "$MIGC" inspect --url "$DB_URL"
assert_contains "$OUT" 'items_name_idx: { columns: [name], comment: "By name, case-sensitive" }'
assert_not_contains "$ERR" "comment on index"

write_schema null
assert_exit 0 "$MIGC" diff -C "$mod" -m "No comment"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "-" "comment removed"
assert_exit 0 "$M" check
finish
