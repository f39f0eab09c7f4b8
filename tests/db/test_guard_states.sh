#!/usr/bin/env bash
# Three-state guards (SPEC §4, soundness rules): a rename whose database holds both the old and
# the new name is in neither the state before the step nor the one after it; the step fails with
# a message naming what it found and the revision rolls back, instead of being skipped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_guard_states

mod=$T_DIR/gs
mkdir -p "$mod"
echo "name: gs" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  role: [owner, viewer]
tables:
  members:
    columns:
      id:   { type: bigint, primary_key: true }
      role: role
      nick: { type: text, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Members"
assert_exit 0 "$MIGC" revision -C "$mod" -m "Renames"
cat >"$mod/revisions/0002_renames.yaml" <<'YAML'
revision: 0002_renames
parent: 0001_members
operations:
  - rename_enum_value: { enum: role, from: viewer, to: guest }
  - rename_column: { table: members, from: nick, to: handle }
YAML
sed -i 's/\[owner, viewer\]/[owner, guest]/; s/      nick: /      handle: /' "$mod/schema.yaml"
assert_exit 0 "$MIGC" generate -C "$mod"
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$T_DIR/gs_migrator"
M=$T_DIR/gs_migrator
assert_exit 0 "$M" upgrade 0001
psql_q "INSERT INTO members VALUES (1, 'viewer', 'a')"

# An earlier attempt committed the new label (as an add_enum_value does): both labels exist.
psql_q "ALTER TYPE role ADD VALUE 'guest'"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "failed at step 1 (rename_enum_value role.viewer to guest"
assert_contains "$ERR" "enum role holds both viewer and guest: neither the state before this rename nor the one after it"
assert_eq "$(psql_q "SELECT count(*) FROM migc_version")" "1" "0002 not recorded"
assert_eq "$(psql_q "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'role'::regtype")" \
    "owner,viewer,guest" "labels untouched"

# The same through the offline-free path of a column: both names exist.
psql_q "ALTER TYPE role RENAME VALUE 'guest' TO 'guest_by_hand'"
psql_q "ALTER TABLE members ADD COLUMN handle text"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "failed at step 2 (rename_column members.nick to handle"
assert_contains "$ERR" "table members has both columns nick and handle"
assert_eq "$(psql_q "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = 'role'::regtype")" \
    "owner,viewer,guest_by_hand" "step 1 rolled back with the revision"

# Out of the trap: the state before the step, then the upgrade runs; a re-run skips (after).
psql_q "ALTER TABLE members DROP COLUMN handle"
assert_exit 0 "$M" --no-verify upgrade
assert_eq "$(psql_q "SELECT role::text || ' ' || handle FROM members")" "guest a" "renamed"
psql_q "DELETE FROM migc_version WHERE revision = '0002_renames'"
assert_exit 0 "$M" --no-verify upgrade
assert_contains "$OUT" "upgrade 0002_renames ... ok"
finish
