#!/bin/sh
# migc tests: one hostile-input case.
# Usage: run.sh MIGC CASE_DIR. Copies CASE_DIR to a temporary directory, runs its make.sh there
# when it has one (large inputs are written at test time, not committed), then runs
# `migc validate` and `migc generate` in the copy. Both must exit with the code on line 1 of
# CASE_DIR/expected and print line 2 (a `file:line:column: message` substring) on stderr, within
# the hang guard, without a sanitizer report, and generate must write nothing. The time each
# command took is printed as a report, not asserted.
set -u
migc=$1
case_dir=$2
name=$(basename "$case_dir")
want_code=$(sed -n 1p "$case_dir/expected")
want_text=$(sed -n 2p "$case_dir/expected")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/migc-hostile.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r "$case_dir" "$tmp/m"
rm -f "$tmp/m/expected"
if [ -f "$tmp/m/make.sh" ]; then
    (cd "$tmp/m" && sh ./make.sh && rm make.sh) || { echo "$name: make.sh failed" >&2; exit 1; }
fi
status=0
now() { date +%s%N; }
for cmd in validate generate; do
    start=$(now)
    (cd "$tmp/m" && timeout 10 "$migc" "$cmd") >"$tmp/out" 2>"$tmp/err"
    code=$?
    ms=$((($(now) - start) / 1000000))
    echo "$name: migc $cmd exit $code in $ms ms, $(wc -c <"$tmp/err") bytes on stderr"
    if [ "$code" = 124 ]; then
        echo "$name: migc $cmd did not finish within 10 s" >&2
        status=1
    elif [ "$code" != "$want_code" ]; then
        echo "$name: migc $cmd exit code $code, expected $want_code" >&2
        status=1
    fi
    if ! grep -qF -- "$want_text" "$tmp/err"; then
        echo "$name: stderr of migc $cmd lacks: $want_text" >&2
        status=1
    fi
    if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$tmp/err"; then
        echo "$name: sanitizer report from migc $cmd" >&2
        status=1
    fi
    if [ "$(wc -c <"$tmp/err")" -gt 100000 ]; then
        echo "$name: migc $cmd printed more than 100 kB of diagnostics" >&2
        status=1
    fi
    if [ "$status" != 0 ]; then
        echo "--- stderr of migc $cmd (first 4 kB):" >&2
        head -c 4096 "$tmp/err" >&2
        exit 1
    fi
done
if [ -d "$tmp/m/generated" ]; then
    echo "$name: migc generate wrote generated/ for invalid input" >&2
    exit 1
fi
exit 0
