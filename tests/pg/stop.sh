#!/bin/sh
# migc test fixture: stop the PostgreSQL started by start.sh and remove its files.
# Usage: stop.sh DIR   (the DIR given to start.sh)
set -eu

dir=${1:?usage: stop.sh DIR}
[ -f "$dir/env" ] || { echo "stop.sh: no $dir/env, nothing to stop"; exit 0; }
. "$dir/env"

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

alive() {
    kill -0 "$MIGC_PG_PID" 2>/dev/null
}

if alive; then
    as_pg "$MIGC_PG_BINDIR/pg_ctl" -D "$MIGC_PG_DATA" -m fast -w -t 30 stop >/dev/null 2>&1 || true
fi
if alive; then
    kill -TERM "$MIGC_PG_PID" 2>/dev/null || true
    i=0
    while alive && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if alive; then
        kill -KILL "$MIGC_PG_PID" 2>/dev/null || true
    fi
fi

case "$MIGC_PG_TMP" in
*/migc-pg.*) rm -rf "$MIGC_PG_TMP" ;;
*) echo "stop.sh: refusing to remove unexpected directory $MIGC_PG_TMP" >&2 ;;
esac
rm -f "$dir/env"
echo "PostgreSQL (pid $MIGC_PG_PID) stopped"
