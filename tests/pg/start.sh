#!/bin/sh
# migc test fixture: start a throwaway PostgreSQL 15 for one test run.
# Usage: start.sh DIR   (writes DIR/env with shell exports; see tests/db/lib.sh)
set -eu

dir=${1:?usage: start.sh DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

# A previous run that was not cleaned up: stop it first.
if [ -f "$dir/env" ]; then
    sh "$here/stop.sh" "$dir" || true
fi

bindir=${MIGC_PG_BINDIR:-}
if [ -z "$bindir" ] && command -v pg_config >/dev/null 2>&1; then
    bindir=$(pg_config --bindir)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    bindir=/usr/lib/postgresql/15/bin
fi
[ -x "$bindir/initdb" ] || { echo "start.sh: no initdb in $bindir" >&2; exit 1; }

# Run a server binary as the postgres user when we are root (initdb refuses root).
as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Outside the checkout: the postgres user may not be able to enter the build tree.
tmp=$(mktemp -d "${TMPDIR:-/tmp}/migc-pg.XXXXXX")
chmod 755 "$tmp"
mkdir "$tmp/sock"
chmod 1777 "$tmp/sock"
if [ "$(id -u)" = 0 ]; then
    chown -R postgres:postgres "$tmp"
fi
data=$tmp/data
log=$tmp/server.log

as_pg "$bindir/initdb" -D "$data" --auth=trust -U postgres --no-sync \
    --encoding=UTF8 --locale=C >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    exit 1
}
cat >>"$data/postgresql.conf" <<CONF
# migc test fixture: speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
logging_collector = off
CONF
# MIGC_PG_EXTRA_CONF: more settings for this cluster (a test of a small lock table, say).
[ -z "${MIGC_PG_EXTRA_CONF:-}" ] || printf '%s\n' "$MIGC_PG_EXTRA_CONF" >>"$data/postgresql.conf"

random_port() {
    n=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    echo $((20000 + n % 40000))
}

port=
for attempt in 1 2 3 4 5 6 7 8; do
    p=$(random_port)
    if as_pg "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 -o "-p $p" start >/dev/null 2>&1; then
        port=$p
        break
    fi
    echo "start.sh: port $p unusable (attempt $attempt), trying another" >&2
done
if [ -z "$port" ]; then
    echo "start.sh: could not start PostgreSQL; server log:" >&2
    cat "$log" >&2 || true
    rm -rf "$tmp"
    exit 1
fi

pid=$(head -n 1 "$data/postmaster.pid")
cat >"$dir/env" <<ENV
export PGHOST='$tmp/sock'
export PGPORT='$port'
export PGUSER=postgres
export PGDATABASE=postgres
export MIGC_PG_URL='postgresql://postgres@127.0.0.1:$port/postgres'
export MIGC_PG_DATA='$data'
export MIGC_PG_PID='$pid'
export MIGC_PG_TMP='$tmp'
export MIGC_PG_BINDIR='$bindir'
export MIGC_PG_LOG='$log'
ENV

# Ready means accepting queries, not just a pid file.
i=0
until PGHOST=$tmp/sock PGPORT=$port "$bindir/pg_isready" -q -U postgres -d postgres; do
    i=$((i + 1))
    [ $i -lt 100 ] || { echo "start.sh: server not ready" >&2; exit 1; }
    sleep 0.1
done
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port (pid $pid, data $data)"
