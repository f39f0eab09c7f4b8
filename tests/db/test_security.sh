#!/usr/bin/env bash
# Security (SPEC §7 "Trust"), written as the attack: a role that may only CREATE in the module's
# schema plants operators and functions that would capture migc's own SQL (CVE-2018-1058) and a
# version table with a trigger; superuser runs of every migrator command and psql -f of the
# offline SQL must never call them. Also: passwords never printed nor left in argv, literals
# inert under standard_conforming_strings = off, exit 8 when only the verification fails.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
ATT=migc_sec_attacker
APP=migc_sec_app

# SQL of the test itself, immune to the planted operators (nothing but pg_catalog on the path).
q() {
    PGOPTIONS="-c search_path=pg_catalog" psql_q "$1"
}

db_create sec_ops
db_create sec_ops_sql
db_create sec_vt
db_create sec_scs
db_create sec_scs_sql
db_create sec_temp
q "DROP ROLE IF EXISTS $ATT" 2>/dev/null
q "DROP ROLE IF EXISTS $APP" 2>/dev/null
q "CREATE ROLE $ATT NOLOGIN"

# Gives the attacker CREATE on public and a schema of its own in database $1, then plants.
plant() {
    PGDATABASE=$1 q "GRANT CREATE ON SCHEMA public TO $ATT; CREATE SCHEMA $ATT AUTHORIZATION $ATT"
    PGDATABASE=$1 PGOPTIONS="-c search_path=$ATT -c migc.target_schema=public" \
        psql -Xq -v ON_ERROR_STOP=1 -c "SET ROLE $ATT" -f "$here/security_plant.sql" ||
        fail "cannot plant the attacker's objects in $1"
}

# Asserts that in database $1 no attacker function ran and the attacker is not superuser.
unharmed() {
    assert_eq "$(PGDATABASE=$1 q "SELECT count(*) FROM $ATT.attacker_calls")" "0" \
        "$2: attacker functions called in $1: $(PGDATABASE=$1 q "SELECT string_agg(DISTINCT what, '; ') FROM $ATT.attacker_calls")"
    assert_eq "$(q "SELECT rolsuper FROM pg_roles WHERE rolname = '$ATT'")" "f" "$2: attacker is superuser"
}

# 1. Planted operators and functions: every command of both example migrators, and the offline
#    SQL fed to psql, run as superuser without calling any of them.
plant sec_ops
plant sec_ops_sql
unharmed sec_ops "after planting"
n_ops=$(PGDATABASE=sec_ops q "SELECT count(*) FROM pg_operator o JOIN pg_namespace n ON n.oid = o.oprnamespace WHERE n.nspname = 'public'")
[ "$n_ops" -gt 10000 ] || fail "only $n_ops operators planted"
pass
for mod in artstore_admin agi_tracker; do
    M=$(eval echo "\$MIGRATOR_$mod")
    U="postgresql://postgres@127.0.0.1:$PGPORT/sec_ops"
    for cmd in "upgrade" "check" "status" "history" "current" "--json check" "stamp 0002" \
        "stamp head" "downgrade base" "upgrade 0003" "upgrade"; do
        # shellcheck disable=SC2086
        assert_exit 0 "$M" --url "$U" $cmd
        unharmed sec_ops "$mod $cmd"
    done
    assert_contains "$ERR" "warning: schema public grants CREATE to $ATT"
    assert_exit 0 "$MIGC" inspect --url "$U"
    unharmed sec_ops "$mod: migc inspect"
    assert_exit 0 "$M" --url "$U" downgrade base
    "$M" sql head >"$T_DIR/up.sql" || fail "$mod: sql head"
    "$M" sql head:base >"$T_DIR/down.sql" || fail "$mod: sql head:base"
    for f in up down; do
        PGDATABASE=sec_ops_sql psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/$f.sql" >"$T_DIR/psql.out" 2>&1 ||
            { cat "$T_DIR/psql.out" >&2; fail "$mod: psql -f of the $f script"; }
        unharmed sec_ops_sql "$mod psql -f $f.sql"
    done
done

# A module of our own whose second revision rebuilds an enum (the longest fixed procedure).
mod=$T_DIR/sec
mkdir -p "$mod"
echo "name: sec" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad, meh]
tables:
  notes:
    comment: "Bob\\'; CREATE TABLE scs_injected (i int); --"
    columns:
      id:   { type: bigint, identity: always, primary_key: true }
      mood: { type: mood, default: "'happy'" }
      body: { type: text, default: "'it''s \\ fine'", comment: "E'\\'; CREATE TABLE scs_injected2 (i int); --" }
    checks:
      notes_not_sad: "mood <> 'sad' OR body <> ''"
    indexes:
      notes_sad: { columns: [id], where: "mood = 'sad'" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Notes"
sed -i 's/\[happy, sad, meh\]/[happy, sad]/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "No meh" --allow-destructive
build_migrator "$mod" "$T_DIR/sec_migrator"
S=$T_DIR/sec_migrator
U="postgresql://postgres@127.0.0.1:$PGPORT/sec_ops"
for cmd in "upgrade" "check" "downgrade base" "upgrade"; do
    # shellcheck disable=SC2086
    assert_exit 0 "$S" --url "$U" $cmd
    unharmed sec_ops "sec $cmd"
done

# 2. A planted version table is refused (exit 6) before anything runs, and says why.
PGDATABASE=sec_vt q "GRANT CREATE ON SCHEMA public TO $ATT; CREATE SCHEMA $ATT AUTHORIZATION $ATT;
    CREATE TABLE $ATT.attacker_calls (what text); ALTER TABLE $ATT.attacker_calls OWNER TO $ATT"
PGDATABASE=sec_vt psql -Xq -v ON_ERROR_STOP=1 -c "SET ROLE $ATT" -c "
    CREATE TABLE public.migc_version (revision text PRIMARY KEY, checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT pg_catalog.now(), execution_ms integer);
    CREATE FUNCTION $ATT.grab() RETURNS trigger LANGUAGE plpgsql AS \$f\$ BEGIN
        INSERT INTO $ATT.attacker_calls VALUES ('version table trigger'); RETURN NULL; END \$f\$;
    CREATE TRIGGER grab AFTER INSERT ON public.migc_version FOR EACH ROW EXECUTE FUNCTION $ATT.grab()" ||
    fail "cannot plant the version table"
U="postgresql://postgres@127.0.0.1:$PGPORT/sec_vt"
for cmd in upgrade status current history check "stamp head"; do
    # shellcheck disable=SC2086
    assert_exit 6 "$S" --url "$U" $cmd
    assert_contains "$ERR" "refusing to use the version table public.migc_version: it is owned by another role (owner $ATT"
done
unharmed sec_vt "planted version table"
assert_eq "$(PGDATABASE=sec_vt q "SELECT count(*) FROM public.migc_version")" "0" "rows in the planted table"
assert_eq "$(PGDATABASE=sec_vt q "SELECT count(*) FROM pg_class WHERE relname = 'notes'")" "0" "steps ran"
PGDATABASE=sec_vt psql -X -q -v ON_ERROR_STOP=1 -f <("$S" sql head) >"$T_DIR/psql.out" 2>&1 &&
    fail "psql -f of the offline SQL used the planted version table"
assert_contains "$T_DIR/psql.out" "refusing to use the version table: it is owned by another role"
unharmed sec_vt "psql -f with a planted version table"
PGDATABASE=sec_vt q "ALTER TABLE public.migc_version OWNER TO postgres"
assert_exit 6 "$S" --url "$U" upgrade
assert_contains "$ERR" "it has triggers"
PGDATABASE=sec_vt q "DROP TRIGGER grab ON public.migc_version; CREATE RULE r AS ON INSERT TO public.migc_version DO ALSO NOTIFY x"
assert_exit 6 "$S" --url "$U" upgrade
assert_contains "$ERR" "it has rules"
PGDATABASE=sec_vt q "DROP RULE r ON public.migc_version; ALTER TABLE public.migc_version ENABLE ROW LEVEL SECURITY"
assert_exit 6 "$S" --url "$U" upgrade
assert_contains "$ERR" "it has row security policies"
PGDATABASE=sec_vt q "ALTER TABLE public.migc_version DISABLE ROW LEVEL SECURITY"
assert_exit 0 "$S" --url "$U" upgrade
unharmed sec_vt "trusted version table"

# 3. Passwords: never printed when libpq cannot parse the URL (--url, DATABASE_URL, --json, and
#    migc inspect).
for url in "postgresql://app_owner:Pa%ss50S3cretLeak@localhost/appdb" \
    "postgresql://app_owner:S3cretLeak@[::1/appdb" \
    "postgresql://app_owner:S3cret/Leak@localhost:1/appdb" \
    "host=localhost password='S3cretLeak" "host=localhost port=1 password=S3cretLeak"; do
    for how in url env json inspect; do
        case $how in
        inspect) assert_exit 4 "$MIGC" inspect --url "$url" ;;
        url) assert_exit 3 "$S" --url "$url" upgrade ;;
        env) assert_exit 3 env DATABASE_URL="$url" "$S" status ;;
        json) assert_exit 3 "$S" --json --url "$url" check ;;
        esac
        for secret in S3cret Leak ss50; do
            assert_not_contains "$OUT" "$secret"
            assert_not_contains "$ERR" "$secret"
        done
        assert_contains "$ERR" "cannot connect"
    done
done
# ... nor left in argv for `ps` while the run lasts (it waits here for a lock another session holds).
db_create sec_ps
PGDATABASE=sec_ps psql -XAtq -c "SELECT pg_advisory_lock(hashtextextended('migc:sec', 0))" \
    -c "SELECT pg_sleep(4)" >/dev/null &
holder=$!
sleep 1
"$S" --url "postgresql://postgres:Hunter2Secret@127.0.0.1:$PGPORT/sec_ps" upgrade >"$T_DIR/ps.out" 2>&1 &
runner=$!
sleep 1
tr '\0' ' ' <"/proc/$runner/cmdline" >"$T_DIR/cmdline"
assert_contains "$T_DIR/cmdline" "upgrade"
assert_not_contains "$T_DIR/cmdline" "Hunter2Secret"
wait "$runner" || { cat "$T_DIR/ps.out" >&2; fail "upgrade after the lock was released"; }
pass
wait "$holder"
assert_not_contains "$T_DIR/ps.out" "Hunter2Secret"
# --url-file: the URL from a file's first line.
printf 'postgresql://postgres:Hunter2Secret@127.0.0.1:%s/sec_ps\n' "$PGPORT" >"$T_DIR/url"
assert_exit 0 env -u PGDATABASE "$S" --url-file "$T_DIR/url" current
assert_eq "$(cat "$OUT")" "$(ls "$mod/revisions" | tail -1 | sed 's/\.yaml$//')" "current through --url-file"
assert_exit 3 "$S" --url-file "$T_DIR/missing" current
assert_contains "$ERR" "cannot read --url-file"

# 4. standard_conforming_strings = off (a database setting) leaves every literal inert.
for db in sec_scs sec_scs_sql; do
    q "ALTER DATABASE $db SET standard_conforming_strings = off"
done
assert_exit 0 "$S" --url "postgresql://postgres@127.0.0.1:$PGPORT/sec_scs" upgrade
PGDATABASE=sec_scs_sql psql -X -q -v ON_ERROR_STOP=1 -f <("$S" sql head) >"$T_DIR/psql.out" 2>&1 ||
    { cat "$T_DIR/psql.out" >&2; fail "psql -f under standard_conforming_strings = off"; }
for db in sec_scs sec_scs_sql; do
    assert_eq "$(PGDATABASE=$db q "SELECT count(*) FROM pg_class WHERE relname LIKE 'scs_injected%'")" "0" "$db: injected table"
    assert_eq "$(PGDATABASE=$db q "SELECT obj_description('public.notes'::regclass, 'pg_class')")" \
        "Bob\\'; CREATE TABLE scs_injected (i int); --" "$db: comment stored as written"
    assert_eq "$(PGDATABASE=$db q "SELECT col_description('public.notes'::regclass, 3)")" \
        "E'\\'; CREATE TABLE scs_injected2 (i int); --" "$db: column comment stored as written"
    assert_eq "$(PGDATABASE=$db q "SET standard_conforming_strings = on; SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'public.notes'::regclass AND adnum = 3")" \
        "'it''s \\ fine'::text" "$db: default as written"
done

# 5. Without the TEMP privilege the verification cannot run: the revisions are committed and the
#    exit code says only the verification failed (8), not that a revision failed (4).
q "CREATE ROLE $APP LOGIN; ALTER DATABASE sec_temp OWNER TO $APP; REVOKE TEMPORARY ON DATABASE sec_temp FROM PUBLIC, $APP"
PGDATABASE=sec_temp q "ALTER SCHEMA public OWNER TO $APP"
assert_exit 8 "$S" --url "postgresql://$APP@127.0.0.1:$PGPORT/sec_temp" upgrade
assert_contains "$ERR" "the revisions were applied and committed, but the verification after them could not run"
assert_exit 0 "$S" --url "postgresql://$APP@127.0.0.1:$PGPORT/sec_temp" current
assert_eq "$(cat "$OUT")" "$(ls "$mod/revisions" | tail -1 | sed 's/\.yaml$//')" "revisions committed"
assert_exit 0 "$S" --url "postgresql://$APP@127.0.0.1:$PGPORT/sec_temp" --no-verify upgrade

for db in sec_ops sec_ops_sql sec_vt sec_scs sec_scs_sql sec_temp sec_ps; do
    "$MIGC_PG_BINDIR/dropdb" --force -U postgres "$db" || fail "dropdb $db"
done
q "DROP ROLE $ATT; DROP ROLE $APP"
finish
