#!/usr/bin/env bash
# Recovery (SPEC §7): the version table's `module` column (added in place to tables written before
# it, filled only with this module's rows), two modules sharing a version table, `repair` after an
# edited revision, `stamp TARGET --force` after a renumber, `--version`, irreversible revisions
# marked by `history`.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_recovery

# Writes module $1 (name $2) with one table, then diffs revision "$3" into it.
new_module() {
    mkdir -p "$1"
    printf 'name: %s\n' "$2" >"$1/module.yaml"
    printf 'tables:\n  %s_items:\n    columns:\n      id: { type: bigint, primary_key: true }\n' \
        "$2" >"$1/schema.yaml"
    assert_exit 0 "$MIGC" diff -C "$1" -m "$3"
}

rec=$T_DIR/rec
new_module "$rec" rec "Initial admin schema"
printf '      note: { type: text, nullable: true }\n' >>"$rec/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$rec" -m "Add note"
assert_exit 0 "$MIGC" revision -C "$rec" -m "Backfill"
cat >>"$rec/revisions/0003_backfill.yaml" <<'YAML'
  - sql: { up: "UPDATE rec_items SET note = 'x'" }
YAML
sed -i 's/^operations: \[\]$/operations:/' "$rec/revisions/0003_backfill.yaml"
assert_exit 0 "$MIGC" generate -C "$rec"
build_migrator "$rec" "$T_DIR/rec_migrator"
R=$T_DIR/rec_migrator

# --version: module, head, migc version.
assert_exit 0 "$R" --version
assert_contains "$OUT" "module rec, head 0003_backfill (3 revisions)"
assert_contains "$OUT" "migc runtime $("$MIGC" --version | sed 's/^migc //')"

# The module column is written and filled.
assert_exit 0 "$R" upgrade
assert_eq "$(psql_q "SELECT string_agg(revision || '=' || module, ',' ORDER BY revision) FROM migc_version")" \
    "0001_initial_admin_schema=rec,0002_add_note=rec,0003_backfill=rec" "module column"
assert_eq "$(psql_q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'migc_version'::regclass AND attname = 'module'")" \
    "t" "module NOT NULL"

# history marks the irreversible revision; downgrading past it is refused with exit 7.
assert_exit 0 "$R" history
assert_contains "$OUT" "0003_backfill              applied  (irreversible)  Backfill"
assert_not_contains "$OUT" "0002_add_note              applied  (irreversible)"
assert_exit 7 "$R" downgrade base
assert_contains "$ERR" "cannot downgrade past revision 0003_backfill"

# A second module sharing the version table: exit 6 naming both modules and version_table, for
# the same revision ids (no checksum mismatch diagnosis) and for different ones.
other=$T_DIR/other
new_module "$other" other "Initial admin schema"
build_migrator "$other" "$T_DIR/other_migrator"
O=$T_DIR/other_migrator
for cmd in upgrade status current "stamp head"; do
    # shellcheck disable=SC2086
    assert_exit 6 "$O" $cmd
    assert_contains "$ERR" "holds revision 0001_initial_admin_schema of module rec, and this migrator is module other"
    assert_contains "$ERR" "version_table"
    assert_not_contains "$ERR" "checksum mismatch"
done
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'other_items'")" "0" "other module ran"
"$O" sql head >"$T_DIR/other.sql" || fail "other: sql head"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/other.sql" >"$T_DIR/psql.out" 2>&1 &&
    fail "the offline SQL of another module ran on a shared version table"
assert_contains "$T_DIR/psql.out" "the version table holds revision 0001_initial_admin_schema of module rec, and this script is module other"

# A version table written before the module column: read as it is, given the column in place by
# the next command that takes the lock; another module's rows in it are refused, not claimed.
psql_q "ALTER TABLE migc_version DROP COLUMN module"
assert_exit 0 "$R" status
assert_contains "$OUT" "pending: 0"
assert_exit 6 "$O" upgrade
assert_contains "$ERR" "which this migrator does not know (module other)"
assert_contains "$ERR" "version_table"
assert_eq "$(psql_q "SELECT count(*) FROM pg_attribute WHERE attrelid = 'migc_version'::regclass AND attname = 'module'")" \
    "0" "module column added by the wrong module"
assert_exit 0 "$R" upgrade
assert_contains "$OUT" "already at 0003_backfill"
assert_eq "$(psql_q "SELECT string_agg(DISTINCT module, ',') FROM migc_version")" "rec" "module column filled"
# ... and by the offline SQL (the start-point check first proves the rows are this module's).
psql_q "ALTER TABLE migc_version DROP COLUMN module"
"$R" sql head:head >"$T_DIR/noop.sql" || fail "rec: sql head:head"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/noop.sql" >"$T_DIR/psql.out" 2>&1 ||
    { cat "$T_DIR/psql.out" >&2; fail "psql -f of a no-op script on a table without module"; }
assert_eq "$(psql_q "SELECT string_agg(DISTINCT module, ',') FROM migc_version")" "rec" "module column filled offline"

# An edited revision: every command exits 1 until `repair` re-records the checksum.
old=$(psql_q "SELECT checksum FROM migc_version WHERE revision = '0002_add_note'")
sed -i 's/nullable: true/nullable: true, comment: edited/' "$rec/revisions/0002_add_note.yaml"
assert_exit 0 "$MIGC" generate -C "$rec"
build_migrator "$rec" "$R"
for cmd in status "stamp head" upgrade; do
    # shellcheck disable=SC2086
    assert_exit 1 "$R" $cmd
    assert_contains "$ERR" "checksum mismatch for revision 0002_add_note"
done
assert_exit 0 "$R" repair
new=$(psql_q "SELECT checksum FROM migc_version WHERE revision = '0002_add_note'")
[ "$old" != "$new" ] || fail "repair did not change the checksum"
pass
assert_contains "$OUT" "repaired 0002_add_note: checksum $old -> $new"
assert_not_contains "$OUT" "repaired 0001"
assert_exit 0 "$R" status
assert_exit 0 "$R" repair
assert_not_contains "$OUT" "repaired 0002"

# A renumber: the database holds an id the migrator does not know; plain stamp is exit 6,
# stamp --force replaces the rows and prints what it replaced.
psql_q "UPDATE migc_version SET revision = '0007_add_note' WHERE revision = '0002_add_note'"
assert_exit 6 "$R" status
assert_exit 6 "$R" stamp 0003
assert_contains "$ERR" "stamp TARGET --force"
assert_exit 0 "$R" stamp 0003 --force
assert_contains "$OUT" "removed 0007_add_note"
assert_contains "$OUT" "recorded 0002_add_note"
assert_not_contains "$OUT" "0001_initial_admin_schema"
assert_contains "$OUT" "stamped 0003_backfill (forced)"
assert_exit 0 "$R" status
assert_contains "$OUT" "pending: 0"
assert_exit 2 "$R" upgrade --force
assert_contains "$ERR" "--force is only for stamp"
finish
