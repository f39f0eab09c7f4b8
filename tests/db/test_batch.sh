#!/usr/bin/env bash
# Fewer commits, same safety (SPEC §7): consecutive transactional revisions share one transaction
# with their version rows; a failure rolls back to the last commit and the run says which
# revisions stayed applied; batch_revisions: 1 and --transaction-per-revision give each revision
# its own; the generator's commit points (a value added to an enum and used by a later revision)
# hold inside a batch; a lock_timeout retries the batch from its last commit; downgrades batch too.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_batch

# A log outside the module (schema flags: not the module's, never drift): the sql steps write
# their transaction id there, and 0003 fails until flags.go exists.
psql_q "CREATE SCHEMA flags; CREATE TABLE flags.log (step text, tx bigint)"

mod=$T_DIR/bt
M=$T_DIR/bt_migrator
mkdir -p "$mod/revisions"
echo "name: bt" >"$mod/module.yaml"

# revision ID PARENT TABLE [EXTRA-SQL-UP]: creates TABLE and logs its transaction both ways.
revision() {
    {
        printf 'revision: %s\n' "$1"
        [ -n "$2" ] && printf 'parent: %s\n' "$2"
        printf 'operations:\n'
        printf '  - create_table: { name: %s, columns: { id: { type: bigint, primary_key: true } } }\n' "$3"
        printf '  - sql:\n'
        printf "      up: \"%sINSERT INTO flags.log VALUES ('up %s', pg_catalog.txid_current())\"\n" "${4:-}" "$1"
        printf "      down: \"INSERT INTO flags.log VALUES ('down %s', pg_catalog.txid_current())\"\n" "$1"
    } >"$mod/revisions/$1.yaml"
}
revision 0001_a "" a
revision 0002_b 0001_a b
revision 0003_c 0002_b c "DO \$\$ BEGIN IF to_regclass('flags.go') IS NULL THEN RAISE EXCEPTION 'no flags.go'; END IF; END \$\$; "
revision 0004_d 0003_c d
rebuild() {
    assert_exit 0 "$MIGC" generate -C "$mod"
    build_migrator "$mod" "$M"
}
rebuild
grep -q 'batch_revisions' "$mod/generated/revisions.c" && fail "batch_revisions written though unset"
assert_contains "$mod/generated/revisions.c" ".commit_before = commit_before,"

tables() {
    psql_q "SELECT count(*) FROM pg_catalog.pg_class WHERE relnamespace = 'public'::regnamespace
            AND relname IN ('a', 'b', 'c', 'd')"
}
rows() {
    psql_q "SELECT coalesce(string_agg(revision, ',' ORDER BY revision), '-') FROM migc_version"
}
log_txs() { # distinct transactions that logged a step starting with $1
    psql_q "SELECT count(DISTINCT tx) FROM flags.log WHERE step LIKE '$1%'"
}

# (1) The 3rd of 4 revisions fails. By default all four share one transaction: 0001 and 0002 are
# rolled back with it, and the error says nothing stayed.
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "revision 0003_c failed at step 2 (sql, revisions/0003_c.yaml:5:5)"
assert_contains "$ERR" "no flags.go"
assert_contains "$ERR" "applied and committed before the failure: none; the database is at base"
assert_contains "$OUT" "upgrade 0001_a ... ok ("
assert_contains "$OUT" "upgrade 0002_b ... ok ("
assert_contains "$OUT" "upgrade 0003_c ... failed"
assert_eq "$(tables)" "0" "tables after a failed batch"
assert_eq "$(rows)" "-" "version rows after a failed batch"

# --transaction-per-revision: 0001 and 0002 commit on their own and stay.
assert_exit 4 "$M" upgrade --transaction-per-revision
assert_contains "$ERR" "applied and committed before the failure: 0001_a, 0002_b; the database is at 0002_b"
assert_eq "$(tables)" "2" "tables with --transaction-per-revision"
assert_eq "$(rows)" "0001_a,0002_b" "version rows with --transaction-per-revision"
assert_exit 2 "$M" status --transaction-per-revision
assert_exit 0 "$M" downgrade base

# batch_revisions: 1 in module.yaml does the same.
printf 'batch_revisions: 1\n' >>"$mod/module.yaml"
rebuild
assert_contains "$mod/generated/revisions.c" '.batch_revisions = "1",'
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "applied and committed before the failure: 0001_a, 0002_b; the database is at 0002_b"
assert_eq "$(rows)" "0001_a,0002_b" "version rows with batch_revisions: 1"
# A failure on the way down (0002's down finds flags.log gone) names what stayed reverted.
psql_q "ALTER TABLE flags.log RENAME TO log_away"
assert_exit 4 "$M" downgrade base
assert_contains "$ERR" "downgrade of revision 0002_b failed"
assert_contains "$ERR" "reverted and committed before the failure: none; the database is at 0002_b"
psql_q "ALTER TABLE flags.log_away RENAME TO log"
assert_exit 0 "$M" downgrade base

# (3) Fewer commits: with the defaults, base -> head is one transaction (every version row has the
# same xmin, every up step logged the same transaction id); --transaction-per-revision: four.
sed -i '/^batch_revisions/d' "$mod/module.yaml"
rebuild
psql_q "CREATE TABLE flags.go ()"
psql_q "TRUNCATE flags.log"
assert_exit 0 "$M" upgrade
assert_contains "$OUT" "upgrade 0004_d ... ok ("
assert_contains "$OUT" "upgraded base -> 0004_d (4 revisions"
assert_eq "$(psql_q "SELECT count(DISTINCT xmin::text) FROM migc_version")" "1" "xmins of a batch"
assert_eq "$(log_txs up)" "1" "transactions of the batched upgrade"
assert_exit 0 "$M" check

# (4) Downgrades batch too: head -> base in one transaction; each revision's progress line stays.
assert_exit 0 "$M" downgrade base
assert_contains "$OUT" "downgrade 0001_a ... ok ("
assert_eq "$(log_txs down)" "1" "transactions of the batched downgrade"
assert_eq "$(tables)$(rows)" "0-" "after the batched downgrade"

# The same both ways with --transaction-per-revision: a transaction each.
psql_q "TRUNCATE flags.log"
assert_exit 0 "$M" upgrade --transaction-per-revision
assert_eq "$(psql_q "SELECT count(DISTINCT xmin::text) FROM migc_version")" "4" "xmins per revision"
assert_exit 0 "$M" downgrade base --transaction-per-revision
assert_eq "$(log_txs up)/$(log_txs down)" "4/4" "transactions per revision"

# batch_revisions: 3 bounds a batch: 0001-0003 commit together, 0004 alone; batch_seconds: 0
# commits after every revision.
printf 'batch_revisions: 3\n' >>"$mod/module.yaml"
rebuild
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT string_agg(n::text, ',' ORDER BY n) FROM (SELECT count(*) AS n
    FROM migc_version GROUP BY xmin::text) s")" "1,3" "batches of at most 3"
assert_exit 0 "$M" downgrade base
sed -i 's/^batch_revisions: 3$/batch_seconds: 0/' "$mod/module.yaml"
rebuild
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT count(DISTINCT xmin::text) FROM migc_version")" "4" "batch_seconds: 0"
assert_exit 0 "$M" downgrade base

# Settings are checked where they are written.
sed -i 's/^batch_seconds: 0$/batch_seconds: soon/' "$mod/module.yaml"
assert_exit 3 "$MIGC" validate -C "$mod"
assert_contains "$ERR" "module.yaml:2:16: error: batch_seconds must be a whole number from 0 to 3600, not \"soon\""
sed -i 's/^batch_seconds: soon$/batch_revisions: -2/' "$mod/module.yaml"
assert_exit 3 "$MIGC" validate -C "$mod"
assert_contains "$ERR" "module.yaml:2:18: error: batch_revisions must be a whole number from 0 to 10000"
sed -i '/^batch_revisions/d' "$mod/module.yaml"
rebuild

# A lock_timeout inside a batch rolls it back and retries it from its last commit: 0001 is
# committed, then 0002-0004 run as one batch whose 0004 waits for a lock on table a that another
# session holds for 2 s (lock_timeout 1s); the retry runs all three again, in one transaction.
printf 'lock_timeout: 1s\n' >>"$mod/module.yaml"
cat >>"$mod/revisions/0004_d.yaml" <<'YAML'
  - add_column: { table: a, name: note, type: text, nullable: true }
YAML
rebuild
assert_exit 0 "$M" upgrade 0001
PGAPPNAME=blocker psql -XAtq -c "BEGIN" -c "LOCK TABLE a IN ACCESS SHARE MODE" \
    -c "SELECT pg_sleep(2)" -c "COMMIT" >/dev/null &
blocker=$!
sleep 0.3
assert_exit 0 "$M" upgrade
wait "$blocker"
assert_contains "$OUT" "lock_timeout (attempt 1 of 6), retrying in"
assert_contains "$OUT" "application_name \"blocker\""
assert_eq "$(grep -c 'upgrade 0002_b \.\.\. ' "$OUT")" "2" "the retry restarts at 0002_b"
assert_eq "$(psql_q "SELECT count(DISTINCT xmin::text) FROM migc_version WHERE revision <> '0001_a'")" \
    "1" "the retried batch commits once"
assert_eq "$(rows)" "0001_a,0002_b,0003_c,0004_d" "rows after the retry"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade base

# (2) The 55P04 commit point. mood gets a value by add_enum_value (0002) that 0003 uses in a
# default, a check and a sql insert; flags.color gets one by a raw sql ADD VALUE (0004) that 0005
# inserts. Base -> head in one run works: the generator put commits around 0002 and before 0005.
db_create migc_batch_enum
psql_q "CREATE SCHEMA flags; CREATE TYPE flags.color AS ENUM ('red'); CREATE TABLE flags.paint (c flags.color)"
en=$T_DIR/en
EM=$T_DIR/en_migrator
mkdir -p "$en/revisions"
echo "name: en" >"$en/module.yaml"
cat >"$en/revisions/0001_mood.yaml" <<'YAML'
revision: 0001_mood
operations:
  - create_enum: { name: mood, values: [happy, sad] }
  - create_table: { name: base_t, columns: { id: { type: bigint, primary_key: true } } }
YAML
cat >"$en/revisions/0002_ok.yaml" <<'YAML'
revision: 0002_ok
parent: 0001_mood
operations:
  - add_enum_value: { enum: mood, value: ok, after: happy }
YAML
cat >"$en/revisions/0003_people.yaml" <<'YAML'
revision: 0003_people
parent: 0002_ok
operations:
  - create_table:
      name: people
      columns:
        id: { type: bigint, primary_key: true }
        mood: { type: mood, default: "'ok'" }
      checks:
        people_mood_known: "mood <> 'ok' OR id > 0"
  - sql: { up: "INSERT INTO people (id) VALUES (1); INSERT INTO people VALUES (2, 'ok')", down: "" }
YAML
cat >"$en/revisions/0004_green.yaml" <<'YAML'
revision: 0004_green
parent: 0003_people
operations:
  - sql: { up: "ALTER TYPE flags.color ADD VALUE IF NOT EXISTS 'green'", down: "" }
YAML
cat >"$en/revisions/0005_paint.yaml" <<'YAML'
revision: 0005_paint
parent: 0004_green
operations:
  - create_table: { name: plain, columns: { id: { type: bigint, primary_key: true } } }
  - sql: { up: "INSERT INTO flags.paint VALUES ('green')", down: "DELETE FROM flags.paint" }
YAML
assert_exit 0 "$MIGC" generate -C "$en"
build_migrator "$en" "$EM"
assert_contains "$en/generated/revisions.c" "MIGC_COMMIT_BEFORE_UP, /* 0002_ok */"
assert_contains "$en/generated/revisions.c" "MIGC_COMMIT_BEFORE_UP, /* 0003_people */"
assert_contains "$en/generated/revisions.c" "MIGC_COMMIT_BEFORE_UP, /* 0005_paint */"
assert_contains "$en/generated/revisions.c" "0,                     /* 0001_mood */"
assert_contains "$en/generated/revisions.c" "0,                     /* 0004_green */"
assert_exit 0 "$EM" upgrade
assert_contains "$OUT" "upgraded base -> 0005_paint (5 revisions"
assert_eq "$(psql_q "SELECT string_agg(mood::text, ',' ORDER BY id) FROM people")" "ok,ok" "mood values"
assert_eq "$(psql_q "SELECT c FROM flags.paint")" "green" "color used after the raw ADD VALUE"
# Commits fell exactly at the points: {0001}, {0002}, {0003, 0004}, {0005}.
assert_eq "$(psql_q "SELECT string_agg(revs, ' ' ORDER BY revs) FROM (SELECT string_agg(left(revision, 4), '+'
    ORDER BY revision) AS revs FROM migc_version GROUP BY xmin::text) s")" "0001 0002 0003+0004 0005" \
    "transactions of the enum module"
# Without the commit before 0005 its insert fails (55P04): run 0004 and 0005 by hand in one
# transaction to show what the commit point prevents.
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "BEGIN; ALTER TYPE flags.color ADD VALUE 'blue';
    INSERT INTO flags.paint VALUES ('blue'); COMMIT"
assert_contains "$ERR" "unsafe use of new value"
assert_exit 0 "$EM" downgrade base --allow-destructive
assert_eq "$(psql_q "SELECT count(*) FROM pg_catalog.pg_type WHERE typname = 'mood'")" "0" "mood dropped"
finish
