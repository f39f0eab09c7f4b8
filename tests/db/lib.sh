# migc database tests: shared helpers, sourced by tests/db/*.sh (POSIX sh or bash).
# Needs the "pg" fixture (tests/pg/start.sh) and MIGC_PG_DIR pointing at its directory.
#
#   db_create NAME          fresh database NAME; exports PGDATABASE and DB_URL (TCP URL)
#   psql_q "SQL"            runs SQL in $PGDATABASE, unaligned tuples only, stops on error
#   assert_eq GOT WANT MSG  string equality
#   assert_exit CODE CMD... runs CMD, stdout to $OUT and stderr to $ERR, checks the exit code
#   assert_contains FILE S  FILE contains the substring S
#   assert_not_contains FILE S
#   fail MSG                reports a failure and exits 1
#   finish                  prints "N passed, 0 failed" and exits 0

: "${MIGC_PG_DIR:=${MIGC_BUILD_DIR:-build}/pg}"
if [ ! -f "$MIGC_PG_DIR/env" ]; then
    echo "lib.sh: $MIGC_PG_DIR/env not found: is the pg fixture (tests/pg/start.sh) running?" >&2
    exit 1
fi
. "$MIGC_PG_DIR/env"
unset DATABASE_URL PGSERVICE PGPASSWORD PGOPTIONS

T_PASSED=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/migc-test.XXXXXX")
OUT=$T_DIR/stdout
ERR=$T_DIR/stderr
trap 'rm -rf "$T_DIR"' EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "$T_PASSED passed, 1 failed" >&2
    exit 1
}

pass() {
    T_PASSED=$((T_PASSED + 1))
}

finish() {
    echo "$T_PASSED passed, 0 failed"
    exit 0
}

db_create() {
    "$MIGC_PG_BINDIR/dropdb" --if-exists --force -U postgres "$1" >/dev/null 2>"$T_DIR/dropdb" ||
        fail "dropdb $1: $(cat "$T_DIR/dropdb")"
    "$MIGC_PG_BINDIR/createdb" -U postgres "$1" || fail "createdb $1"
    PGDATABASE=$1
    DB_URL="postgresql://postgres@127.0.0.1:$PGPORT/$1"
    export PGDATABASE DB_URL
}

psql_q() {
    psql -XAtq -v ON_ERROR_STOP=1 -c "$1"
}

assert_eq() {
    if [ "$1" = "$2" ]; then
        pass
    else
        fail "${3:-values differ}: got [$1], want [$2]"
    fi
}

show_output() {
    echo "--- stdout:" >&2
    cat "$OUT" >&2
    echo "--- stderr:" >&2
    cat "$ERR" >&2
}

assert_exit() {
    want=$1
    shift
    got=0
    "$@" >"$OUT" 2>"$ERR" || got=$?
    if [ "$got" -ne "$want" ]; then
        show_output
        fail "exit $got, want $want: $*"
    fi
    pass
}

assert_contains() {
    if grep -qF -- "$2" "$1"; then
        pass
    else
        echo "--- $1:" >&2
        cat "$1" >&2
        fail "$1 does not contain [$2]"
    fi
}

assert_not_contains() {
    if grep -qF -- "$2" "$1"; then
        echo "--- $1:" >&2
        cat "$1" >&2
        fail "$1 contains [$2]"
    fi
    pass
}

# Schema-only dump of the public schema of database $1 into $2: the version table, owners and
# the per-run \restrict keys left out.
dump_public() {
    "$MIGC_PG_BINDIR/pg_dump" --schema-only --schema=public --exclude-table=public.migc_version \
        --no-owner -U postgres -d "$1" -f "$2.raw" || fail "pg_dump $1"
    grep -v '^\\\(un\)\{0,1\}restrict ' "$2.raw" >"$2"
}

# Passes when databases $1 and $2 dump the same public schema (dump_public, into $T_DIR/<db>.sql),
# else shows the difference.
assert_same_dump() {
    dump_public "$1" "$T_DIR/$1.sql"
    dump_public "$2" "$T_DIR/$2.sql"
    if ! diff -u "$T_DIR/$1.sql" "$T_DIR/$2.sql" >"$T_DIR/dump.diff"; then
        cat "$T_DIR/dump.diff" >&2
        fail "pg_dump of the database built by the module ($2) differs from the original ($1)"
    fi
    pass
}
