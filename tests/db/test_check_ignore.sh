#!/usr/bin/env bash
# module.yaml `ignore:` (SPEC §2) in the migrator's `check`: objects whose names a pattern matches
# (`name` or `schema.name`, with `*` and `?`) are left alone with everything on them, in an
# exclusive module where any other undeclared object is drift; `migc inspect` leaves the same
# objects out, so the two agree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_check_ignore

mod=$T_DIR/ignoring
mkdir -p "$mod"
cat >"$mod/module.yaml" <<'YAML'
name: ignoring
schema: app
exclusive: true
ignore: ["tmp_*", "app.old?", "other_schema.*"]
YAML
cat >"$mod/schema.yaml" <<'YAML'
tables:
  users:
    columns:
      id:    { type: bigint, primary_key: true }
      email: text
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Users"
assert_contains "$mod/generated/revisions.c" 'static const char *const ignore[] = {"tmp_*", "app.old\?", "other_schema.*"};'
build_migrator "$mod" "$T_DIR/ignoring_migrator"
M=$T_DIR/ignoring_migrator
psql_q "CREATE SCHEMA app"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

# Matched by a bare pattern, by a schema-qualified one, and on an ignored table: all left alone.
psql_q "CREATE TABLE app.tmp_import (id int, payload text)"
psql_q "CREATE INDEX tmp_users_email ON app.users (email)"
psql_q "CREATE TABLE app.olds (id int)"
psql_q "CREATE TYPE app.tmp_state AS ENUM ('a', 'b')"
psql_q "CREATE SEQUENCE app.tmp_counter"
assert_exit 0 "$M" check
assert_not_contains "$OUT" "tmp_"
assert_not_contains "$OUT" "olds"

# Not matched: "older" is two characters past "old", and a pattern for another schema does not
# cover app; both are drift, each on its own line, and nothing ignored shows up.
psql_q "CREATE TABLE app.older (id int)"
psql_q "CREATE TABLE app.other_schema_t (id int)"
psql_q "ALTER TABLE app.users ADD COLUMN tmp_note text"
assert_exit 1 "$M" check
assert_contains "$OUT" "table older: unexpected (exclusive module)"
assert_contains "$OUT" "table other_schema_t: unexpected (exclusive module)"
assert_contains "$OUT" "column users.tmp_note: unexpected"
assert_not_contains "$OUT" "tmp_import"
assert_not_contains "$OUT" "tmp_users_email"
assert_not_contains "$OUT" "tmp_state"
assert_not_contains "$OUT" "tmp_counter"
assert_not_contains "$OUT" "table olds"
psql_q "DROP TABLE app.older, app.other_schema_t; ALTER TABLE app.users DROP COLUMN tmp_note"
assert_exit 0 "$M" check

# inspect leaves the same objects out and says so.
assert_exit 0 "$MIGC" inspect --url "$DB_URL" --schema app -C "$mod"
assert_not_contains "$OUT" "tmp_import"
assert_contains "$ERR" "left out: table tmp_import (ignore: tmp_*)"
assert_contains "$ERR" "left out: table olds (ignore: app.old?)"
finish
