#!/usr/bin/env bash
# Offline SQL: `MIGRATOR sql [FROM:]TO` fed to psql leaves a database exactly as the migrator's
# own upgrade/downgrade does (pg_dump --schema-only and version rows), for every example module
# and for a probe module with a CONCURRENTLY index, an added enum value and sql steps.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"

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

# Applies the script for path $2 to database $1 with psql.
apply_sql() {
    "$M" sql "$2" >"$T_DIR/path.sql" || fail "$MOD: sql $2 exited $?"
    PGDATABASE=$1 psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/path.sql" >"$T_DIR/psql.out" 2>&1 ||
        { cat "$T_DIR/psql.out" >&2; fail "$MOD: psql -f (sql $2) failed"; }
    pass
}

# Runs the migrator command "$2 $3" on database $1 (a downgrade with --allow-destructive: the
# script it is compared with deletes the same rows).
run_migrator() {
    if [ "$2" = downgrade ]; then
        assert_exit 0 "$M" --allow-destructive --url "postgresql://postgres@127.0.0.1:$PGPORT/$1" "$2" "$3"
    else
        assert_exit 0 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/$1" "$2" "$3"
    fi
}

# Asserts databases A and B have the same schema and version rows after step $1.
same() {
    dump "$DB_A" >"$T_DIR/a.dump"
    dump "$DB_B" >"$T_DIR/b.dump"
    if ! diff -u "$T_DIR/b.dump" "$T_DIR/a.dump" >"$T_DIR/dump.diff"; then
        cat "$T_DIR/dump.diff" >&2
        fail "$MOD: $1: pg_dump differs (- migrator, + sql script)"
    fi
    pass
    assert_eq "$(rows "$DB_A")" "$(rows "$DB_B")" "$MOD: $1: version rows"
    assert_eq "$(PGDATABASE=$DB_A psql_q "select count(*) from $VT")" "$2" "$MOD: $1: row count"
}

# The whole comparison for module directory $1 with migrator $2.
check_module() {
    MOD=$(basename "$1")
    M=$2
    VT="\"$(setting "$1/module.yaml" schema public)\".\"$(setting "$1/module.yaml" version_table migc_version)\""
    DB_A="offline_a_$MOD"
    DB_B="offline_b_$MOD"
    n=$(ls "$1"/revisions/*.yaml | wc -l)
    first=$(basename "$(ls "$1"/revisions/*.yaml | head -n 1)" .yaml)
    db_create "$DB_B"
    db_create "$DB_A"

    apply_sql "$DB_A" base:head
    run_migrator "$DB_B" upgrade head
    same "base:head" "$n"
    # The migrator's drift check finds the script's database exactly as expected.
    assert_exit 0 "$M" --url "postgresql://postgres@127.0.0.1:$PGPORT/$DB_A" check

    # Run against a database that is not at its start point: refused, nothing changed.
    "$M" sql base:head >"$T_DIR/again.sql"
    PGDATABASE=$DB_A psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/again.sql" >"$T_DIR/again.out" 2>&1 &&
        fail "$MOD: sql base:head ran on a database at head"
    assert_contains "$T_DIR/again.out" "this script starts at base, but the version table does not match"
    same "refused re-run" "$n"

    apply_sql "$DB_A" head:base
    run_migrator "$DB_B" downgrade base
    same "head:base" 0

    apply_sql "$DB_A" "$first"
    run_migrator "$DB_B" upgrade "$first"
    same "bare $first" 1

    apply_sql "$DB_A" "$first:head"
    run_migrator "$DB_B" upgrade head
    same "$first:head" "$n"

    apply_sql "$DB_A" "head:$first"
    run_migrator "$DB_B" downgrade "$first"
    same "head:$first" 1

}

# The probe module: enum value used after its commit point, sql steps (one ending in a
# comment, one holding dollar-quote tags), and a non-transactional CONCURRENTLY revision.
write_probe() {
    mkdir -p "$1/revisions"
    cat >"$1/module.yaml" <<'EOF'
name: offline_probe
schema: probe
version_table: probe_versions
lock_timeout: 5s
statement_timeout: 1min
EOF
    cat >"$1/schema.yaml" <<'EOF'
enums:
  item_state: [new, used, sold]
tables:
  items:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      state: { type: item_state, default: "'new'" }
      note: { type: text, nullable: true }
    indexes:
      items_note_idx: { columns: [note], concurrently: true }
EOF
    cat >"$1/revisions/0001_items.yaml" <<'EOF'
revision: 0001_items
message: Items
operations:
  - create_enum: { name: item_state, values: [new, used] }
  - create_table:
      name: items
      columns:
        id: { type: bigint, identity: always }
        state: { type: item_state, default: "'new'" }
        note: { type: text, nullable: true }
      primary_key: { name: items_pkey, columns: [id] }
  - sql:
      up: "INSERT INTO items (state, note) VALUES ('new', 'it''s $migc$ and $migc_sql$'); INSERT INTO items (state) VALUES ('used') -- two rows"
      down: ""
EOF
    cat >"$1/revisions/0002_sold_state.yaml" <<'EOF'
revision: 0002_sold_state
parent: 0001_items
message: Sold state
operations:
  - add_enum_value: { enum: item_state, value: sold, after: used }
  - sql:
      up: "UPDATE items SET state = 'sold' WHERE state = 'used';"
      down: "UPDATE items SET state = 'used' WHERE state = 'sold'"
EOF
    cat >"$1/revisions/0003_note_index.yaml" <<'EOF'
revision: 0003_note_index
parent: 0002_sold_state
message: Note index
operations:
  - create_index: { table: items, name: items_note_idx, columns: [note], concurrently: true }
EOF
}

for dir in "$MIGC_SOURCE_DIR"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    [ -n "${!var:-}" ] || fail "no migrator for example module $mod (is it built by CMake?)"
    check_module "${dir%/}" "${!var}"
done

probe=$T_DIR/offline_probe
write_probe "$probe"
assert_exit 0 "$MIGC_BIN" generate -C "$probe"
assert_exit 0 "$MIGC_BIN" check -C "$probe"
build_migrator "$probe" "$T_DIR/probe_migrator"
check_module "$probe" "$T_DIR/probe_migrator"

# The data written by the sql steps agrees too: the enum value was usable after its commit.
# (check_module leaves both databases at 0001.)
data="select id || ':' || state || ':' || coalesce(note, '-') from probe.items order by id"
apply_sql "$DB_A" 0001:head
run_migrator "$DB_B" upgrade head
assert_eq "$(PGDATABASE=$DB_A psql_q "$data")" "$(PGDATABASE=$DB_B psql_q "$data")" "probe data"
assert_eq "$(PGDATABASE=$DB_A psql_q "$data" | tr '\n' ' ')" \
    "1:new:it's \$migc\$ and \$migc_sql\$ 2:sold:- " "probe data values"

# Shapes of the script: transactions, the commit point, guards as DO blocks, psql \if for
# CONCURRENTLY, a dollar tag that does not clash, deterministic output.
"$M" sql base:head >"$T_DIR/up.sql"
"$M" sql base:head >"$T_DIR/up2.sql"
cmp -s "$T_DIR/up.sql" "$T_DIR/up2.sql" || fail "sql output is not deterministic"
pass
assert_contains "$T_DIR/up.sql" "COMMIT; -- the next steps may use what this one added"
assert_contains "$T_DIR/up.sql" "\\if :migc_run"
assert_contains "$T_DIR/up.sql" "CREATE INDEX CONCURRENTLY"
assert_contains "$T_DIR/up.sql" "-- upgrade 0003_note_index (not transactional"
assert_eq "$(grep -c '^BEGIN;$' "$T_DIR/up.sql")" 3 "BEGIN count: 0001, 0002 and its commit point"
"$M" sql 0002:0001 >"$T_DIR/down.sql"
assert_contains "$T_DIR/down.sql" 'DO $migc_1$'

# Relative targets and bare downgrade targets: -1 from head, 0001:+1.
run_migrator "$DB_B" downgrade -1
apply_sql "$DB_A" -1
same "-1" 2
apply_sql "$DB_A" 0002:-1
run_migrator "$DB_B" downgrade 0001
same "0002:-1" 1
apply_sql "$DB_A" 0001:+2
run_migrator "$DB_B" upgrade +2
same "0001:+2" 3

# Never connects: a dead --url is fine. Usage errors are exit 2.
assert_exit 0 "$M" --url "postgresql://nobody@127.0.0.1:1/none" sql head
assert_exit 2 "$M" sql
assert_exit 2 "$M" sql 9999
assert_contains "$ERR" "unknown target 9999"
assert_exit 2 "$M" sql +1:head
assert_exit 2 "$M" sql base:-1
finish
