#!/usr/bin/env bash
# Every example module under schemas/: its committed output is what migc writes (migc check), and
# its migrator walks the whole history one revision at a time up and down against the server.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# Relations and types of the module schema, without the version table.
objects() {
    psql_q "select coalesce(string_agg(relname, ',' order by relname), '') from pg_class c
            join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relname not in ('migc_version', 'migc_version_pkey')
              and c.relkind in ('r', 'i', 'S')"
}

for dir in "$MIGC_SOURCE_DIR"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    M=${!var:-}
    [ -n "$M" ] || fail "no migrator for example module $mod (is it built by CMake?)"
    assert_exit 0 "$MIGC_BIN" check -C "$dir"
    db_create "migc_example_$mod"
    n=$(ls "$dir"/revisions/*.yaml | wc -l)

    # Up one revision at a time, then down one at a time, then all the way up again.
    declare -a seen=()
    seen[0]=$(objects)
    for i in $(seq 1 "$n"); do
        assert_exit 0 "$M" upgrade +1
        seen[$i]=$(objects)
        assert_eq "$(psql_q "select count(*) from public.migc_version")" "$i" "$mod: rows after +$i"
    done
    for i in $(seq "$n" -1 1); do
        assert_exit 0 "$M" downgrade -1
        assert_eq "$(objects)" "${seen[$((i - 1))]}" "$mod: objects after downgrading revision $i"
    done
    assert_eq "$(objects)" "" "$mod: nothing left at base"
    assert_exit 0 "$M" upgrade
    assert_eq "$(objects)" "${seen[$n]}" "$mod: objects at head"

    # Lost version rows: the guards make a full re-run succeed and end at head. That run found
    # every table already there, so a downgrade keeps them (it never drops what the run it
    # reverts did not create) and reports them as drift.
    psql_q "delete from public.migc_version"
    assert_exit 0 "$M" upgrade
    head=$(basename "$(ls "$dir"/revisions/*.yaml | tail -n 1)" .yaml)
    assert_exit 0 "$M" current
    assert_eq "$(cat "$OUT")" "$head" "$mod: current after re-run"
    # (drift, exit 1, only where the module is exclusive: agi_tracker)
    "$M" downgrade -1 >"$OUT" 2>"$ERR" || assert_contains "$ERR" "drift: the live schema differs"
    assert_contains "$OUT" "kept "
    [ -n "$(objects)" ] || fail "$mod: kept objects dropped after the re-run"
    pass
done
finish
