#!/usr/bin/env bash
# The migrator's command line against the real server, with generated code for a module in its
# own schema (ported from the early hand-written runtime fixture): progress and summary lines,
# --quiet, --json, history, targets (prefix, +N/-N, ambiguous, unknown, wrong direction), usage
# errors, stamp, guards skipping existing objects, holes in the version table, a failing step's
# message, irreversible revisions, connection errors without passwords.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"
db_create migc_rel_cli

mod=$T_DIR/cli
rel_module "$mod" rel_cli "schema: app"
rel_revision "$mod" 0001_init "" <<'YAML'
  - create_table: { name: users, columns: { id: bigint, name: text }, primary_key: [id] }
YAML
cat >"$mod/revisions/0002_email.yaml" <<'YAML'
revision: 0002_email
parent: 0001_init
message: "Add \"email\"\tcolumn"
operations:
  - add_column: { table: users, name: email, type: text, nullable: true }
  - sql: { up: "INSERT INTO users (id, name, email) VALUES (1, 'ann', 'ann@example.org')", down: "DELETE FROM users WHERE id = 1" }
YAML
rel_revision "$mod" 0003_index 0002_email <<'YAML'
  - create_index: { table: users, name: users_email_idx, columns: [email], concurrently: true }
YAML
M=$T_DIR/cli_migrator
rel_build "$mod" "$M"
version_rows() {
    psql_q "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '') FROM app.migc_version"
}

# Read-only commands on an empty database create nothing.
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" base "current at base"
assert_exit 0 "$M" --json status
assert_contains "$OUT" '"pending": 3'
assert_eq "$(psql_q "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'")" 0 "no schema yet"

# Upgrade one step, then to head; options after the command.
assert_exit 0 "$M" upgrade +1
assert_contains "$OUT" "upgrade 0001_init ... ok ("
assert_contains "$OUT" "upgraded base -> 0001_init (1 revision,"
assert_exit 0 "$M" upgrade --url "$DB_URL"
assert_contains "$OUT" "upgrade 0002_email ... ok ("
assert_contains "$OUT" "upgrade 0003_index ... ok ("
assert_contains "$OUT" "upgraded 0001_init -> 0003_index (2 revisions,"
assert_exit 0 "$M" upgrade
assert_eq "$(cat "$OUT")" "already at 0003_index" "nothing to do"
assert_exit 0 "$M" current --quiet
assert_eq "$(cat "$OUT")" 0003_index "current at head"
assert_eq "$(version_rows)" "0001_init,0002_email,0003_index" "three version rows"
assert_exit 0 "$M" history
assert_contains "$OUT" "0002_email"
assert_contains "$OUT" "applied"
assert_exit 0 "$M" --json status
assert_contains "$OUT" '"pending": 0'
assert_exit 0 "$M" --json current
assert_contains "$OUT" '"0003_index"'
assert_exit 0 "$M" --json history
assert_contains "$OUT" 'Add \"email\"\tcolumn'
if command -v python3 >/dev/null; then
    for c in current history status; do
        "$M" --json "$c" | python3 -c 'import json, sys; json.load(sys.stdin)' ||
            fail "--json $c is not one JSON document"
        pass
    done
fi

# Targets: wrong direction, unknown, ambiguous, relative; usage errors are exit 2.
assert_exit 2 "$M" upgrade 0001
assert_contains "$ERR" "is behind the current revision"
assert_exit 2 "$M" downgrade nope
assert_contains "$ERR" "unknown target nope"
assert_exit 2 "$M" downgrade 000
assert_contains "$ERR" "ambiguous"
assert_exit 2 "$M" downgrade +1
assert_exit 2 "$M" downgrade -4
assert_contains "$ERR" "only 3 revision(s) applied"
assert_exit 2 "$M" downgrade
assert_exit 2 "$M" frobnicate
assert_exit 2 "$M" --frob current
assert_exit 2 "$M" --url
assert_exit 2 "$M"
assert_exit 0 "$M" --help
assert_contains "$OUT" "usage:"
assert_eq "$(version_rows)" "0001_init,0002_email,0003_index" "usage errors change nothing"

# Downgrades: by -N and by a unique prefix; --quiet prints nothing.
assert_exit 0 "$M" downgrade -1
assert_contains "$OUT" "downgrade 0003_index ... ok ("
assert_eq "$(psql_q "SELECT to_regclass('app.users_email_idx') IS NULL")" t "index dropped"
assert_exit 0 "$M" --allow-destructive downgrade 0001_
assert_contains "$OUT" "downgrade 0002_email ... ok ("
assert_exit 0 "$M" --allow-destructive downgrade base -q
assert_eq "$(cat "$OUT")" "" "quiet prints nothing"
assert_eq "$(psql_q "SELECT to_regclass('app.users') IS NULL")" t "table dropped"
assert_eq "$(version_rows)" "" "no version rows"

# Stamp records rows without running steps.
assert_exit 0 "$M" stamp 0002
assert_contains "$OUT" "stamped 0002_email (was base)"
assert_eq "$(psql_q "SELECT to_regclass('app.users') IS NULL")" t "stamp runs no step"
assert_eq "$(version_rows)" "0001_init,0002_email" "stamped rows"
assert_exit 0 "$M" stamp base
assert_eq "$(version_rows)" "" "stamp base clears"

# Guards: objects already there are skipped, the rest runs.
psql_q "CREATE TABLE app.users (id bigint PRIMARY KEY, name text NOT NULL)"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q 'SELECT count(*) FROM app.users')" 1 "guarded create skipped, rest ran"

# A hole in the version table is refused.
psql_q "DELETE FROM app.migc_version WHERE revision = '0002_email'"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "the version table is inconsistent: revision 0003_index is recorded"
psql_q "INSERT INTO app.migc_version (revision, checksum)
        SELECT '0002_email', checksum FROM app.migc_version WHERE revision = '0003_index'"
assert_exit 1 "$M" upgrade
assert_contains "$ERR" "checksum mismatch for revision 0002_email"
assert_exit 1 "$M" stamp head
psql_q "DELETE FROM app.migc_version"
assert_exit 0 "$M" stamp head

# Connection failures: exit 3, never a password, in URI or keyword form.
assert_exit 3 "$M" --url postgresql://u:sekrit@127.0.0.1:1/x current
assert_contains "$ERR" "postgresql://u:***@127.0.0.1:1/x"
assert_not_contains "$ERR" sekrit
assert_exit 3 "$M" --url "host=127.0.0.1 port=1 password='se cret' dbname=x" current
assert_not_contains "$ERR" "se cret"
assert_exit 3 env DATABASE_URL="postgresql://u:envpw@127.0.0.1:1/x" "$M" status
assert_not_contains "$ERR" envpw

# A failing step rolls the whole revision back; the message names revision, step and source.
fmod=$T_DIR/fail
cp -r "$mod" "$fmod"
rm -rf "$fmod/generated"
rel_revision "$fmod" 0004_fail 0003_index <<'YAML'
  - create_table: { name: t4, columns: { x: integer }, primary_key: [x] }
  - sql: { up: "INSERT INTO t4 VALUES (1)", down: "" }
  - sql: { up: "INSERT INTO users (id, name) VALUES (1, 'dup')", down: "" }
YAML
F=$T_DIR/fail_migrator
rel_build "$fmod" "$F"
assert_exit 4 "$F" upgrade
assert_contains "$ERR" "revision 0004_fail failed at step 3 (sql, revisions/0004_fail.yaml:"
assert_contains "$ERR" "ERROR:  duplicate key value violates unique constraint"
assert_contains "$ERR" "(SQLSTATE 23505)"
assert_contains "$OUT" "upgrade 0004_fail ... failed"
assert_eq "$(psql_q "SELECT to_regclass('app.t4') IS NULL")" t "nothing of 0004 left"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" 0003_index "still at 0003"

# An irreversible revision (sql without down) refuses the downgrade before any step.
psql_q "DELETE FROM app.users WHERE name = 'dup'"
sed -i 's/, down: "" }$/ }/' "$fmod/revisions/0004_fail.yaml"
sed -i "s/VALUES (1, 'dup')/VALUES (2, 'bob')/" "$fmod/revisions/0004_fail.yaml"
rel_build "$fmod" "$F"
assert_exit 0 "$F" upgrade
assert_exit 7 "$F" downgrade base
assert_contains "$ERR" "cannot downgrade past revision 0004_fail"
assert_eq "$(version_rows)" "0001_init,0002_email,0003_index,0004_fail" "nothing downgraded"
assert_exit 0 "$F" downgrade 0004
assert_contains "$OUT" "already at 0004_fail"
finish
