#!/usr/bin/env bash
# migc benchmark: `MIGRATOR --targets` (SPEC §9) upgrading 1,000 tenant schemas of the
# artstore_admin example (5 revisions, verification after each upgrade) from base to head, with
# --parallel 1, 4, 8 and 16, against a shell loop that starts the migrator once per tenant; then
# the re-run with nothing to do, loop against --parallel 8. Each configuration gets a fresh
# database of a throwaway PostgreSQL 15 (tests/pg/start.sh). Prints wall time, targets per
# second, the ratio to the loop and the peak resident memory (/usr/bin/time -v).
# Usage: bash bench/fleet.sh [TENANTS]   (needs a build: $MIGC_BUILD, default build/fleet)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-1000}
build=${MIGC_BUILD:-$root/build/fleet}
M=$build/artstore_admin_migrator
[ -x "$M" ] || { echo "fleet.sh: no $M (build first, or set MIGC_BUILD)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "fleet.sh: needs /usr/bin/time (GNU time) for peak memory" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-bench-fleet.XXXXXX")
trap 'sh "$root/tests/pg/stop.sh" "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
sh "$root/tests/pg/start.sh" "$work/pg" >"$work/start.log"
. "$work/pg/env"

# A fresh database $1 and its target list: $n tenant schemas.
targets() {
    "$MIGC_PG_BINDIR/createdb" -U postgres "$1"
    local url="postgresql://postgres@127.0.0.1:$PGPORT/$1"
    seq -f "$url tenant_%04g" 1 "$n" >"$work/$1.list"
}

# Runs "$@" under GNU time; sets SECS (wall), CPU (user + system seconds of the migrator
# processes, not the server's) and RSS (peak resident set of one process, MB).
measure() {
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$work/time" "$@" >"$work/out" 2>&1 || {
        echo "fleet.sh: failed: $*" >&2
        tail -n 20 "$work/out" >&2
        exit 1
    }
    t1=$(date +%s.%N)
    SECS=$(echo "$t1 - $t0" | bc -l)
    RSS=$(awk -F: '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$work/time")
    CPU=$(awk -F: '/(User|System) time/ {s += $2} END {printf "%.1f", s}' "$work/time")
}

# The loop: one migrator process per tenant (a one-line target list on stdin, since a tenant
# schema is named only there), as a deploy script would run it.
loop() {
    while read -r url schema; do
        printf '%s %s\n' "$url" "$schema" | "$M" --targets - --quiet upgrade || exit 1
    done <"$1"
}
export -f loop
export M

row() {
    printf '%-24s %9.1f %10.1f %8.2fx %9s MB %10s s\n' "$1" "$SECS" "$(echo "$n / $SECS" | bc -l)" \
        "$(echo "$LOOP_SECS / $SECS" | bc -l)" "$RSS" "$CPU"
}
header() {
    printf '%-24s %9s %10s %9s %12s %12s\n' "$1" seconds targets/s "vs loop" "peak RSS" "client CPU"
}

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "$n tenant schemas of artstore_admin ($("$M" --version | grep -o '[0-9]* revisions')), one database"
echo "PostgreSQL $("$MIGC_PG_BINDIR/postgres" --version | awk '{print $3}') (fsync off), $(nproc) CPUs ($cpu), load average $(cut -d' ' -f1-3 /proc/loadavg)"
header "upgrade base -> head"

targets loop
measure bash -c 'loop "$1"' _ "$work/loop.list"
LOOP_SECS=$SECS
row "shell loop"
for p in 1 4 8 16; do
    targets "par$p"
    measure "$M" --targets "$work/par$p.list" --parallel "$p" --quiet upgrade
    row "--parallel $p"
done

header "again, nothing to do"
measure bash -c 'loop "$1"' _ "$work/loop.list"
LOOP_SECS=$SECS
row "shell loop"
measure "$M" --targets "$work/par8.list" --parallel 8 --quiet upgrade
row "--parallel 8"
