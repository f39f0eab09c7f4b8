#!/usr/bin/env bash
# Adoption of whole real-world schemas (issue #11, SPEC §3.1): a Rails structure.sql (44 enums,
# sequences owned by their id columns behind nextval defaults, an extension in its own schema,
# partitions attached afterwards, views over views, a materialized view with an index, a plpgsql
# trigger function) and a pg_dump --schema-only file (domains, a composite type, functions and a
# procedure, triggers with arguments and transition tables, list and hash partitions, identity and
# generated columns, collations, deferrable and NULLS NOT DISTINCT keys, an exclusion constraint,
# storage parameters, comments), both in tests/db/adopt/, loaded with psql -f as teams have them. For each: migc inspect (nothing left
# out) → migc diff -m baseline → the migrator upgrades an EMPTY database → pg_dump -s of both is
# equal entry by entry; the offline SQL and a --replay upgrade give the same; stamp head on the source → check clean;
# downgrade base → nothing of the module is left. Then what schema.yaml cannot express, added by
# hand to the source (row level security, a policy, a rule, extended statistics, SET STATISTICS,
# SET STORAGE, inheritance, UNLOGGED, identity options, MATCH FULL, a NOT VALID domain check, a
# view column's comment and default, a materialized view's storage parameters and index comment,
# an aggregate in an exclusive module), is drift for `check` unless module.yaml `ignore` covers it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

# Every object of a database outside the system schemas, one line each (what is left after
# downgrade base).
leftovers() {
    psql_q "SELECT n.nspname || '.' || c.relname || ' (' || c.relkind::text || ')' FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
               AND c.relname NOT LIKE 'migc_version%'
            UNION ALL SELECT 'type ' || t.typname FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = 'public' AND t.typtype IN ('e', 'd', 'c') AND t.typrelid = 0
            UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
            UNION ALL SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
            UNION ALL SELECT 'schema ' || nspname FROM pg_namespace
             WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('public', 'information_schema')
            ORDER BY 1"
}

# adopt NAME SQLFILE: the whole adoption path above for one schema; leaves the module in
# $T_DIR/NAME, its migrator in $T_DIR/NAME/migrator, the source database migc_adopt_NAME_src.
adopt() {
    local name=$1 sql=$2 mod=$T_DIR/$1 src=migc_adopt_$1_src copy=migc_adopt_$1_copy
    local off=migc_adopt_$1_offline rep=migc_adopt_$1_replay src_url copy_url

    db_create "$off"
    db_create "$copy"
    copy_url=$DB_URL
    db_create "$src"
    src_url=$DB_URL
    psql -XAq -v ON_ERROR_STOP=1 -f "$sql" >/dev/null 2>"$ERR" || fail "$name: cannot load $sql: $(cat "$ERR")"

    mkdir -p "$mod"
    printf 'name: %s\n' "$name" >"$mod/module.yaml"
    assert_exit 0 "$MIGC" inspect --url "$src_url"
    cp "$OUT" "$mod/schema.yaml"
    [ ! -s "$ERR" ] || fail "$name: inspect left something out: $(cat "$ERR")"
    pass
    assert_exit 0 "$MIGC" diff -C "$mod" -m baseline
    assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
    grep -qx "no changes" "$OUT" || fail "$name: a second diff is not \"no changes\": $(cat "$OUT")"
    pass
    assert_exit 0 "$MIGC" check -C "$mod"
    build_migrator "$mod" "$mod/migrator"

    # An empty database, upgraded, dumps as the source does; so does one built by the offline SQL.
    assert_exit 0 "$mod/migrator" --url "$copy_url" upgrade
    assert_same_dump "$src" "$copy"
    grep -c '^CREATE ' "$T_DIR/$copy.sql" >"$T_DIR/creates"
    [ "$(cat "$T_DIR/creates")" -ge 20 ] || fail "$name: the dump holds few objects (is the comparison empty?)"
    assert_exit 0 "$mod/migrator" sql head
    PGDATABASE=$off psql -XAq -v ON_ERROR_STOP=1 -f "$OUT" >/dev/null 2>"$ERR" ||
        fail "$name: the offline SQL fails: $(cat "$ERR")"
    assert_same_dump "$src" "$off"
    # Replaying the revision's steps (not the head snapshot) builds the same.
    db_create "$rep"
    assert_exit 0 "$mod/migrator" --url "$DB_URL" --replay upgrade
    assert_same_dump "$src" "$rep"

    # Inspecting the copy writes the same schema.yaml.
    assert_exit 0 "$MIGC" inspect --url "$copy_url"
    cmp -s "$OUT" "$mod/schema.yaml" || fail "$name: inspect of the copy differs: $(diff "$mod/schema.yaml" "$OUT")"
    pass

    # The source is adopted with stamp head, and has no drift.
    assert_exit 0 "$mod/migrator" --url "$src_url" stamp head
    assert_exit 0 "$mod/migrator" --url "$src_url" check
    assert_exit 0 "$mod/migrator" --url "$copy_url" check

    # downgrade base leaves nothing of the module behind.
    assert_exit 0 "$mod/migrator" --url "$copy_url" downgrade base
    PGDATABASE=$copy leftovers >"$T_DIR/left" || fail "$name: cannot list what is left"
    [ ! -s "$T_DIR/left" ] || fail "$name: downgrade base left: $(tr '\n' ' ' <"$T_DIR/left")"
    pass
}

adopt rails "$here/adopt/rails_structure.sql"
assert_eq "$(grep -c '^  status_[0-9][0-9]: \[' "$T_DIR/rails/schema.yaml")" "44" "enums written by inspect"
assert_contains "$T_DIR/rails/schema.yaml" "accounts_id_seq: { type: integer, owned_by: accounts.id }"
assert_contains "$T_DIR/rails/schema.yaml" "extensions: [citext, { name: hstore, schema: extensions }, pgcrypto]"
assert_contains "$T_DIR/rails/schema.yaml" "partition_of: events"

adopt dump "$here/adopt/pgdump_schema.sql"
assert_contains "$T_DIR/dump/schema.yaml" "kind: procedure"
assert_contains "$T_DIR/dump/schema.yaml" 'booking_no_overlap: { using: gist, elements: ["during WITH &&"], where: NOT cancelled }'
assert_contains "$T_DIR/dump/schema.yaml" "with: { fillfactor: 90, autovacuum_enabled: false }"
assert_contains "$T_DIR/dump/schema.yaml" "deferrable: true, comment: \"One film per code, NULL included\" }"
assert_contains "$T_DIR/dump/schema.yaml" "comment: Ratings of the Motion Picture Association }"
assert_contains "$T_DIR/dump/schema.yaml" "referencing: { new_table: new_rows }"
assert_contains "$T_DIR/dump/schema.yaml" "bounds: \"FOR VALUES WITH (modulus 2, remainder 1)\""

# What schema.yaml cannot express, added by hand to the adopted source: one drift line each.
M=$T_DIR/dump/migrator
PGDATABASE=migc_adopt_dump_src
DB_URL="postgresql://postgres@127.0.0.1:$PGPORT/$PGDATABASE"
psql -XAq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot add the unmanaged objects"
ALTER TABLE actor ENABLE ROW LEVEL SECURITY;
CREATE POLICY actor_all ON actor USING (true);
CREATE RULE audit_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;
CREATE STATISTICS film_stats ON title, length FROM film;
ALTER TABLE film ALTER COLUMN title SET STATISTICS 500;
ALTER TABLE film ALTER COLUMN description SET STORAGE EXTERNAL;
CREATE TABLE base_rows (last_update timestamptz);
ALTER TABLE store INHERIT base_rows;
CREATE AGGREGATE my_sum(integer) (SFUNC = int4pl, STYPE = integer);
ALTER TABLE audit_log SET UNLOGGED;
ALTER TABLE audit_log ALTER COLUMN id SET INCREMENT BY 5;
ALTER TABLE inventory DROP CONSTRAINT inventory_store_id_fkey;
ALTER TABLE inventory ADD CONSTRAINT inventory_store_id_fkey FOREIGN KEY (store_id)
    REFERENCES store (store_id) MATCH FULL DEFERRABLE INITIALLY DEFERRED;
ALTER DOMAIN year DROP CONSTRAINT year_check;
ALTER DOMAIN year ADD CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155) NOT VALID;
COMMENT ON COLUMN film_list.title IS 'by hand';
ALTER VIEW film_list ALTER COLUMN title SET DEFAULT 'untitled';
ALTER MATERIALIZED VIEW stock SET (fillfactor = 50);
COMMENT ON INDEX stock_film_store IS 'by hand';
SQL
assert_exit 1 "$M" --url "$DB_URL" check
for line in "table actor: not managed by migc: row level security" \
    "policy actor.actor_all: not managed by migc: row security policy" \
    "rule audit_log.audit_no_delete: not managed by migc: rewrite rule" \
    "statistics film.film_stats: not managed by migc: extended statistics" \
    "column film.title: not managed by migc: SET STATISTICS 500" \
    "column film.description: not managed by migc: SET STORAGE EXTERNAL" \
    "table store: not managed by migc: inherits from base_rows" \
    "table audit_log: not managed by migc: UNLOGGED" \
    "column audit_log.id: not managed by migc: sequence options of its identity" \
    "foreign key inventory.inventory_store_id_fkey: not managed by migc: MATCH FULL" \
    "domain year: check year_check NOT VALID: existing values were never checked (VALIDATE CONSTRAINT)" \
    "column film_list.title: not managed by migc: comment (on a view column)" \
    "column film_list.title: not managed by migc: default (on a view column)" \
    "materialized view stock: not managed by migc: storage parameters (fillfactor=50)" \
    "index stock.stock_film_store: not managed by migc: comment (on an index of a materialized view)"; do
    assert_contains "$OUT" "$line"
done
# The aggregate and the undeclared table are drift only in an exclusive module.
assert_not_contains "$OUT" "my_sum"
assert_not_contains "$OUT" "table base_rows"
inspect_err=$T_DIR/inspect.err
"$MIGC" inspect --url "$DB_URL" >/dev/null 2>"$inspect_err" || fail "inspect of the changed source"
assert_contains "$inspect_err" "not managed by migc: policy actor_all on actor"
assert_contains "$inspect_err" "not managed by migc: aggregate my_sum(integer)"

# An exclusive module also reports the aggregate; `ignore` covers each line by its name or its
# table's, and then check is clean again.
mod=$T_DIR/dump
printf 'name: dump\nexclusive: true\n' >"$mod/module.yaml"
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$T_DIR/excl_migrator"
assert_exit 1 "$T_DIR/excl_migrator" --url "$DB_URL" check
assert_contains "$OUT" "function my_sum(integer): not managed by migc: aggregate"
assert_contains "$OUT" "table base_rows: unexpected (exclusive module)"
printf 'name: dump\nexclusive: true\nignore: [actor, audit_log, film, inventory, store, base_rows, "my_*", year, film_list, stock]\n' >"$mod/module.yaml"
assert_exit 0 "$MIGC" generate -C "$mod"
build_migrator "$mod" "$T_DIR/ignore_migrator"
assert_exit 0 "$T_DIR/ignore_migrator" --url "$DB_URL" check
finish
