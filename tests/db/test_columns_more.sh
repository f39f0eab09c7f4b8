#!/usr/bin/env bash
# Per-column collations and stored generated columns (issue #11, SPEC §3.1): created with the
# table or added to it, a collation changed and changed back by alter_column (its downgrade
# restores it), a generation expression dropped (DROP EXPRESSION, irreversible) and refused where
# PostgreSQL 15 cannot change it; a drift line for each property changed by hand; an inspect round
# trip with equal pg_dump -s.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_columns_more

mod=$T_DIR/cols
mkdir -p "$mod"
printf 'name: cols\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  people:
    columns:
      id: { type: bigint, primary_key: true }
      first_name: text
      last_name: text
      full_name: { type: text, generated: "first_name || ' ' || last_name" }
      code: { type: text, collation: "C" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "People"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" "full_name: { type: text, generated: \"first_name || ' ' || last_name\" }"
assert_contains "$rev1" "code: { type: text, collation: C }"
build_migrator "$mod" "$T_DIR/cols_migrator"
M=$T_DIR/cols_migrator
assert_exit 0 "$M" upgrade
psql_q "INSERT INTO people (id, first_name, last_name, code) VALUES (1, 'Ada', 'Lovelace', 'b'), (2, 'Alan', 'Turing', 'B')"
assert_eq "$(psql_q "SELECT full_name FROM people WHERE id = 1")" "Ada Lovelace" "generated value"
assert_eq "$(psql_q "SELECT string_agg(code, ',' ORDER BY code) FROM people")" "B,b" "C collation orders bytes"
assert_exit 0 "$M" check

# 1. An added column with both; the collation changed (alter_column) and back by the downgrade.
cat >"$mod/schema.yaml" <<'YAML'
tables:
  people:
    columns:
      id: { type: bigint, primary_key: true }
      first_name: text
      last_name: text
      full_name: { type: text, generated: "first_name || ' ' || last_name" }
      code: { type: text, collation: "POSIX" }
      initials: { type: text, collation: "C", generated: "left(first_name, 1) || left(last_name, 1)" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Initials and POSIX codes"
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" "alter_column: { table: people, name: code, collation: POSIX }"
assert_contains "$rev2" "add_column: { table: people, name: initials, type: text, collation: C, generated: \"left(first_name, 1) || left(last_name, 1)\" }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
coll() {
    psql_q "SELECT coalesce(l.collname, '-') FROM pg_attribute a LEFT JOIN pg_collation l ON l.oid = a.attcollation WHERE a.attrelid = 'people'::regclass AND a.attname = '$1'"
}
assert_eq "$(coll code)" "POSIX" "collation changed"
assert_eq "$(psql_q "SELECT initials FROM people WHERE id = 2")" "AT" "added generated column computed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(coll code)" "C" "downgrade restores the collation"
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade

# 1b. A revision that changes a collation and nothing else: the schema after it is its own (the
#     expected state does not stay that of the revision before).
sed -i 's/code: { type: text, collation: "POSIX" }/code: { type: text, collation: "C" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "C codes again"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(coll code)" "C" "collation alone changed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
sed -i 's/code: { type: text, collation: "C" }/code: { type: text, collation: "POSIX" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "POSIX codes"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade

# 2. A drift line for each property changed by hand.
psql_q "ALTER TABLE people ALTER COLUMN code TYPE text COLLATE \"C\""
psql_q "ALTER TABLE people ALTER COLUMN initials DROP EXPRESSION"
assert_exit 1 "$M" check
assert_contains "$OUT" "column people.code: collation is C, expected POSIX"
assert_contains "$OUT" "column people.initials: plain column, expected one generated as (left(first_name, 1) || left(last_name, 1))"
psql_q "ALTER TABLE people ALTER COLUMN code TYPE text COLLATE \"POSIX\"; ALTER TABLE people DROP COLUMN initials; ALTER TABLE people ADD COLUMN initials text COLLATE \"C\" GENERATED ALWAYS AS (left(first_name, 1) || left(last_name, 1) || '.') STORED NOT NULL"
assert_exit 1 "$M" check
assert_contains "$OUT" "column people.initials: generation expression is"
psql_q "ALTER TABLE people DROP COLUMN initials; ALTER TABLE people ADD COLUMN initials text COLLATE \"C\" GENERATED ALWAYS AS (left(first_name, 1) || left(last_name, 1)) STORED NOT NULL"
assert_exit 0 "$M" check

# 3. A changed generation expression is refused; dropping one needs --irreversible, keeps the
#    values and cannot be downgraded.
sed -i "s/left(last_name, 1)\" }/left(last_name, 2)\" }/" "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Longer initials"
assert_contains "$ERR" "PostgreSQL 15 cannot give an existing column a generation expression or change it"
sed -i 's/      initials: .*/      initials: { type: text, collation: "C", nullable: true }/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Plain initials"
assert_contains "$ERR" "run migc diff --irreversible"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Plain initials" --irreversible
rev3=$(ls "$mod"/revisions/0005_*.yaml)
assert_contains "$rev3" "alter_column: { table: people, name: initials, nullable: true, generated: null }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'people'::regclass AND attname = 'initials'")" "" "expression dropped"
assert_eq "$(psql_q "SELECT initials FROM people WHERE id = 1")" "AL" "values kept"
assert_exit 0 "$M" check
assert_exit 7 "$M" downgrade -1
assert_contains "$ERR" "cannot downgrade past revision 0005_plain_initials: it is irreversible"

# 4. Inspect round trip: a hand-made table with collations and generated columns.
db_create migc_columns_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE items (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL,
    qty integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * qty) STORED,
    sku text COLLATE "C" NOT NULL,
    label character varying(40) COLLATE "POSIX"
);
SQL
inspect_adopt "not managed"
assert_contains "$amod/schema.yaml" "total: { type: numeric, nullable: true, generated: \"price * qty::numeric\" }"
adopt_round_trip migc_columns_orig migc_columns_copy
finish
