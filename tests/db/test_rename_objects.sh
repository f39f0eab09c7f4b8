#!/usr/bin/env bash
# Renames never rebuild what PostgreSQL renames for free (issue #10 item 8, SPEC §4 soundness
# rules): after a table and a column rename, the primary key, unique constraint, check, index and
# foreign key that schema.yaml now names after the new names are renamed with rename_constraint
# and rename_index; nothing is dropped, the upgrade verifies clean and downgrade -1 restores the
# old names.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_rename_objects

mod=$T_DIR/ren
mkdir -p "$mod"
echo "name: ren" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  users:
    columns:
      id:    { type: bigint, primary_key: true }
      email: { type: text, unique: true }
      qty:   integer
    checks:
      users_qty_pos: "qty > 0"
    indexes:
      users_qty_ix: { columns: [qty], where: "qty > 1" }
  orders:
    columns:
      id:      { type: bigint, primary_key: true }
      user_id: { type: bigint, references: users }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Users"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  accounts:
    renamed_from: users
    columns:
      id:    { type: bigint, primary_key: true }
      email: { type: text, unique: true }
      qty:   integer
    checks:
      accounts_qty_pos: "qty > 0"
    indexes:
      accounts_qty_ix: { columns: [qty], where: "qty > 1" }
  orders:
    columns:
      id:         { type: bigint, primary_key: true }
      account_id: { type: bigint, references: accounts, renamed_from: user_id }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Accounts"
rev=$mod/revisions/0002_accounts.yaml
assert_not_contains "$rev" "drop_"
assert_not_contains "$rev" "add_"
assert_contains "$rev" "rename_constraint: { table: accounts, from: users_pkey, to: accounts_pkey }"
assert_contains "$rev" "rename_constraint: { table: accounts, from: users_email_key, to: accounts_email_key }"
assert_contains "$rev" "rename_constraint: { table: accounts, from: users_qty_pos, to: accounts_qty_pos }"
assert_contains "$rev" "rename_index: { table: accounts, from: users_qty_ix, to: accounts_qty_ix }"
assert_contains "$rev" "rename_constraint: { table: orders, from: orders_user_id_fkey, to: orders_account_id_fkey }"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Again"
assert_contains "$OUT" "no changes"

build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" upgrade 0001
psql_q "INSERT INTO users SELECT g, 'u' || g, g FROM generate_series(1, 50) g"
psql_q "INSERT INTO orders SELECT g, g FROM generate_series(1, 50) g"
idx_oid=$(psql_q "SELECT 'users_qty_ix'::regclass::oid")
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
names=$(psql_q "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid IN ('accounts'::regclass, 'orders'::regclass)")
assert_eq "$names" "accounts_email_key,accounts_pkey,accounts_qty_pos,orders_account_id_fkey,orders_pkey" "constraints renamed"
assert_eq "$(psql_q "SELECT 'accounts_qty_ix'::regclass::oid")" "$idx_oid" "the same index, renamed, not rebuilt"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname IN ('accounts_pkey', 'accounts_email_key')")" "2" "key indexes renamed with their constraints"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
names=$(psql_q "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid IN ('users'::regclass, 'orders'::regclass)")
assert_eq "$names" "orders_pkey,orders_user_id_fkey,users_email_key,users_pkey,users_qty_pos" "old names back"
assert_eq "$(psql_q "SELECT 'users_qty_ix'::regclass::oid")" "$idx_oid" "index renamed back"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT count(*) FROM orders JOIN accounts ON accounts.id = orders.account_id")" "50" "rows kept"

# Both names present: neither the state before nor after; the step fails, nothing is skipped.
assert_exit 0 "$M" downgrade -1
psql_q "CREATE INDEX accounts_qty_ix ON users (email)"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "has both users_qty_ix and accounts_qty_ix"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'users'")" "1" "rolled back"
finish
