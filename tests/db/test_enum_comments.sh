#!/usr/bin/env bash
# Comments on enum types (issue #11, SPEC §3.1 "comments on every object"): an enum's `comment`
# (long form { values, comment }) is set with the type, changed and removed by set_comment
# { enum, comment } (the downgrade restores it from the state), kept when a value removed
# rebuilds the type, reported by check when changed by hand, and written by inspect.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_enum_comments

mod=$T_DIR/enc
mkdir -p "$mod"
printf 'name: enc\n' >"$mod/module.yaml"
write_schema() { # $1: the values, $2: the comment (YAML values)
    cat >"$mod/schema.yaml" <<YAML
enums:
  mood: { values: $1, comment: $2 }
tables:
  days:
    columns:
      id: { type: bigint, primary_key: true }
      mood: { type: mood, nullable: true }
YAML
}
comment() {
    psql_q "SELECT coalesce(obj_description('mood'::regtype, 'pg_type'), '-')"
}

write_schema '[calm, busy, tired]' '"How it feels"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Moods"
assert_contains "$(ls "$mod"/revisions/0001_*.yaml)" 'create_enum: { name: mood, values: [calm, busy, tired], comment: How it feels }'
build_migrator "$mod" "$T_DIR/enc_migrator"
M=$T_DIR/enc_migrator
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "How it feels" "comment set with the type"
assert_exit 0 "$M" check

write_schema '[calm, busy, tired]' '"The mood of a day"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Reworded"
assert_contains "$(ls "$mod"/revisions/0002_*.yaml)" 'set_comment: { enum: mood, comment: The mood of a day }'
# lint names the enum (its hazard has no table; --json once crashed on it)
assert_exit 0 "$MIGC" lint -C "$mod" --json
assert_contains "$OUT" '"kind": "set_comment", "object": "mood"'
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "The mood of a day" "comment changed"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(comment)" "How it feels" "downgrade restores it"
assert_exit 0 "$M" upgrade

# A value removed rebuilds the type: the comment stays with it.
write_schema '[calm, busy]' '"The mood of a day"'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Less" --allow-destructive
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "The mood of a day" "comment kept by the rebuild"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" upgrade

psql_q "COMMENT ON TYPE mood IS 'by hand'"
assert_exit 1 "$M" check
assert_contains "$OUT" "enum mood: comment is by hand, expected The mood of a day"
psql_q "COMMENT ON TYPE mood IS 'The mood of a day'"
assert_exit 0 "$M" check

assert_exit 0 "$MIGC" inspect --url "$DB_URL"
assert_contains "$OUT" 'mood: { values: [calm, busy], comment: The mood of a day }'
assert_not_contains "$ERR" "comment on type"

write_schema '[calm, busy]' null
assert_exit 0 "$MIGC" diff -C "$mod" -m "No comment"
assert_contains "$(ls "$mod"/revisions/0004_*.yaml)" 'set_comment: { enum: mood, comment: null }'
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(comment)" "-" "comment removed"
assert_exit 0 "$M" check

# Dropped with its comment, the downgrade creates it with it again.
cat >"$mod/schema.yaml" <<'YAML'
enums:
  mood: { values: [calm, busy], comment: Back }
tables:
  days:
    columns:
      id: { type: bigint, primary_key: true }
      mood: { type: mood, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Back"
printf 'tables:\n  days:\n    columns:\n      id: { type: bigint, primary_key: true }\n' >"$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "No moods" --allow-destructive
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(comment)" "Back" "downgrade of drop_enum restores the comment"
assert_exit 0 "$M" check
finish
