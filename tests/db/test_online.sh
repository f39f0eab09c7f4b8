#!/usr/bin/env bash
# The online forms of SPEC §4.1 (issue #12): with `online: true` (the default), changes to tables
# that exist before the diff are written so that the strongest locks are held only for moments:
# checks and foreign keys NOT VALID then VALIDATE in the next revision, NOT NULL through a helper
# check, unique and primary keys from a unique index built CONCURRENTLY, indexes CONCURRENTLY. The
# revisions upgrade a populated table, check clean at head, downgrade one by one and upgrade again;
# `online: false` keeps the plain forms; rewrites are refused without --allow-rewrite.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_online

base_schema() {
    cat <<'YAML'
tables:
  users:
    columns:
      id:    { type: bigint, primary_key: true }
      email: { type: text, nullable: true }
  orders:
    columns:
      id:      { type: bigint, nullable: true }
      user_id: { type: bigint, nullable: true }
      total:   { type: integer, nullable: true }
      code:    { type: text, nullable: true }
YAML
}

edited_schema() {
    cat <<'YAML'
tables:
  users:
    columns:
      id:    { type: bigint, primary_key: true }
      email: text
    unique:
      users_email_key: [email]
  orders:
    columns:
      id:      bigint
      user_id: { type: bigint, nullable: true, references: users(id) }
      total:   { type: integer, nullable: true }
      code:    { type: text, nullable: true }
    primary_key: [id]
    checks:
      orders_total_positive: "total > 0"
    indexes:
      orders_code_idx: { columns: [code] }
YAML
}

# ---- online: true (the default) ----
mod=$T_DIR/shop
mkdir -p "$mod"
echo "name: shop" >"$mod/module.yaml"
base_schema >"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Init"
edited_schema >"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Keys"
R=$mod/revisions
assert_eq "$(ls "$R" | tr '\n' ' ')" \
    "0001_init.yaml 0002_keys.yaml 0003_keys_build_indexes_concurrently.yaml 0004_keys_validate_and_finish.yaml " \
    "main, builds, second halves"
assert_contains "$R/0002_keys.yaml" \
    "add_check: { table: orders, name: orders_total_positive, expression: \"total > 0\", not_valid: true }"
assert_contains "$R/0002_keys.yaml" \
    "add_foreign_key: { table: orders, name: orders_user_id_fkey, columns: [user_id], references: { table: users, columns: [id] }, not_valid: true }"
assert_contains "$R/0002_keys.yaml" \
    "add_check: { table: users, name: users_email_not_null, expression: email IS NOT NULL, not_valid: true }"
assert_not_contains "$R/0002_keys.yaml" "validate_constraint"
assert_not_contains "$R/0002_keys.yaml" "add_unique"
assert_contains "$R/0003_keys_build_indexes_concurrently.yaml" \
    "create_index: { table: users, name: users_email_key, columns: [email], unique: true, concurrently: true }"
assert_contains "$R/0003_keys_build_indexes_concurrently.yaml" \
    "create_index: { table: orders, name: orders_pkey, columns: [id], unique: true, concurrently: true }"
assert_contains "$R/0003_keys_build_indexes_concurrently.yaml" \
    "create_index: { table: orders, name: orders_code_idx, columns: [code], concurrently: true }"
F=$R/0004_keys_validate_and_finish.yaml
assert_contains "$F" "validate_constraint: { table: orders, name: orders_total_positive }"
assert_contains "$F" "validate_constraint: { table: orders, name: orders_user_id_fkey }"
assert_contains "$F" "validate_constraint: { table: users, name: users_email_not_null }"
assert_contains "$F" "alter_column: { table: users, name: email, nullable: false }"
assert_contains "$F" "drop_check: { table: users, name: users_email_not_null }"
assert_contains "$F" "add_unique: { table: users, name: users_email_key, columns: [email], using_index: users_email_key }"
assert_contains "$F" "set_primary_key: { table: orders, name: orders_pkey, columns: [id], using_index: orders_pkey }"
assert_contains "$mod/generated/revisions.c" "MIGC_COMMIT_BEFORE_UP, /* 0004_keys_validate_and_finish */"
assert_exit 0 "$MIGC" check -C "$mod"
assert_exit 0 "$MIGC" lint -C "$mod"
assert_contains "$OUT" "SHARE UPDATE EXCLUSIVE on orders; full scan"

build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" sql 0001:head
assert_contains "$OUT" "CHECK (total > 0) NOT VALID"
assert_contains "$OUT" "REFERENCES \"public\".\"users\" (\"id\") NOT VALID"
assert_contains "$OUT" "CREATE UNIQUE INDEX CONCURRENTLY \"users_email_key\""
assert_contains "$OUT" "VALIDATE CONSTRAINT \"orders_user_id_fkey\""
assert_contains "$OUT" "ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY USING INDEX \"orders_pkey\""
assert_contains "$OUT" "ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX \"users_email_key\""

assert_exit 0 "$M" upgrade 0001
psql_q "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 200) g"
psql_q "INSERT INTO orders SELECT g, 1 + g % 200, 1 + g % 50, 'c' || (g % 7) FROM generate_series(1, 1000) g"
# Halfway, the constraints are NOT VALID, as the schema of that revision says: no drift.
assert_exit 0 "$M" upgrade 0003
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE NOT convalidated")" \
    "orders_id_not_null,orders_total_positive,orders_user_id_fkey,users_email_not_null" "NOT VALID halfway"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
# At head, a NOT VALID constraint is drift.
psql_q "ALTER TABLE orders DROP CONSTRAINT orders_total_positive;
    ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID"
assert_exit 1 "$M" check
assert_contains "$OUT" "orders.orders_total_positive: NOT VALID"
psql_q "ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive"
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT count(*) FROM pg_constraint WHERE conrelid IN ('users'::regclass, 'orders'::regclass) AND NOT convalidated")" \
    "0" "every constraint validated at head"
assert_eq "$(psql_q "SELECT conname FROM pg_constraint WHERE conname LIKE '%not_null'")" "" "helper check dropped"
assert_eq "$(psql_q "SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'")" \
    "t" "email NOT NULL"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT count(*) FROM pg_index WHERE indexrelid IN ('users_email_key'::regclass, 'orders_pkey'::regclass) AND indisunique")" \
    "2" "the indexes the keys were made from are back"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0001_init" "back at the first revision"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
# While a VALIDATE runs, it holds SHARE UPDATE EXCLUSIVE: readers and writers go on. The statement
# is the migrator's own (sql --unguarded of the last revision), held open in a transaction.
assert_exit 0 "$M" downgrade 0003
assert_exit 0 "$M" sql --unguarded 0003:head
grep -F 'VALIDATE CONSTRAINT "orders_total_positive"' "$OUT" >"$T_DIR/validate.sql" ||
    fail "no VALIDATE in sql --unguarded"
pass
{
    echo "BEGIN;"
    cat "$T_DIR/validate.sql"
    echo "SELECT pg_sleep(3); COMMIT;"
} | psql -XAtq -v ON_ERROR_STOP=1 >/dev/null 2>"$T_DIR/validate.err" &
validator=$!
for _ in $(seq 1 50); do
    held=$(psql_q "SELECT l.mode FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.relation = 'orders'::regclass AND a.query LIKE '%pg_sleep%' AND l.granted")
    [ -n "$held" ] && break
    sleep 0.1
done
assert_eq "$held" "ShareUpdateExclusiveLock" "VALIDATE's lock on orders"
assert_eq "$(psql_q "SET lock_timeout = '500ms'; SELECT count(*) FROM orders WHERE id <= 10")" "10" \
    "a reader is not blocked during VALIDATE"
psql_q "SET lock_timeout = '500ms'; INSERT INTO orders VALUES (4000, 1, 1, 'w'); DELETE FROM orders WHERE id = 4000"
pass
wait "$validator" || fail "the held VALIDATE failed: $(cat "$T_DIR/validate.err")"
pass
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

# A violating row: VALIDATE fails in the last revision, after the NOT VALID adds committed.
assert_exit 0 "$M" downgrade 0001
psql_q "INSERT INTO orders VALUES (5000, 1, -1, 'x')"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "orders_total_positive"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0003_keys_build_indexes_concurrently" "the first halves stayed applied"
psql_q "DELETE FROM orders WHERE id = 5000"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

# ---- online: false: the plain forms, one revision ----
plain=$T_DIR/plain
mkdir -p "$plain"
printf 'name: plain\nonline: false\n' >"$plain/module.yaml"
base_schema >"$plain/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$plain" -m "Init"
edited_schema >"$plain/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$plain" -m "Keys"
assert_eq "$(ls "$plain/revisions" | tr '\n' ' ')" "0001_init.yaml 0002_keys.yaml " "one revision"
assert_not_contains "$plain/revisions/0002_keys.yaml" "not_valid"
assert_not_contains "$plain/revisions/0002_keys.yaml" "using_index"
assert_not_contains "$plain/revisions/0002_keys.yaml" "concurrently"
assert_contains "$plain/revisions/0002_keys.yaml" "alter_column: { table: users, name: email, nullable: false }"
assert_contains "$plain/revisions/0002_keys.yaml" "add_unique: { table: users, name: users_email_key, columns: [email] }"

# ---- a new table gets the plain forms; a key a new foreign key needs stays plain ----
fresh=$T_DIR/fresh
mkdir -p "$fresh"
echo "name: fresh" >"$fresh/module.yaml"
base_schema >"$fresh/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$fresh" -m "Init"
cat >>"$fresh/schema.yaml" <<'YAML'
    unique:
      orders_code_key: [code]
  notes:
    columns:
      id:   { type: bigint, primary_key: true }
      code: text
    checks:
      notes_code_nonempty: "code <> ''"
    foreign_keys:
      notes_code_fkey: { columns: [code], references: { table: orders, columns: [code] } }
YAML
assert_exit 0 "$MIGC" diff -C "$fresh" -m "Notes"
assert_eq "$(ls "$fresh/revisions" | tr '\n' ' ')" "0001_init.yaml 0002_notes.yaml " "nothing to split"
assert_contains "$fresh/revisions/0002_notes.yaml" "add_unique: { table: orders, name: orders_code_key, columns: [code] }"
assert_not_contains "$fresh/revisions/0002_notes.yaml" "not_valid"

# ---- rewrites are refused without --allow-rewrite ----
rw=$T_DIR/rw
mkdir -p "$rw"
echo "name: rw" >"$rw/module.yaml"
cat >"$rw/schema.yaml" <<'YAML'
tables:
  t:
    columns:
      id: { type: bigint, primary_key: true }
      n:  integer
YAML
assert_exit 0 "$MIGC" diff -C "$rw" -m "Init"
sed -i 's/n:  integer/n:  bigint/' "$rw/schema.yaml"
assert_exit 1 "$MIGC" diff -C "$rw" -m "Widen"
assert_contains "$ERR" "--allow-rewrite"
assert_contains "$ERR" "alter_column t.n: ACCESS EXCLUSIVE on t; table rewrite"
assert_contains "$ERR" "recipe: add a column of the new type"
assert_eq "$(ls "$rw/revisions" | tr '\n' ' ')" "0001_init.yaml " "nothing written"
assert_exit 0 "$MIGC" diff -C "$rw" -m "Widen" --allow-rewrite
cat >>"$rw/schema.yaml" <<'YAML'
      token: { type: uuid, default: "gen_random_uuid()" }
YAML
assert_exit 1 "$MIGC" diff -C "$rw" -m "Token"
assert_contains "$ERR" "add_column t.token: ACCESS EXCLUSIVE on t; table rewrite"
assert_contains "$ERR" "gen_random_uuid() is computed for every row"
assert_contains "$ERR" "recipe: add the column nullable and without that default"
assert_exit 0 "$MIGC" diff -C "$rw" -m "Token" --allow-rewrite
cat >>"$rw/schema.yaml" <<'YAML'
      made: { type: timestamptz, default: "now()" }
YAML
assert_exit 0 "$MIGC" diff -C "$rw" -m "Made"
# online: false writes the plain forms, rewrites included.
printf 'name: rw\nonline: false\n' >"$rw/module.yaml"
cat >>"$rw/schema.yaml" <<'YAML'
      extra: { type: uuid, default: "gen_random_uuid()" }
YAML
assert_exit 0 "$MIGC" diff -C "$rw" -m "Extra"
finish
