#!/bin/sh
# migc tests: one golden case.
# Usage: run.sh MIGC CASE_DIR, with CC naming the C compiler. Copies the case's inputs to a
# temporary module, runs `migc generate -C`, compares generated/ with CASE_DIR/expected/ byte for
# byte, compiles every generated and expected unit with -Werror, checks them with clang-format
# when it is installed, and, when the case has a schema, requires `migc check` to pass. To change
# expected output on purpose see README.md.
set -u
migc=$1
case_dir=$2
if [ -z "${CC:-}" ]; then
    echo "run.sh: CC is not set; it must name the C compiler (tests/golden/CMakeLists.txt sets it)" >&2
    exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
include="$here/../../runtime/include"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/m"
for f in module.yaml schema.yaml schema revisions; do
    if [ -e "$case_dir/$f" ]; then
        cp -R "$case_dir/$f" "$tmp/m/" || exit 1
    fi
done
status=0
if ! "$migc" generate -C "$tmp/m" >"$tmp/out" 2>&1; then
    echo "migc generate failed:" >&2
    cat "$tmp/out" >&2
    exit 1
fi
if [ ! -d "$case_dir/expected" ]; then
    echo "$case_dir/expected is missing; create it with tests/golden/refresh.sh" >&2
    exit 1
fi
if ! diff -r "$case_dir/expected" "$tmp/m/generated" >"$tmp/diff" 2>&1; then
    echo "generated/ differs from $case_dir/expected (expected → actual):" >&2
    cat "$tmp/diff" >&2
    echo "if the change is intended, run tests/golden/refresh.sh and review the diff" >&2
    status=1
fi
for unit in "$tmp/m/generated/"*.c "$case_dir/expected/"*.c; do
    if ! $CC -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only -I "$include" "$unit"; then
        echo "does not compile cleanly: $unit" >&2
        status=1
    fi
done
# the generated C is what clang-format makes of it (when clang-format is installed)
if command -v clang-format >/dev/null 2>&1; then
    for unit in "$tmp/m/generated/"*.c; do
        if ! clang-format --style=file:"$here/../../.clang-format" --dry-run -Werror "$unit" 2>"$tmp/fmt"; then
            echo "not clang-format clean: $(basename "$unit")" >&2
            head -20 "$tmp/fmt" >&2
            status=1
        fi
    done
fi
if [ -e "$tmp/m/schema.yaml" ] || [ -e "$tmp/m/schema" ]; then
    if ! "$migc" check -C "$tmp/m" >"$tmp/check" 2>&1; then
        echo "migc check found differences:" >&2
        cat "$tmp/check" >&2
        status=1
    fi
fi
exit "$status"
