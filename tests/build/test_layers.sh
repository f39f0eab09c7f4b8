#!/usr/bin/env bash
# The runtime's layers (runtime/core, check, sql, cli; README "How it is built") depend only
# downwards: core on nothing, check and sql on core, cli on all three.
#   1. No file of a layer includes a header of a layer it may not use.
#   2. No object of a layer refers to a migc_* function that only such a layer defines.
#   3. An application that calls only the core API (layers_embed.c), linked with the packaged
#      runtime and --gc-sections, holds no function of check, sql or cli; the same program
#      calling migc_check, migc_sql_script and migc_cli_main holds some of each (so the
#      comparison can see them at all).
# Usage: test_layers.sh RUNTIME_DIR LIBMIGC_RUNTIME.a core=OBJS check=OBJS sql=OBJS cli=OBJS
# (OBJS ;-separated); MIGC_CC, MIGC_CC_FLAGS, MIGC_PQ_INCLUDE and MIGC_PQ_LIBS from the
# environment.
set -u
rtdir=$1
lib=$2
shift 2
layers="core check sql cli"
declare -A below=([core]="" [check]="core" [sql]="core" [cli]="core check sql")
declare -A objs
for arg in "$@"; do
    objs[${arg%%=*}]=${arg#*=}
done
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
allowed() { # allowed LAYER OTHER: LAYER may use OTHER
    [ "$1" = "$2" ] || [[ " ${below[$1]} " == *" $2 "* ]]
}

# 1. includes
for layer in $layers; do
    [ -d "$rtdir/$layer" ] || { fail "no folder $rtdir/$layer"; continue; }
    for f in "$rtdir/$layer"/*.[ch]; do
        while read -r h; do
            [ "$h" = migc/migc.h ] && continue
            owner=""
            for other in $layers; do
                [ -f "$rtdir/$other/$h" ] && owner=$other
            done
            if [ -z "$owner" ]; then
                fail "$layer/$(basename "$f") includes \"$h\", which no layer has"
            elif ! allowed "$layer" "$owner"; then
                fail "$layer/$(basename "$f") includes $owner/$h" \
                    "(a $layer file may use: $layer ${below[$layer]})"
            fi
        done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
    done
done

# 2. calls, from the objects: every migc_* symbol a layer needs is defined in it or below it
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for layer in $layers; do # $work/LAYER.syms: the migc_* functions LAYER's objects define
    IFS=';' read -r -a list <<<"${objs[$layer]:-}"
    if [ "${#list[@]}" -eq 0 ] || [ ! -f "${list[0]}" ]; then
        echo "FAIL: no objects for $layer"
        exit 1
    fi
    nm --defined-only "${list[@]}" | awk '$2 ~ /^[Tt]$/ && $3 ~ /^migc_/ { print $3 }' |
        sort -u >"$work/$layer.syms"
done
for layer in $layers; do
    IFS=';' read -r -a list <<<"${objs[$layer]}"
    for sym in $(nm -u "${list[@]}" | awk '$2 ~ /^migc_/ { print $2 }' | sort -u); do
        owner=""
        for other in $layers; do
            grep -qx "$sym" "$work/$other.syms" && owner=$other
        done
        if [ -n "$owner" ] && ! allowed "$layer" "$owner"; then
            fail "$layer calls $sym, defined in $owner"
        fi
    done
done

# 3. what an application that embeds only the core links
link() { # link OUT [CFLAGS...]
    local out=$1
    shift
    # shellcheck disable=SC2086
    "$MIGC_CC" $MIGC_CC_FLAGS "$@" -I"$rtdir/include" -I"$MIGC_PQ_INCLUDE" \
        "$(dirname "$0")/layers_embed.c" "$lib" $MIGC_PQ_LIBS -pthread -Wl,--gc-sections -o "$out"
}
link "$work/core_only" || { echo "FAIL: cannot link the core-only program"; exit 1; }
link "$work/all" -DMIGC_LAYERS_ALL || { echo "FAIL: cannot link the all-layers program"; exit 1; }
nm "$work/core_only" | awk '{ print $NF }' | sort -u >"$work/core_only.syms"
nm "$work/all" | awk '{ print $NF }' | sort -u >"$work/all.syms"
for sym in migc_upgrade migc_lock_acquire migc_version_ensure migc_apply_revision; do
    grep -qx "$sym" "$work/core_only.syms" ||
        fail "the core-only program has no $sym (nm cannot see the runtime's local symbols?)"
done
for layer in check sql cli; do
    kept=$(comm -12 "$work/$layer.syms" "$work/core_only.syms" | tr '\n' ' ')
    [ -z "$kept" ] || fail "the core-only program links $layer functions: $kept"
    seen=$(comm -12 "$work/$layer.syms" "$work/all.syms" | wc -l)
    [ "$seen" -gt 0 ] || fail "the all-layers program links no $layer function (control)"
    echo "$layer: $(wc -l <"$work/$layer.syms") migc_* functions, $seen of them in the all-layers" \
        "program, $(echo "$kept" | wc -w) in the core-only one"
done
echo "core-only program $(stat -c %s "$work/core_only") bytes," \
    "all-layers program $(stat -c %s "$work/all") bytes"
[ "$fails" -eq 0 ] || exit 1
echo "layers: includes, calls and links go downwards only"
