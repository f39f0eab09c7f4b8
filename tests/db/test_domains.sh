#!/usr/bin/env bash
# Domains end to end (SPEC §3.1, issue #11): base type, default, NOT NULL, named checks, collation
# and comment through diff, upgrade, downgrade and upgrade again; columns of a domain type (and of
# an array of one); alter and rename followed into the columns; offline sql; one drift line per
# property changed by hand and a dropped domain; and the inspect round trip of a hand-made
# database (equal pg_dump -s).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

doms() { # name:base:notnull:default:collation:checks of every domain of public
    psql_q "select coalesce(string_agg(t.typname || ':' || format_type(t.typbasetype, t.typtypmod)
        || ':' || t.typnotnull || ':' || coalesce(t.typdefault, '-') || ':' ||
        coalesce((select collname from pg_collation where oid = t.typcollation
                  and t.typcollation <> (select typcollation from pg_type where oid = t.typbasetype)), '-')
        || ':' || coalesce((select string_agg(conname || '=' || pg_get_constraintdef(oid), ',' order by conname)
                  from pg_constraint where contypid = t.oid), '-'), ' ' order by t.typname), '')
        from pg_type t where t.typnamespace = 'public'::regnamespace and t.typtype = 'd'"
}

# 1. A module with domains of every key; upgrade, check, downgrade to nothing, upgrade.
db_create migc_domains
mod=$T_DIR/dm
mkdir -p "$mod"
printf 'name: dm\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad]
domains:
  year: { type: int4, nullable: false, default: "2000", checks: { year_min: "VALUE >= 1901", year_max: "VALUE <= 2155" },
          comment: A year }
  email: { type: text, collation: "C", checks: { email_at: "VALUE ~ '@'" } }
  feeling: { type: mood }
  plain: { type: "varchar(20)", nullable: true }
tables:
  films:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      released: year
      contact: { type: email, nullable: true }
      how: { type: "feeling[]", nullable: true }
      note: { type: plain, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m init
r1=$mod/revisions/0001_init.yaml
assert_contains "$r1" 'create_domain: { name: year, type: integer, nullable: false, default: "2000", checks: { year_min: "VALUE >= 1901", year_max: "VALUE <= 2155" }, comment: A year }'
assert_contains "$r1" "create_domain: { name: email, type: text, collation: C, checks: { email_at: \"VALUE ~ '@'\" } }"
assert_contains "$r1" "create_domain: { name: plain, type: character varying(20) }"
ops=$(grep -o '^  - [a-z_]*' "$r1" | tr '\n' ' ')
assert_eq "$ops" "  - create_enum   - create_domain   - create_domain   - create_domain   - create_domain   - create_table " "operation order"
assert_exit 0 "$MIGC" check -C "$mod"
M=$T_DIR/m
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
want1="email:text:false:-:C:email_at=CHECK ((VALUE ~ '@'::text)) feeling:mood:false:-:-:- plain:character varying(20):false:-:-:- year:integer:true:2000:-:year_max=CHECK ((VALUE <= 2155)),year_min=CHECK ((VALUE >= 1901))"
assert_eq "$(doms)" "$want1" "domains after 0001"
assert_eq "$(psql_q "select obj_description('public.year'::regtype, 'pg_type')")" "A year" "comment"
assert_eq "$(psql_q "insert into films default values returning released")" "2000" "domain default"
psql_q "insert into films (released) values (1800)" >/dev/null 2>&1 && fail "the check lets 1800 in"
pass
psql_q "delete from films" >/dev/null || fail "delete"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade base --allow-destructive
assert_eq "$(doms)" "" "no domain left at base"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(doms)" "$want1" "domains after upgrading again"
assert_exit 0 "$M" --url "$DB_URL" check

# 2. Evolve: NOT NULL dropped, default changed, a check changed and one added, the comment
#    removed, a rename followed into the column types, a domain dropped, one added.
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad]
domains:
  film_year: { type: integer, default: "1999", checks: { year_min: "VALUE >= 1888", year_max: "VALUE <= 2155" },
               renamed_from: year }
  email: { type: text, collation: "C", nullable: false, checks: { email_at: "VALUE ~ '@'", email_len: "length(VALUE) < 200" },
           comment: mail }
  feeling: { type: mood }
  score: { type: "numeric(5,2)", default: "0" }
tables:
  films:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      released: film_year
      contact: { type: email, nullable: true }
      how: { type: "feeling[]", nullable: true }
      stars: { type: score, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m evolve --allow-destructive
r2=$mod/revisions/0002_evolve.yaml
assert_contains "$r2" "rename_domain: { from: year, to: film_year }"
assert_contains "$r2" 'alter_domain: { name: film_year, nullable: true, default: "1999", checks: { year_min: "VALUE >= 1888", year_max: "VALUE <= 2155" }, comment: null }'
assert_contains "$r2" "alter_domain: { name: email, nullable: false, checks: { email_at: \"VALUE ~ '@'\", email_len: \"length(VALUE) < 200\" }, comment: mail }"
assert_contains "$r2" 'create_domain: { name: score, type: "numeric(5,2)", default: "0" }'
ops=$(grep -o '^  - [a-z_]*' "$r2" | tr '\n' ' ')
assert_eq "$ops" "  - rename_domain   - alter_domain   - alter_domain   - create_domain   - add_column   - drop_column   - drop_domain " "evolve order"
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'renamed_from "year" of domain film_year: used by revision 0002_evolve'
assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
assert_contains "$OUT" "no changes"
# A respelled check or default is no change (a check reads VALUE as of the base type, so the cast
# PostgreSQL adds to a literal compared with it is no change either).
cp "$mod/schema.yaml" "$T_DIR/schema.keep"
sed -i 's/"VALUE >= 1888"/"(value>=1888)"/; s/default: "1999"/default: "(1999)"/; s/year_max: "VALUE <= 2155"/year_max: "VALUE <= 2155::integer"/' "$mod/schema.yaml"
grep -q '2155::integer' "$mod/schema.yaml" || fail "the respelling did not apply"
assert_exit 0 "$MIGC" diff -C "$mod" -m respelled --dry-run
assert_contains "$OUT" "no changes"
cp "$T_DIR/schema.keep" "$mod/schema.yaml"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
want2="email:text:true:-:C:email_at=CHECK ((VALUE ~ '@'::text)),email_len=CHECK ((length(VALUE) < 200)) feeling:mood:false:-:-:- film_year:integer:false:1999:-:year_max=CHECK ((VALUE <= 2155)),year_min=CHECK ((VALUE >= 1888)) score:numeric(5,2):false:0:-:-"
assert_eq "$(doms)" "$want2" "domains after 0002"
assert_eq "$(psql_q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'films'::regclass and attname = 'released'")" \
    "film_year" "the column follows the rename"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(doms)" "$want1" "domains after downgrading 0002"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 3. Offline sql leaves a fresh database as upgrade does, and back.
db_create migc_domains_sql
assert_exit 0 "$M" sql base:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >/dev/null 2>&1 || fail "offline upgrade sql"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(doms)" "$want2" "offline sql builds the domains"
assert_exit 0 "$M" sql head:base
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >/dev/null 2>&1 || fail "offline downgrade sql"
pass
assert_eq "$(doms)" "" "offline downgrade leaves no domain"

# 4. Drift: one line per property changed by hand, and a dropped domain.
db_create migc_domains_drift
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "alter domain film_year set not null; alter domain film_year set default 1;
    alter domain film_year drop constraint year_min; alter domain film_year add constraint year_odd check (VALUE % 2 = 1) not valid;
    alter domain email drop constraint email_len; alter domain email add constraint email_len check (length(VALUE) < 100);
    comment on domain email is 'by hand'; alter domain email drop not null;
    alter table films drop column stars; drop domain score" >/dev/null || fail "hand changes"
pass
assert_exit 1 "$M" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
domain film_year: nullable is false, expected true
domain film_year: default is 1, expected 1999
domain film_year: check year_min missing
domain film_year: check year_odd unexpected
domain email: check email_len is (length(VALUE) < 100), expected (length(VALUE) < 200)
domain email: comment is 'by hand', expected 'mail'
domain email: nullable is true, expected false
domain score: missing
DRIFT
assert_eq "$(grep -c '^domain ' "$OUT")" "8" "one drift line per property"

# 5. Inspect round trip: domains of every property (over an enum, with a collation, NOT NULL,
#    defaults, several checks, a comment), used by columns and arrays, inspected into a module
#    that builds an empty database with the same pg_dump -s; stamp head on the original is clean.
db_create migc_domains_orig
orig_url=$DB_URL
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
CREATE DOMAIN email AS text COLLATE "C" NOT NULL DEFAULT 'nobody@example.com'
    CONSTRAINT email_at CHECK (VALUE ~ '@') CONSTRAINT email_len CHECK (length(VALUE) < 200);
COMMENT ON DOMAIN email IS 'a mail address';
CREATE DOMAIN feeling AS mood DEFAULT 'happy';
CREATE DOMAIN price AS numeric(10,2) CHECK (VALUE > 0);
CREATE DOMAIN short_text AS character varying(20);
CREATE TABLE film (
    film_id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    release_year year,
    contact email,
    moods feeling[],
    cost price NOT NULL,
    code short_text
);
SQL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\nexclusive: true\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
[ ! -s "$ERR" ] || fail "inspect warned: $(cat "$ERR")"
pass
assert_contains "$amod/schema.yaml" '  year: { type: integer, checks: { year_check: "VALUE >= 1901 AND VALUE <= 2155" } }'
assert_contains "$amod/schema.yaml" "  email: { type: text, nullable: false, default: \"'nobody@example.com'::text\", collation: C, checks: { email_at: \"VALUE ~ '@'::text\", email_len: \"length(VALUE) < 200\" }, comment: a mail address }"
assert_not_contains "$amod/schema.yaml" "not managed"
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_domains_copy
copy_url=$DB_URL
assert_exit 0 "$AM" --url "$copy_url" upgrade
assert_same_dump migc_domains_orig migc_domains_copy
assert_contains "$T_DIR/migc_domains_copy.sql" "CREATE DOMAIN public.email AS text COLLATE pg_catalog"
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
assert_exit 0 "$AM" --url "$copy_url" check
assert_exit 0 "$AM" --url "$copy_url" downgrade base
assert_eq "$(PGDATABASE=migc_domains_copy doms)" "" "downgrade base leaves no domain"
finish
