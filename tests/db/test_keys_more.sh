#!/usr/bin/env bash
# Primary keys and unique constraints with their variants (issue #11, SPEC §3.1): UNIQUE NULLS NOT
# DISTINCT and DEFERRABLE [INITIALLY DEFERRED], created with the table or added to it, changed
# (dropped and added again, the downgrade restoring them), a drift line for each changed by
# hand, and an inspect round trip with equal pg_dump -s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_keys_more

mod=$T_DIR/keys
mkdir -p "$mod"
printf 'name: keys\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  slots:
    columns:
      id: bigint
      code: { type: text, nullable: true }
      pos: integer
    primary_key: { columns: [id], deferrable: true }
    unique:
      slots_code_key: { columns: [code], nulls_not_distinct: true }
      slots_pos_key: { columns: [pos], deferrable: true, initially_deferred: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Slots"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" "slots_code_key: { columns: [code], nulls_not_distinct: true }"
assert_contains "$rev1" "primary_key: { name: slots_pkey, columns: [id], deferrable: true }"
build_migrator "$mod" "$T_DIR/keys_migrator"
M=$T_DIR/keys_migrator
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
# NULLS NOT DISTINCT: a second NULL code is a duplicate.
psql_q "INSERT INTO slots VALUES (1, NULL, 1)"
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "INSERT INTO slots VALUES (2, NULL, 2)"
assert_contains "$ERR" "slots_code_key"
# INITIALLY DEFERRED: swapping positions inside one transaction works.
psql_q "INSERT INTO slots VALUES (2, 'b', 2)"
psql_q "BEGIN; UPDATE slots SET pos = 2 WHERE id = 1; UPDATE slots SET pos = 1 WHERE id = 2; COMMIT"
assert_eq "$(psql_q "SELECT string_agg(id || ':' || pos, ',' ORDER BY id) FROM slots")" "1:2,2:1" "deferred swap"

# 1. Changed: the unique loses NULLS NOT DISTINCT and becomes deferrable; added with the keys.
#    (One row: the added column is NULL in every row, and its key allows one NULL only.)
psql_q "DELETE FROM slots WHERE id = 2"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  slots:
    columns:
      id: bigint
      code: { type: text, nullable: true }
      pos: integer
      tag: { type: text, nullable: true }
    primary_key: { columns: [id], deferrable: true }
    unique:
      slots_code_key: { columns: [code], deferrable: true }
      slots_pos_key: { columns: [pos], deferrable: true, initially_deferred: true }
      slots_tag_key: { columns: [tag], nulls_not_distinct: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Deferrable codes"
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" "drop_unique: { table: slots, name: slots_code_key }"
# NULLS NOT DISTINCT keeps the plain form; the other key is added in the online form (its index
# built CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX ... DEFERRABLE).
assert_contains "$rev2" "add_unique: { table: slots, name: slots_tag_key, columns: [tag], nulls_not_distinct: true }"
rev4=$(ls "$mod"/revisions/0004_*.yaml)
assert_contains "$rev4" "add_unique: { table: slots, name: slots_code_key, columns: [code], deferrable: true, using_index: slots_code_key }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
nnd() {
    psql_q "SELECT i.indnullsnotdistinct FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '$1'"
}
assert_eq "$(nnd slots_code_key)" "f" "NULLS NOT DISTINCT dropped"
assert_eq "$(nnd slots_tag_key)" "t" "added with NULLS NOT DISTINCT"
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT condeferrable FROM pg_constraint WHERE conname = 'slots_code_key'")" "t" "deferrable through USING INDEX"
assert_exit 0 "$M" downgrade 0001
assert_eq "$(nnd slots_code_key)" "t" "downgrade restores NULLS NOT DISTINCT"
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade

# 1b. A revision that changes a key's deferral and nothing else has a schema of its own.
sed -i 's/slots_pos_key: { columns: \[pos\], deferrable: true, initially_deferred: true }/slots_pos_key: { columns: [pos], deferrable: true }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Pos checked at once"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT condeferred FROM pg_constraint WHERE conname = 'slots_pos_key'")" "f" "deferral alone changed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
sed -i 's/slots_pos_key: { columns: \[pos\], deferrable: true }/slots_pos_key: { columns: [pos], deferrable: true, initially_deferred: true }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Pos deferred again"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade

# 2. A drift line for each property changed by hand.
psql_q "ALTER TABLE slots DROP CONSTRAINT slots_tag_key; ALTER TABLE slots ADD CONSTRAINT slots_tag_key UNIQUE (tag)"
psql_q "ALTER TABLE slots DROP CONSTRAINT slots_pos_key; ALTER TABLE slots ADD CONSTRAINT slots_pos_key UNIQUE (pos) DEFERRABLE"
psql_q "ALTER TABLE slots DROP CONSTRAINT slots_pkey; ALTER TABLE slots ADD CONSTRAINT slots_pkey PRIMARY KEY (id)"
assert_exit 1 "$M" check
assert_contains "$OUT" "unique slots.slots_tag_key: NULLS DISTINCT, expected NULLS NOT DISTINCT"
assert_contains "$OUT" "unique slots.slots_pos_key: deferrable, expected deferrable initially deferred"
assert_contains "$OUT" "primary key slots.slots_pkey: not deferrable, expected deferrable"

# 2b. Keys of one definition: CREATE TABLE would keep only the first (the primary key, then the
#     first unique constraint), so the others are added by steps of their own; every one exists
#     after a fresh upgrade (head snapshot), a --replay upgrade and the offline sql.
dmod=$T_DIR/dupkeys
mkdir -p "$dmod"
printf 'name: dupkeys\n' >"$dmod/module.yaml"
cat >"$dmod/schema.yaml" <<'YAML'
tables:
  pairs:
    columns: { a: integer, b: { type: integer, nullable: true } }
    primary_key: { columns: [a] }
    unique:
      pairs_a_key: { columns: [a] }
      pairs_b_one: { columns: [b] }
      pairs_b_two: { columns: [b] }
      pairs_b_nnd: { columns: [b], nulls_not_distinct: true }
YAML
assert_exit 0 "$MIGC" diff -C "$dmod" -m "Pairs"
build_migrator "$dmod" "$T_DIR/dupkeys_migrator"
DM=$T_DIR/dupkeys_migrator
keys_of_pairs() {
    psql_q "select string_agg(conname, ' ' order by conname) from pg_constraint where conrelid = 'pairs'::regclass"
}
want_keys="pairs_a_key pairs_b_nnd pairs_b_one pairs_b_two pairs_pkey"
for how in fresh replay sql; do
    db_create "migc_keys_dup_$how"
    case $how in
    fresh) assert_exit 0 "$DM" upgrade ;;
    replay) assert_exit 0 "$DM" --replay upgrade ;;
    sql)
        assert_exit 0 "$DM" sql head
        psql -XAq -v ON_ERROR_STOP=1 -f "$OUT" >/dev/null 2>&1 || fail "offline sql of the duplicate keys"
        ;;
    esac
    assert_eq "$(keys_of_pairs)" "$want_keys" "every key after a $how upgrade"
    assert_exit 0 "$DM" check
    assert_exit 0 "$DM" downgrade base
done

# 3. Inspect round trip.
db_create migc_keys_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE seats (
    id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED,
    row_no integer,
    code text,
    CONSTRAINT seats_code_key UNIQUE NULLS NOT DISTINCT (code),
    CONSTRAINT seats_row_key UNIQUE (row_no) DEFERRABLE
);
SQL
inspect_adopt "not managed"
assert_contains "$amod/schema.yaml" "primary_key: { name: seats_pkey, columns: [id], deferrable: true, initially_deferred: true }"
assert_contains "$amod/schema.yaml" "seats_code_key: { columns: [code], nulls_not_distinct: true }"
adopt_round_trip migc_keys_orig migc_keys_copy
finish
