#!/bin/sh
# Builds the hand-written fixture migrators into DIR (default /tmp/migc-rtfix) with gcc,
# straight from runtime/*.c: rtfix (3 revisions), rtfix_fail (+ failing 0004), rtfix_irrev.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-/tmp/migc-rtfix}
mkdir -p "$out"
cflags="-std=c11 -Wall -Wextra -pedantic -Werror -g -O0 ${CFLAGS:-}"
inc="-I$src/runtime/include -I$(pg_config --includedir)"
build() {
    name=$1
    shift
    # shellcheck disable=SC2086
    gcc $cflags $inc -DMIGC_MIGRATOR_MAIN "$@" -o "$out/$name" \
        "$src/tests/runtime_fixture/revisions.c" "$src"/runtime/*.c -lpq
}
build rtfix
build rtfix_fail -DFIXTURE_FAIL
build rtfix_irrev -DFIXTURE_IRREVERSIBLE
echo "built $out/rtfix $out/rtfix_fail $out/rtfix_irrev"
