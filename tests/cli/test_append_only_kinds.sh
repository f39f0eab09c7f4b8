#!/bin/sh
# Append-only units for every kind a later revision can change in place: a revision that alters
# or renames a function, trigger, view, materialized view, sequence, domain and composite type
# leaves the units that created them as they were (replay never changes an object an earlier
# step holds), so what diff writes is what generate writes, and check proves it.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m=$T/m
mkdir -p "$m"
printf 'name: kinds\n' >"$m/module.yaml"

write_schema() { # $1: events of the trigger, $2: the function's factor, $3: the view's filter
    cat >"$m/schema.yaml" <<YAML
sequences:
  ticket_seq: { increment: $2 }
domains:
  score: { type: integer, default: "$2" }
types:
  pair: { columns: { a: integer, b: integer }, comment: "factor $2" }
functions:
  "stamp()":
    returns: trigger
    language: plpgsql
    body: BEGIN NEW.n := NEW.n * $2; RETURN NEW; END
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      n: integer
    triggers:
      items_stamp: { timing: before, events: [$1], for_each: row, function: stamp() }
views:
  big_items:
    query: SELECT id, n FROM items WHERE n > $3
materialized_views:
  item_count:
    query: SELECT count(*) AS c FROM items WHERE n > $3
YAML
}
write_schema insert 2 10
run_migc 0 diff -C "$m" -m "init"
sum1=$(cksum <"$m/generated/0001_init.c")
write_schema "insert, update" 3 20
run_migc 0 diff -C "$m" -m "alter everything"
[ "$(cksum <"$m/generated/0001_init.c")" = "$sum1" ] || fail "diff rewrote 0001"
contains "$m/revisions/0002_alter_everything.yaml" "alter_trigger"
contains "$m/revisions/0002_alter_everything.yaml" "alter_function"
contains "$m/revisions/0002_alter_everything.yaml" "alter_sequence"

# The unit that created them still creates them as 0001 declared them.
contains "$m/generated/0001_init.c" "BEFORE INSERT ON"
contains "$m/generated/0001_init.c" "NEW.n * 2"
contains "$m/generated/0001_init.c" "n > 10"

cp -R "$m/generated" "$T/by_diff"
rm -rf "$m/generated"
run_migc 0 generate -C "$m"
diff -r "$T/by_diff" "$m/generated" >"$ERR" || fail "generate differs from diff: $(cat "$ERR")"
run_migc 0 check -C "$m"
contains "$OUT" "up to date (2 revisions)"
echo "ok"
