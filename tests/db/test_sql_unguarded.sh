#!/usr/bin/env bash
# `MIGRATOR sql --unguarded [FROM:]TO`: plain DDL for review and SQL linters. For every example
# module and the probe of tests/cli/unguarded_probe.sh (changes to existing tables, an enum value
# used after its commit point, a sql step, a CONCURRENTLY revision, the enum rebuild), applied with
# `psql -v ON_ERROR_STOP=1 -f` to a database exactly at FROM it leaves what the migrator's own
# upgrade/downgrade leaves (pg_dump --schema-only, version rows), base:head, head:base and one
# revision at a time; head:base leaves the version table alone, empty. The output holds no psql
# meta-command, no guard, lock or version-table check, and no DO block but the enum rebuild.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$MIGC_SOURCE_DIR/tests/cli/unguarded_probe.sh"

# Module setting $2 from module.yaml $1, else default $3.
setting() {
    v=$(sed -n "s/^$2:[[:space:]]*\([^[:space:]#]*\).*/\1/p" "$1")
    echo "${v:-$3}"
}

# Schema-only dump of database $1, without pg_dump's header comments and \restrict keys.
dump() {
    pg_dump -U postgres --schema-only --no-owner "$1" |
        grep -v -e '^-- Dumped from' -e '^-- Dumped by' -e '^\\restrict ' -e '^\\unrestrict '
}

# Version rows (revision, checksum) of database $1.
rows() {
    PGDATABASE=$1 psql_q "select revision || ' ' || checksum from $VT order by revision" 2>&1
}

# Asserts that the plain script $1 (path $2) has the unguarded shape.
check_shape() {
    if grep -n '\\' "$1" >"$T_DIR/bs"; then
        cat "$T_DIR/bs" >&2
        fail "$MOD: sql --unguarded $2 holds a backslash (a psql meta-command?)"
    fi
    pass
    # Every DO block is the enum rebuild: the step comment above it names remove_enum_value.
    bad=$(awk '/^DO \$/ && prev !~ /^-- .* step [0-9]+: remove_enum_value / { print FNR ": " $0 }
               { prev = $0 }' "$1")
    assert_eq "$bad" "" "$MOD: sql --unguarded $2: DO blocks other than the enum rebuild"
    assert_eq "$(grep -c 'DO \$' "$1")" "$(grep -c '^DO \$' "$1")" "$MOD: $2: DO \$ mid-line"
    for word in pg_advisory_lock migc_run "does not match" "ADD COLUMN IF NOT EXISTS module"; do
        assert_not_contains "$1" "$word"
    done
    assert_eq "$(grep -c '^BEGIN;$' "$1")" "$(grep -c '^COMMIT;' "$1")" "$MOD: $2: BEGIN/COMMIT"
    # A comment names the revision, step and source location of every step the guarded script has.
    "$M" sql "$2" >"$T_DIR/guarded.sql" || fail "$MOD: sql $2 exited $?"
    assert_eq "$(grep -c '^-- [0-9][0-9_a-z]* step [0-9]*: .* (revisions/[^ ]*\.yaml:[0-9]*:[0-9]*)$' "$1")" \
        "$(grep -c '^-- step [0-9]*: ' "$T_DIR/guarded.sql")" "$MOD: $2: step comments"
}

# Applies the plain script for path $2 to database $1 with psql.
apply_plain() {
    "$M" sql --unguarded "$2" >"$T_DIR/plain.sql" || fail "$MOD: sql --unguarded $2 exited $?"
    check_shape "$T_DIR/plain.sql" "$2"
    PGDATABASE=$1 psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/plain.sql" >"$T_DIR/psql.out" 2>&1 ||
        {
            cat "$T_DIR/psql.out" >&2
            fail "$MOD: psql -f (sql --unguarded $2) failed"
        }
    pass
}

# Runs the migrator command "$2 $3" on database $1 (a downgrade with --allow-destructive: the
# script it is compared with drops the same columns).
run_migrator() {
    url="postgresql://postgres@127.0.0.1:$PGPORT/$1"
    if [ "$2" = downgrade ]; then
        assert_exit 0 "$M" --allow-destructive --url "$url" "$2" "$3"
    else
        assert_exit 0 "$M" --url "$url" "$2" "$3"
    fi
}

# Asserts databases A and B have the same schema and version rows after step $1 ($2 rows).
same() {
    dump "$DB_A" >"$T_DIR/a.dump"
    dump "$DB_B" >"$T_DIR/b.dump"
    if ! diff -u "$T_DIR/b.dump" "$T_DIR/a.dump" >"$T_DIR/dump.diff"; then
        cat "$T_DIR/dump.diff" >&2
        fail "$MOD: $1: pg_dump differs (- migrator, + sql --unguarded)"
    fi
    pass
    assert_eq "$(rows "$DB_A")" "$(rows "$DB_B")" "$MOD: $1: version rows"
    assert_eq "$(PGDATABASE=$DB_A psql_q "select count(*) from $VT")" "$2" "$MOD: $1: row count"
}

# Objects left in the module schema of database $1 besides the version table and its index:
# "relations|enum types".
leftovers() {
    PGDATABASE=$1 psql_q "select coalesce((select string_agg(c.relname, ',' order by c.relname)
            from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = '$SCHEMA' and c.relname not in ('$VTNAME', '${VTNAME}_pkey')), '')
        || '|' || coalesce((select string_agg(t.typname, ',' order by t.typname)
            from pg_type t join pg_namespace n on n.oid = t.typnamespace
            where n.nspname = '$SCHEMA' and t.typtype = 'e'), '')"
}

# The whole comparison for module directory $1 with migrator $2.
check_module() {
    MOD=$(basename "$1")
    M=$2
    SCHEMA=$(setting "$1/module.yaml" schema public)
    VTNAME=$(setting "$1/module.yaml" version_table migc_version)
    VT="\"$SCHEMA\".\"$VTNAME\""
    DB_A="unguarded_a_$MOD"
    DB_B="unguarded_b_$MOD"
    ids=$(ls "$1"/revisions/*.yaml | sed 's|.*/||; s|\.yaml$||')
    n=$(echo "$ids" | wc -l)
    db_create "$DB_B"
    db_create "$DB_A"

    apply_plain "$DB_A" base:head
    run_migrator "$DB_B" upgrade head
    same "base:head" "$n"
    assert_exit 0 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/$DB_A" check

    apply_plain "$DB_A" head:base
    run_migrator "$DB_B" downgrade base
    same "head:base" 0
    assert_eq "$(leftovers "$DB_A")" "|" "$MOD: head:base leaves only the version table"

    # One revision at a time, up and back down: each script starts exactly where the last ended.
    prev=base
    i=0
    for id in $ids; do
        i=$((i + 1))
        apply_plain "$DB_A" "$prev:$id"
        run_migrator "$DB_B" upgrade "$id"
        same "$prev:$id" "$i"
        prev=$id
    done
    for id in $(echo "$ids" | sed '$d' | tac) base; do
        i=$((i - 1))
        apply_plain "$DB_A" "$prev:$id"
        run_migrator "$DB_B" downgrade "$id"
        same "$prev:$id" "$i"
        prev=$id
    done
}

for dir in "$MIGC_SOURCE_DIR"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    [ -n "${!var:-}" ] || fail "no migrator for example module $mod (is it built by CMake?)"
    check_module "${dir%/}" "${!var}"
done

probe=$T_DIR/unguarded_probe
write_unguarded_probe "$probe" "$MIGC_BIN" || fail "cannot write the probe module"
assert_exit 0 "$MIGC_BIN" check -C "$probe"
build_migrator "$probe" "$T_DIR/probe_migrator"
check_module "$probe" "$T_DIR/probe_migrator"

# The probe exercises what it claims: the rebuild both ways, the commit point, a transaction-less
# CONCURRENTLY revision, the hand-written sql step as written, and the timeouts.
"$M" sql --unguarded base:head >"$T_DIR/up.sql"
"$M" sql --unguarded head:base >"$T_DIR/down.sql"
assert_eq "$(grep -c '^DO \$' "$T_DIR/up.sql")" 1 "probe: one enum rebuild up"
assert_eq "$(grep -c '^DO \$' "$T_DIR/down.sql")" 1 "probe: one enum rebuild down"
assert_contains "$T_DIR/up.sql" "COMMIT; -- the next steps may use what this one added"
assert_contains "$T_DIR/up.sql" "CREATE INDEX CONCURRENTLY"
assert_contains "$T_DIR/up.sql" "UPDATE orders SET note = 'paid; see ledger' WHERE state = 'paid' AND note IS NULL; UPDATE orders SET total = 0 WHERE total < 0;"
assert_contains "$T_DIR/up.sql" "SET standard_conforming_strings = 'on';"
assert_contains "$T_DIR/up.sql" 'SET search_path = "probe";'
assert_contains "$T_DIR/up.sql" "SET lock_timeout = 2000;"
assert_contains "$T_DIR/up.sql" "SET statement_timeout = 60000;"
assert_contains "$T_DIR/up.sql" "It is right only for a database exactly at FROM"
# The CONCURRENTLY revision has no transaction around it.
awk '/^-- upgrade [0-9]+_placed_at_index / { on = 1; next } /^-- upgrade / { on = 0 } on' "$T_DIR/up.sql" \
    >"$T_DIR/0004.sql"
assert_contains "$T_DIR/0004.sql" "CREATE INDEX CONCURRENTLY"
assert_not_contains "$T_DIR/0004.sql" "BEGIN;"
"$M" sql --unguarded base:head >"$T_DIR/up2.sql"
cmp -s "$T_DIR/up.sql" "$T_DIR/up2.sql" || fail "sql --unguarded output is not deterministic"
pass

# The sql step's data change agrees too (both databases are at base after check_module).
data="select id || ':' || state || ':' || coalesce(note, '-') from probe.orders order by id"
before_backfill=$(ls "$probe/revisions" | sed -n '/_backfill\.yaml$/{x;p;q};h' | sed 's/\.yaml$//')
apply_plain "$DB_A" "base:$before_backfill"
run_migrator "$DB_B" upgrade "$before_backfill"
for db in "$DB_A" "$DB_B"; do
    PGDATABASE=$db psql_q "insert into probe.customers (email) values ('a@example.com');
        insert into probe.orders (customer_id, state) values (1, 'paid'), (1, 'new')" >/dev/null
done
apply_plain "$DB_A" "$before_backfill:head"
run_migrator "$DB_B" upgrade head
assert_eq "$(PGDATABASE=$DB_A psql_q "$data" | tr '\n' ' ')" \
    "1:paid:paid; see ledger 2:new:- " "probe data after sql --unguarded"
assert_eq "$(PGDATABASE=$DB_B psql_q "$data" | tr '\n' ' ')" \
    "1:paid:paid; see ledger 2:new:- " "probe data after the migrator"

# Usage: --unguarded belongs to sql; sql --unguarded never connects; paths resolve as for sql.
assert_exit 2 "$M" --unguarded upgrade
assert_contains "$ERR" "--unguarded is only for sql"
assert_exit 0 "$M" --url "postgresql://nobody@127.0.0.1:1/none" sql head --unguarded
head_id=$(ls "$probe/revisions" | tail -n 1 | sed 's/\.yaml$//')
assert_contains "$OUT" "unguarded: upgrade of $(ls "$probe/revisions" | wc -l) revisions"
assert_contains "$OUT" "--   to   $head_id"
assert_exit 2 "$M" sql --unguarded 9999
assert_contains "$ERR" "unknown target 9999"
finish
