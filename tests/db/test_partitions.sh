#!/usr/bin/env bash
# Partitioned tables and partitions (issue #11, SPEC §3.1): range with a default partition, list
# and hash; rows routed to their partitions; the index and foreign key declared on the parent
# present on every partition; upgrade/downgrade/upgrade; a partition added and one dropped by a
# later revision; offline sql; drift lines for a bound and a key changed by hand; an inspect round
# trip with equal pg_dump -s, then stamp head and check on the original.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN
db_create migc_partitions

mod=$T_DIR/parts
mkdir -p "$mod"
printf 'name: parts\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
functions:
  "stamp_payment()":
    returns: trigger
    language: plpgsql
    body: "BEGIN NEW.amount := coalesce(NEW.amount, 0); RETURN NEW; END"
tables:
  customer:
    columns:
      id: { type: bigint, primary_key: true }
      region: text
  payment:
    partition_by: "RANGE (payment_date)"
    columns:
      id: bigint
      customer_id: { type: bigint, references: customer }
      payment_date: date
      amount: numeric
    primary_key: { columns: [id, payment_date] }
    indexes:
      payment_customer_idx: { columns: [customer_id] }
    triggers:
      payment_stamp: { timing: before, events: [insert], for_each: row, function: stamp_payment() }
  payment_p2022_01:
    partition_of: payment
    bounds: "FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')"
  payment_default:
    partition_of: payment
    bounds: DEFAULT
    comment: everything else
  visit:
    partition_by: LIST (region)
    columns:
      region: text
      at: timestamptz
  visit_eu:
    partition_of: visit
    bounds: "FOR VALUES IN ('eu', 'uk')"
  visit_us:
    partition_of: visit
    bounds: "FOR VALUES IN ('us')"
  event:
    partition_by: HASH (id)
    columns:
      id: bigint
  event_0:
    partition_of: event
    bounds: "FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
  event_1:
    partition_of: event
    bounds: "FOR VALUES WITH (MODULUS 2, REMAINDER 1)"
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Partitions"
rev1=$(ls "$mod"/revisions/0001_*.yaml)
assert_contains "$rev1" "partition_by: RANGE (payment_date)"
assert_contains "$rev1" "partition_of: payment"
assert_contains "$rev1" "bounds: DEFAULT"
build_migrator "$mod" "$T_DIR/parts_migrator"
M=$T_DIR/parts_migrator
assert_exit 0 "$M" upgrade
psql_q "INSERT INTO customer VALUES (1, 'eu')"
psql_q "INSERT INTO payment VALUES (1, 1, '2022-01-15', 10), (2, 1, '2023-05-01', 20)"
psql_q "INSERT INTO visit VALUES ('uk', now()), ('us', now())"
psql_q "INSERT INTO event SELECT generate_series(1, 20)"
assert_eq "$(psql_q "SELECT tableoid::regclass FROM payment WHERE id = 1")" "payment_p2022_01" "range row routed"
assert_eq "$(psql_q "SELECT tableoid::regclass FROM payment WHERE id = 2")" "payment_default" "default row routed"
assert_eq "$(psql_q "SELECT tableoid::regclass FROM visit WHERE region = 'uk'")" "visit_eu" "list row routed"
assert_eq "$(psql_q "SELECT count(*) > 0 FROM event_0")" "t" "hash rows routed"
assert_eq "$(psql_q "SELECT count(*) FROM pg_index WHERE indrelid = 'payment_p2022_01'::regclass")" "2" "parent's key and index on the partition"
assert_eq "$(psql_q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'payment_default'::regclass AND contype = 'f'")" "1" "parent's foreign key on the partition"
assert_eq "$(psql_q "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'payment_default'::regclass AND tgparentid <> 0 AND NOT tgisinternal")" "1" "parent's trigger on the partition"
psql_q "INSERT INTO payment (id, customer_id, payment_date) VALUES (9, 1, '2022-01-02')"
assert_eq "$(psql_q "SELECT amount FROM payment_p2022_01 WHERE id = 9")" "0" "parent's trigger runs for the partition"
psql_q "DELETE FROM payment WHERE id = 9"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade base --allow-destructive
assert_eq "$(psql_q "SELECT count(*) FROM pg_class WHERE relname LIKE 'payment%' AND relkind IN ('r', 'p')")" "0" "downgrade drops them all"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
psql_q "INSERT INTO customer VALUES (1, 'eu')"

# 1. A later revision adds a partition and drops one (destructive); partition_by cannot change.
sed -i 's/^  event_1:$/  event_x:/' "$mod/schema.yaml"
cat >>"$mod/schema.yaml" <<'YAML'
  payment_p2022_02:
    partition_of: payment
    bounds: "FOR VALUES FROM ('2022-02-01') TO ('2022-03-01')"
YAML
sed -i 's/^  event_x:$/  event_1b:/' "$mod/schema.yaml"
assert_exit 1 "$MIGC" diff -C "$mod" -m "More partitions"
assert_contains "$ERR" "drop_table event_1"
assert_exit 0 "$MIGC" diff -C "$mod" -m "More partitions" --allow-destructive
rev2=$(ls "$mod"/revisions/0002_*.yaml)
assert_contains "$rev2" "name: payment_p2022_02"
assert_contains "$rev2" "drop_table: { name: event_1 }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade --allow-destructive
psql_q "INSERT INTO payment VALUES (3, 1, '2022-02-10', 5)"
assert_eq "$(psql_q "SELECT tableoid::regclass FROM payment WHERE id = 3")" "payment_p2022_02" "row routed to the added partition"
assert_eq "$(psql_q "SELECT count(*) FROM pg_index WHERE indrelid = 'payment_p2022_02'::regclass")" "2" "parent's key and index on the added partition"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1 --allow-destructive
assert_eq "$(psql_q "SELECT to_regclass('payment_p2022_02') IS NULL AND to_regclass('event_1') IS NOT NULL")" "t" "downgrade of the later revision"
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check

sed -i 's/partition_by: "RANGE (payment_date)"/partition_by: "RANGE (payment_date, id)"/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Repartition"
assert_contains "$ERR" "schema.yaml:12:19: error: table \"payment\": partition_by cannot change"
assert_contains "$ERR" "copy the rows with a sql step"
sed -i 's/partition_by: "RANGE (payment_date, id)"/partition_by: "RANGE (payment_date)"/' "$mod/schema.yaml"
sed -i "s/TO ('2022-03-01')/TO ('2022-04-01')/" "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Longer"
assert_contains "$ERR" "partition_of and bounds cannot change (now a partition of payment, FOR VALUES FROM ('2022-02-01') TO ('2022-03-01'))"
sed -i "s/TO ('2022-04-01')/TO ('2022-03-01')/" "$mod/schema.yaml"

# 2. Offline sql carries the partitioning.
assert_exit 0 "$M" sql base:head
assert_contains "$OUT" ") PARTITION BY RANGE (payment_date)"
assert_contains "$OUT" 'CREATE TABLE "public"."payment_default" PARTITION OF "public"."payment" DEFAULT'
assert_contains "$OUT" '"event_0" PARTITION OF "public"."event" FOR VALUES WITH (MODULUS 2, REMAINDER 0)'

# 2b. Keys, checks, indexes and foreign keys added to an existing partitioned table (online: the
#     default) take the plain forms where PostgreSQL 15 has no online one for it, and reach every
#     partition.
python3 - "$mod/schema.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('''      payment_customer_idx: { columns: [customer_id] }''', '''      payment_customer_idx: { columns: [customer_id] }
      payment_amount_idx: { columns: [amount] }
    unique:
      payment_uq: [id, payment_date, amount]
    checks:
      payment_amount_pos: "amount > 0"
    foreign_keys:
      payment_customer_again: { columns: [customer_id], references: { table: customer } }''')
open(p, 'w').write(s)
PY
assert_exit 0 "$MIGC" diff -C "$mod" -m "Parent objects"
assert_contains "$OUT" "blocking writes for the whole build (PostgreSQL 15 has no online form of it on partitioned table payment"
rev3=$(ls "$mod"/revisions/0003_*.yaml)
assert_contains "$rev3" "create_index: { table: payment, name: payment_amount_idx, columns: [amount] }"
assert_contains "$rev3" "add_foreign_key: { table: payment, name: payment_customer_again, columns: [customer_id], references: { table: customer } }"
assert_contains "$rev3" "add_unique: { table: payment, name: payment_uq, columns: [id, payment_date, amount] }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT count(*) FROM pg_index WHERE indrelid = 'payment_p2022_02'::regclass")" "4" "added key and index on the partitions"
assert_eq "$(psql_q "SELECT count(*) FROM pg_constraint WHERE conrelid = 'payment_default'::regclass AND contype IN ('f', 'c')")" "3" "added check and foreign key on the partitions"
assert_exit 0 "$M" check
sed -i 's/      payment_amount_idx: { columns: \[amount\] }/      payment_amount_idx: { columns: [amount], concurrently: true }/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" validate -C "$mod"
assert_contains "$ERR" "PostgreSQL cannot build an index on partitioned table \"payment\" CONCURRENTLY"
sed -i 's/, concurrently: true }/ }/' "$mod/schema.yaml"

# 2c. A partitioned table renamed: its partitions follow it. A partition key column renamed: the
#     key follows it.
sed -i 's/^  visit:$/  visits:/; s/^    partition_by: LIST (region)$/    partition_by: LIST (region)\n    renamed_from: visit/; s/^    partition_of: visit$/    partition_of: visits/' "$mod/schema.yaml"
sed -i 's/payment_date/paid_on/g; s/^      paid_on: date$/      paid_on: { type: date, renamed_from: payment_date }/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Visits"
rev5=$(ls "$mod"/revisions/0005_*.yaml)
assert_contains "$rev5" "rename_table: { from: visit, to: visits }"
assert_contains "$rev5" "rename_column: { table: payment, from: payment_date, to: paid_on }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade
assert_exit 0 "$M" check
assert_eq "$(psql_q "SELECT pg_get_partkeydef('payment'::regclass)")" "RANGE (paid_on)" "key follows the column"
assert_exit 0 "$MIGC" check -C "$mod"
sed -i 's/partition_by: "RANGE (paid_on)"/partition_by: "range(paid_on)"/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m "Spelling"
assert_eq "$(ls "$mod"/revisions | grep -c spelling)" "0" "a spelling-only change of the key is no change"
sed -i 's/^      paid_on: .*/      paid_on: timestamptz/' "$mod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$mod" -m "Retype"
assert_contains "$ERR" "error: column \"payment.paid_on\" is in the partition key: PostgreSQL cannot change its type (date to timestamp with time zone)"
sed -i 's/^      paid_on: .*/      paid_on: { type: date, renamed_from: payment_date }/' "$mod/schema.yaml"
assert_exit 0 "$M" downgrade -1
assert_exit 0 "$M" check
assert_exit 0 "$M" upgrade
assert_eq "$(psql_q "SELECT inhparent::regclass FROM pg_inherits WHERE inhrelid = 'visit_us'::regclass")" "visits" "partition follows the rename"

# 2d. A partitioned table dropped with its partitions: the partitions go first, and the downgrade
#     builds the parent before them. The database stays at 0005 for what follows.
python3 - "$mod/schema.yaml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r"  visits:\n(    .*\n)+  visit_eu:\n(    .*\n)+  visit_us:\n(    .*\n)+", "", s)
open(p, 'w').write(s)
PY
assert_not_contains "$mod/schema.yaml" "visit"
assert_exit 0 "$MIGC" diff -C "$mod" -m "No visits" --allow-destructive
rev6=$(ls "$mod"/revisions/0006_*.yaml)
assert_eq "$(grep -o 'drop_table: { name: [a-z_]* }' "$rev6" | tr '\n' ' ')" "drop_table: { name: visit_eu } drop_table: { name: visit_us } drop_table: { name: visits } " "partitions dropped first"
build_migrator "$mod" "$M"
assert_exit 0 "$M" upgrade --allow-destructive
assert_eq "$(psql_q "SELECT to_regclass('visits') IS NULL")" "t" "dropped"
assert_exit 0 "$M" check
assert_exit 0 "$M" downgrade -1 --allow-destructive
assert_eq "$(psql_q "SELECT inhparent::regclass FROM pg_inherits WHERE inhrelid = 'visit_eu'::regclass")" "visits" "downgrade builds them again"
assert_exit 0 "$M" check

# 3. Drift: a bound and a key changed by hand, a partition missing and one unexpected.
psql_q "ALTER TABLE visits DETACH PARTITION visit_us; ALTER TABLE visits ATTACH PARTITION visit_us FOR VALUES IN ('us', 'ca')"
psql_q "DROP TABLE event CASCADE; CREATE TABLE event (id bigint) PARTITION BY LIST (id); CREATE TABLE event_0 PARTITION OF event FOR VALUES IN (0); CREATE TABLE event_9 PARTITION OF event DEFAULT"
assert_exit 1 "$M" check
assert_contains "$OUT" "table visit_us: bounds are FOR VALUES IN ('us', 'ca'), expected FOR VALUES IN ('us')"
assert_contains "$OUT" "table event: partition key is LIST (id), expected HASH (id)"
assert_contains "$OUT" "table event_0: bounds are FOR VALUES IN ('0'), expected FOR VALUES WITH (MODULUS 2, REMAINDER 0)"
assert_contains "$OUT" "table event_1b: missing"

# 4. Inspect round trip: a hand-made database with partitioned tables, partitions, and a key,
#    index and foreign key on a parent; then stamp head and check on the original.
db_create migc_partitions_orig
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE customer (id bigint PRIMARY KEY);
CREATE TABLE payment (
    id bigint NOT NULL,
    customer_id bigint REFERENCES customer (id),
    payment_date timestamptz NOT NULL,
    amount numeric(8,2),
    PRIMARY KEY (id, payment_date)
) PARTITION BY RANGE (payment_date);
CREATE INDEX payment_customer_idx ON payment (customer_id);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER payment_touch BEFORE UPDATE ON payment FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE payment_p2022_01 PARTITION OF payment FOR VALUES FROM ('2022-01-01 00:00+00') TO ('2022-02-01 00:00+00');
CREATE TABLE payment_rest PARTITION OF payment DEFAULT;
COMMENT ON TABLE payment_rest IS 'the rest';
CREATE TABLE tag (name text NOT NULL, kind integer NOT NULL) PARTITION BY LIST (kind);
CREATE TABLE tag_a PARTITION OF tag FOR VALUES IN (1, 2);
CREATE TABLE bucket (k integer) PARTITION BY HASH (k);
CREATE TABLE bucket_0 PARTITION OF bucket FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE bucket_1 PARTITION OF bucket FOR VALUES WITH (MODULUS 2, REMAINDER 1);
SQL
orig_url=$DB_URL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
assert_not_contains "$ERR" "not managed"
assert_contains "$amod/schema.yaml" "    partition_by: RANGE (payment_date)"
assert_contains "$amod/schema.yaml" "    bounds: DEFAULT"
assert_contains "$amod/schema.yaml" "      payment_touch: { timing: before, events: [update], for_each: row, function: touch() }"
assert_contains "$amod/schema.yaml" "    bounds: \"FOR VALUES WITH (modulus 2, remainder 1)\""
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_partitions_copy
assert_exit 0 "$AM" upgrade
assert_same_dump migc_partitions_orig migc_partitions_copy
assert_exit 0 "$AM" check
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
finish
