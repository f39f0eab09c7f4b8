#!/usr/bin/env bash
# An outside CMake project builds a migrator for its own module through add_subdirectory(migc).
set -eu
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-outside.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/app/db"
cp -r "$MIGC_SOURCE_DIR/schemas/artstore_admin/." "$work/app/db/"
cat >"$work/app/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.20)
project(outside C)
add_subdirectory("$MIGC_SOURCE_DIR" migc)
migc_add_migrator(app_migrator MODULE db)
CMAKE
"$MIGC_CMAKE" -S "$work/app" -B "$work/build" -DCMAKE_C_COMPILER="$MIGC_CC" >"$work/log" 2>&1 ||
    { cat "$work/log"; echo "0 passed, 1 failed"; exit 1; }
"$MIGC_CMAKE" --build "$work/build" --target app_migrator -j2 >>"$work/log" 2>&1 ||
    { cat "$work/log"; echo "0 passed, 1 failed"; exit 1; }
out=$("$work/build/app_migrator" --help 2>&1) || true
case "$out" in
*upgrade*) ;;
*) echo "app_migrator --help printed: $out"; echo "1 passed, 1 failed"; exit 1 ;;
esac
echo "2 passed, 0 failed"
