#!/usr/bin/env bash
# --targets (SPEC §9) with the artstore_admin module (enum rebuilds, renames, every kind of guard):
# 200 tenant schemas in one database and 20 databases across two clusters (the second started
# here); a tenant whose table another session locks and a wrong URL fail while the others finish,
# the exit code is the worst, a second run completes; two overlapping runs apply each revision
# exactly once per target; check finds the one planted drift; tenant locks do not serialise
# tenants; bad target lists are usage errors naming FILE:LINE.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"

M=${MIGRATOR_artstore_admin:?MIGRATOR_artstore_admin is not set}
TENANTS=200

# The second cluster, stopped at exit with the test's files.
PG2=$(mktemp -d "${TMPDIR:-/tmp}/migc-fleet.XXXXXX")
trap 'sh "$MIGC_SOURCE_DIR/tests/pg/stop.sh" "$PG2/pg" >/dev/null 2>&1; rm -rf "$PG2" "$T_DIR"' EXIT
sh "$MIGC_SOURCE_DIR/tests/pg/start.sh" "$PG2/pg" >"$PG2/start.log" 2>&1 ||
    fail "cannot start the second cluster: $(cat "$PG2/start.log")"
pg2() {
    (. "$PG2/pg/env" && "$@")
}
PORT2=$(pg2 sh -c 'echo "$PGPORT"')

# The same module with a short lock_timeout and one retry, for the target made to fail.
short=$T_DIR/short
mkdir -p "$short"
cp -r "$MIGC_SOURCE_DIR/schemas/artstore_admin/revisions" "$MIGC_SOURCE_DIR/schemas/artstore_admin/schema.yaml" "$short/"
sed -e 's/^lock_timeout:.*/lock_timeout: 300ms/' "$MIGC_SOURCE_DIR/schemas/artstore_admin/module.yaml" >"$short/module.yaml"
echo "lock_retries: 1" >>"$short/module.yaml"
M_SHORT=$T_DIR/short_migrator
rel_build "$short" "$M_SHORT"

db_create migc_fleet
LIST=$T_DIR/targets
{
    echo "# $TENANTS tenants in one database"
    for i in $(seq -f '%04g' 1 "$TENANTS"); do
        echo "$DB_URL tenant_$i"
    done
    echo
    for i in $(seq -w 1 10); do
        "$MIGC_PG_BINDIR/dropdb" --if-exists --force -U postgres "migc_fleet_d$i" >/dev/null 2>&1
        "$MIGC_PG_BINDIR/createdb" -U postgres "migc_fleet_d$i" || fail "createdb migc_fleet_d$i"
        pg2 "$MIGC_PG_BINDIR/createdb" -U postgres "fleet_e$i" || fail "createdb fleet_e$i"
        echo "postgresql://postgres@127.0.0.1:$PGPORT/migc_fleet_d$i   # the module's own schema"
        echo "host=127.0.0.1 port=$PORT2 user=postgres dbname=fleet_e$i shop"
    done
} >"$LIST"
N=$((TENANTS + 20))

# The number of targets whose version table holds exactly $1 rows (all 220 are counted).
at_rows() {
    local sql n1=0 n2=0 d
    sql=$(psql_q "SELECT string_agg(format('SELECT count(*) AS n FROM %I.migc_version', nspname),
                  ' UNION ALL ') FROM pg_namespace WHERE nspname LIKE 'tenant\_%'")
    n1=$(psql_q "SELECT count(*) FROM ($sql) s WHERE n = $1")
    for d in $(seq -w 1 10); do
        [ "$(PGDATABASE=migc_fleet_d$d psql_q "SELECT count(*) FROM public.migc_version")" = "$1" ] &&
            n2=$((n2 + 1))
        [ "$(pg2 env PGDATABASE=fleet_e$d psql -XAtq -c "SELECT count(*) FROM shop.migc_version")" = "$1" ] &&
            n2=$((n2 + 1))
    done
    echo $((n1 + n2))
}

# Sum of the "revisions" of every target in a --json document.
revisions_sum() {
    grep -o '"revisions": [0-9]*' "$1" | awk '{s += $2} END {print s + 0}'
}

# 1. Two overlapping runs from base to 0003, 8 and 4 at a time: each revision is applied exactly
# once per target, its objects in the tenant's schema and none in public.
"$M" --targets "$LIST" --json upgrade 0003 >"$T_DIR/run1.json" 2>"$T_DIR/run1.err" &
p1=$!
"$M" --targets - --json --parallel 4 upgrade 0003 <"$LIST" >"$T_DIR/run2.json" 2>"$T_DIR/run2.err" &
p2=$!
wait_pid "$p1"
rc1=$RC
wait_pid "$p2"
assert_eq "$rc1 $RC" "0 0" "both overlapping runs succeed ($(cat "$T_DIR/run1.err" "$T_DIR/run2.err"))"
assert_eq "$(($(revisions_sum "$T_DIR/run1.json") + $(revisions_sum "$T_DIR/run2.json")))" \
    "$((N * 3))" "0001 to 0003 applied once per target across both runs"
assert_eq "$(grep -c '"result": "ok"' "$T_DIR/run1.json") $(grep -c '"result": "ok"' "$T_DIR/run2.json")" \
    "$N $N" "every target ok in both runs"
assert_eq "$(at_rows 3)" "$N" "three version rows per target"
assert_eq "$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'tenant_0077'")" \
    "$(PGDATABASE=migc_fleet_d01 psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" \
    "a tenant schema holds what the module's schema holds"
assert_eq "$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 0 \
    "nothing of the tenants lands in public"

# 2. A lock held on one tenant's table and a wrong URL: the others reach head; the exit code is
# the worst (connect outranks lock); no password is printed.
FAILING=$T_DIR/failing
{
    cat "$LIST"
    echo "postgresql://postgres:Sekr3tPw@127.0.0.1:1/nowhere tenant_0001"
} >"$FAILING"
psql_hold "BEGIN; LOCK TABLE tenant_0042.users IN ACCESS EXCLUSIVE MODE;"
wait_for "SELECT EXISTS (SELECT FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'tenant_0042' AND c.relname = 'users' AND l.granted)" 30 "the table lock"
assert_exit 3 "$M_SHORT" --targets "$FAILING" --parallel 16 upgrade
lock_free
assert_contains "$OUT" "/migc_fleet tenant_0042: lock, 0 revisions"
assert_contains "$OUT" "127.0.0.1:1/nowhere tenant_0001: connect"
assert_not_contains "$OUT" "Sekr3tPw"
assert_not_contains "$ERR" "Sekr3tPw"
assert_eq "$(grep -c ': ok, 2 revisions' "$OUT")" "$((N - 1))" "the other targets upgraded"
assert_contains "$OUT" "$((N + 1)) targets in"
assert_contains "$OUT" "$((N - 1)) ok, 1 connect, 1 lock"
assert_contains "$OUT" "slowest:"
assert_eq "$(at_rows 5)" "$((N - 1))" "every other target at head"
assert_eq "$(psql_q "SELECT count(*) FROM tenant_0042.migc_version")" 3 "the locked tenant stayed"

# 3. The second run finishes what was left.
assert_exit 0 "$M" --targets "$LIST" upgrade
assert_contains "$OUT" "tenant_0042: ok, 2 revisions"
assert_eq "$(grep -c ': ok, 0 revisions' "$OUT")" "$((N - 1))" "the others already at head"
assert_eq "$(at_rows 5)" "$N" "every target at head"

# 4. Down and up again on some of them (the enum rebuild of 0005's downgrade names the schema).
grep -E 'tenant_00[0-1][0-9]$|_d0[1-3]|_e0[1-3] ' "$LIST" >"$T_DIR/some"
assert_exit 0 "$M" --targets "$T_DIR/some" downgrade 0003
assert_eq "$(grep -c ': ok, 2 revisions, [0-9]* ms: 0005_[a-z_]* -> 0003_' "$OUT")" 25 "25 downgraded"
assert_eq "$(psql_q "SELECT count(*) FROM tenant_0011.migc_version")" 3 "tenant_0011 at 0003"
assert_exit 0 "$M" --targets "$T_DIR/some" upgrade
assert_eq "$(grep -c ': ok, 2 revisions' "$OUT")" 25 "25 upgraded again"

# 5. check over every target finds the drift planted in one tenant, and only there.
psql_q "ALTER TABLE tenant_0123.users ADD COLUMN planted integer"
assert_exit 1 "$M" --targets "$LIST" check
assert_eq "$(grep -c ': drift, ' "$OUT")" 1 "one target drifted"
assert_contains "$OUT" "tenant_0123: drift, 0 revisions"
assert_contains "$OUT" "planted"
assert_eq "$(grep -c ': ok, 0 revisions' "$OUT")" "$((N - 1))" "the others are clean"
assert_contains "$OUT" "$((N - 1)) ok, 1 drift"
psql_q "ALTER TABLE tenant_0123.users DROP COLUMN planted"

# 6. status and current.
assert_exit 0 "$M" --targets "$LIST" status
assert_eq "$(grep -c 'at 0005_[a-z_]*, 0 pending' "$OUT")" "$N" "status of every target"
assert_exit 0 "$M" --targets "$LIST" --json status
assert_contains "$OUT" "\"counts\": {\"ok\": $N}"
assert_exit 0 "$M" --targets "$LIST" --json current
assert_eq "$(grep -c '"after": "0005_' "$OUT")" "$N" "current of every target"

# 7. Tenant locks: a run holding tenant_0001's lock does not hold up tenant_0002.
printf '%s tenant_0001\n%s tenant_0002\n' "$DB_URL" "$DB_URL" >"$T_DIR/two"
lock_hold "migc:artstore_admin:tenant_0001"
assert_exit 5 "$M_SHORT" --targets "$T_DIR/two" downgrade -1
lock_free
assert_contains "$OUT" "tenant_0001: lock"
assert_contains "$OUT" "tenant_0002: ok, 1 revision,"
assert_exit 0 "$M" --targets "$T_DIR/two" upgrade

# 8. Usage errors.
printf '# a list\n%s tenant_1\n%s Tenant_2\n' "$DB_URL" "$DB_URL" >"$T_DIR/bad"
assert_exit 2 "$M" --targets "$T_DIR/bad" status
assert_contains "$ERR" "$T_DIR/bad:3: schema \"Tenant_2\""
printf '%s tenant_1 extra\n' "$DB_URL" >"$T_DIR/bad"
assert_exit 2 "$M" --targets "$T_DIR/bad" status
assert_contains "$ERR" "$T_DIR/bad:1: expected a connection URL and at most one schema name"
assert_exit 2 "$M" --targets "$LIST" sql head
assert_exit 2 "$M" --targets "$LIST" --url "$DB_URL" status
assert_exit 2 "$M" --targets "$LIST" history
assert_exit 2 "$M" --parallel 4 status
assert_exit 2 "$M" --targets "$LIST" --parallel 0 status
assert_exit 2 "$M" --targets "$T_DIR/missing" status
finish
