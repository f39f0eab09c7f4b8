#!/usr/bin/env bash
# migc benchmark: `MIGRATOR check` on a 1,000-table schema. Generates a module whose tables each
# have 15 columns (an enum default, numeric, identity, array), a check, a partial index and an
# expression index, so every check, predicate and index expression needs the server's normal
# form; upgrades a throwaway PostgreSQL 15 and prints the median wall time of `check`.
# Usage: bash bench/check_1000.sh [TABLES] [RUNS]   (needs a build in build/drift or $MIGC_BUILD)
# BREAKDOWN=1 adds one run with every statement's server time logged and prints them, slowest
# first (the catalog queries, the scratch batch, its read-back and rollback).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tables=${1:-1000}
runs=${2:-5}
build=${MIGC_BUILD:-$root/build/drift}
work=$(mktemp -d "${TMPDIR:-/tmp}/migc-bench-check.XXXXXX")
[ "${KEEP:-0}" = 1 ] || trap 'sh "$root/tests/pg/stop.sh" "$work/pg" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$work/m"
printf 'name: bench_check\nexclusive: true\n' >"$work/m/module.yaml"
python3 - "$tables" >"$work/m/schema.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("enums:\n  status: [active, disabled, locked]\ntables:")
for i in range(n):
    print(f"""  t{i:04d}:
    comment: Table {i}
    columns:
      id:         {{ type: bigint, identity: always, primary_key: true }}
      name:       varchar(200)
      status:     {{ type: status, default: "'active'" }}
      created_at: {{ type: timestamptz, default: "now()" }}
      amount:     {{ type: "numeric(12,2)", default: "0" }}
      flag:       {{ type: boolean, default: "false" }}
      tags:       {{ type: "text[]", default: "'{{}}'" }}
      note:       {{ type: text, nullable: true }}
      c09:        {{ type: int, default: "0" }}
      c10:        {{ type: int, nullable: true }}
      c11:        {{ type: text, default: "''" }}
      c12:        {{ type: bigint, nullable: true }}
      c13:        {{ type: date, nullable: true }}
      c14:        {{ type: jsonb, default: "'{{}}'::jsonb" }}
      c15:        {{ type: uuid, nullable: true }}
    checks:
      t{i:04d}_amount_check: "amount >= 0 AND c09 < 1000"
    indexes:
      t{i:04d}_recent: {{ columns: ["created_at DESC"], where: "status = 'active'" }}
      t{i:04d}_lower_name: {{ expression: "lower(name)" }}""")
PY
"$build/migc" diff -C "$work/m" -m "bench" >/dev/null
cc -std=c11 -O2 -DMIGC_MIGRATOR_MAIN -I "$root/runtime/include" "$work/m/generated/"*.c \
    "$build/libmigc_runtime.a" -lpq -o "$work/migrator"
sh "$root/tests/pg/start.sh" "$work/pg" >/dev/null
. "$work/pg/env"
url="postgresql://postgres@127.0.0.1:$PGPORT/postgres"
"$work/migrator" --url "$url" --quiet --no-verify upgrade
times=()
for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$work/migrator" --url "$url" check >"$work/out" || { cat "$work/out"; exit 1; }
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
echo "check on $tables tables (15 columns, check, partial + expression index each): median ${median} ms over $runs runs (${times[*]} ms)"
if [ "${BREAKDOWN:-0}" = 1 ]; then
    psql -qX -d postgres -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
    : >"$MIGC_PG_LOG"
    start=$(date +%s%N)
    "$work/migrator" --url "$url" check >/dev/null
    total=$(( ($(date +%s%N) - start) / 1000000 ))
    psql -qX -d postgres -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
    echo "breakdown of one logged run (${total} ms wall), server time per statement:"
    grep -o 'duration: [0-9.]* ms  [a-z]*[^:]*: .\{0,70\}' "$MIGC_PG_LOG" | grep -v pg_reload_conf |
        sed 's/^duration: //' | sort -rn | head -15
fi
