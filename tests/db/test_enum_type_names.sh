#!/usr/bin/env bash
# Enum types whose names need quoting (a reserved word, upper case and a space) used as column
# types, plain and as arrays: spelled as format_type spells them, created, checked clean, renamed,
# dropped.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_enum_names
mod=$T_DIR/qe
mkdir -p "$mod"
printf 'name: qe\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  user: [a, b]
  Mood Kind: [happy, sad]
  plain_one: [p]
tables:
  things:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      who: { type: user, default: "'a'" }
      mood: { type: '"Mood Kind"', nullable: true }
      moods: { type: '"Mood Kind"[]', nullable: true }
      p: { type: PLAIN_ONE, nullable: true }
YAML
assert_exit 0 "$MIGC_BIN" diff -C "$mod" -m init
assert_contains "$mod/revisions/0001_init.yaml" 'who: { type: "\"user\"", default: "'"'"'a'"'"'" }'
assert_contains "$mod/revisions/0001_init.yaml" 'p: { type: plain_one, nullable: true }'
build_migrator "$mod" "$T_DIR/m"
M=$T_DIR/m
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "select string_agg(attname || ':' || format_type(atttypid, atttypmod), ',' order by attnum) from pg_attribute where attrelid = 'public.things'::regclass and attnum > 1")" \
    'who:"user",mood:"Mood Kind",moods:"Mood Kind"[],p:plain_one' "column types"
assert_exit 0 "$M" check

# A declared enum's name written as it is declared is that enum (SPEC §3), capitals and space
# included: no pending change against the revision that spelled it "Mood Kind".
sed -i 's/      mood: { type: .*/      mood: { type: Mood Kind, nullable: true }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC_BIN" check -C "$mod"
# A name that is no enum's is still an unknown type.
sed -i 's/      mood: { type: .*/      mood: { type: Mood Kinds, nullable: true }/' "$mod/schema.yaml"
assert_exit 3 "$MIGC_BIN" validate -C "$mod"

# Renaming the enum follows into the columns (plain and array).
sed -i 's/      mood: { type: .*/      mood: { type: '"'"'"Mood Kind"'"'"', nullable: true }/' "$mod/schema.yaml"
sed -i 's/^  Mood Kind: \[happy, sad\]/  Feeling: { values: [happy, sad], renamed_from: Mood Kind }/' "$mod/schema.yaml"
sed -i 's/"Mood Kind"/"Feeling"/g' "$mod/schema.yaml"
assert_exit 0 "$MIGC_BIN" diff -C "$mod" -m rename
assert_contains "$mod/revisions/0002_rename.yaml" 'rename_enum: { from: Mood Kind, to: Feeling }'
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'public.things'::regclass and attname = 'moods'")" \
    '"Feeling"[]' "array column follows the rename"
assert_exit 0 "$M" downgrade base
assert_eq "$(psql_q "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'public' and t.typtype = 'e'")" \
    "0" "no enum left at base"
finish
