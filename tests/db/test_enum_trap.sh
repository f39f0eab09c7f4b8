#!/usr/bin/env bash
# The 55P04 trap: a value added by ALTER TYPE ... ADD VALUE cannot be used in the transaction that
# added it. migc commits right after each add_enum_value step, so a revision may add a value and
# use it (in a default and in a sql step). Downgrading removes the value again by rebuilding the
# type. When a later step of such a revision fails, the steps up to the commit point stay done
# (the value is committed) while the rest of the revision and its version row are rolled back;
# once fixed, the revision is simply run again: the add_enum_value guard sees the value and skips.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_enum_trap
MIGC=$MIGC_BIN
mod=$T_DIR/trap
M=$T_DIR/trap_migrator
mkdir -p "$mod"
echo "name: trap" >"$mod/module.yaml"

labels() {
    psql_q "select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum
            where enumtypid = 'public.mood'::regtype"
}
rebuild() {
    assert_exit 0 "$MIGC" generate -C "$mod"
    build_migrator "$mod" "$M"
}

# 0001: the enum and a table using it.
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad]
tables:
  people:
    columns:
      id:   { type: bigint, identity: always, primary_key: true }
      name: text
      mood: { type: mood, default: "'happy'" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "People"
rebuild
assert_exit 0 "$M" upgrade
psql_q "insert into public.people (name, mood) values ('ann', 'happy'), ('bob', 'sad')"

# The trap is real: in one transaction the new value cannot be used.
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "begin; alter type public.mood add value 'meh';
    update public.people set mood = 'meh'; commit;"
assert_contains "$ERR" "unsafe use of new value"
assert_eq "$(labels)" "happy,sad" "the failed transaction added nothing"

# 0002: add a value, make it the default, and use it in a hand-written sql step.
sed -i "s/mood: \[happy, sad\]/mood: [happy, sad, meh]/; s/default: \"'happy'\"/default: \"'meh'\"/" \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Meh"
rev=$mod/revisions/0002_meh.yaml
cat >>"$rev" <<'YAML'
  - sql:
      up: "UPDATE people SET mood = 'meh' WHERE mood = 'sad'"
      down: "UPDATE people SET mood = 'sad' WHERE mood = 'meh'"
YAML
assert_contains "$rev" "add_enum_value: { enum: mood, value: meh, after: sad }"
assert_contains "$rev" "alter_column: { table: people, name: mood, default: \"'meh'\" }"
rebuild
assert_exit 0 "$M" upgrade
assert_eq "$(labels)" "happy,sad,meh" "0002 added the value"
assert_eq "$(psql_q "select string_agg(mood::text, ',' order by id) from public.people")" \
    "happy,meh" "the sql step used the new value"
assert_eq "$(psql_q "select pg_get_expr(adbin, adrelid) from pg_attrdef
                     where adrelid = 'public.people'::regclass")" "'meh'::mood" "the default uses it"

# Downgrade: the sql step's down, the old default, then the value is removed by a rebuild.
assert_exit 0 "$M" downgrade -1
assert_eq "$(labels)" "happy,sad" "downgrade removed the value"
assert_eq "$(psql_q "select string_agg(mood::text, ',' order by id) from public.people")" \
    "happy,sad" "rows back"
assert_eq "$(psql_q "select pg_get_expr(adbin, adrelid) from pg_attrdef
                     where adrelid = 'public.people'::regclass")" "'happy'::mood" "default back"
assert_eq "$(psql_q "select count(*) from pg_type where typname like 'mood%'")" "1" \
    "no leftover of the rebuild"
assert_exit 0 "$M" upgrade
assert_eq "$(labels)" "happy,sad,meh" "upgrade again after the downgrade"

# 0003: a value, then a step that fails. The value stays (committed before the failure), the
# revision does not: no version row, the step before the failure is undone.
sed -i "s/mood: \[happy, sad, meh\]/mood: [happy, sad, meh, angry]/" "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Angry"
rev=$mod/revisions/0003_angry.yaml
cat >>"$rev" <<'YAML'
  - sql: { up: "UPDATE people SET mood = 'angry' WHERE name = 'bob'", down: "" }
  - sql: { up: "UPDATE no_such_table SET x = 1", down: "" }
YAML
rebuild
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "0003_angry"
assert_contains "$ERR" "no_such_table"
assert_eq "$(labels)" "happy,sad,meh,angry" "the value was committed before the failure"
assert_eq "$(psql_q "select count(*) from public.migc_version where revision = '0003_angry'")" \
    "0" "no version row for the failed revision"
assert_eq "$(psql_q "select mood from public.people where name = 'bob'")" "meh" \
    "the step after the commit point was rolled back"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0002_meh" "current after the failure"

# Fixed and run again: the guard skips the value, the rest runs, the row is written.
sed -i "s/UPDATE no_such_table SET x = 1/UPDATE people SET name = upper(name) WHERE mood = 'angry'/" \
    "$rev"
rebuild
assert_exit 0 "$M" upgrade
assert_eq "$(labels)" "happy,sad,meh,angry" "the value exists once"
assert_eq "$(psql_q "select name || ':' || mood from public.people where id = 2")" "BOB:angry" \
    "the fixed revision ran"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0003_angry" "current after the retry"

# Down to base: every value removal and the drop of the type.
psql_q "update public.people set mood = 'happy'"
assert_exit 0 "$M" --allow-destructive downgrade base
assert_eq "$(psql_q "select count(*) from pg_type t join pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'public' and t.typname not like '%migc_version%'")" "0" \
    "no type left at base"
finish
