# shellcheck shell=bash
# migc tests: the probe module of `MIGRATOR sql --unguarded` (sourced, not a test of its own).
# write_unguarded_probe DIR MIGC: writes a module into DIR whose revisions `MIGC diff` writes from
# successive schemas, the way a team gets them: a first revision, then changes to existing tables
# (add_column, alter_column type / default / nullability, add_check, add_foreign_key, create_index,
# add_unique, in whatever form the diff chooses for a live table), an enum value added and used
# after its commit point, a hand-written sql step, an index built CONCURRENTLY (a revision of its
# own) and an enum value removed (the enum rebuild, one DO block). Returns non-zero on failure,
# with migc's output on stderr. Used by tests/db/test_sql_unguarded.sh and scripts/squawk.sh.

# probe_diff DIR MIGC MESSAGE [OPTIONS...]: one `migc diff`, its output shown only when it fails.
probe_diff() {
    probe_dir=$1
    probe_migc=$2
    probe_msg=$3
    shift 3
    "$probe_migc" diff -C "$probe_dir" -m "$probe_msg" "$@" >"$probe_dir/.diff.out" 2>&1 || {
        cat "$probe_dir/.diff.out" >&2
        echo "unguarded_probe: migc diff -m \"$probe_msg\" failed" >&2
        return 1
    }
    rm -f "$probe_dir/.diff.out"
}

write_unguarded_probe() {
    mkdir -p "$1/revisions" || return 1
    cat >"$1/module.yaml" <<'EOF'
name: unguarded_probe
schema: probe
version_table: probe_versions
statement_timeout: 1min
EOF
    cat >"$1/schema.yaml" <<'EOF'
enums:
  order_state: [new, paid, void]
tables:
  customers:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      email: { type: text, nullable: true }
  orders:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      customer_id: { type: bigint, nullable: true }
      state: { type: order_state, default: "'new'" }
      total: { type: bigint, default: "0" }
      note: { type: "character varying(20)", nullable: true }
EOF
    probe_diff "$1" "$2" "Customers and orders" || return 1

    cat >"$1/schema.yaml" <<'EOF'
enums:
  order_state: [new, paid, shipped, void]
tables:
  customers:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      email: { type: text }
    unique:
      customers_email_key: [email]
  orders:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      customer_id: { type: bigint, nullable: true, references: customers(id) }
      state: { type: order_state, default: "'shipped'" }
      total: { type: bigint, default: "1" }
      note: { type: text, nullable: true }
      placed_at: { type: timestamptz, default: "now()" }
    checks:
      orders_total_nonnegative: "total >= 0"
    indexes:
      orders_customer_id_idx: { columns: [customer_id] }
EOF
    probe_diff "$1" "$2" "Constraints, indexes and a new state" || return 1

    "$2" revision -C "$1" -m "Backfill" >/dev/null || return 1
    cat >>"$(ls "$1"/revisions/*_backfill.yaml)" <<'EOF'
  - sql:
      up: "UPDATE orders SET note = 'paid; see ledger' WHERE state = 'paid' AND note IS NULL; UPDATE orders SET total = 0 WHERE total < 0"
      down: ""
EOF
    sed -i 's/^operations: \[\]$/operations:/' "$(ls "$1"/revisions/*_backfill.yaml)" || return 1
    "$2" generate -C "$1" >/dev/null || return 1

    sed -i 's/orders_customer_id_idx: { columns: \[customer_id\] }/&\
      orders_placed_at_idx: { columns: [placed_at], concurrently: true }/' "$1/schema.yaml"
    probe_diff "$1" "$2" "Placed at index" || return 1

    sed -i 's/order_state: \[new, paid, shipped, void\]/order_state: [new, paid, shipped]/' \
        "$1/schema.yaml"
    probe_diff "$1" "$2" "No void state" --allow-destructive || return 1
}
