#!/usr/bin/env bash
# Foreign keys between compatible types (SPEC §3: one btree operator family): bigint -> integer
# and varchar -> text are accepted and applied; integer -> bigint is accepted with a warning;
# the migrator's check is clean (issue #11: Rails schemas are full of such keys).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_fk_types

mod=$T_DIR/fk
mkdir -p "$mod"
echo "name: fk" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  users:
    columns:
      id:   { type: integer, primary_key: true }
      code: { type: text, unique: true }
  accounts:
    columns:
      id: { type: bigint, primary_key: true }
  emails:
    columns:
      id:         { type: bigint, primary_key: true }
      user_id:    { type: bigint, references: users }
      user_code:  { type: "varchar(20)", references: users(code) }
      account_id: { type: integer, nullable: true, references: accounts }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Keys"
assert_contains "$ERR" "warning: foreign key \"emails_account_id_fkey\": column emails.account_id is integer, narrower than accounts.id (bigint)"
assert_not_contains "$ERR" "email_user_id"
build_migrator "$mod" "$T_DIR/m"
assert_exit 0 "$T_DIR/m" upgrade
assert_exit 0 "$T_DIR/m" check
psql_q "INSERT INTO users VALUES (1, 'u1'); INSERT INTO accounts VALUES (7); INSERT INTO emails VALUES (1, 1, 'u1', 7)"
assert_exit 0 "$T_DIR/m" --allow-destructive downgrade base
assert_exit 0 "$T_DIR/m" upgrade
assert_exit 0 "$T_DIR/m" check
finish
