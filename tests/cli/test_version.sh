#!/bin/sh
# migc --version prints "migc <the CMake project version>" and nothing else.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
: "${MIGC_VERSION:?MIGC_VERSION must hold the project version}"
run_migc 0 --version
[ "$(cat "$OUT")" = "migc $MIGC_VERSION" ] || fail "--version printed \"$(cat "$OUT")\""
[ ! -s "$ERR" ] || fail "--version wrote to stderr"
run_migc 2 --version extra
echo "ok"
