#!/usr/bin/env bash
# The runtime library exports exactly what migc.h declares with MIGC_API: every other symbol is
# internal (hidden visibility, made local when the library is prelinked).
# Usage: test_symbols.sh LIBMIGC_RUNTIME.a MIGC_H
set -u
lib=$1
header=$2
want=$(grep -o 'MIGC_API [a-z_ *]*migc_[a-z_]*(' "$header" | grep -o 'migc_[a-z_]*' | sort)
got=$(nm -g --defined-only "$lib" | awk 'NF == 3 { print $3 }' | sort)
[ -n "$want" ] || { echo "no MIGC_API declarations found in $header"; exit 1; }
if [ "$got" != "$want" ]; then
    echo "global symbols of $lib differ from the MIGC_API declarations of $header:"
    diff <(echo "$want") <(echo "$got") | sed 's/^</  declared, not exported:/; s/^>/  exported, not declared:/'
    exit 1
fi
echo "$(echo "$got" | wc -l) exported symbols, all declared in migc.h"
