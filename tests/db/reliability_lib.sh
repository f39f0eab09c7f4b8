# Sourced by tests/db/test_reliability*.sh, test_concurrency*.sh and test_hostile*.sh after lib.sh
# and build_migrator.sh: small modules written at test time, background migrators, bounded waits.
#
#   rel_module DIR NAME [SETTING...]  writes DIR/module.yaml (name + "key: value" settings)
#   rel_revision DIR ID PARENT        writes DIR/revisions/ID.yaml from stdin (operations only)
#   rel_build DIR OUT                 migc generate + build the migrator OUT
#   wait_for SQL [SECONDS] [WHAT]     polls until SQL returns t; fails after SECONDS (default 30)
#   wait_pid PID                      waits for a background job and sets RC to its exit code
#   active_pid SQLTEXT                pid of the backend of this database running exactly SQLTEXT
#   psql_hold SQL                     runs SQL in a psql session that stays open (fd 7 feeds it)
#   lock_hold KEY                     holds pg_advisory_lock(hashtextextended(KEY, 0)) from psql
#   lock_free                         ends the psql session of psql_hold / lock_hold

rel_module() {
    dir=$1
    name=$2
    shift 2
    mkdir -p "$dir/revisions"
    {
        echo "name: $name"
        for s in "$@"; do
            echo "$s"
        done
    } >"$dir/module.yaml"
}

rel_revision() {
    {
        echo "revision: $2"
        [ -z "$3" ] || echo "parent: $3"
        echo "message: $2"
        echo "operations:"
        cat
    } >"$1/revisions/$2.yaml"
}

rel_build() {
    "$MIGC_BIN" generate -C "$1" >"$T_DIR/generate.out" 2>&1 ||
        fail "migc generate -C $1: $(cat "$T_DIR/generate.out")"
    build_migrator "$1" "$2"
}

wait_for() {
    limit=$((${2:-30} * 10))
    i=0
    while [ "$(psql_q "$1")" != t ]; do
        i=$((i + 1))
        [ "$i" -lt "$limit" ] || fail "timed out after ${2:-30} s waiting for ${3:-$1}"
        sleep 0.1
    done
}

wait_pid() {
    RC=0
    { wait "$1"; } 2>/dev/null || RC=$? # no "Killed" line from bash
}

active_pid() {
    psql_q "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
            AND query = '$1' AND state = 'active' LIMIT 1"
}

psql_hold() {
    rm -f "$T_DIR/lock.fifo"
    mkfifo "$T_DIR/lock.fifo"
    psql -XAtq -v ON_ERROR_STOP=1 <"$T_DIR/lock.fifo" >"$T_DIR/lock.out" 2>&1 &
    LOCK_PSQL=$!
    exec 7>"$T_DIR/lock.fifo"
    echo "$1" >&7
}

lock_hold() {
    psql_hold "SELECT pg_advisory_lock(pg_catalog.hashtextextended('$1', 0));"
    wait_for "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
              WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
              AND a.application_name = 'psql')" 30 "the advisory lock held by psql"
}

lock_free() {
    echo '\q' >&7 # background jobs started meanwhile inherit fd 7: EOF alone would not come
    exec 7>&-
    wait "$LOCK_PSQL" || fail "the psql session holding the lock failed: $(cat "$T_DIR/lock.out")"
}
