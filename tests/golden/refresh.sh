#!/bin/sh
# migc tests: rewrites every golden case's expected/ with what MIGC generates now.
# Usage: tests/golden/refresh.sh MIGC [CASE...]. Review `git diff tests/golden` before committing.
set -eu
migc=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
if [ "$#" -eq 0 ]; then
    set -- "$here"/*/
fi
for case_dir in "$@"; do
    case_dir=${case_dir%/}
    [ -f "$case_dir/module.yaml" ] || continue
    tmp=$(mktemp -d)
    mkdir "$tmp/m"
    for f in module.yaml schema.yaml schema revisions; do
        if [ -e "$case_dir/$f" ]; then
            cp -R "$case_dir/$f" "$tmp/m/"
        fi
    done
    if ! "$migc" generate -C "$tmp/m" >/dev/null; then
        rm -rf "$tmp"
        echo "refresh.sh: migc generate failed for $case_dir" >&2
        exit 1
    fi
    rm -rf "$case_dir/expected"
    cp -R "$tmp/m/generated" "$case_dir/expected"
    rm -rf "$tmp"
    echo "refreshed $case_dir/expected"
done
echo "now review: git diff -- tests/golden"
