#!/usr/bin/env bash
# The generator and a migrator under valgrind on the example module artstore_admin: migc generate
# and migc check, then the migrator's upgrade, check, current and downgrade base against the test
# server, and upgrade, check and downgrade over a --targets list. Any memory error, and any
# definitely or indirectly lost block, fails the test ("still reachable" blocks of libpq/OpenSSL
# do not count).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../db/lib.sh"
command -v valgrind >/dev/null || fail "valgrind is not installed (scripts/install-deps.sh)"
M=${MIGRATOR_artstore_admin:?}
vg() {
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect --track-origins=yes "$@"
}
mod=$T_DIR/artstore_admin
cp -r "$MIGC_SOURCE_DIR/schemas/artstore_admin" "$mod"
assert_exit 0 vg "$MIGC_BIN" generate -C "$mod"
assert_exit 0 vg "$MIGC_BIN" check -C "$mod"
assert_exit 0 vg "$MIGC_BIN" validate -C "$mod"
assert_exit 3 vg "$MIGC_BIN" validate -C "$MIGC_SOURCE_DIR/tests/errors/revision_fork"
db_create migc_valgrind
assert_exit 0 vg "$M" upgrade
assert_exit 0 vg "$M" check
assert_exit 0 vg "$M" --json history
assert_exit 0 vg "$M" downgrade base
assert_exit 0 vg "$M" current
assert_eq "$(cat "$OUT")" base "at base after the valgrind runs"
assert_exit 3 vg "$M" --url "postgresql://u:pw@127.0.0.1:1/x" current
# --targets: worker threads, tenant copies of the module, a target that cannot connect
printf '%s t_1\n%s t_2\n%s\npostgresql://u:pw@127.0.0.1:1/x t_3\n' "$DB_URL" "$DB_URL" "$DB_URL" \
    >"$T_DIR/targets"
assert_exit 3 vg "$M" --targets "$T_DIR/targets" --parallel 3 upgrade
assert_exit 3 vg "$M" --targets "$T_DIR/targets" --json check
assert_exit 3 vg "$M" --targets "$T_DIR/targets" downgrade base
finish
