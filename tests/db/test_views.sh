#!/usr/bin/env bash
# Views and materialized views end to end (SPEC §3.1 `views:`, `materialized_views:`, issue
# #11): options, comments, with_data and indexes through diff, upgrade, downgrade and upgrade
# again; a query respelled (no change), evolved, a column appended with CREATE OR REPLACE; the
# type of a column a view reads changed (the views that read it dropped and re-created around
# it); a view over a view created after it, whatever the file order; offline sql; one drift
# line per property changed by hand; the inspect round trip (equal pg_dump -s), stamp head and
# check; a composite type changed under a view that names it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

rels() { # name:kind of every view and materialized view of public
    psql_q "select coalesce(string_agg(relname || ':' || relkind::text, ' ' order by relname::text collate \"C\"), '')
        from pg_class where relnamespace = 'public'::regnamespace and relkind in ('v', 'm')"
}
cols() { # the columns of relation $1: name type, ...
    psql_q "select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' order by attnum)
        from pg_attribute where attrelid = (select oid from pg_class where relname = '$1'
        and relnamespace = 'public'::regnamespace) and attnum > 0"
}
ops_of() { # the kind and name of each operation of revision file $1
    sed -n 's/^  - \([a-z_]*\): { name: "\{0,1\}\([A-Za-z_]*\).*/\1 \2/p; s/^  - \([a-z_]*\): .*/\1/p' "$1" |
        tr '\n' ' '
}

# 1. Round trip; "top" (over the view "Big") is written before it, the materialized view reads
#    both; with_data false, an index.
db_create migc_views
mod=$T_DIR/vw
mkdir -p "$mod"
printf 'name: vw\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
tables:
  orders:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      amount: integer
      note: { type: text, nullable: true }
views:
  top:
    query: SELECT id FROM "Big" WHERE id < 10
  Big:
    query: |
      SELECT id, amount FROM orders WHERE amount > 100;
    options: { security_barrier: true, check_option: local }
    comment: Large ones
materialized_views:
  totals:
    query: SELECT count(*) AS n, sum(amount) AS total FROM public."Big"
    with_data: false
    indexes:
      totals_n: { columns: [n], unique: true }
    comment: Sums
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m init
r1=$mod/revisions/0001_init.yaml
assert_eq "$(ops_of "$r1")" "create_view Big create_materialized_view totals create_view top " \
    "a view is created after the view it reads"
assert_contains "$r1" 'options: { security_barrier: true, check_option: local }, comment: Large ones'
assert_contains "$r1" 'with_data: false, indexes: { totals_n: { columns: ["n"], unique: true } }, comment: Sums'
M=$T_DIR/m
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
want1="Big:v top:v totals:m"
assert_eq "$(rels)" "$want1" "views after 0001"
assert_eq "$(psql_q "select reloptions::text from pg_class where relname = 'Big'")" \
    "{security_barrier=true,check_option=local}" "options"
assert_eq "$(psql_q "select relispopulated from pg_class where relname = 'totals'")" "f" "with_data false"
assert_eq "$(psql_q "select obj_description('public.totals'::regclass, 'pg_class')")" "Sums" "comment"
assert_eq "$(psql_q "select indexdef from pg_indexes where indexname = 'totals_n'")" \
    "CREATE UNIQUE INDEX totals_n ON public.totals USING btree (n)" "matview index"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade base --allow-destructive
assert_eq "$(rels)" "" "no view left at base"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(rels)" "$want1" "views after upgrading again"
assert_exit 0 "$M" --url "$DB_URL" check

# 2. A respelling (case, blanks, parentheses) is no change.
sed -i 's/SELECT id FROM "Big" WHERE id < 10/select  id from "Big" where (id < 10)/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m respelled --dry-run
assert_contains "$OUT" "no changes"
# ... nor is a relation name qualified with the module's schema (quoted or not), or written bare
sed -i 's/select  id from "Big" where/select id from public."Big" where/; s/FROM public."Big"/FROM "Big"/' \
    "$mod/schema.yaml"
assert_contains "$mod/schema.yaml" 'from public."Big"'
assert_exit 0 "$MIGC" diff -C "$mod" -m respelled --dry-run
assert_contains "$OUT" "no changes"

# 2b. A view over a join (a module of its own, in a database of its own): the query as the server
#     spells it (pg_get_viewdef: the join tree and each condition in parentheses) is no change,
#     nor are quoted names qualified with the module's schema; another join type is one.
views_db=$PGDATABASE
views_url=$DB_URL
db_create migc_views_join
jmod=$T_DIR/vj
mkdir -p "$jmod"
printf 'name: vj\nexclusive: true\n' >"$jmod/module.yaml"
write_vj() { # schema.yaml of vj, the query of its view being $1 (a YAML scalar)
    cat >"$jmod/schema.yaml" <<'YAML'
tables:
  accounts:
    columns:
      id: { type: bigint, primary_key: true }
      name: text
      active: boolean
  users:
    columns:
      id: { type: bigint, primary_key: true }
      account_id: bigint
views:
  active_names:
YAML
    printf '    query: %s\n' "$1" >>"$jmod/schema.yaml"
}
write_vj 'SELECT u.id, a.name FROM users u JOIN accounts a ON a.id = u.account_id WHERE a.active'
assert_exit 0 "$MIGC" diff -C "$jmod" -m init
JM=$T_DIR/jm
build_migrator "$jmod" "$JM"
assert_exit 0 "$JM" --url "$DB_URL" upgrade
stored=$(psql_q "select to_json(pg_get_viewdef('active_names'::regclass))") # a YAML scalar too
case $stored in
*'FROM (users u\n'*'JOIN accounts a ON ((a.id = u.account_id)))\n'*) pass ;;
*) fail "the server's spelling of the join: $stored" ;;
esac
write_vj "$stored"
assert_exit 0 "$MIGC" diff -C "$jmod" -m server_spelling --dry-run
assert_contains "$OUT" "no changes"
write_vj "SELECT u.id, a.name FROM (public.\"users\" u JOIN \"public\".accounts a ON ((a.id = u.account_id))) WHERE (a.active)"
assert_exit 0 "$MIGC" diff -C "$jmod" -m qualified --dry-run
assert_contains "$OUT" "no changes"
write_vj 'SELECT u.id, a.name FROM (users u LEFT JOIN accounts a ON ((a.id = u.account_id))) WHERE a.active'
assert_exit 0 "$MIGC" diff -C "$jmod" -m left_join --dry-run
assert_not_contains "$OUT" "no changes"
assert_contains "$OUT" "LEFT JOIN"
PGDATABASE=$views_db
DB_URL=$views_url

# 3. A column appended: CREATE OR REPLACE VIEW (no drop of "Big"); its readers are re-created
#    around it; the downgrade drops and creates "Big" again.
sed -i 's/SELECT id, amount FROM orders/SELECT id, amount, note FROM orders/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m append
r2=$mod/revisions/0002_append.yaml
assert_contains "$r2" 'alter_view: { name: Big, query: "SELECT id, amount, note FROM orders WHERE amount > 100" }'
assert_not_contains "$r2" "drop_view: { name: Big }"
assert_eq "$(ops_of "$r2")" "drop_materialized_view totals drop_view top alter_view Big create_view top create_materialized_view totals " \
    "readers re-created around the append"
build_migrator "$mod" "$M"
psql_q "insert into orders (amount, note) values (500, 'x')" >/dev/null
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(cols Big)" "id bigint, amount integer, note text" "column appended"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_eq "$(cols Big)" "id bigint, amount integer" "downgrade removes the column"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 4. The type of a column the views read changes: they are dropped before and created after;
#    a view over another column stays; the query of top evolves (not an append: drop + create).
cat >"$mod/schema.yaml" <<'YAML'
tables:
  orders:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      amount: bigint
      note: { type: text, nullable: true }
views:
  top:
    query: SELECT amount, id FROM "Big" WHERE id < 20
  Big:
    query: |
      SELECT id, amount, note FROM orders WHERE amount > 100;
    options: { security_barrier: true, check_option: local }
    comment: Large ones
  notes:
    query: SELECT id, note FROM orders
materialized_views:
  totals:
    query: SELECT count(*) AS n, sum(amount) AS total FROM public."Big"
    with_data: false
    indexes:
      totals_n: { columns: [n], unique: true }
    comment: Sums
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m retype --allow-rewrite
r3=$mod/revisions/0003_retype.yaml
assert_eq "$(ops_of "$r3")" "drop_view top drop_materialized_view totals drop_view Big alter_column create_view Big create_view notes create_materialized_view totals create_view top " \
    "views dropped and re-created around the type change"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(cols Big)" "id bigint, amount bigint, note text" "view follows the new type"
assert_eq "$(cols top)" "amount bigint, id bigint" "top evolved"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade -1 --allow-destructive
assert_eq "$(cols Big)" "id bigint, amount integer, note text" "downgrade restores the old type"
assert_eq "$(rels)" "$want1" "views after downgrading 0003"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 5. Renames are followed, never re-created: the table the views read and a view.
sed -i 's/^  orders:$/  purchases:\n    renamed_from: orders/; s/FROM orders/FROM purchases/g; s/^  top:$/  top_orders:\n    renamed_from: top/' \
    "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m rename
r4=$mod/revisions/0004_rename.yaml
assert_eq "$(ops_of "$r4")" "rename_view rename_table rename_constraint " "renames only (and the primary key named after the table)"
assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
assert_contains "$OUT" "no changes"
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'renamed_from "top" of view top_orders: used by revision 0004_rename'
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(rels)" "Big:v notes:v top_orders:v totals:m" "views after the renames"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_eq "$(rels)" "Big:v notes:v top:v totals:m" "views after downgrading the renames"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" upgrade

# 5b. The comment of a materialized view changes in place (COMMENT ON, no drop and create).
sed -i 's/^    comment: Sums$/    comment: Sums of purchases/' "$mod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$mod" -m matview_comment
r5=$mod/revisions/0005_matview_comment.yaml
assert_eq "$(ops_of "$r5")" "alter_view totals " "a comment change alone"
assert_contains "$r5" "alter_view: { name: totals, comment: Sums of purchases }"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(psql_q "select obj_description('public.totals'::regclass, 'pg_class')")" "Sums of purchases" "new comment"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_eq "$(psql_q "select obj_description('public.totals'::regclass, 'pg_class')")" "Sums" "comment back"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" upgrade

# 6. Offline sql.
db_create migc_views_sql
assert_exit 0 "$M" sql base:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >/dev/null 2>&1 || fail "offline upgrade sql"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" sql head:base
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >/dev/null 2>&1 || fail "offline downgrade sql"
pass
assert_eq "$(rels)" "" "offline downgrade leaves no view"

# 7. Drift: one line per property changed by hand.
db_create migc_views_drift
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "alter view \"Big\" reset (security_barrier); alter view \"Big\" set (check_option = cascaded,
    security_invoker = true); comment on view \"Big\" is 'by hand';
    create or replace view notes as select id, note, 1 as one from purchases;
    refresh materialized view totals; drop index totals_n; create index totals_x on totals (total);
    drop view top_orders; create view extra as select 1 as one" >/dev/null || fail "hand changes"
pass
assert_exit 1 "$M" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
view Big: security_barrier is none, expected true
view Big: check_option is cascaded, expected local
view Big: security_invoker is true, expected none
view Big: comment is 'by hand', expected 'Large ones'
view notes: query is SELECT purchases.id, purchases.note, 1 AS one FROM purchases;, expected SELECT purchases.id, purchases.note FROM purchases;
materialized view totals: with_data is true, expected false
materialized view totals: index totals_n missing
materialized view totals: index totals_x unexpected
view top_orders: missing
view extra: unexpected (exclusive module)
DRIFT
assert_eq "$(grep -c 'view ' "$OUT")" "10" "one drift line per property"

# 8. Inspect round trip.
db_create migc_views_orig
orig_url=$DB_URL
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE items (id bigint PRIMARY KEY, price numeric(10,2) NOT NULL, tag text);
CREATE VIEW cheap WITH (security_barrier = true) AS SELECT id, price FROM items WHERE price < 10;
COMMENT ON VIEW cheap IS 'Under ten';
CREATE VIEW cheap_tags AS SELECT c.id, i.tag FROM cheap c JOIN items i USING (id);
CREATE VIEW not_free AS SELECT id, price FROM cheap WHERE price > 0 WITH CASCADED CHECK OPTION;
CREATE MATERIALIZED VIEW tag_counts AS SELECT tag, count(*) AS n FROM items GROUP BY tag
    WITH NO DATA;
CREATE UNIQUE INDEX tag_counts_tag ON tag_counts (tag);
CREATE INDEX tag_counts_n ON tag_counts (n DESC);
COMMENT ON MATERIALIZED VIEW tag_counts IS 'Per tag';
SQL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\nexclusive: true\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
assert_not_contains "$ERR" "not managed"
assert_contains "$amod/schema.yaml" "    options: { security_barrier: true }"
assert_contains "$amod/schema.yaml" "    indexes: { tag_counts_n: { columns: [n DESC] }, tag_counts_tag: { columns: [tag], unique: true } }"
# ignore (SPEC §2) covers views as other kinds: left out and named on stderr.
assert_exit 0 "$MIGC" inspect --url "$orig_url" --ignore "tag_*" --ignore "cheap"
assert_not_contains "$OUT" "tag_counts"
assert_not_contains "$OUT" "  cheap:"
assert_contains "$OUT" "  cheap_tags:"
assert_contains "$ERR" "materialized view tag_counts (ignore: tag_*)"
assert_contains "$ERR" "view cheap (ignore: cheap)"
# What schema.yaml cannot say of a view is noted, never dropped silently.
db_create migc_views_notes
psql_q "create table t (a int); create view v as select a from t; comment on column v.a is 'x';
    alter view v alter column a set default 1;
    create materialized view m with (fillfactor = 70) as select a from t" >/dev/null || fail "notes"
pass
assert_exit 0 "$MIGC" inspect --url "$DB_URL"
assert_contains "$OUT" "# not managed by migc: comment on column v.a"
assert_contains "$OUT" "# not managed by migc: default of column v.a"
assert_contains "$OUT" "# not managed by migc: storage parameters of materialized view m"
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_views_copy
copy_url=$DB_URL
assert_exit 0 "$AM" --url "$copy_url" upgrade
dump() {
    "$MIGC_PG_BINDIR/pg_dump" --schema-only --schema=public --exclude-table=public.migc_version \
        --no-owner -U postgres -d "$1" -f "$2.raw" || fail "pg_dump $1"
    grep -v '^\\\(un\)\{0,1\}restrict ' "$2.raw" >"$2"
}
dump migc_views_orig "$T_DIR/orig.sql"
dump migc_views_copy "$T_DIR/copy.sql"
if ! diff -u "$T_DIR/orig.sql" "$T_DIR/copy.sql" >"$T_DIR/dump.diff"; then
    cat "$T_DIR/dump.diff" >&2
    fail "pg_dump of the upgraded empty database differs from the original"
fi
pass
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
assert_exit 0 "$AM" --url "$copy_url" check
assert_exit 0 "$AM" --url "$copy_url" downgrade base
assert_eq "$(PGDATABASE=migc_views_copy rels)" "" "downgrade base leaves no view"

# 9. A view the upgrade found already there (made by hand, as the module declares it) is kept by
#    the downgrade, as other objects are (and is then drift of the exclusive module).
db_create migc_views_kept
assert_exit 0 "$M" --url "$DB_URL" upgrade 0002
psql_q "create view notes as select id, note from orders" >/dev/null || fail "hand view"
pass
assert_exit 0 "$M" --url "$DB_URL" upgrade 0003
assert_exit 1 "$M" --url "$DB_URL" downgrade 0002 --allow-destructive
assert_contains "$OUT" "kept view notes (it existed before 0003_retype was applied)"
assert_contains "$ERR" "view notes: unexpected (exclusive module)"
assert_eq "$(rels)" "Big:v notes:v top:v totals:m" "the view made by hand survives the downgrade"

# 10. A module in its own schema; an enum that loses a value under a view (the type is rebuilt
#     under the column): the views are dropped before and created after, the drift check builds
#     the expected queries in that schema.
db_create migc_views_enum
psql_q "create schema app" >/dev/null
emod=$T_DIR/en
mkdir -p "$emod"
printf 'name: en\nschema: app\nexclusive: true\n' >"$emod/module.yaml"
cat >"$emod/schema.yaml" <<'YAML'
enums:
  mood: [happy, sad, meh]
tables:
  t:
    columns:
      id: { type: bigint, primary_key: true }
      m: { type: mood, nullable: true }
views:
  v: { query: "SELECT id, m FROM t WHERE m <> 'sad'" }
materialized_views:
  mv: { query: SELECT count(*) AS n FROM v, indexes: { mv_n: { columns: [n] } } }
YAML
assert_exit 0 "$MIGC" diff -C "$emod" -m init
sed -i 's/\[happy, sad, meh\]/[happy, sad]/' "$emod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$emod" -m rm --allow-destructive
assert_eq "$(sed -n 's/^  - \([a-z_]*\):.*/\1/p' "$emod"/revisions/0002_rm.yaml | tr '\n' ' ')" \
    "drop_materialized_view drop_view remove_enum_value create_view create_materialized_view " \
    "views re-created around the enum rebuild"
EM=$T_DIR/en_migrator
build_migrator "$emod" "$EM"
assert_exit 0 "$EM" --url "$DB_URL" upgrade
assert_exit 0 "$EM" --url "$DB_URL" check
assert_exit 0 "$EM" --url "$DB_URL" downgrade -1
assert_exit 0 "$EM" --url "$DB_URL" check
assert_exit 0 "$EM" --url "$DB_URL" upgrade
psql_q "create or replace view app.v as select id, m from app.t where m <> 'happy'" >/dev/null
assert_exit 1 "$EM" --url "$DB_URL" check
assert_contains "$OUT" "view v: query is SELECT t.id, t.m FROM t WHERE (t.m <> 'happy'::mood);, expected SELECT t.id, t.m FROM t WHERE (t.m <> 'sad'::mood);"

# 11. A composite type whose attribute type changes under a view that names it: PostgreSQL keeps
#     the attribute types the view was created with in its stored query (ROW(...)::type keeps
#     numeric(10,2)), so the view is dropped before the change and created after; without that
#     the upgrade ends in drift.
db_create migc_views_ctype
cmod=$T_DIR/ct
mkdir -p "$cmod"
printf 'name: ct\n' >"$cmod/module.yaml"
cat >"$cmod/schema.yaml" <<'YAML'
types:
  money_amount: { columns: { amount: "numeric(10,2)", currency: "character(3)" } }
views:
  price_view: { query: "SELECT ROW(1.50, 'EUR')::money_amount AS m" }
YAML
assert_exit 0 "$MIGC" diff -C "$cmod" -m init
sed -i 's/numeric(10,2)/numeric(12,2)/' "$cmod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$cmod" -m widen
assert_eq "$(sed -n 's/^  - \([a-z_]*\):.*/\1/p' "$cmod"/revisions/0002_widen.yaml | tr '\n' ' ')" \
    "drop_view alter_type create_view " "the view re-created around the attribute change"
CM=$T_DIR/ct_migrator
build_migrator "$cmod" "$CM"
assert_exit 0 "$CM" --url "$DB_URL" upgrade 0001_init
assert_exit 0 "$CM" --url "$DB_URL" upgrade
assert_exit 0 "$CM" --url "$DB_URL" check
assert_eq "$(psql_q "select pg_get_viewdef('public.price_view'::regclass) like '%numeric(12,2)%'")" t \
    "the view built with the new attribute type"
assert_exit 0 "$CM" --url "$DB_URL" downgrade -1
assert_exit 0 "$CM" --url "$DB_URL" check
assert_eq "$(psql_q "select pg_get_viewdef('public.price_view'::regclass) like '%numeric(10,2)%'")" t \
    "and with the old one after the downgrade"

finish
