#!/usr/bin/env bash
# Lints migc's plain DDL with squawk (https://squawkhq.com, npm package squawk-cli): writes
# `MIGRATOR sql --unguarded PREV:REV` and `REV:PREV` of every revision of every example module and
# of the probe module of tests/cli/unguarded_probe.sh (one file each, as a reviewer reads one
# revision: squawk then treats a table as new exactly when migc does), runs squawk on them and
# prints its findings, each with the migc step it points at.
#
#   usage: scripts/squawk.sh [BUILD_DIR]    (default $MIGC_BUILD_DIR, else build)
#
# squawk-cli (version $SQUAWK_VERSION, default below) is installed with npm into build/squawk-cli
# when it is not there yet; that needs npm and the network. Exit 0 when squawk parsed every file,
# whatever rules it reports (README, "Linting the plain DDL with squawk"); 1 when it could not
# parse one (a syntax-error finding) or a file could not be written; 2 when squawk cannot be
# installed or run. CTest runs it as squawk.unguarded (tests/squawk/CMakeLists.txt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${MIGC_BUILD_DIR:-$root/build}}
build=$(cd "$build" && pwd) || exit 2
version=${SQUAWK_VERSION:-2.66.0}
cache=$root/build/squawk-cli
squawk=$cache/node_modules/.bin/squawk
migc=${MIGC_BIN:-$build/migc}
out=$build/squawk-out

die() {
    echo "squawk.sh: $*" >&2
    exit 2
}

# Installs squawk-cli@$version into $cache unless that version is there; one install at a time.
install_squawk() {
    if [ -x "$squawk" ] && [ "$("$squawk" --version 2>/dev/null)" = "squawk $version" ]; then
        return 0
    fi
    command -v npm >/dev/null ||
        die "npm not found: squawk-cli comes from npm (Debian: apt-get install npm)"
    mkdir -p "$cache"
    (
        command -v flock >/dev/null && flock 9
        if [ "$("$squawk" --version 2>/dev/null)" != "squawk $version" ]; then
            echo "squawk.sh: installing squawk-cli@$version into $cache" >&2
            npm install --prefix "$cache" --no-audit --no-fund --no-save --loglevel=error \
                "squawk-cli@$version" >&2 ||
                die "npm install squawk-cli@$version failed (is the network reachable?)"
        fi
    ) 9>"$cache/.lock"
    [ "$("$squawk" --version 2>/dev/null)" = "squawk $version" ] ||
        die "$squawk does not run, or is not version $version"
}

# Builds the migrator of module directory $1 into $2, as tests/db/build_migrator.sh does.
build_migrator() {
    # shellcheck disable=SC2086
    "${MIGC_CC:-cc}" ${MIGC_CC_FLAGS:--std=c11} -DMIGC_MIGRATOR_MAIN \
        -I"${MIGC_RUNTIME_INCLUDE:-$root/runtime/include}" "$1"/generated/*.c \
        "${MIGC_RUNTIME_LIB:-$build/libmigc_runtime.a}" ${MIGC_PQ_LIBS:--lpq} -o "$2"
}

# Writes the plain DDL of each revision of module directory $1 (migrator $2), up and down, into
# $out/<module>/.
write_module() {
    local mod prev=base id dir
    mod=$(basename "$1")
    dir=$out/$mod
    mkdir -p "$dir"
    for f in "$1"/revisions/*.yaml; do
        id=$(basename "$f" .yaml)
        "$2" sql --unguarded "$prev:$id" >"$dir/$id.up.sql" ||
            { echo "squawk.sh: $mod: sql --unguarded $prev:$id failed" >&2; exit 1; }
        # an irreversible revision has no way down (exit 7): nothing to lint
        "$2" sql --unguarded "$id:$prev" >"$dir/$id.down.sql" 2>/dev/null || rm -f "$dir/$id.down.sql"
        prev=$id
    done
}

# squawk's gcc-style lines (0-based line:column) as 1-based, each followed by the step comment
# above the statement it points at.
annotate() {
    awk -F: '
        NF >= 4 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
            file = $1; line = $2 + 1; col = $3 + 1
            rest = substr($0, length($1) + length($2) + length($3) + 4)
            step = ""
            n = 0
            while ((getline text < file) > 0 && ++n <= line)
                if (text ~ /^-- .* step [0-9]+: /) step = substr(text, 4)
            close(file)
            print file ":" line ":" col ":" rest
            if (step != "") print "    at " step
            next
        }
        { print }'
}

install_squawk
[ -x "$migc" ] || die "$migc not found: build migc first (or pass the build directory)"
rm -rf "$out"
mkdir -p "$out"
for dir in "$root"/schemas/*/; do
    mod=$(basename "$dir")
    var="MIGRATOR_$mod"
    m=${!var:-$build/${mod}_migrator}
    [ -x "$m" ] || die "no migrator for example module $mod at $m"
    write_module "${dir%/}" "$m"
done

. "$root/tests/cli/unguarded_probe.sh"
probe=$out/.probe/unguarded_probe
write_unguarded_probe "$probe" "$migc" || { echo "squawk.sh: cannot write the probe" >&2; exit 1; }
build_migrator "$probe" "$out/.probe/migrator" || { echo "squawk.sh: cannot build the probe" >&2; exit 1; }
write_module "$probe" "$out/.probe/migrator"

cd "$out"
files=$(find . -path ./.probe -prune -o -name '*.sql' -print | sed 's|^\./||' | sort)
rc=0
# shellcheck disable=SC2086
"$squawk" --pg-version 15 --reporter gcc $files >"$out/findings.txt" 2>"$out/stderr.txt" || rc=$?
annotate <"$out/findings.txt"
cat "$out/stderr.txt" >&2
[ "$rc" -le 1 ] || die "squawk exited $rc" # 1: it has findings
n_files=$(echo "$files" | wc -l)
echo
echo "squawk $version: $(wc -l <"$out/findings.txt") findings in $n_files files under $out:"
awk '{ print $3 }' "$out/findings.txt" | sort | uniq -c | sort -rn
if grep -q ': error: syntax-error ' "$out/findings.txt"; then
    echo "squawk.sh: squawk could not parse every file (syntax-error above)" >&2
    exit 1
fi
echo "squawk parsed all $n_files files"
