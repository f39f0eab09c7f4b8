#!/usr/bin/env bash
# --templates DIR: a customised copy of templates/ is honoured by `migc generate`, `migc check`
# compares against that customised output, and plain `migc check` then reports the files.
set -u
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-templates.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0

fail() {
    echo "FAIL: $*" >&2
    [ -s "$work/out" ] && cat "$work/out" >&2
    echo "$passed passed, 1 failed"
    exit 1
}
ok() { passed=$((passed + 1)); }

mod=$work/mod
tpl=$work/tpl
cp -r "$MIGC_SOURCE_DIR/schemas/artstore_admin" "$mod"
cp -r "$MIGC_SOURCE_DIR/templates" "$tpl"
"$MIGC_BIN" generate -C "$mod" >"$work/out" 2>&1 || fail "generate with the built-in templates"

# Two customisations: a line in every unit (unit.lua) and a SQL comment before each CREATE TABLE
# (ops/create_table.lua).
sed -i 's|^        "#include <migc/migc.h>",|&\n        "/* house style: reviewed by the platform team */",|' "$tpl/unit.lua"
sed -i 's|local head = "CREATE TABLE "|local head = "-- house table\\nCREATE TABLE "|' \
    "$tpl/ops/create_table.lua"
cmp -s "$tpl/unit.lua" "$MIGC_SOURCE_DIR/templates/unit.lua" && fail "unit.lua was not customised"
cmp -s "$tpl/ops/create_table.lua" "$MIGC_SOURCE_DIR/templates/ops/create_table.lua" &&
    fail "create_table.lua was not customised"
ok

"$MIGC_BIN" generate -C "$mod" --templates "$tpl" >"$work/out" 2>&1 || fail "generate --templates"
ok
units=$(ls "$mod"/generated/0*.c | wc -l)
[ "$(grep -l 'house style: reviewed by the platform team' "$mod"/generated/0*.c | wc -l)" = "$units" ] ||
    fail "not every unit carries the unit.lua customisation"
ok
grep -q -- '-- house table\\n' "$mod"/generated/0001_*.c || fail "create_table.lua customisation missing"
ok
grep -q 'house style' "$mod/generated/revisions.c" && fail "revisions.c changed without its template"
ok

"$MIGC_BIN" check -C "$mod" --templates "$tpl" >"$work/out" 2>&1 ||
    fail "check --templates is not clean against the customised output"
ok
"$MIGC_BIN" check -C "$mod" >"$work/out" 2>&1
rc=$?
[ "$rc" = 1 ] || fail "plain check exited $rc, want 1"
ok
for f in "$mod"/generated/0*.c; do
    grep -q "^differs: .*generated/$(basename "$f")$" "$work/out" || fail "no differs: line for $f"
done
grep -q "generated/revisions.c" "$work/out" && fail "plain check reports revisions.c"
ok

# The customised output still compiles cleanly with the runtime headers.
for f in "$mod"/generated/*.c; do
    "$MIGC_CC" -std=c11 -Wall -Wextra -pedantic -Werror -I"$MIGC_SOURCE_DIR/runtime/include" \
        -c "$f" -o "$work/unit.o" >"$work/out" 2>&1 || fail "customised $f does not compile"
done
ok

# A template that raises an error is reported, not half-written (exit 4, nothing changed).
cp -r "$mod" "$work/mod2"
sed -i '1i error("broken on purpose")' "$tpl/ops/create_table.lua"
"$MIGC_BIN" generate -C "$work/mod2" --templates "$tpl" >"$work/out" 2>&1
rc=$?
[ "$rc" = 4 ] || fail "broken template: exit $rc, want 4"
grep -q "broken on purpose" "$work/out" || fail "broken template: message missing"
diff -r "$mod/generated" "$work/mod2/generated" >/dev/null || fail "a failing generate wrote files"
ok
echo "$passed passed, 0 failed"
