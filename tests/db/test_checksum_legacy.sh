#!/usr/bin/env bash
# Checksums (docs/checksum.md): a database whose version rows a release before the v1 form wrote
# (untagged legacy checksums) keeps working without a manual step: status, current, history,
# check, upgrade, downgrade and the offline script accept those rows and leave them as they are,
# new rows are written as v1, and a tampered legacy checksum is still exit 1 naming the revision.
# The module is the test-vector module of tests/unit/test_checksum.c; the legacy checksums below
# are those the release before v1 recorded for it (docs/checksum.md, "Test vectors").
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

LEGACY="0001_create_accounts cf521c91b823e7cfea546ac19cce9ba8e4ca20c07b53d1902e0fda1c4fbf4954
0002_backfill 9eb57dac028f7502042d5fa8e9eedda60b3c63b23015937e883779200e973d91
0003_relax_display e04859d9c4c043b8fee50a1586575124702f09ede41a9450812c341455441796
0004_account_status 09c6f25de32d5a7c968e86d859d04b98262081a19d4b47592a9570030ea78593
0005_sessions 9d151d2c09129423576250e863cf0b214fa8af9d0a25ab2613094ab83e32678d
0006_empty d3b00619a795afac51538b06a376ec0dba7d9918f58af8dfd9e75ff4d9c41122"
V1_0005=v1:df167eb1c72b96cd2fdca73c75f4060641313b128514e7e2f8fc7be22bb0aa83
V1_0006=v1:2e9880e8206eee5939bad6399e9816b6398b4501ed0405521a1bdb110092757a

mod=$T_DIR/checksum_vectors
cp -R "$MIGC_SOURCE_DIR/tests/unit/pipeline/checksum_vectors" "$mod"
# keys and kinds added after v1: no release before it wrote such rows
rm "$mod/revisions/0007_retype.yaml" "$mod/revisions/0008_online_halves.yaml" \
    "$mod/revisions/0009_drop_concurrently.yaml" "$mod/revisions/0010_columns_more.yaml" \
    "$mod/revisions/0011_partitions.yaml" "$mod/revisions/0012_storage_params.yaml" \
    "$mod/revisions/0013_constraint_comments.yaml" "$mod/revisions/0014_enum_comments.yaml" \
    "$mod/revisions/0015_exclusions.yaml"
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$T_DIR/migrator"
M=$T_DIR/migrator

# The generated units carry, beside the v1 checksum, the one the previous release recorded.
assert_eq "$(sed -n 's/^    \.id = "\(.*\)",$/\1/p; s/^    \.legacy_checksum = "\(.*\)",$/\1/p' \
    "$mod"/generated/0*.c | paste -d ' ' - -)" "$LEGACY" "legacy checksums in the units"

# "revision checksum" of every version row.
rows() {
    psql_q "SELECT revision || ' ' || checksum FROM public.migc_version ORDER BY revision"
}

# The first $1 lines of LEGACY.
legacy_rows() {
    echo "$LEGACY" | head -n "$1"
}

# Database $1 at revision 0004 as the previous release left it: the schema of 0001..0004 and
# version rows holding the untagged legacy checksums.
legacy_db() {
    db_create "$1"
    assert_exit 0 "$M" upgrade 0004
    legacy_rows 4 | while read -r rev sum; do
        psql_q "UPDATE public.migc_version SET checksum = '$sum' WHERE revision = '$rev'"
    done
    assert_eq "$(rows)" "$(legacy_rows 4)" "$1: legacy rows written"
}

# Read-only commands accept the legacy rows and change nothing.
legacy_db migc_checksum_legacy
assert_exit 0 "$M" status
assert_contains "$OUT" "0004_account_status"
assert_exit 0 "$M" current
assert_eq "$(cat "$OUT")" "0004_account_status" "current on legacy rows"
assert_exit 0 "$M" history
assert_exit 0 "$M" check
assert_eq "$(rows)" "$(legacy_rows 4)" "legacy rows untouched by status, history, check"

# upgrade: new rows are v1, the legacy ones stay as they are.
assert_exit 0 "$M" upgrade
assert_eq "$(rows)" "$(legacy_rows 4)
0005_sessions $V1_0005
0006_empty $V1_0006" "rows after upgrade: legacy kept, new ones v1"
assert_exit 0 "$M" check

# downgrade through v1 and legacy rows alike, then up again: every row is v1.
assert_exit 0 "$M" downgrade 0002
assert_eq "$(rows)" "$(legacy_rows 2)" "rows after downgrade to 0002"
assert_exit 0 "$M" downgrade base
assert_eq "$(rows)" "" "no rows at base"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT count(*) FROM public.migc_version WHERE checksum LIKE 'v1:%'")" 6 \
    "every row v1 after re-applying"

# A tampered legacy checksum is a mismatch: exit 1 naming the revision, before anything runs;
# so is a v1-tagged value holding the legacy digest, or the v1 digest without its tag.
legacy_db migc_checksum_tampered
leg1=$(legacy_rows 1 | cut -d ' ' -f 2)
leg2=$(legacy_rows 2 | tail -n 1 | cut -d ' ' -f 2)
v1_1=$(sed -n 's/^    \.checksum = "\(.*\)",$/\1/p' "$mod"/generated/0001_*.c)
for bad in "$leg2" "v1:$leg1" "${v1_1#v1:}"; do
    psql_q "UPDATE public.migc_version SET checksum = '$bad' WHERE revision = '0001_create_accounts'"
    for cmd in status upgrade check; do
        assert_exit 1 "$M" $cmd
        assert_contains "$ERR" "checksum mismatch for revision 0001_create_accounts: the database recorded $bad"
    done
done
assert_contains "$ERR" "this migrator has $leg1" # the migrator's value in the stored form
assert_eq "$(psql_q "SELECT count(*) FROM public.migc_version")" 4 "nothing applied after a mismatch"

# The offline script accepts legacy rows at its start and writes v1 rows; it refuses a tampered
# legacy checksum.
legacy_db migc_checksum_offline
assert_exit 0 "$M" sql 0004:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >"$T_DIR/psql.out" 2>&1 ||
    { cat "$T_DIR/psql.out" >&2; fail "offline upgrade on legacy rows failed"; }
pass
assert_eq "$(rows)" "$(legacy_rows 4)
0005_sessions $V1_0005
0006_empty $V1_0006" "rows after the offline upgrade"
assert_exit 0 "$M" sql head:0002
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >"$T_DIR/psql.out" 2>&1 ||
    { cat "$T_DIR/psql.out" >&2; fail "offline downgrade over legacy rows failed"; }
pass
assert_eq "$(rows)" "$(legacy_rows 2)" "rows after the offline downgrade"
psql_q "UPDATE public.migc_version SET checksum = '$leg2' WHERE revision = '0001_create_accounts'"
assert_exit 0 "$M" sql 0002:head
cp "$OUT" "$T_DIR/tampered.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/tampered.sql" >"$T_DIR/psql.out" 2>&1 &&
    fail "the offline script ran over a tampered legacy checksum"
assert_contains "$T_DIR/psql.out" "this script starts at 0002_backfill, but the version table does not match"
assert_eq "$(psql_q "SELECT count(*) FROM public.migc_version")" 2 "nothing applied by the refused script"

# A version table from before the module column with legacy rows: both upgrades at once.
legacy_db migc_checksum_premodule
psql_q "ALTER TABLE public.migc_version DROP COLUMN module"
assert_exit 0 "$M" status
assert_exit 0 "$M" upgrade
assert_eq "$(rows)" "$(legacy_rows 4)
0005_sessions $V1_0005
0006_empty $V1_0006" "rows after upgrading a table without the module column"
finish
