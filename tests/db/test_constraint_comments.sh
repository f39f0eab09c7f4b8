#!/usr/bin/env bash
# Comments on constraints (issue #11, SPEC §3.1 "comments on every object, constraints
# included"): `comment` on a primary key, unique key, check (long form { expression, comment })
# and foreign key is set with the constraint, changed and removed by set_comment { table,
# constraint, comment } (the downgrade restores it from the state), reported by check when
# changed by hand, and written by inspect (pg_dump of an adopted copy is the same).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_constraint_comments

mod=$T_DIR/conc
mkdir -p "$mod"
printf 'name: conc\n' >"$mod/module.yaml"
write_schema() { # $1 pk, $2 unique, $3 check, $4 foreign key comments (YAML values)
    cat >"$mod/schema.yaml" <<YAML
tables:
  owners:
    columns:
      id: bigint
      code: text
      qty: integer
      parent: { type: bigint, nullable: true }
    primary_key: { name: owners_pkey, columns: [id], comment: $1 }
    unique:
      owners_code_key: { columns: [code], comment: $2 }
    checks:
      owners_qty_pos: { expression: "qty > 0", comment: $3 }
    foreign_keys:
      owners_parent_fkey: { columns: [parent], references: { table: owners }, comment: $4 }
YAML
}
comment() { # $1: constraint name
    psql_q "SELECT coalesce(obj_description(oid, 'pg_constraint'), '-') FROM pg_constraint WHERE conname = '$1'"
}

# 1. Set with the table.
write_schema '"The key"' '"One per code"' '"Never empty"' '"Tree"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Owners"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" 'primary_key: { name: owners_pkey, columns: [id], comment: The key }'
assert_contains "$rev1" 'owners_code_key: { columns: [code], comment: One per code }'
assert_contains "$rev1" 'owners_qty_pos: { expression: "qty > 0", comment: Never empty }'
assert_contains "$rev1" 'comment: Tree }'
build_migrator "$mod" "$T_DIR/conc_migrator"
M=$T_DIR/conc_migrator
assert_exit 0 "$M" upgrade
assert_eq "$(comment owners_pkey)" "The key" "primary key comment"
assert_eq "$(comment owners_code_key)" "One per code" "unique comment"
assert_eq "$(comment owners_qty_pos)" "Never empty" "check comment"
assert_eq "$(comment owners_parent_fkey)" "Tree" "foreign key comment"
assert_exit 0 "$M" check
assert_exit 0 "$MIGC" check -C "$mod"

# 2. Changed and removed: set_comment with constraint, reversed by the downgrade.
write_schema '"The key"' null '"Positive"' '"Parent owner"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Reworded"
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" 'set_comment: { table: owners, constraint: owners_code_key, comment: null }'
assert_contains "$rev2" 'set_comment: { table: owners, constraint: owners_qty_pos, comment: Positive }'
assert_contains "$rev2" 'set_comment: { table: owners, constraint: owners_parent_fkey, comment: Parent owner }'
assert_not_contains "$rev2" 'owners_pkey'
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment owners_code_key)" "-" "unique comment removed"
assert_eq "$(comment owners_qty_pos)" "Positive" "check comment changed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(comment owners_code_key)" "One per code" "downgrade restores the unique's"
assert_eq "$(comment owners_parent_fkey)" "Tree" "downgrade restores the foreign key's"
assert_exit 0 "$M" upgrade

# 3. Drift.
psql_q "COMMENT ON CONSTRAINT owners_pkey ON owners IS 'by hand'"
psql_q "COMMENT ON CONSTRAINT owners_code_key ON owners IS 'added'"
psql_q "COMMENT ON CONSTRAINT owners_qty_pos ON owners IS NULL"
assert_exit 1 "$M" check
assert_contains "$OUT" "primary key owners.owners_pkey: comment is by hand, expected The key"
assert_contains "$OUT" "unique owners.owners_code_key: comment is added, expected none"
assert_contains "$OUT" "check owners.owners_qty_pos: comment is none, expected Positive"
psql_q "COMMENT ON CONSTRAINT owners_pkey ON owners IS 'The key'"
psql_q "COMMENT ON CONSTRAINT owners_code_key ON owners IS NULL"
psql_q "COMMENT ON CONSTRAINT owners_qty_pos ON owners IS 'Positive'"
assert_exit 0 "$M" check

# 4. A constraint dropped with its comment comes back with it on the way down; one added later
# gets its comment with it.
cat >"$mod/schema.yaml" <<'YAML'
tables:
  owners:
    columns:
      id: bigint
      code: text
      qty: integer
      parent: { type: bigint, nullable: true }
    primary_key: { name: owners_pkey, columns: [id], comment: The key }
    checks:
      owners_qty_pos: { expression: "qty > 0", comment: Positive }
      owners_code_len: { expression: "length(code) < 10", comment: Short codes }
    foreign_keys:
      owners_parent_fkey: { columns: [parent], references: { table: owners }, comment: Parent owner }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Checks" --allow-destructive
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" upgrade
assert_eq "$(comment owners_code_len)" "Short codes" "comment of an added check"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1

# 5. Inspect round trip.
db_create migc_concomm_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE shops (id integer PRIMARY KEY, name text UNIQUE, rating integer CHECK (rating > 0));
CREATE TABLE sales (id integer PRIMARY KEY, shop integer REFERENCES shops);
COMMENT ON CONSTRAINT shops_pkey ON shops IS 'Shop id';
COMMENT ON CONSTRAINT shops_name_key ON shops IS 'Names are unique';
COMMENT ON CONSTRAINT shops_rating_check ON shops IS 'Stars';
COMMENT ON CONSTRAINT sales_shop_fkey ON sales IS 'Where it was sold';
SQL
inspect_adopt "comment on constraint"
assert_contains "$amod/schema.yaml" "primary_key: { name: shops_pkey, columns: [id], comment: Shop id }"
assert_contains "$amod/schema.yaml" "shops_name_key: { columns: [name], comment: Names are unique }"
assert_contains "$amod/schema.yaml" "shops_rating_check: { expression: \"rating > 0\", comment: Stars }"
assert_contains "$amod/schema.yaml" "comment: Where it was sold }"
adopt_round_trip migc_concomm_orig migc_concomm_copy
finish
