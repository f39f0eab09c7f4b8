#!/usr/bin/env bash
# Drift detection: a module using every schema.yaml key is clean after every upgrade and
# downgrade; each kind of manual change is reported by `check` as one exact line with exit 1;
# --json parses; upgrade/downgrade verify unless --no-verify, and a run with nothing to do
# compares nothing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
mod=$T_DIR/every
mkdir -p "$mod"
cat >"$mod/module.yaml" <<'YAML'
name: every
schema: app
exclusive: true
external_types: [ext_domain]
online: false # two revisions, each one step of drift cases; the online forms are test_online's
YAML
cat >"$mod/schema.yaml" <<'YAML'
extensions: [pg_trgm, pgcrypto]
enums:
  user_status: [active, disabled, locked]
  mood: [happy, sad]
tables:
  orgs:
    comment: Organisations
    columns:
      id:        { type: bigint, identity: always, primary_key: true }
      name:      { type: text, comment: Display name }
      parent_id: { type: bigint, nullable: true }
      budget:    { type: "numeric(12,2)", default: "0" }
      tags:      { type: "text[]", default: "'{}'" }
    unique:
      orgs_name_key: [name]
    foreign_keys:
      orgs_parent_fkey: { columns: [parent_id], references: { table: orgs, columns: [id] },
                          on_delete: cascade, deferrable: true, initially_deferred: true }
  users:
    columns:
      id:          { type: uuid, default: "gen_random_uuid()", primary_key: true }
      email:       varchar(255)
      status:      { type: user_status, default: "'active'" }
      moods:       { type: "mood[]", nullable: true }
      login_count: { type: int, default: "0" }
      score:       { type: float8, default: "1.5" }
      created_at:  { type: timestamptz, default: "now()" }
      org_id:      { type: bigint, nullable: true, references: orgs(id), on_delete: set null,
                     on_update: cascade }
      nick:        { type: text, nullable: true, unique: true }
      seq_no:      { type: int, identity: by_default }
    checks:
      users_email_nonempty: "email <> ''"
      users_login_positive: "login_count >= 0 AND score > 0"
    indexes:
      users_email_trgm:    { columns: [email], method: gin, opclass: gin_trgm_ops }
      users_recent_active: { columns: ["created_at DESC"], where: "status = 'active'" }
      users_lower_email:   { expression: "lower(email)", unique: true }
      users_org_inc:       { columns: [org_id], include: [email] }
      users_nick_hash:     { columns: [nick], method: hash }
      users_multi:         { columns: ["org_id NULLS FIRST", "login_count DESC NULLS LAST"] }
      users_created_brin:  { columns: [created_at], method: brin }
      users_logins_conc:   { columns: [login_count], concurrently: true }
  memberships:
    columns:
      user_id: { type: uuid, references: users }
      org_id:  { type: bigint, references: orgs(id), on_delete: restrict }
      role:    { type: text, default: "'member'" }
      Display Name: { type: text, nullable: true }
    primary_key: [user_id, org_id]
    indexes:
      memberships_display: { columns: ['"Display Name"', "role DESC"] }
    checks:
      memberships_role_known: "role IN ('member', 'owner')"
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Everything"

# A second revision: enum value, widening, rename, new partial index, dropped check, comment.
sed -i 's/  user_status: \[active, disabled, locked\]/  user_status: [pending, active, disabled, locked]/' "$mod/schema.yaml"
sed -i 's/      login_count: { type: int, default: "0" }/      login_count: { type: bigint, default: "0" }/' "$mod/schema.yaml"
sed -i 's/      nick:        { type: text, nullable: true, unique: true }/      nickname:    { type: text, nullable: true, unique: true, renamed_from: nick, comment: "Shown, '"'"'quoted'"'"'" }/' "$mod/schema.yaml"
sed -i 's/      users_nick_hash:     { columns: \[nick\], method: hash }/      users_nick_hash:     { columns: [nickname], method: hash }/' "$mod/schema.yaml"
sed -i '/      users_login_positive:/d' "$mod/schema.yaml"
sed -i 's/      users_created_brin:  { columns: \[created_at\], method: brin }/&\n      users_pending:       { columns: [email], where: "status = '"'"'pending'"'"' AND login_count < 10" }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Second" --allow-destructive
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$T_DIR/every_migrator"
M=$T_DIR/every_migrator

# 1. No false positives: clean at base, after each revision, after each downgrade.
db_create migc_drift
assert_exit 0 "$M" check
assert_contains "$OUT" "no drift: the schema is that of base"
assert_exit 0 "$M" upgrade +1
assert_contains "$OUT" "upgraded base -> 0001_everything"
assert_exit 0 "$M" check
assert_contains "$OUT" "no drift: the schema is that of 0001_everything"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_exit 0 "$M" --json check
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["clean"] is True and d["differences"] == [] and d["revision"] == "0002_second", d' <"$OUT" ||
    fail "clean --json: $(cat "$OUT")"
pass
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade base
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade 0001
assert_exit 0 "$M" check

# A template of the database at 0001 for the drift cases.
"$MIGC_PG_BINDIR/dropdb" --if-exists -U postgres migc_drift_tpl >/dev/null 2>&1
"$MIGC_PG_BINDIR/createdb" -U postgres -T migc_drift migc_drift_tpl || fail "createdb -T"

# drift "SQL" "line" ["line" ...]: a copy of the 0001 database, SQL applied by hand, then check
# exits 1 printing each line.
fresh_case() {
    "$MIGC_PG_BINDIR/dropdb" --if-exists --force -U postgres migc_drift_case >/dev/null 2>&1
    "$MIGC_PG_BINDIR/createdb" -U postgres -T migc_drift_tpl migc_drift_case || fail "createdb case"
    PGDATABASE=migc_drift_case psql -XAtq -v ON_ERROR_STOP=1 -c "$1" >/dev/null 2>&1 ||
        fail "drift SQL failed: $1"
}

drift() {
    sql=$1
    shift
    fresh_case "$sql"
    assert_exit 1 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/migc_drift_case" check
    for line in "$@"; do
        grep -qxF -- "$line" "$OUT" || { show_output; fail "missing line [$line] after: $sql"; }
        pass
    done
    [ "$(wc -l <"$OUT")" -eq "$#" ] || { show_output; fail "more lines than expected after: $sql"; }
    pass
}

drift "ALTER TABLE app.users ALTER COLUMN email TYPE text" \
    "column users.email: type is text, expected character varying(255)" \
    "check users.users_email_nonempty: expression is (email <> ''::text), expected ((email)::text <> ''::text)"
drift "ALTER TABLE app.orgs ALTER COLUMN budget TYPE numeric(14,2)" \
    "column orgs.budget: type is numeric(14,2), expected numeric(12,2)"
drift "ALTER TABLE app.users ALTER COLUMN moods SET NOT NULL" \
    "column users.moods: NOT NULL, expected nullable"
drift "ALTER TABLE app.users ALTER COLUMN email DROP NOT NULL" \
    "column users.email: nullable, expected NOT NULL"
drift "ALTER TABLE app.users ALTER COLUMN status SET DEFAULT 'locked'" \
    "column users.status: default is 'locked'::user_status, expected 'active'::user_status"
drift "ALTER TABLE app.users ALTER COLUMN login_count DROP DEFAULT" \
    "column users.login_count: default is none, expected 0"
drift "ALTER TABLE app.orgs ALTER COLUMN tags SET DEFAULT '{a}'" \
    "column orgs.tags: default is '{a}'::text[], expected '{}'::text[]"
drift "ALTER TABLE app.users ALTER COLUMN seq_no SET GENERATED ALWAYS" \
    "column users.seq_no: identity is always, expected by default"
drift "ALTER TABLE app.orgs ALTER COLUMN id DROP IDENTITY" \
    "column orgs.id: identity is none, expected always"
drift "ALTER TABLE app.users DROP COLUMN moods" "column users.moods: missing"
drift "ALTER TABLE app.users ADD COLUMN extra integer" "column users.extra: unexpected"
drift "DROP TABLE app.memberships" "table memberships: missing"
drift "ALTER TABLE app.memberships DROP CONSTRAINT memberships_pkey,
       ADD CONSTRAINT memberships_pkey PRIMARY KEY (user_id)" \
    "primary key memberships.memberships_pkey: columns are (user_id), expected (user_id, org_id)"
drift "ALTER TABLE app.orgs DROP CONSTRAINT orgs_name_key" "unique orgs.orgs_name_key: missing"
drift "ALTER TABLE app.orgs DROP CONSTRAINT orgs_name_key,
       ADD CONSTRAINT orgs_name_key UNIQUE (name, parent_id)" \
    "unique orgs.orgs_name_key: columns are (name, parent_id), expected (name)"
drift "ALTER TABLE app.users DROP CONSTRAINT users_email_nonempty,
       ADD CONSTRAINT users_email_nonempty CHECK (length(email) > 3)" \
    "check users.users_email_nonempty: expression is (length((email)::text) > 3), expected ((email)::text <> ''::text)"
drift "ALTER TABLE app.orgs ADD CONSTRAINT orgs_budget_check CHECK (budget >= 0)" \
    "check orgs.orgs_budget_check: unexpected"
drift "ALTER TABLE app.users DROP CONSTRAINT users_org_id_fkey, ADD CONSTRAINT users_org_id_fkey
       FOREIGN KEY (org_id) REFERENCES app.orgs (id) ON DELETE CASCADE ON UPDATE CASCADE" \
    "foreign key users.users_org_id_fkey: on delete is cascade, expected set null"
drift "ALTER TABLE app.users DROP CONSTRAINT users_org_id_fkey, ADD CONSTRAINT users_org_id_fkey
       FOREIGN KEY (org_id) REFERENCES app.orgs (id) ON DELETE SET NULL" \
    "foreign key users.users_org_id_fkey: on update is no action, expected cascade"
drift "ALTER TABLE app.orgs ALTER CONSTRAINT orgs_parent_fkey NOT DEFERRABLE" \
    "foreign key orgs.orgs_parent_fkey: not deferrable, expected deferrable initially deferred"
drift "ALTER TABLE app.memberships DROP CONSTRAINT memberships_org_id_fkey,
       ADD CONSTRAINT memberships_org_id_fkey FOREIGN KEY (org_id) REFERENCES app.orgs (id)" \
    "foreign key memberships.memberships_org_id_fkey: on delete is no action, expected restrict"
drift "DROP INDEX app.users_nick_hash; CREATE INDEX users_nick_hash ON app.users (nick)" \
    "index users_nick_hash: method is btree, expected hash"
drift "DROP INDEX app.users_recent_active;
       CREATE INDEX users_recent_active ON app.users (created_at DESC) WHERE status = 'locked'" \
    "index users_recent_active: where is (status = 'locked'::user_status), expected (status = 'active'::user_status)"
drift "DROP INDEX app.users_recent_active; CREATE INDEX users_recent_active ON app.users (created_at DESC)" \
    "index users_recent_active: where is none, expected status = 'active'"
drift "DROP INDEX app.users_org_inc; CREATE INDEX users_org_inc ON app.users (email) INCLUDE (email)" \
    "index users_org_inc: key 1 is email, expected org_id"
drift "DROP INDEX app.users_org_inc; CREATE INDEX users_org_inc ON app.users (org_id)" \
    "index users_org_inc: include is (), expected (email)"
drift "DROP INDEX app.users_lower_email; CREATE INDEX users_lower_email ON app.users (lower(email))" \
    "index users_lower_email: not unique, expected unique"
drift "DROP INDEX app.users_lower_email; CREATE UNIQUE INDEX users_lower_email ON app.users (upper(email))" \
    "index users_lower_email: key 1 is upper((email)::text), expected lower((email)::text)"
drift "DROP INDEX app.users_lower_email;
       CREATE UNIQUE INDEX users_lower_email ON app.users (lower(email) text_pattern_ops)" \
    "index users_lower_email: key 1 opclass is text_pattern_ops, expected the default"
drift "DROP INDEX app.users_multi; CREATE INDEX users_multi ON app.users (org_id, login_count)" \
    "index users_multi: key 1 order is ASC, expected ASC NULLS FIRST" \
    "index users_multi: key 2 order is ASC, expected DESC NULLS LAST"
drift "DROP INDEX app.users_multi; CREATE INDEX users_multi ON app.users (org_id NULLS FIRST)" \
    "index users_multi: keys are (org_id), expected (org_id, login_count)"
drift "DROP INDEX app.users_created_brin" "index users_created_brin: missing"
drift "ALTER TYPE app.mood ADD VALUE 'meh'" "enum mood: values are (happy, sad, meh), expected (happy, sad)"
drift "ALTER TYPE app.mood RENAME VALUE 'happy' TO 'tmp'; ALTER TYPE app.mood RENAME VALUE 'sad' TO 'happy';
       ALTER TYPE app.mood RENAME VALUE 'tmp' TO 'sad'" \
    "enum mood: values are (sad, happy), expected (happy, sad)"
drift "DROP EXTENSION pg_trgm CASCADE" "extension pg_trgm: missing" "index users_email_trgm: missing"
drift "COMMENT ON COLUMN app.orgs.name IS 'Other'" \
    "column orgs.name: comment is 'Other', expected 'Display name'"
drift "COMMENT ON TABLE app.orgs IS NULL" "table orgs: comment is none, expected 'Organisations'"
drift "CREATE TABLE app.stray (id integer)" "table stray: unexpected (exclusive module)"
drift "CREATE TYPE app.stray_kind AS ENUM ('a')" "type stray_kind: unexpected (exclusive module)"
drift "CREATE INDEX stray_idx ON app.orgs (budget)" "index stray_idx: unexpected (exclusive module)"
# Sequences are declared objects since SPEC §3.1: an undeclared one is drift in an exclusive module
# (an identity column's is not: it is implicit).
drift "CREATE SEQUENCE app.stray_seq" "sequence stray_seq: unexpected (exclusive module)"

# Views are declared objects since SPEC §3.1: an undeclared one is drift in an exclusive module.
drift "CREATE VIEW app.v AS SELECT 1 AS one" "view v: unexpected (exclusive module)"
drift "CREATE MATERIALIZED VIEW app.mv AS SELECT 1 AS one" \
    "materialized view mv: unexpected (exclusive module)"

# Declared external types are not drift.
fresh_case "CREATE DOMAIN app.ext_domain AS integer"
assert_exit 0 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/migc_drift_case" check

# --json on drift parses and names each difference.
drift "ALTER TABLE app.orgs ALTER COLUMN budget TYPE numeric(14,2); CREATE TABLE app.stray (id integer)" \
    "column orgs.budget: type is numeric(14,2), expected numeric(12,2)" \
    "table stray: unexpected (exclusive module)"
assert_exit 1 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/migc_drift_case" --json check
python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["module"] == "every" and d["revision"] == "0001_everything" and d["clean"] is False, d
got = [(x["object"], x["kind"], x["message"]) for x in d["differences"]]
assert got == [("orgs.budget", "column", "column orgs.budget: type is numeric(14,2), expected numeric(12,2)"),
               ("stray", "table", "table stray: unexpected (exclusive module)")], got
' <"$OUT" || fail "drift --json: $(cat "$OUT")"
pass

# Post-verification: the drift fails upgrade (exit 1, after applying); --no-verify skips it; a run
# with nothing to do does not compare.
CASE="postgresql://postgres@127.0.0.1:$PGPORT/migc_drift_case"
assert_exit 1 "$M" --url "$CASE" upgrade
assert_contains "$OUT" "upgraded 0001_everything -> 0002_second"
assert_contains "$ERR" "table stray: unexpected (exclusive module)"
assert_contains "$ERR" "drift: the live schema differs from that of 0002_second (2 differences)"
assert_exit 0 "$M" --url "$CASE" upgrade
assert_contains "$OUT" "already at 0002_second"
assert_exit 0 "$M" --url "$CASE" --no-verify downgrade -1
assert_exit 1 "$M" --url "$CASE" upgrade --quiet
assert_exit 1 "$M" --url "$CASE" check
assert_eq "$(cat "$OUT")" "column orgs.budget: type is numeric(14,2), expected numeric(12,2)
table stray: unexpected (exclusive module)" "check after the runs"

# A constraint left NOT VALID (an online change stopped half-way, or made by hand) is drift.
db_create migc_drift_not_valid
assert_exit 0 "$M" upgrade
psql_q "ALTER TABLE app.memberships DROP CONSTRAINT memberships_role_known;
        ALTER TABLE app.memberships ADD CONSTRAINT memberships_role_known
            CHECK (role IN ('member', 'owner')) NOT VALID"
assert_exit 1 "$M" check
assert_eq "$(cat "$OUT")" "check memberships.memberships_role_known: NOT VALID: existing rows were never checked (VALIDATE CONSTRAINT)" \
    "NOT VALID check"
psql_q "ALTER TABLE app.memberships VALIDATE CONSTRAINT memberships_role_known"
assert_exit 0 "$M" check
finish
