#!/usr/bin/env bash
# Drift detection's shortcuts stay exact: an expression whose live text is "(" written ")" is
# settled without the server only when the table's columns have the expected types (a type change
# that leaves the text looking equal is still reported); expressions of one text over columns of
# different types are normalised apart although they share scratch tables; expressions the word
# scan cannot read (dollar quotes, a column named like a function) are still clean; and a
# difference one character wide is reported.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
mod=$T_DIR/shapes
mkdir -p "$mod"
printf 'name: shapes\nschema: sh\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  a:
    columns:
      id:   { type: bigint, identity: always, primary_key: true }
      v:    { type: "numeric(12,2)", default: "1 + 2" }
      n:    { type: integer, default: "0" }
      name: { type: text, nullable: true }
    checks:
      a_v_pos: "v >= 0"
      a_n_pos: "n >= 0"
    indexes:
      a_lower:  { expression: "lower(name)" }
      a_part:   { columns: [n], where: "n > 0" }
  b:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      v:  { type: double precision }
      n:  { type: bigint }
    checks:
      b_v_pos: "v >= 0"
      b_n_pos: "n >= 0"
    indexes:
      b_part: { columns: [v], where: "n > 0" }
  c:
    columns:
      id:    { type: bigint, identity: always, primary_key: true }
      v:     { type: smallint }
      lower: { type: text }
      note:  { type: text }
    checks:
      c_v_pos:     "v >= 0"
      c_lower_set: "lower <> '' AND lower(lower) <> 'x'"
      c_note_set:  "note <> $$it's$$"
YAML
assert_exit 0 "$MIGC_BIN" diff -C "$mod" -m "Shapes"
build_migrator "$mod" "$T_DIR/shapes_migrator"
M=$T_DIR/shapes_migrator

db_create migc_drift_shortcuts
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_contains "$OUT" "no drift: the schema is that of 0001_shapes"

# change "SQL" "line" ...: SQL by hand on a fresh upgrade; check exits 1 printing exactly the lines.
change() {
    sql=$1
    shift
    db_create migc_drift_shortcuts
    assert_exit 0 "$M" --quiet upgrade
    psql_q "$sql" >/dev/null || fail "SQL failed: $sql"
    assert_exit 1 "$M" check
    for line in "$@"; do
        grep -qxF -- "$line" "$OUT" || { show_output; fail "missing line [$line] after: $sql"; }
        pass
    done
    [ "$(wc -l <"$OUT")" -eq "$#" ] || { show_output; fail "more lines than expected after: $sql"; }
    pass
}

# The live check prints as "(v >= 0)", the written text in parentheses, but over an integer
# column: the normal form over numeric(12,2) differs, and so does the default's.
change "ALTER TABLE sh.a DROP CONSTRAINT a_v_pos, ALTER COLUMN v DROP DEFAULT;
        ALTER TABLE sh.a ALTER COLUMN v TYPE integer, ALTER COLUMN v SET DEFAULT 1 + 2,
        ADD CONSTRAINT a_v_pos CHECK (v >= 0)" \
    "column a.v: type is integer, expected numeric(12,2)" \
    "check a.a_v_pos: expression is (v >= 0), expected (v >= (0)::numeric)"
change "ALTER TABLE sh.a DROP CONSTRAINT a_n_pos, ADD CONSTRAINT a_n_pos CHECK (n > 0)" \
    "check a.a_n_pos: expression is (n > 0), expected (n >= 0)"
change "DROP INDEX sh.a_part; CREATE INDEX a_part ON sh.a (n) WHERE n >= 0" \
    "index a_part: where is (n >= 0), expected (n > 0)"
change "ALTER TABLE sh.a ALTER COLUMN v SET DEFAULT 2 + 1" \
    "column a.v: default is (2 + 1), expected (1 + 2)"
change "ALTER TABLE sh.b DROP CONSTRAINT b_v_pos, ADD CONSTRAINT b_v_pos CHECK (v >= 0::numeric)" \
    "check b.b_v_pos: expression is (v >= ((0)::numeric)::double precision), expected (v >= (0)::double precision)"
change "ALTER TABLE sh.c DROP CONSTRAINT c_note_set, ADD CONSTRAINT c_note_set CHECK (note <> 'its')" \
    "check c.c_note_set: expression is (note <> 'its'::text), expected (note <> 'it''s'::text)"
finish
