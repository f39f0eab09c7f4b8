#!/usr/bin/env bash
# Cosmetic edits are no change (issue #10 item 7): a schema.yaml whose CHECKs, partial-index
# predicates, index expressions and defaults are only respelled (case, blanks, parentheses, casts
# of literals to the column's own type, a negative number as PostgreSQL shows it) gives
# `no changes`, and `check` passes; a real edit of each still writes its operation, which applies
# and verifies clean.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_cosmetic

mod=$T_DIR/cos
mkdir -p "$mod"
printf 'name: cos\nonline: false # about the normal form of expressions, not the online forms\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  pay_status: [active, refunded]
tables:
  payments:
    columns:
      id:         { type: bigint, identity: always, primary_key: true }
      provider:   { type: varchar(20), default: "'stripe'" }
      status:     { type: pay_status, default: "'active'" }
      price:      { type: "numeric(10,2)", default: "0" }
      qty:        { type: integer, default: "0" }
      balance:    { type: "numeric(12,2)", default: "-1.5" }
      score:      { type: integer, default: "-42" }
      note:       { type: text, nullable: true }
      created_at: { type: timestamptz, default: "now()" }
    checks:
      payments_price_ok: "price >= 0"
      payments_note_ok:  "note is not null or qty > 0"
    indexes:
      payments_live:       { columns: [created_at], where: "status = 'active'" }
      payments_lower_note: { expression: "lower(note)" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Payments"
build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" --url "$DB_URL" upgrade

# 1. The same schema respelled: no changes, no revision, check clean.
cat >"$mod/schema.yaml" <<'YAML'
enums:
  pay_status: [active, refunded]
tables:
  payments:
    columns:
      id:         { type: bigint, identity: always, primary_key: true }
      provider:   { type: varchar(20), default: "'stripe'::varchar" }
      status:     { type: pay_status, default: "('active'::pay_status)" }
      price:      { type: "numeric(10,2)", default: "0::numeric" }
      qty:        { type: integer, default: "0::integer" }
      balance:    { type: "numeric(12,2)", default: "'-1.5'::numeric" }
      score:      { type: integer, default: "('-42'::integer)" }
      note:       { type: text, nullable: true }
      created_at: { type: timestamptz, default: "NOW()" }
    checks:
      payments_price_ok: "(price>=0)"
      payments_note_ok:  "(NOTE IS NOT NULL) OR (qty > (0)::integer)"
    indexes:
      payments_live:       { columns: [created_at], where: "(status = 'active'::pay_status)" }
      payments_lower_note: { expression: "LOWER( note )" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Respelled"
assert_contains "$OUT" "no changes"
[ ! -e "$mod/revisions/0002_respelled.yaml" ] || fail "a cosmetic edit wrote a revision"
pass
assert_exit 0 "$MIGC" check -C "$mod"

# 2. What PostgreSQL itself shows for the database (migc inspect) is no change either.
assert_exit 0 "$MIGC" inspect --url "$DB_URL" -C "$mod"
cp "$mod/schema.yaml" "$T_DIR/respelled.yaml"
cp "$OUT" "$mod/schema.yaml"
assert_contains "$mod/schema.yaml" "'active'::pay_status"
assert_contains "$mod/schema.yaml" "'-1.5'::numeric"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Inspected" --dry-run
assert_contains "$OUT" "no changes"
cp "$T_DIR/respelled.yaml" "$mod/schema.yaml"

# 3. Real edits beside cosmetic ones: each changed object, and only it, gets its operations.
sed -i "s/\"(price>=0)\"/\"(price>0)\"/; s/'stripe'::varchar/'Stripe'::varchar/; \
s/default: \"('active'/default: \"('refunded'/; s/LOWER( note )/LOWER( provider )/" \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Real edits"
rev=$mod/revisions/0002_real_edits.yaml
[ -f "$rev" ] || fail "no revision for the real edits"
pass
assert_contains "$rev" "drop_check: { table: payments, name: payments_price_ok }"
assert_contains "$rev" "add_check: { table: payments, name: payments_price_ok, expression: \"(price>0)\" }"
assert_contains "$rev" "alter_column: { table: payments, name: provider, default: \"'Stripe'::varchar\" }"
assert_contains "$rev" "drop_index: { name: payments_lower_note }"
assert_contains "$rev" "create_index: { table: payments, name: payments_lower_note"
assert_contains "$rev" "name: status, default"
assert_not_contains "$rev" "payments_note_ok"
assert_not_contains "$rev" "payments_live"
assert_not_contains "$rev" "name: created_at"
assert_not_contains "$rev" "name: qty"
assert_not_contains "$rev" "name: balance"
assert_eq "$(grep -c -- '^  - ' "$rev")" "6" "operations of the real edits"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$MIGC" diff -C "$mod" -m "Again"
assert_contains "$OUT" "no changes"
finish
