#!/usr/bin/env bash
# Extensions in a schema of their own (issue #11, SPEC §3.1: CREATE EXTENSION pg_partman WITH
# SCHEMA partman): `extensions: [{ name, schema }]` creates the schema when it is missing, installs
# the extension there, checks that it stays there, and a downgrade drops the schema again only
# when nothing else is in it (and never one that existed before). Moving an installed extension
# is refused by diff with a clear error; inspect writes the form back.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_ext_schema

mod=$T_DIR/extmod
mkdir -p "$mod"
printf 'name: extmod\nschema: app\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
extensions: [pg_trgm, { name: hstore, schema: ext }]
tables:
  notes:
    columns:
      id: { type: bigint, primary_key: true }
      tags: { type: ext.hstore, nullable: true }   # its type, qualified with its schema
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Extensions"
rev=$(ls "$mod"/revisions/*.yaml)
assert_contains "$rev" "- create_extension: { name: hstore, schema: ext }"
assert_contains "$rev" "- create_extension: { name: pg_trgm }"
build_migrator "$mod" "$T_DIR/ext_migrator"
M=$T_DIR/ext_migrator
psql_q "CREATE SCHEMA app"

where() {
    psql_q "SELECT coalesce((SELECT n.nspname FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace WHERE x.extname = '$1'), 'none')"
}
schema_count() {
    psql_q "SELECT count(*) FROM pg_namespace WHERE nspname = '$1'"
}

# 1. Offline SQL, then a round trip.
assert_exit 0 "$M" sql base:head
assert_contains "$OUT" 'CREATE SCHEMA "ext"'
assert_contains "$OUT" 'CREATE EXTENSION "hstore" WITH SCHEMA "ext"'
assert_contains "$OUT" 'CREATE EXTENSION "pg_trgm" WITH SCHEMA "app"'
assert_exit 0 "$M" upgrade
assert_eq "$(where hstore)" "ext" "hstore in its own schema"
assert_eq "$(where pg_trgm)" "app" "pg_trgm in the module schema"
assert_eq "$(psql_q "SELECT ext.hstore('a', 'b')::text")" '"a"=>"b"' "hstore usable from ext"
psql_q "INSERT INTO app.notes VALUES (1, ext.hstore('k', 'v'))"
assert_eq "$(psql_q "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'app.notes'::regclass AND attname = 'tags'")" "ext.hstore" "column of the extension's type"
assert_exit 0 "$M" check

# 2. Moved by hand: drift; moved back: clean.
psql_q "ALTER EXTENSION hstore SET SCHEMA app"
assert_exit 1 "$M" check
assert_contains "$OUT" "extension hstore: schema is app, expected ext"
psql_q "ALTER EXTENSION hstore SET SCHEMA ext"
assert_exit 0 "$M" check

# 3. Downgrade: the extension and the schema it made are gone; again up.
assert_exit 0 "$M" --allow-destructive downgrade base
assert_eq "$(where hstore)" "none" "hstore dropped"
assert_eq "$(schema_count ext)" "0" "schema ext dropped with it"
assert_exit 0 "$M" upgrade
assert_eq "$(where hstore)" "ext" "hstore back in ext"

# 4. A schema that existed before (with a table of someone else's) is kept by the downgrade.
assert_exit 0 "$M" downgrade base
psql_q "CREATE SCHEMA ext; CREATE TABLE ext.keepme (id int)"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" downgrade base
assert_eq "$(where hstore)" "none" "hstore dropped"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname = 'keepme'")" "1" "ext.keepme kept"
psql_q "DROP TABLE ext.keepme"
# an empty schema that existed before is kept too (its create step was skipped: kept)
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" downgrade base
assert_contains "$OUT" "kept schema ext"
assert_eq "$(schema_count ext)" "1" "pre-existing empty schema kept"
psql_q "DROP SCHEMA ext"

# 5. inspect writes the form back.
assert_exit 0 "$M" upgrade
assert_exit 0 "$MIGC" inspect --url "$DB_URL" --schema app
assert_contains "$OUT" "extensions: [{ name: hstore, schema: ext }, pg_trgm]"

# 6. Moving an installed extension is refused with its place in schema.yaml.
sed -i 's/schema: ext }/schema: other }/; s/type: ext.hstore/type: other.hstore/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Move"
assert_contains "$ERR" "schema.yaml:1:"
assert_contains "$ERR" "extension \"hstore\" is installed in schema ext: moving it to other is not written by diff"
finish
