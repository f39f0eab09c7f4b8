#!/usr/bin/env bash
# The whole test suite: dependencies, format check, a -Werror build with every test against a
# throwaway PostgreSQL 15 (including migc and a migrator under valgrind), then the same tests under
# AddressSanitizer + UndefinedBehaviorSanitizer, then a one-minute libFuzzer run of the loader.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh

echo "== format check (hand-written, generated and golden C alike)"
git ls-files '*.c' '*.h' | xargs clang-format --dry-run -Werror

jobs=$(nproc 2>/dev/null || echo 2)
run_suite() { # build-dir, extra cmake args...
  local dir=$1
  shift
  echo "== build $dir $*"
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DMIGC_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  echo "== test $dir"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
}
run_suite build/ci
ASAN_OPTIONS=detect_leaks=1 run_suite build/ci-asan -DMIGC_SANITIZE=ON

echo "== fuzz: loader, validator, replay and renderer under libFuzzer for 60 s"
bash tests/fuzz/run.sh 60 build/ci-fuzz
