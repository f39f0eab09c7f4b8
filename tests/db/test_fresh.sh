#!/usr/bin/env bash
# The fresh-database path (SPEC §7): an upgrade from base to head of a database where none of the
# module's objects exist builds the head from the compiled snapshot (generated/snapshot.c) and
# records every revision, in one transaction; it says so, and the verification after it passes.
# It is chosen only when it may be: not with another object in the schema, an extension the
# module creates already installed, a target short of head, --replay or
# --transaction-per-revision, nor when a sql step without `fresh: skip` stands in the way. A
# failing snapshot names its step and leaves nothing. The same with --targets (tenant schemas).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

mod=$T_DIR/fr
M=$T_DIR/fr_migrator
mkdir -p "$mod/revisions"
echo "name: fr" >"$mod/module.yaml"
cat >"$mod/revisions/0001_base.yaml" <<'EOF'
revision: 0001_base
operations:
  - create_extension: { name: pgcrypto }
  - create_enum: { name: mood, values: [calm, busy] }
  - create_table:
      name: people
      columns:
        id: { type: bigint, identity: always, primary_key: true }
        email: { type: text, nullable: false, unique: true }
        mood: { type: mood, default: "'calm'" }
        token: { type: uuid, default: "gen_random_uuid()" }
      indexes:
        people_mood_idx: { columns: [mood], where: "mood <> 'busy'" }
EOF
cat >"$mod/revisions/0002_notes.yaml" <<'EOF'
revision: 0002_notes
parent: 0001_base
operations:
  - add_enum_value: { enum: mood, value: sleepy }
  - create_table:
      name: notes
      columns:
        id: { type: bigint, primary_key: true }
        person_id: { type: bigint, nullable: false }
        body: { type: text }
      checks:
        notes_body_short: "length(body) < 500"
      foreign_keys:
        notes_person_fkey: { columns: [person_id], references: { table: people, columns: [id] } }
  - rename_column: { table: people, from: email, to: mail }
  - set_comment: { table: notes, comment: "what people wrote" }
EOF
cat >"$mod/revisions/0003_index.yaml" <<'EOF'
revision: 0003_index
parent: 0002_notes
operations:
  - create_index: { table: notes, name: notes_body_idx, columns: [body], concurrently: true }
EOF
rebuild() {
    assert_exit 0 "$MIGC" generate -C "$mod"
    build_migrator "$mod" "$M"
}
rebuild
assert_contains "$mod/generated/revisions.c" ".snapshot = &migc_snapshot_fr,"
assert_contains "$mod/generated/snapshot.c" ".n_steps = "
assert_not_contains "$mod/generated/snapshot.c" "(drop invalid)"
assert_not_contains "$mod/generated/snapshot.c" "CONCURRENTLY"

dump() { # schema-only dump of $1 without the per-run \restrict keys
    pg_dump -s -d "$1" | grep -v '^\\\(un\)\{0,1\}restrict '
}
rows() {
    psql_q "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '-') FROM migc_version"
}
objects() { # relations and types the module would own, in public
    psql_q "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace
            AND relname <> 'migc_version' AND relname <> 'migc_version_pkey'"
}

# (1) A fresh database: the snapshot builds the head in one go, every revision is recorded, and
# the verification after it (and check) find the schema of head. Its dump equals that of a
# database upgraded revision by revision (--replay).
db_create migc_snap_replayed
assert_exit 0 "$M" upgrade --replay
assert_not_contains "$OUT" "fresh database"
assert_contains "$OUT" "upgrade 0001_base ... ok ("
dump migc_snap_replayed >"$T_DIR/replayed.sql"
db_create migc_snap
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "fresh database: built 0003_index from the head snapshot ("
assert_contains "$OUT" "3 revisions recorded) ... ok ("
assert_not_contains "$OUT" "upgrade 0001_base"
assert_contains "$OUT" "upgraded base -> 0003_index (3 revisions,"
assert_eq "$(rows)" "0001_base,0002_notes,0003_index" "version rows after the snapshot"
assert_eq "$(psql_q "SELECT count(*) FROM migc_version WHERE execution_ms IS NULL")" "0" \
    "execution_ms of the recorded rows"
assert_exit 0 "$M" check
dump migc_snap >"$T_DIR/snapshot.sql"
diff "$T_DIR/replayed.sql" "$T_DIR/snapshot.sql" >"$T_DIR/dump.diff" ||
    fail "the snapshot's schema differs from the replayed one: $(cat "$T_DIR/dump.diff")"
pass
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "already at 0003_index"

# (2) It downgrades like any other: every revision's reverse, down to nothing.
assert_exit 0 "$M" downgrade base
assert_eq "$(objects)" "0" "objects after downgrade base"
assert_eq "$(psql_q "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")" "0" \
    "pgcrypto after downgrade base"

# (3) Not fresh: another relation in the schema; then a target short of head; then the flags.
psql_q "CREATE TABLE public.bystander (id int)"
assert_exit 0 "$M" upgrade
assert_not_contains "$OUT" "fresh database"
assert_contains "$OUT" "upgrade 0001_base ... ok ("
assert_exit 0 "$M" downgrade base
psql_q "DROP TABLE public.bystander"
assert_exit 0 "$M" upgrade 0002
assert_not_contains "$OUT" "fresh database"
assert_exit 0 "$M" downgrade base
assert_exit 0 "$M" upgrade --transaction-per-revision
assert_not_contains "$OUT" "fresh database"
assert_exit 0 "$M" downgrade base
assert_exit 2 "$M" downgrade base --replay
assert_contains "$ERR" "--replay is only for upgrade"

# (4) An extension the module creates, already installed (elsewhere): the revisions replay, so
# that the upgrade records it as found (kept) and downgrade base leaves it.
psql_q "CREATE SCHEMA ext; CREATE EXTENSION pgcrypto WITH SCHEMA ext"
assert_exit 0 "$M" upgrade
assert_not_contains "$OUT" "fresh database"
assert_exit 0 "$M" downgrade base
assert_contains "$OUT" "kept extension pgcrypto"
assert_eq "$(psql_q "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")" "1" \
    "pgcrypto kept"
psql_q "DROP EXTENSION pgcrypto; DROP SCHEMA ext"

# (5) A sql step stands in the way: the run replays and says why; `fresh: skip` lets the
# snapshot stand for it (the step, a backfill, then does not run).
cat >"$mod/revisions/0004_backfill.yaml" <<'EOF'
revision: 0004_backfill
parent: 0003_index
operations:
  - add_column: { table: notes, name: seen, type: boolean, default: "false" }
  - sql:
      up: "UPDATE notes SET seen = true; INSERT INTO flags.log VALUES ('backfill')"
      down: ""
EOF
rebuild
psql_q "CREATE SCHEMA flags; CREATE TABLE flags.log (step text)" # not the module's schema
assert_contains "$mod/generated/snapshot.c" "revisions/0004_backfill.yaml:5:5: a sql step without fresh: skip"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "fresh database: replaying the revisions (the head snapshot cannot stand for them: revisions/0004_backfill.yaml:5:5: a sql step without fresh: skip)"
assert_contains "$OUT" "upgrade 0004_backfill ... ok ("
assert_eq "$(psql_q "SELECT count(*) FROM flags.log")" "1" "the sql step ran"
assert_exit 0 "$M" downgrade base
sed -i 's/      down: ""/      down: ""\n      fresh: skip/' "$mod/revisions/0004_backfill.yaml"
rebuild
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "fresh database: built 0004_backfill from the head snapshot ("
assert_eq "$(psql_q "SELECT count(*) FROM flags.log")" "1" \
    "a fresh: skip step does not run on the snapshot path"
assert_exit 0 "$M" downgrade base
sed -i 's/fresh: skip/fresh: later/' "$mod/revisions/0004_backfill.yaml"
assert_exit 3 "$MIGC" generate -C "$mod"
assert_contains "$ERR" "0004_backfill.yaml:8:14: error: \"fresh\" of a sql step is \"skip\""
sed -i 's/fresh: later/fresh: skip/' "$mod/revisions/0004_backfill.yaml"

# (6) --targets: a fresh tenant schema is built from the retargeted snapshot.
echo "$DB_URL tenant_one" >"$T_DIR/targets"
assert_exit 0 "$M" --targets "$T_DIR/targets" upgrade
assert_contains "$OUT" "base -> 0004_backfill (built from the head snapshot)"
assert_eq "$(objects)" "0" "objects in public after a tenant run"
assert_eq "$(psql_q "SELECT count(*) FROM tenant_one.migc_version")" "4" "tenant version rows"
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relnamespace = 'tenant_one'::regnamespace
                     AND relname IN ('people', 'notes')")" "2" "tenant tables"
assert_exit 0 "$M" --targets "$T_DIR/targets" check
assert_exit 0 "$M" --targets "$T_DIR/targets" --json downgrade base
assert_contains "$OUT" '"snapshot": false'
assert_exit 0 "$M" --targets "$T_DIR/targets" --json upgrade
assert_contains "$OUT" '"snapshot": true'

# (7) A snapshot that fails (a type the module declares external, absent here) names its step,
# rolls everything back and leaves no version row.
db_create migc_snap_fail
cat >"$mod/revisions/0005_year.yaml" <<'EOF'
revision: 0005_year
parent: 0004_backfill
operations:
  - add_column: { table: notes, name: written, type: year }
EOF
printf 'external_types: [year]\n' >>"$mod/module.yaml"
rebuild
assert_exit 4 "$M" upgrade
assert_contains "$OUT" "fresh database: building 0005_year from the head snapshot ... failed"
assert_contains "$ERR" "building the head 0005_year from the snapshot failed (nothing was changed"
assert_contains "$ERR" "(create_table notes, head snapshot)"
assert_contains "$ERR" 'type "year" does not exist'
assert_contains "$ERR" "hint: year is listed under external_types in module.yaml: it comes from outside this module and must exist before the migrator runs"
assert_eq "$(rows)" "-" "version rows after a failed snapshot"
assert_eq "$(objects)" "0" "objects after a failed snapshot"
finish
