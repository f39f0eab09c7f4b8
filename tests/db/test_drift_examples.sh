#!/usr/bin/env bash
# No false positives on the example modules: `check` is clean (exit 0, also with --json) at base,
# after every revision on the way up and after every revision on the way down; the upgrades and
# downgrades themselves verify the schema and succeed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# check_clean MIGRATOR LABEL: check exits 0 and --json says clean.
check_clean() {
    assert_exit 0 "$1" check
    assert_contains "$OUT" "no drift"
    assert_exit 0 "$1" --json check
    python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["clean"] is True, d' <"$OUT" ||
        fail "$2: --json check: $(cat "$OUT")"
    pass
}

for dir in "$MIGC_SOURCE_DIR"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    M=${!var:-}
    [ -n "$M" ] || fail "no migrator for example module $mod"
    db_create "migc_drift_ex_$mod"
    n=$(ls "$dir"/revisions/*.yaml | wc -l)
    check_clean "$M" "$mod at base"
    for i in $(seq 1 "$n"); do
        assert_exit 0 "$M" upgrade +1
        check_clean "$M" "$mod after +$i"
    done
    for i in $(seq "$n" -1 1); do
        assert_exit 0 "$M" downgrade -1
        check_clean "$M" "$mod after downgrading revision $i"
    done
done
finish
