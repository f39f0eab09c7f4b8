#!/bin/sh
# Append-only units: a new revision writes its own unit, revisions.c and snapshot.c, and leaves
# every earlier unit byte-identical, also when it renames a table, a column and an enum that
# earlier units create (the guards that test the later names live in revisions.c). generate
# renders the same files and check proves them.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m=$T/m
mkdir -p "$m"
printf 'name: shop\n' >"$m/module.yaml"

# sums: the checksums of the earlier units (every generated file but revisions.c and snapshot.c).
sums() {
    (cd "$m/generated" && for f in 0*.c; do cksum "$f"; done)
}

cat >"$m/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad]
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      name: text
      feel: { type: mood, nullable: true }
YAML
run_migc 0 diff -C "$m" -m "init"
cat >>"$m/schema.yaml" <<'YAML'
      price: { type: "numeric(12,2)", nullable: true }
YAML
run_migc 0 diff -C "$m" -m "price"
contains "$OUT" "wrote $m/generated/0002_price.c"
before=$(sums)

# One revision renames the table, a column of 0001, a column of 0002 and the enum.
cat >"$m/schema.yaml" <<'YAML'
enums:
  feeling: { values: [happy, sad], renamed_from: mood }
tables:
  goods:
    renamed_from: items
    columns:
      id: { type: bigint, primary_key: true }
      title: { type: text, renamed_from: name }
      feel: { type: feeling, nullable: true }
      cost: { type: "numeric(12,2)", nullable: true, renamed_from: price }
YAML
run_migc 0 diff -C "$m" -m "renames"
contains "$OUT" "wrote $m/generated/0003_renames.c"
contains "$OUT" "wrote $m/generated/revisions.c"
if grep -q "wrote $m/generated/000[12]" "$OUT"; then
    fail "diff rewrote an earlier unit"
fi
after=$(sums)
[ "$after" = "$before
$(cd "$m/generated" && cksum 0003_renames.c)" ] || fail "earlier units changed:
$before
---
$after"

# The later names are in revisions.c: the guards that create the table, the column 0002 adds and
# the enum (a column created with its table has no guard of its own).
for name in goods cost feeling; do
    contains "$m/generated/revisions.c" "'$name'"
done
contains "$m/generated/revisions.c" ".guard_overrides = guard_overrides,"
contains "$m/generated/revisions.c" ".n_guard_overrides = 3,"
grep -q "'goods'\|'cost'\|'feeling'" "$m"/generated/0001_init.c "$m"/generated/0002_price.c &&
    fail "an earlier unit names a later name"

# generate renders the same files, check proves them, and everything compiles.
cp -R "$m/generated" "$T/by_diff"
rm -rf "$m/generated"
run_migc 0 generate -C "$m"
diff -r "$T/by_diff" "$m/generated" >"$ERR" || fail "generate differs from diff"
run_migc 0 check -C "$m"
contains "$OUT" "up to date (3 revisions)"
for unit in "$m"/generated/*.c; do
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only \
        -I"$MIGC_SOURCE_DIR/runtime/include" "$unit" 2>"$ERR" || fail "$unit does not compile"
done

# diff writes a unit generated/ lacks (a module never generated), and the unit of a revision
# edited since its unit was written (sql steps added to an empty revision), not only the new one.
run_migc 0 revision -C "$m" -m "backfill"
cat >"$m/revisions/0004_backfill.yaml" <<'YAML'
revision: 0004_backfill
parent: 0003_renames
operations:
  - sql: { up: "UPDATE goods SET cost = 0 WHERE cost IS NULL", down: "" }
YAML
rm "$m/generated/0001_init.c"
cat >>"$m/schema.yaml" <<'YAML'
      note: { type: text, nullable: true }
YAML
run_migc 0 diff -C "$m" -m "note"
contains "$OUT" "wrote $m/generated/0001_init.c"
contains "$OUT" "wrote $m/generated/0004_backfill.c"
contains "$OUT" "wrote $m/generated/0005_note.c"
contains "$m/generated/0004_backfill.c" "UPDATE goods SET cost = 0"
if grep -q "wrote $m/generated/000[23]" "$OUT"; then
    fail "diff rewrote an earlier unit"
fi
run_migc 0 check -C "$m"
echo "ok"
