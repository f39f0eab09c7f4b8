#!/usr/bin/env bash
# A hint is used once (issue #10 item 2). A column narrowed to varchar(20) with
# `using: "left(provider_ref, 20)"` keeps the hint in schema.yaml; the later widenings to
# varchar(40) and to text must not reuse it: migc diff warns on stderr naming the hint's
# file:line:col and the revision that used it, writes the alter_column without USING, and
# 35-character values written in between survive. `migc check` lists the stale hints (the
# using, and a column's renamed_from that a revision applied) and still exits 0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_stale_hints
MIGC=$MIGC_BIN
mod=$T_DIR/pay
M=$T_DIR/pay_migrator
mkdir -p "$mod"
echo "name: pay" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  payments:
    columns:
      id:           { type: bigint, identity: always, primary_key: true }
      provider_ref: { type: text }
      qty:          { type: integer, default: "1" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Payments"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
long35=abcdefghijklmnopqrstuvwxyz012345678
psql_q "insert into public.payments (provider_ref) values ('short'), ('$long35')"
refs() {
    psql_q "select string_agg(provider_ref, ',' order by id) from public.payments"
}

# Narrowing with using, and a column rename with renamed_from: both hints are used here.
sed -i 's/provider_ref: { type: text }/provider_ref: { type: "varchar(20)", using: "left(provider_ref, 20)" }/' \
    "$mod/schema.yaml"
sed -i 's/qty:          { type: integer, default: "1" }/quantity:     { type: integer, default: "1", renamed_from: qty }/' \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Narrow ref" --allow-destructive --allow-rewrite
rev2=$mod/revisions/0002_narrow_ref.yaml
assert_contains "$rev2" 'using: "left(provider_ref, 20)"'
assert_contains "$rev2" "rename_column: { table: payments, from: qty, to: quantity }"
assert_not_contains "$ERR" "warning"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(refs)" "short,abcdefghijklmnopqrst" "truncated on purpose by 0002"

# Both hints stay in the file: check lists them as stale, exit 0.
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'schema.yaml:5:51: using "left(provider_ref, 20)" of column payments.provider_ref: used by revision 0002_narrow_ref'
assert_contains "$OUT" 'schema.yaml:6:66: renamed_from "qty" of column payments.quantity: used by revision 0002_narrow_ref'
assert_contains "$OUT" "up to date (2 revisions)"

# Widening to varchar(40): the stale using is ignored, with a warning naming where it is written.
sed -i 's/type: "varchar(20)"/type: "varchar(40)"/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Widen ref"
assert_contains "$ERR" 'schema.yaml:5:51: warning: using "left(provider_ref, 20)" of column payments.provider_ref was used by revision 0002_narrow_ref'
rev3=$mod/revisions/0003_widen_ref.yaml
assert_contains "$rev3" "alter_column: { table: payments, name: provider_ref, type: character varying(40) }"
assert_not_contains "$rev3" "left("
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "insert into public.payments (provider_ref) values ('$long35')"

# And to text: the 35-character value survives.
sed -i 's/type: "varchar(40)"/type: text/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Ref as text"
assert_contains "$ERR" "warning: using \"left(provider_ref, 20)\""
assert_not_contains "$mod/revisions/0004_ref_as_text.yaml" "left("
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(refs)" "short,abcdefghijklmnopqrst,$long35" "35 characters survive"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" "used by revision 0002_narrow_ref"

# Down to varchar(40) and up again: the row still has its 35 characters (text -> varchar(40)
# narrows, so the migrator asks to accept that first).
assert_exit 7 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" downgrade -1 --allow-destructive
assert_eq "$(refs)" "short,abcdefghijklmnopqrst,$long35" "35 characters at 0003"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(refs)" "short,abcdefghijklmnopqrst,$long35" "35 characters at 0004"

# Narrowed again with the same hint: a narrowing needs it, so it is used again (not a leftover).
sed -i 's/type: text/type: "varchar(20)"/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Narrow again" --allow-destructive --allow-rewrite
assert_contains "$mod/revisions/0005_narrow_again.yaml" 'using: "left(provider_ref, 20)"'
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(refs)" "short,abcdefghijklmnopqrst,${long35:0:20}" "truncated as the hint says"
finish
