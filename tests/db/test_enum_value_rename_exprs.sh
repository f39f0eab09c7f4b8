#!/usr/bin/env bash
# An enum value rename is followed into the CHECKs and index predicates that hold the label as
# the enum (SPEC §4 soundness rules): PostgreSQL stored those literals as the label's OID and
# shows the new label, so the replayed state does too and the diff writes only the rename; a
# literal of a text column keeps its text.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_enum_value_rename_exprs
MIGC=$MIGC_BIN
mod=$T_DIR/team
mkdir -p "$mod"
echo "name: team" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  member_role: [owner, viewer, admin]
tables:
  members:
    columns:
      id:   { type: bigint, primary_key: true }
      role: member_role
      note: text
    checks:
      members_viewer_noted: "role <> 'viewer' OR note <> ''"
      members_role_known:   "role IN ('owner', 'viewer', 'admin')"
      members_note_text:    "note <> 'viewer'"
      members_cast:         "role::text <> '' AND role <> 'viewer'::member_role OR true"
    indexes:
      members_viewers: { columns: [id], where: "role = 'viewer'" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Members"
build_migrator "$mod" "$T_DIR/m1"
assert_exit 0 "$T_DIR/m1" upgrade
psql_q "INSERT INTO members VALUES (1, 'owner', 'x'), (2, 'viewer', 'y')"

sed -i "s/member_role: \[owner, viewer, admin\]/member_role: [owner, { name: guest, renamed_from: viewer }, admin]/" \
    "$mod/schema.yaml"
sed -i "s/role <> 'viewer' OR/role <> 'guest' OR/; s/'owner', 'viewer', 'admin'/'owner', 'guest', 'admin'/; s/'viewer'::member_role/'guest'::member_role/; s/role = 'viewer'/role = 'guest'/" \
    "$mod/schema.yaml"
assert_contains "$mod/schema.yaml" "note <> 'viewer'"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Guests"
rev=$mod/revisions/0002_guests.yaml
assert_eq "$(grep -c -- '^  - ' "$rev")" "1" "only the rename"
assert_contains "$rev" "rename_enum_value: { enum: member_role, from: viewer, to: guest }"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Again"
assert_contains "$OUT" "no changes"

build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'members_note_text'")" \
    "CHECK ((note <> 'viewer'::text))" "a text literal keeps its text"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT string_agg(role::text, ',' ORDER BY id) FROM members")" "owner,guest" "rows follow"
finish
