#!/usr/bin/env bash
# Every type change migc diff writes has a working downgrade (issue #10 item 5): when PostgreSQL
# cannot cast the new type back without USING (text -> integer, uuid -> integer), the diff asks
# for `down_using` with exit 3 naming the column and both types; the hint is written into the
# alter_column as down_using, becomes the downgrade's USING, and `downgrade -1` works on real
# rows. `--irreversible` writes the change marked irreversible instead, and the migrator refuses
# to downgrade past it. A widening (integer -> bigint) needs nothing. Type changes that rewrite
# the table need --allow-rewrite (online: true, SPEC §4.1), which every diff here passes.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_down_using
MIGC=$MIGC_BIN
mod=$T_DIR/acct
M=$T_DIR/acct_migrator
mkdir -p "$mod"
echo "name: acct" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  accounts:
    columns:
      id:    { type: bigint, identity: always, primary_key: true }
      code:  { type: integer }
      ref:   { type: integer, nullable: true }
      score: { type: integer }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Accounts"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "insert into public.accounts (code, ref, score) values (42, 7, 1), (1234, null, 2)"
rows() {
    psql_q "select string_agg(id || ':' || code || ':' || coalesce(ref::text, '-') || ':' ||
            score, ',' order by id) from public.accounts"
}
coltype() {
    psql_q "select format_type(atttypid, atttypmod) from pg_attribute
            where attrelid = 'public.accounts'::regclass and attname = '$1'"
}
assert_eq "$(rows)" "1:42:7:1,2:1234:-:2" "rows at 0001"

# integer -> text: text cannot be cast back to integer without USING: exit 3, nothing written.
sed -i 's/code:  { type: integer }/code:  { type: text }/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Code as text" --allow-rewrite --allow-destructive
assert_contains "$ERR" 'schema.yaml:5:22: error: column "accounts.code": its type changes from integer to text, and PostgreSQL cannot change it back from text to integer without USING'
assert_contains "$ERR" "give \`down_using:\`"
assert_contains "$ERR" "or run migc diff --irreversible"
[ ! -e "$mod/revisions/0002_code_as_text.yaml" ] || fail "a revision was written after exit 3"
assert_exit 3 "$MIGC" validate -C "$mod"

# With down_using the change is written, with the hint, and both directions work on the rows.
sed -i 's/code:  { type: text }/code:  { type: text, down_using: "code::integer" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Code as text" --allow-rewrite --allow-destructive
rev2=$mod/revisions/0002_code_as_text.yaml
assert_contains "$rev2" 'alter_column: { table: accounts, name: code, type: text, down_using: "code::integer" }'
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(coltype code)" "text" "code is text"
assert_eq "$(rows)" "1:42:7:1,2:1234:-:2" "rows after 0002"
# text -> integer narrows: the migrator's data-loss check asks to accept it first.
assert_exit 7 "$M" --url "$DB_URL" downgrade -1
assert_contains "$ERR" "column accounts.code (narrowed to integer) holds 2 values"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1 --allow-destructive
assert_eq "$(coltype code)" "integer" "code is integer again"
assert_eq "$(rows)" "1:42:7:1,2:1234:-:2" "rows after downgrading 0002"
assert_exit 0 "$M" --url "$DB_URL" upgrade

# The scenario of the issue: integer -> uuid with using NULL::uuid, and down_using NULL::integer.
sed -i 's/ref:   { type: integer, nullable: true }/ref:   { type: uuid, nullable: true, using: "NULL::uuid", down_using: "NULL::integer" }/' \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Ref as uuid" --allow-rewrite --allow-destructive
rev3=$mod/revisions/0003_ref_as_uuid.yaml
assert_contains "$rev3" 'type: uuid, using: "NULL::uuid", down_using: "NULL::integer" }'
# The hint text stays in schema.yaml: it is stale now, and check lists it without failing.
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'schema.yaml:6:51: using "NULL::uuid" of column accounts.ref: used by revision 0003_ref_as_uuid'
assert_contains "$OUT" 'schema.yaml:6:77: down_using "NULL::integer" of column accounts.ref: used by revision 0003_ref_as_uuid'
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(coltype ref)" "uuid" "ref is uuid"
assert_exit 0 "$M" --url "$DB_URL" --json history
assert_not_contains "$OUT" '"irreversible"'
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_eq "$(coltype ref)" "integer" "ref is integer again"
assert_eq "$(rows)" "1:42:-:1,2:1234:-:2" "rows after downgrading 0003"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# --irreversible: integer -> uuid without down_using is written marked irreversible; the migrator
# refuses to downgrade past it before any step runs.
sed -i 's/score: { type: integer }/score: { type: uuid, using: "gen_random_uuid()" }/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Score as uuid" --allow-rewrite --allow-destructive
assert_contains "$ERR" 'column "accounts.score": its type changes from integer to uuid'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Score as uuid" --allow-rewrite --allow-destructive --irreversible
rev4=$mod/revisions/0004_score_as_uuid.yaml
assert_contains "$rev4" 'type: uuid, using: gen_random_uuid(), irreversible: true }'
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" history
assert_contains "$OUT" "(irreversible)"
assert_exit 7 "$M" --url "$DB_URL" downgrade -1
assert_contains "$ERR" "cannot downgrade past revision 0004_score_as_uuid"
assert_eq "$(coltype score)" "uuid" "score still uuid"

# A widening needs no down_using: bigint casts back to integer on its own.
sed -i 's/code:  { type: text, down_using: "code::integer" }/code:  { type: text }/' "$mod/schema.yaml"
sed -i 's/id:    { type: bigint, identity: always, primary_key: true }/id:    { type: bigint, identity: always, primary_key: true }\n      qty:   { type: integer, default: "0" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Qty" --allow-rewrite
sed -i 's/qty:   { type: integer, default: "0" }/qty:   { type: bigint, default: "0" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Qty wider" --allow-rewrite
assert_contains "$mod/revisions/0006_qty_wider.yaml" 'alter_column: { table: accounts, name: qty, type: bigint }'
finish
