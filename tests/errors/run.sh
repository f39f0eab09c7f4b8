#!/bin/sh
# migc tests: one error case.
# Usage: run.sh MIGC CASE_DIR. Runs `migc validate` inside CASE_DIR (so paths print relative)
# and checks CASE_DIR/expected: line 1 the exit code, line 2 a substring of stderr, optional
# line 3 the migc command and arguments to run instead of `validate` (e.g. `diff -m x --dry-run`
# for errors that only the diff finds). The case directory must be left unchanged.
set -u
migc=$1
dir=$2
want_code=$(sed -n 1p "$dir/expected")
want_text=$(sed -n 2p "$dir/expected")
command=$(sed -n 3p "$dir/expected")
: "${command:=validate}"
# shellcheck disable=SC2086 # the command line is split into words on purpose
err=$(cd "$dir" && "$migc" $command 2>&1 >/dev/null)
code=$?
status=0
if [ "$code" != "$want_code" ]; then
    echo "exit code $code, expected $want_code" >&2
    status=1
fi
if ! printf '%s\n' "$err" | grep -qF -- "$want_text"; then
    echo "stderr lacks: $want_text" >&2
    status=1
fi
if [ "$status" != 0 ]; then
    echo "--- stderr of migc $command in $dir:" >&2
    printf '%s\n' "$err" >&2
fi
exit "$status"
