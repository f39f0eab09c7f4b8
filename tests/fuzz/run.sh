#!/usr/bin/env bash
# Builds the libFuzzer harness with clang (-DMIGC_FUZZ=ON: fuzzer + ASan + UBSan) in BUILD_DIR and
# fuzzes the loader, validator, replay and renderer for SECONDS, starting from the committed seed
# corpus. Exits non-zero on any finding (crash, leak, sanitizer report, timeout, out of memory);
# the input that caused it is left in BUILD_DIR/artifacts/.
# Usage: tests/fuzz/run.sh [SECONDS] [BUILD_DIR]   (defaults: 60, build/fuzz)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${1:-60}
dir=${2:-$root/build/fuzz}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
command -v clang >/dev/null || { echo "fuzz: clang is not installed (scripts/install-deps.sh)" >&2; exit 1; }
CC=clang cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DMIGC_FUZZ=ON >/dev/null
cmake --build "$dir" --target fuzz_load -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
rm -rf "$dir/corpus" "$dir/artifacts"
mkdir -p "$dir/corpus" "$dir/artifacts"
cd "$dir"
echo "== fuzz_load: seed corpus, then $seconds s of fuzzing"
./tests/fuzz/fuzz_load -runs=0 "$root/tests/fuzz/corpus" >fuzz-seeds.log 2>&1 ||
    { tail -50 fuzz-seeds.log >&2; exit 1; }
if ! ./tests/fuzz/fuzz_load -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$dir/artifacts/" -print_final_stats=1 corpus "$root/tests/fuzz/corpus" \
    >fuzz.log 2>&1; then
    tail -80 fuzz.log >&2
    echo "fuzz: finding; reproduce with $dir/tests/fuzz/fuzz_load $dir/artifacts/<file>" >&2
    exit 1
fi
grep -E '^stat::(number_of_executed_units|new_units_added)' fuzz.log
