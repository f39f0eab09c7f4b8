#!/usr/bin/env bash
# A module written from SPEC alone goes through diff → check → build → upgrade → change → diff →
# downgrade → re-run with lost version rows, stamp, checksum mismatch, unreachable server and a
# failing sql step, against the real server.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_fresh
MIGC=$MIGC_BIN
mod=$T_DIR/shop
mkdir -p "$mod"
cat >"$mod/module.yaml" <<'YAML'
name: shop
YAML
cat >"$mod/schema.yaml" <<'YAML'
tables:
  customers:
    comment: People who buy things
    columns:
      id:         { type: bigint, identity: always, primary_key: true }
      email:      varchar(255)
      nick:       { type: text, nullable: true }
      created_at: { type: timestamptz, default: "now()" }
  orders:
    columns:
      id:          { type: int8, identity: by_default }
      customer_id: int8
      total:       { type: "decimal(10,2)", default: "0" }
      note:        { type: text, nullable: true, comment: "free text, 'quoted'" }
    primary_key: [id]
YAML

# 1. diff writes the first revision and the C units; check is clean.
assert_exit 0 "$MIGC" diff -C "$mod" -m "Initial schema"
[ -f "$mod/revisions/0001_initial_schema.yaml" ] || fail "0001_initial_schema.yaml not written"
pass
[ -f "$mod/generated/0001_initial_schema.c" ] && [ -f "$mod/generated/revisions.c" ] ||
    fail "generated units missing"
pass
assert_exit 0 "$MIGC" check -C "$mod"
assert_exit 0 "$MIGC" diff -C "$mod" -m "nothing"
assert_contains "$OUT" "no changes"

# 2. build and upgrade from empty.
build_migrator "$mod" "$T_DIR/shop_migrator"
M="$T_DIR/shop_migrator"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "base" "current before upgrade"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "0001_initial_schema"
assert_eq "$(psql_q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'public.orders'::regclass and attname = 'total'")" \
    "numeric(10,2)" "orders.total type"
assert_eq "$(psql_q "select attidentity from pg_attribute where attrelid = 'public.customers'::regclass and attname = 'id'")" \
    "a" "customers.id identity always"
assert_eq "$(psql_q "select obj_description('public.customers'::regclass, 'pg_class')")" \
    "People who buy things" "table comment"
assert_eq "$(psql_q "select col_description('public.orders'::regclass, 4)")" \
    "free text, 'quoted'" "column comment"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0001_initial_schema" "current after upgrade"

# 3. change the schema: rename a column, add columns, widen a type; diff again.
sed -i 's/      nick:       { type: text, nullable: true }/      nickname:   { type: text, nullable: true, renamed_from: nick }\n      phone:      { type: varchar(32), nullable: true }/' "$mod/schema.yaml"
sed -i 's/      customer_id: int8/      customer_id: int8\n      status:      { type: text, default: "'"'"'new'"'"'" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Customer phone & order status!"
rev2=$mod/revisions/0002_customer_phone_order_status.yaml
[ -f "$rev2" ] || fail "second revision not written: $(ls "$mod/revisions")"
pass
assert_contains "$rev2" "parent: 0001_initial_schema"
assert_contains "$rev2" "rename_column: { table: customers, from: nick, to: nickname }"
assert_exit 0 "$MIGC" check -C "$mod"

# 4. a destructive change is refused without --allow-destructive.
sed -i '/      phone:/d' "$mod/schema.yaml"
assert_exit 1 "$MIGC" diff -C "$mod" -m "Drop phone"
assert_contains "$ERR" "drop_column customers.phone"
[ ! -f "$mod/revisions/0003_drop_phone.yaml" ] || fail "destructive revision written without flag"
pass
assert_exit 1 "$MIGC" check -C "$mod"
assert_contains "$OUT" "pending: drop_column"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Drop phone" --allow-destructive
assert_exit 0 "$MIGC" check -C "$mod"

build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0003_drop_phone" "current at head"
assert_eq "$(psql_q "select string_agg(attname, ',' order by attnum) from pg_attribute where attrelid = 'public.customers'::regclass and attnum > 0 and not attisdropped")" \
    "id,email,nickname,created_at" "customers columns at head"
assert_eq "$(psql_q "select count(*) from public.migc_version")" "3" "three version rows"

# 5. downgrade one step: the dropped column comes back; downgrade to base: nothing left.
assert_exit 0 "$M" downgrade -1
assert_eq "$(psql_q "select count(*) from pg_attribute where attrelid = 'public.customers'::regclass and attname = 'phone' and not attisdropped")" \
    "1" "phone restored by downgrade"
assert_exit 0 "$M" downgrade base
assert_eq "$(psql_q "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname in ('customers', 'orders')")" \
    "0" "no tables at base"
assert_eq "$(psql_q "select count(*) from public.migc_version")" "0" "no version rows at base"

# 6. upgrade again, then lose the version rows: existence checks make a re-run succeed.
assert_exit 0 "$M" upgrade
psql_q "delete from public.migc_version"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0003_drop_phone" "head after re-run with lost version rows"
assert_eq "$(psql_q "select count(*) from public.migc_version")" "3" "version rows rebuilt"

# 7. stamp records without running steps.
assert_exit 0 "$M" stamp 0001
assert_eq "$(psql_q "select string_agg(revision, ',' order by revision) from public.migc_version")" \
    "0001_initial_schema" "stamp 0001"
assert_exit 0 "$M" stamp head
assert_eq "$(psql_q "select count(*) from public.migc_version")" "3" "stamp head"

# 8. a checksum that differs from the migrator's stops the run with exit 1, naming the revision.
sum2=$(psql_q "select checksum from public.migc_version where revision = '0002_customer_phone_order_status'")
psql_q "update public.migc_version set checksum = 'x' where revision = '0002_customer_phone_order_status'"
assert_exit 1 "$M" upgrade
assert_contains "$ERR" "0002_customer_phone_order_status"
assert_exit 1 "$M" downgrade base
assert_eq "$(psql_q "select count(*) from public.migc_version")" "3" "nothing run after a mismatch"
psql_q "update public.migc_version set checksum = '$sum2' where revision = '0002_customer_phone_order_status'"
assert_exit 0 "$M" upgrade

# 9. an unreachable server is exit 3, and the password is never printed.
assert_exit 3 "$M" --url "postgresql://someone:s3cretpw@127.0.0.1:1/nowhere" current
assert_not_contains "$ERR" "s3cretpw"
assert_not_contains "$OUT" "s3cretpw"

# 10. a failing sql step: exit 4, the revision's other steps rolled back, no version row.
cat >"$mod/revisions/0004_broken.yaml" <<'YAML'
revision: 0004_broken
parent: 0003_drop_phone
message: A revision whose data step fails
operations:
  - add_column: { table: orders, name: shipped_at, type: timestamptz, nullable: true }
  - sql: { up: "SELECT 1/0", down: "" }
YAML
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$M"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "0004_broken"
assert_contains "$ERR" "division by zero"
assert_eq "$(psql_q "select count(*) from pg_attribute where attrelid = 'public.orders'::regclass and attname = 'shipped_at'")" \
    "0" "failed revision left nothing behind"
assert_eq "$(psql_q "select count(*) from public.migc_version where revision = '0004_broken'")" \
    "0" "no version row for the failed revision"

# 11. the same module generated in another directory gives byte-identical files.
rm "$mod/revisions/0004_broken.yaml"
assert_exit 0 "$MIGC" generate -C "$mod"
other=$T_DIR/elsewhere/deeper/shop
mkdir -p "$(dirname "$other")"
cp -r "$mod" "$other"
rm -rf "$other/generated"
(cd "$other" && "$MIGC" generate >/dev/null) || fail "generate in the other directory"
diff -r "$mod/generated" "$other/generated" >"$T_DIR/gen.diff" || fail "generated output differs: $(cat "$T_DIR/gen.diff")"
pass
finish
