#!/bin/sh
# A declared enum's name is a column type as written in schema.yaml, whatever quoting PostgreSQL
# needs for it (SPEC §3): 'mood "quoted"' and Mood, arrays too; a malformed type that names no
# enum is still an error at its file:line:col.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

mkdir -p "$T/m"
printf 'name: qe\n' >"$T/m/module.yaml"
cat >"$T/m/schema.yaml" <<'YAML'
enums:
  'mood "quoted"': [happy, sad]
  Mood: [a, b]
tables:
  t:
    columns:
      id:  { type: bigint, primary_key: true }
      m:   { type: 'mood "quoted"' }
      ms:  { type: 'mood "quoted"[]', nullable: true }
      big: { type: Mood }
YAML
run_migc 0 diff -C "$T/m" -m init
contains "$T/m/generated/0001_init.c" '\"m\" \"mood \"\"quoted\"\"\" NOT NULL'
contains "$T/m/generated/0001_init.c" '\"ms\" \"mood \"\"quoted\"\"\"[],'
contains "$T/m/generated/0001_init.c" '\"big\" \"Mood\" NOT NULL'
run_migc 0 check -C "$T/m"

sed -i "s/      big: { type: Mood }/      big: { type: 'mod \"quoted\"' }/" "$T/m/schema.yaml"
run_migc 3 validate -C "$T/m"
contains "$ERR" 'schema.yaml:10:20: error: malformed type "mod "quoted""'
echo "1 passed, 0 failed"
