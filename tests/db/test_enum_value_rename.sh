#!/usr/bin/env bash
# An enum value renamed in schema.yaml (issue #10 item 9): `values: [owner, { name: guest,
# renamed_from: viewer }]` makes migc diff write rename_enum_value, not add + remove, so it is not
# destructive and rows that hold the label keep it under its new name. Defaults that name the
# label follow it in the replayed state as they do in PostgreSQL (which stores the label's OID),
# so no alter_column is written and the migrator's check stays clean both ways. The hint stays
# in the file: the next diff writes nothing, and `migc check` lists it as stale with exit 0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_enum_value_rename
MIGC=$MIGC_BIN
mod=$T_DIR/team
M=$T_DIR/team_migrator
mkdir -p "$mod"
echo "name: team" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  member_role: [owner, viewer, admin]
tables:
  members:
    columns:
      id:    { type: bigint, identity: always, primary_key: true }
      name:  text
      role:  { type: member_role, default: "'viewer'" }
      past:  { type: "member_role[]", default: "'{owner,viewer}'" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Members"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "insert into public.members (name, role) values ('ann', 'owner'), ('bob', 'viewer')"
psql_q "insert into public.members (name, role, past) values ('cy', 'viewer', '{viewer,admin}')"
rows() {
    psql_q "select string_agg(name || ':' || role || ':' || past::text, ',' order by id)
            from public.members"
}
labels() {
    psql_q "select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum
            where enumtypid = 'public.member_role'::regtype"
}
defaults() {
    psql_q "select string_agg(a.attname || '=' || pg_get_expr(d.adbin, d.adrelid), ' '
            order by a.attnum) from pg_attrdef d join pg_attribute a
            on a.attrelid = d.adrelid and a.attnum = d.adnum
            where d.adrelid = 'public.members'::regclass and a.attname in ('role', 'past')"
}
before="ann:owner:{owner,viewer},bob:viewer:{owner,viewer},cy:viewer:{viewer,admin}"
assert_eq "$(rows)" "$before" "rows at 0001"

# The rename, with the defaults written under the new label.
sed -i "s/member_role: \[owner, viewer, admin\]/member_role: [owner, { name: guest, renamed_from: viewer }, admin]/" \
    "$mod/schema.yaml"
sed -i "s/'viewer'/'guest'/; s/{owner,viewer}/{owner,guest}/" "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Viewers are guests"
rev=$mod/revisions/0002_viewers_are_guests.yaml
assert_contains "$rev" "rename_enum_value: { enum: member_role, from: viewer, to: guest }"
assert_not_contains "$rev" "add_enum_value"
assert_not_contains "$rev" "remove_enum_value"
assert_not_contains "$rev" "alter_column"
assert_eq "$(grep -c '^  - ' "$rev")" "1" "one operation"

# The hint stays: no change, and check lists it as stale without failing.
assert_exit 0 "$MIGC" diff -C "$mod" -m "Again"
assert_contains "$OUT" "no changes"
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'schema.yaml:2:53: renamed_from "viewer" of value member_role.guest: used by revision 0002_viewers_are_guests'
assert_contains "$OUT" "up to date (2 revisions)"

build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(labels)" "owner,guest,admin" "labels after 0002"
assert_eq "$(rows)" "ann:owner:{owner,guest},bob:guest:{owner,guest},cy:guest:{guest,admin}" \
    "rows after 0002"
assert_eq "$(defaults)" "role='guest'::member_role past='{owner,guest}'::member_role[]" \
    "defaults after 0002"
assert_exit 0 "$M" --url "$DB_URL" check
psql_q "insert into public.members (name) values ('dee')"
assert_eq "$(psql_q "select role from public.members where name = 'dee'")" "guest" "default row"

# Down again: the label is viewer, the rows hold it, check is clean at 0001.
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_eq "$(labels)" "owner,viewer,admin" "labels after downgrade"
assert_eq "$(rows)" "$before,dee:viewer:{owner,viewer}" "rows after downgrade"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
finish
