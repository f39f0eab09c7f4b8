#!/bin/sh
# migc revision -m MESSAGE: the next number, the message's slug, the last revision as parent, no
# operations; generated/ regenerated as diff does, so check passes right after. Nothing is written
# without -m or on invalid input.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m=$T/m
module "$m"

# The first revision of a module has no parent.
run_migc 0 revision -C "$m" -m "First: empty!"
[ "$(cat "$m/revisions/0001_first_empty.yaml")" = 'revision: 0001_first_empty
message: "First: empty!"
operations: []' ] || fail "unexpected 0001_first_empty.yaml: $(cat "$m/revisions/0001_first_empty.yaml")"
[ -f "$m/generated/0001_first_empty.c" ] || fail "generated/0001_first_empty.c not written"

run_migc 0 diff -C "$m" -m "Add items"
run_migc 0 revision -C "$m" -m "  Backfill the PRICES (from the old   table) "
rev=$m/revisions/0003_backfill_the_prices_from_the_old_table.yaml
[ -f "$rev" ] || fail "revision file not written: $(ls "$m/revisions")"
contains "$rev" "revision: 0003_backfill_the_prices_from_the_old_table"
contains "$rev" "parent: 0002_add_items"
contains "$rev" "operations: []"
contains "$OUT" "wrote $rev"
contains "$OUT" "wrote $m/generated/0003_backfill_the_prices_from_the_old_table.c"
contains "$m/generated/revisions.c" "0003_backfill_the_prices_from_the_old_table"
run_migc 0 check -C "$m"
contains "$OUT" "up to date (3 revisions)"
for unit in "$m"/generated/*.c; do
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only \
        -I"$MIGC_SOURCE_DIR/runtime/include" "$unit" 2>"$ERR" || fail "$unit does not compile"
done

# A hand-written sql step goes into the empty revision; generate and check accept it.
cat >"$rev" <<'YAML'
revision: 0003_backfill_the_prices_from_the_old_table
parent: 0002_add_items
operations:
  - sql: { up: "UPDATE items SET price = 0 WHERE price IS NULL", down: "" }
YAML
run_migc 0 generate -C "$m"
run_migc 0 check -C "$m"

# Refusals write nothing.
before=$(ls "$m/revisions" "$m/generated")
run_migc 2 revision -C "$m"
contains "$ERR" "revision needs -m MESSAGE"
printf 'tables: [oops]\n' >"$m/schema.yaml"
run_migc 3 revision -C "$m" -m "never written"
[ "$(ls "$m/revisions" "$m/generated")" = "$before" ] || fail "files written by a refused revision"
echo "ok"
