#!/usr/bin/env bash
# Every revision of every example module, one at a time: upgrade +1, downgrade -1, upgrade +1.
# After each step the migrator's own `check` must find no drift (when this build has it: exit 2
# means "not available"), and the schema-only dump must match: the second +1 gives exactly the
# first's schema, and -1 gives back the schema from before the +1 (compared line by line in
# sorted order, because a column that a downgrade re-creates is appended physically and column
# order is never drift).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

dump() {
    "$MIGC_PG_BINDIR/pg_dump" --schema-only --no-owner --no-privileges \
        --exclude-table=migc_version "$PGDATABASE" |
        grep -v '^--\|^SET \|^SELECT pg_catalog.set_config\|^\\restrict\|^\\unrestrict' |
        sed '/^$/d'
}
# Column order does not count: sorted lines, without the comma that ends all but the last column.
unordered() {
    sed 's/,$//' | LC_ALL=C sort
}

# The migrator's drift check after a step, when the build has it.
check_live() {
    got=0
    "$M" check >"$OUT" 2>"$ERR" || got=$?
    [ "$got" -eq 2 ] && return 0
    if [ "$got" -ne 0 ]; then
        show_output
        fail "$mod: check after $1: exit $got"
    fi
    pass
}

for dir in "$MIGC_SOURCE_DIR"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    M=${!var:-}
    [ -n "$M" ] || fail "no migrator for example module $mod"
    db_create "migc_vocab_ex_$mod"
    n=$(ls "$dir"/revisions/*.yaml | wc -l)
    for i in $(seq 1 "$n"); do
        id=$(basename "$(ls "$dir"/revisions/*.yaml | sed -n "${i}p")" .yaml)
        before=$(dump)
        assert_exit 0 "$M" upgrade +1
        check_live "upgrade to $id"
        first=$(dump)
        assert_exit 0 "$M" downgrade -1
        check_live "downgrade of $id"
        assert_eq "$(dump | unordered)" "$(printf '%s\n' "$before" | unordered)" \
            "$mod: schema after downgrading $id is the one before it"
        assert_exit 0 "$M" upgrade +1
        check_live "second upgrade to $id"
        second=$(dump)
        if [ "$first" != "$second" ]; then
            diff <(printf '%s\n' "$first") <(printf '%s\n' "$second") >&2
            fail "$mod: schema after the second upgrade to $id differs from the first"
        fi
        pass
        assert_exit 0 "$M" current
        assert_eq "$(cat "$OUT")" "$id" "$mod: current after $id"
    done
done
finish
