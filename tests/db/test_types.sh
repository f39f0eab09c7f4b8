#!/usr/bin/env bash
# Composite types end to end (SPEC §3.1 `types:`, issue #11): attributes with types and
# collations and a comment through diff, upgrade, downgrade and upgrade again; columns of the
# type; attributes added, dropped and retyped; a rename followed into the columns; offline sql;
# one drift line per property changed by hand; and the inspect round trip (equal pg_dump -s).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

cts() { # name(attr type[:collation], ...) of every composite type of public
    psql_q "select coalesce(string_agg(t.typname || '(' || (select string_agg(a.attname || ' ' ||
        format_type(a.atttypid, a.atttypmod) || coalesce(':' || (select collname from pg_collation
        where oid = a.attcollation and a.attcollation <> (select typcollation from pg_type where oid = a.atttypid)), ''),
        ', ' order by a.attnum) from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0
        and not a.attisdropped) || ')', ' ' order by t.typname), '')
        from pg_type t join pg_class r on r.oid = t.typrelid and r.relkind = 'c'
        where t.typnamespace = 'public'::regnamespace"
}

# 1. Round trip.
db_create migc_types
mod=$T_DIR/ct
mkdir -p "$mod"
printf 'name: ct\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
types:
  address: { columns: { street: text, city: { type: text, collation: "C" }, zip: "varchar(10)" },
             comment: Postal }
  pair: { columns: { a: int4, b: int4 } }
  spare: { columns: { v: int4 } }
tables:
  people:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      home: { type: address, nullable: true }
      pairs: { type: "pair[]", nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m init
r1=$mod/revisions/0001_init.yaml
assert_contains "$r1" "create_type: { name: address, columns: { street: text, city: { type: text, collation: C }, zip: character varying(10) }, comment: Postal }"
assert_contains "$r1" "create_type: { name: pair, columns: { a: integer, b: integer } }"
assert_exit 0 "$MIGC" check -C "$mod"
M=$T_DIR/m
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
want1="address(street text, city text:C, zip character varying(10)) pair(a integer, b integer) spare(v integer)"
assert_eq "$(cts)" "$want1" "types after 0001"
assert_eq "$(psql_q "select obj_description('public.address'::regtype, 'pg_type')")" "Postal" "comment"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade base --allow-destructive
assert_eq "$(cts)" "" "no type left at base"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(cts)" "$want1" "types after upgrading again"
assert_exit 0 "$M" --url "$DB_URL" check

# 2. Evolve: an attribute added, one dropped, one retyped, the comment changed, a rename followed
#    into the column, a type dropped, one added.
cat >"$mod/schema.yaml" <<'YAML'
types:
  postal_address: { columns: { street: text, city: { type: text, collation: "C" }, zip5: text, country: text },
                    comment: Where, renamed_from: address }
  point3: { columns: { x: float8, y: float8, z: float8 } }
  spare: { columns: { v: bigint, w: { type: text, collation: "C" } } }
tables:
  people:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      home: { type: postal_address, nullable: true }
      at: { type: point3, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m evolve --allow-destructive
r2=$mod/revisions/0002_evolve.yaml
assert_contains "$r2" "rename_type: { from: address, to: postal_address }"
assert_contains "$r2" "alter_type: { name: postal_address, columns: { street: text, city: { type: text, collation: C }, zip5: text, country: text }, comment: Where }"
assert_contains "$r2" "alter_type: { name: spare, columns: { v: bigint, w: { type: text, collation: C } } }"
assert_contains "$r2" "drop_type: { name: pair }"
assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
assert_contains "$OUT" "no changes"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
want2="point3(x double precision, y double precision, z double precision) postal_address(street text, city text:C, zip5 text, country text) spare(v bigint, w text:C)"
assert_eq "$(cts)" "$want2" "types after 0002"
assert_eq "$(psql_q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'people'::regclass and attname = 'home'")" \
    "postal_address" "the column follows the rename"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(cts)" "$want1" "types after downgrading 0002"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 3. Offline sql.
db_create migc_types_sql
assert_exit 0 "$M" sql base:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >/dev/null 2>&1 || fail "offline upgrade sql"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" sql head:base
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >/dev/null 2>&1 || fail "offline downgrade sql"
pass
assert_eq "$(cts)" "" "offline downgrade leaves no type"

# 4. Drift.
db_create migc_types_drift
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "alter type postal_address drop attribute country; alter type postal_address add attribute extra int;
    alter type spare alter attribute v type varchar(5); comment on type postal_address is 'by hand';
    alter type spare alter attribute w type text collate \"default\"" >/dev/null || fail "hand changes"
pass
assert_exit 1 "$M" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
type postal_address: attribute country missing
type postal_address: attribute extra unexpected
type spare: attribute v type is character varying(5), expected bigint
type postal_address: comment is 'by hand', expected 'Where'
type spare: attribute w collation is none, expected C
DRIFT
assert_eq "$(grep -c '^type ' "$OUT")" "5" "one drift line per property"

# 5. Inspect round trip.
db_create migc_types_orig
orig_url=$DB_URL
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TYPE address AS (street text, city text COLLATE "C", zip character varying(10), n posint);
COMMENT ON TYPE address IS 'Postal';
CREATE TYPE feeling AS (m mood, strength numeric(3,1), tags text[]);
CREATE TABLE people (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    home address,
    feelings feeling[]
);
SQL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\nexclusive: true\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
[ ! -s "$ERR" ] || fail "inspect warned: $(cat "$ERR")"
pass
assert_contains "$amod/schema.yaml" '  address: { columns: { street: text, city: { type: text, collation: C }, zip: character varying(10), "n": posint }, comment: Postal }'
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_types_copy
copy_url=$DB_URL
assert_exit 0 "$AM" --url "$copy_url" upgrade
assert_same_dump migc_types_orig migc_types_copy
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
assert_exit 0 "$AM" --url "$copy_url" check
assert_exit 0 "$AM" --url "$copy_url" downgrade base
assert_eq "$(PGDATABASE=migc_types_copy cts)" "" "downgrade base leaves no type"

# 6. Types over types, whatever their order in the file: a domain over a composite type that
#    holds another declared after it; created inner first, dropped outer first.
db_create migc_types_order
omod=$T_DIR/order
mkdir -p "$omod"
printf 'name: ord\nexclusive: true\n' >"$omod/module.yaml"
cat >"$omod/schema.yaml" <<'YAML'
domains:
  home_d: { type: a_outer, checks: { has_inner: "(VALUE).inner IS NOT NULL" } }
types:
  a_outer: { columns: { inner: z_inner, note: text } }
  z_inner: { columns: { v: int4 } }
tables:
  t:
    columns:
      x: { type: home_d, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$omod" -m init
ops=$(grep -o '^  - [a-z_]*: { name: [a-z_]*' "$omod/revisions/0001_init.yaml" | sed 's/: { name://' | tr '\n' ' ')
assert_eq "$ops" "  - create_type z_inner   - create_type a_outer   - create_domain home_d " "creation order"
printf 'tables: {}\n' >"$omod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$omod" -m drop --allow-destructive
ops=$(grep -o '^  - [a-z_]*: { name: [a-z_]*' "$omod/revisions/0002_drop.yaml" | sed 's/: { name://' | tr '\n' ' ')
assert_eq "$ops" "  - drop_table t   - drop_domain home_d   - drop_type a_outer   - drop_type z_inner " "drop order"
OM=$T_DIR/order_migrator
build_migrator "$omod" "$OM"
assert_exit 0 "$OM" --url "$DB_URL" upgrade 0001
assert_exit 0 "$OM" --url "$DB_URL" check
psql_q "insert into t values (ROW(ROW(1), 'n')::a_outer)" >/dev/null || fail "insert a nested row"
pass
assert_exit 0 "$OM" --url "$DB_URL" upgrade --allow-destructive
assert_exit 0 "$OM" --url "$DB_URL" check
assert_exit 0 "$OM" --url "$DB_URL" downgrade base
assert_exit 0 "$OM" --url "$DB_URL" upgrade
assert_eq "$(cts)" "" "no type left at head"
finish
