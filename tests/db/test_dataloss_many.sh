#!/usr/bin/env bash
# The data-loss check of a downgrade that drops many objects: they are counted in chunks of 500
# (two queries a chunk), and a table holding rows in any chunk is named with its count; one
# renamed after its creation is counted under today's name.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_dataloss_many

mod=$T_DIR/many
M=$T_DIR/many_migrator
mkdir -p "$mod/revisions"
echo "name: many" >"$mod/module.yaml"
{
    echo "revision: 0001_tables"
    echo "operations:"
    for t in $(seq -w 1 520); do
        echo "  - create_table: { name: t$t, columns: { id: { type: bigint, primary_key: true }, note: { type: text } } }"
    done
} >"$mod/revisions/0001_tables.yaml"
cat >"$mod/revisions/0002_rename.yaml" <<'YAML'
revision: 0002_rename
parent: 0001_tables
operations:
  - rename_table: { from: t519, to: renamed }
  - drop_column: { table: t002, name: note }
YAML
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
psql_q "INSERT INTO t001 VALUES (1, 'a'); INSERT INTO t520 VALUES (1, 'b'), (2, 'c');
        INSERT INTO renamed VALUES (1, 'c')" || fail "cannot insert the rows"
assert_exit 7 "$M" downgrade base
assert_contains "$ERR" "table t001 holds 1 row (downgrade of 0001_tables)"
assert_contains "$ERR" "table t520 holds 2 rows (downgrade of 0001_tables)"
assert_contains "$ERR" "table renamed holds 1 row (downgrade of 0001_tables)"
assert_not_contains "$ERR" "table t002"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname LIKE 't%' AND relkind = 'r'")" \
    "519" "nothing dropped after the refusal"
assert_exit 0 "$M" downgrade base --allow-destructive
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname ~ '^t[0-9]+$' AND relkind = 'r'")" \
    "0" "tables after downgrade --allow-destructive"
finish
