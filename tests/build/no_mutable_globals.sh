#!/usr/bin/env bash
# Fails when an object file of the generator or the runtime defines writable data (.data or
# .bss, not .data.rel.ro): state must travel in context structs, only constants may be static.
set -u
found=0
checked=0
# CTest hands each library's objects over as one ;-separated argument.
IFS=';' read -r -a objects <<<"$(IFS=';'; echo "$*")"
for obj in "${objects[@]}"; do
    [ -f "$obj" ] || { echo "missing object file $obj"; exit 1; }
    checked=$((checked + 1))
    # objdump -t: "<addr> <flags> <section> <size> <name>"; data objects have the O flag. Names
    # starting with "__" are the compiler's own (sanitizer bookkeeping).
    bad=$(objdump -t "$obj" | awk '$0 ~ / O / { for (i = 1; i <= NF; i++) if ($i ~ /^\.(data|bss)/ && $i !~ /^\.data\.rel\.ro/ && $NF !~ /^__/) print $i, $NF }')
    if [ -n "$bad" ]; then
        echo "mutable static data in $(basename "$obj"): $bad"
        found=$((found + 1))
    fi
done
[ "$checked" -gt 10 ] || { echo "only $checked object files given"; exit 1; }
if [ "$found" -ne 0 ]; then
    echo "$((checked - found)) passed, $found failed"
    exit 1
fi
echo "$checked passed, 0 failed"
