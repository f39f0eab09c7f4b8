#!/usr/bin/env bash
# The main job end to end on a fresh Debian 12 machine: install, build, generate the example
# module, start a throwaway PostgreSQL 15, upgrade, check, downgrade, stop the server.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install-deps.sh

build=build/quickstart
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
migc=$build/migc
migrator=$build/artstore_admin_migrator

echo "== migc generate: regenerate the example module's C units (unchanged files stay untouched)"
"$migc" generate -C schemas/artstore_admin
echo "== migc check: schema.yaml has no pending change and generated/ is exactly what migc writes"
"$migc" check -C schemas/artstore_admin

echo "== starting a throwaway PostgreSQL 15"
pgdir=$root/$build/pg
sh tests/pg/start.sh "$pgdir" >/dev/null
trap 'sh tests/pg/stop.sh "$pgdir" >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
. "$pgdir/env"
"$MIGC_PG_BINDIR/createdb" -U postgres artstore
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/artstore"

echo "== upgrade to head"
"$migrator" upgrade
"$migrator" history
echo "== status"
"$migrator" status
echo "== check: the live schema is exactly what the applied revisions declare"
"$migrator" check
echo "== tables now in the database"
psql -XAtq -d artstore -c "select string_agg(tablename, ', ' order by tablename) from pg_tables where schemaname = 'public'"
echo "== downgrade to base"
"$migrator" downgrade base
"$migrator" current
echo "quickstart: done"
