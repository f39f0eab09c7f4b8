#!/usr/bin/env bash
# Storage parameters (issue #11, SPEC §3.1 `with:`): a table's and an index's `with` are set
# when they are created, changed by alter_table / alter_index { name, set, reset } (the
# downgrade restores the values before from the state), guarded by the live reloptions (a
# parameter changed by hand makes the step fail rather than skip), reported by check one
# parameter per line, and written by inspect (pg_dump of an adopted copy is the same).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_storage_params

mod=$T_DIR/stor
mkdir -p "$mod"
printf 'name: stor\n' >"$mod/module.yaml"
write_schema() { # $1: the table's with, $2: the index's with (YAML values)
    cat >"$mod/schema.yaml" <<YAML
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      name: text
    indexes:
      items_name_idx: { columns: [name], with: $2 }
    with: $1
YAML
}
reloptions() { # $1: relation
    psql_q "SELECT coalesce(nullif(array_to_string(ARRAY(SELECT o FROM unnest(reloptions) o ORDER BY o COLLATE \"C\"), ','), ''), '-') FROM pg_class WHERE relname = '$1'"
}

# 1. Created with them.
write_schema '{ fillfactor: 80, autovacuum_enabled: false }' '{ fillfactor: 90 }'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Items"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" 'items_name_idx: { columns: [name], with: { fillfactor: 90 } }'
assert_contains "$rev1" 'with: { fillfactor: 80, autovacuum_enabled: false }'
build_migrator "$mod" "$T_DIR/stor_migrator"
M=$T_DIR/stor_migrator
assert_exit 0 "$M" upgrade
assert_eq "$(reloptions items)" "autovacuum_enabled=false,fillfactor=80" "table created with them"
assert_eq "$(reloptions items_name_idx)" "fillfactor=90" "index created with them"
assert_exit 0 "$M" check
assert_exit 0 "$MIGC" check -C "$mod"

# 2. Changed: one parameter set, one reset, the index's changed.
write_schema '{ fillfactor: 70 }' '{ fillfactor: 60, deduplicate_items: off }'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Denser"
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" 'alter_table: { name: items, set: { fillfactor: 70 }, reset: [autovacuum_enabled] }'
assert_contains "$rev2" 'alter_index: { name: items_name_idx, set: { fillfactor: 60, deduplicate_items: "off" } }'
assert_exit 0 "$MIGC" lint -C "$mod"
assert_contains "$OUT" "SHARE UPDATE EXCLUSIVE"
assert_exit 0 "$MIGC" check -C "$mod"
build_migrator "$mod" "$M"
assert_exit 0 "$M" sql 0001:0002
assert_contains "$OUT" 'ALTER TABLE "public"."items" SET (fillfactor = '"'70'"'), RESET (autovacuum_enabled)'
assert_exit 0 "$M" upgrade
assert_eq "$(reloptions items)" "fillfactor=70" "table altered"
assert_eq "$(reloptions items_name_idx)" "deduplicate_items=off,fillfactor=60" "index altered"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(reloptions items)" "autovacuum_enabled=false,fillfactor=80" "downgrade restores the table's"
assert_eq "$(reloptions items_name_idx)" "fillfactor=90" "downgrade restores the index's"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

# 3. Drift: each kind of difference is a line of its own.
psql_q "ALTER TABLE items SET (fillfactor = 50, parallel_workers = 2)"
psql_q "ALTER INDEX items_name_idx RESET (deduplicate_items)"
assert_exit 1 "$M" check
assert_contains "$OUT" "table items: storage parameter fillfactor is 50, expected 70"
assert_contains "$OUT" "table items: storage parameter parallel_workers is 2, expected not set"
assert_contains "$OUT" "index items_name_idx: storage parameter deduplicate_items is not set, expected off"

# A step whose parameters are in neither state fails instead of skipping.
write_schema '{ fillfactor: 65 }' '{ fillfactor: 60, deduplicate_items: off }'
assert_exit 0 "$MIGC" diff -C "$mod" -m "Denser still"
build_migrator "$mod" "$M"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "table items has storage parameters of neither the state before"
psql_q "ALTER TABLE items SET (fillfactor = 70); ALTER TABLE items RESET (parallel_workers)"
psql_q "ALTER INDEX items_name_idx SET (deduplicate_items = off)"
assert_exit 0 "$M" upgrade
assert_eq "$(reloptions items)" "fillfactor=65" "upgrade after the fix"
assert_exit 0 "$M" check

# 4. Removed entirely.
write_schema null null
assert_exit 0 "$MIGC" diff -C "$mod" -m "Defaults"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(reloptions items)" "-" "table reset"
assert_eq "$(reloptions items_name_idx)" "-" "index reset"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1
assert_eq "$(reloptions items)" "fillfactor=65" "downgrade sets them again"

# 5. Inspect round trip.
db_create migc_storage_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE logs (id bigint PRIMARY KEY, body text, at timestamptz)
    WITH (fillfactor = 75, autovacuum_vacuum_scale_factor = 0.05, toast_tuple_target = 256);
CREATE INDEX logs_at_idx ON logs USING brin (at) WITH (pages_per_range = 32);
CREATE INDEX logs_body_idx ON logs (body) WITH (fillfactor = 50);
CREATE TABLE plain (id integer);
SQL
inspect_adopt "storage parameters"
assert_contains "$amod/schema.yaml" "with: { fillfactor: 75, autovacuum_vacuum_scale_factor: 0.05, toast_tuple_target: 256 }"
assert_contains "$amod/schema.yaml" "logs_at_idx: { columns: [at], method: brin, with: { pages_per_range: 32 } }"
adopt_round_trip migc_storage_orig migc_storage_copy

# 6. Partitions have storage parameters, a partitioned table none; an index of a partitioned
# table is built with them, which PostgreSQL 15 cannot change afterwards: diff refuses (exit 3).
db_create migc_storage_parts
pmod=$T_DIR/parts
mkdir -p "$pmod"
printf 'name: parts
' >"$pmod/module.yaml"
write_parts() { # $1: the fillfactor of the partitioned index
    cat >"$pmod/schema.yaml" <<YAML
tables:
  hits:
    partition_by: "RANGE (at)"
    columns: { id: bigint, at: date }
    indexes:
      hits_id_idx: { columns: [id], with: { fillfactor: $1 } }
  hits_2020:
    partition_of: hits
    bounds: "FOR VALUES FROM ('2020-01-01') TO ('2021-01-01')"
    with: { fillfactor: 70 }
YAML
}
write_parts 80
assert_exit 0 "$MIGC" diff -C "$pmod" -m "Hits"
PM=$T_DIR/parts_migrator
build_migrator "$pmod" "$PM"
assert_exit 0 "$PM" upgrade
assert_eq "$(reloptions hits_2020)" "fillfactor=70" "partition created with them"
assert_eq "$(reloptions hits_id_idx)" "fillfactor=80" "partitioned index created with them"
assert_exit 0 "$PM" check
write_parts 60
assert_exit 3 "$MIGC" diff -C "$pmod" -m "Denser"
assert_contains "$ERR" 'index "hits_id_idx" of partitioned table "hits": PostgreSQL 15 cannot change'

# 7. A parameter set again moves to the end of reloptions (ALTER ... SET drops what it names,
# then appends it): the head snapshot lists them in that order, so a database built fresh has
# the very reloptions of one that went through every revision (pg_dump prints them alike).
db_create migc_storage_order
omod=$T_DIR/order
mkdir -p "$omod"
printf 'name: ord\n' >"$omod/module.yaml"
write_order() { # $1: the table's with
    printf 'tables:\n  jobs:\n    columns: { id: bigint }\n    with: %s\n' "$1" >"$omod/schema.yaml"
}
write_order '{ autovacuum_enabled: false }'
assert_exit 0 "$MIGC" diff -C "$omod" -m "Jobs"
write_order '{ autovacuum_enabled: false, fillfactor: 60 }'
assert_exit 0 "$MIGC" diff -C "$omod" -m "Fill"
write_order '{ autovacuum_enabled: true, fillfactor: 60 }'
assert_exit 0 "$MIGC" diff -C "$omod" -m "Vacuum"
OM=$T_DIR/order_migrator
build_migrator "$omod" "$OM"
assert_exit 0 "$OM" upgrade --replay
raw() { psql_q "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'jobs'"; }
evolved=$(raw)
assert_eq "$evolved" "fillfactor=60,autovacuum_enabled=true" "PostgreSQL's order after the revisions"
db_create migc_storage_order_fresh
assert_exit 0 "$OM" upgrade
assert_contains "$OUT" "fresh database: built"
assert_eq "$(raw)" "$evolved" "a fresh database lists them in the same order"
assert_exit 0 "$OM" check
finish
