#!/usr/bin/env bash
# Functions and procedures end to end (SPEC §3.1 `functions:`, issue #11): sql and plpgsql
# functions (one called by a column default, one reading a table, a trigger function), a procedure,
# through diff, upgrade, downgrade and upgrade again; a body change (CREATE OR REPLACE), a return
# type change (drop and create), a rename and a drop; offline sql; one drift line per property
# changed by hand; and the inspect round trip (equal pg_dump -s, stamp head, check clean).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

fns() { # name(args) -> result of every function and procedure of public
    psql_q "select coalesce(string_agg(p.proname || '(' || pg_get_function_arguments(p.oid) || ')'
        || coalesce(' -> ' || pg_get_function_result(p.oid), ''), ' ' order by p.proname), '')
        from pg_proc p where p.pronamespace = 'public'::regnamespace"
}

# 1. Round trip.
db_create migc_fn
mod=$T_DIR/fn
mkdir -p "$mod"
printf 'name: fn\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
functions:
  "next_code(int4)":
    arguments: "base integer DEFAULT 100"
    returns: int
    language: sql
    volatility: immutable
    strict: true
    parallel: safe
    cost: 5
    comment: Codes start at 101
    body: SELECT base + 1
  "item_count()":
    returns: bigint
    language: sql
    volatility: stable
    body: SELECT count(*) FROM items
  "touch()":
    returns: trigger
    language: plpgsql
    set: { search_path: "public, pg_temp" }
    depends_on: [items]
    body: |
      BEGIN
        -- a body with $$ and $migc$ and 'quotes' in it
        NEW.note := coalesce(NEW.note, 'touched');
        RETURN NEW;
      END
  "log_it(text)":
    kind: procedure
    arguments: msg text
    language: plpgsql
    security_definer: true
    body: "BEGIN RAISE NOTICE 'log %', msg; END"
tables:
  items:
    columns:
      id: { type: integer, primary_key: true }
      code: { type: integer, default: "next_code()" }
      note: { type: text, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m init
r1=$mod/revisions/0001_init.yaml
assert_contains "$r1" "  - create_function:
      name: next_code(integer)
      arguments: base integer DEFAULT 100
      returns: integer"
assert_contains "$r1" "      arguments: IN msg text"
# next_code comes before the table whose default calls it, item_count after the table it reads,
# touch after the table its depends_on names.
order=$(grep -o 'name: [a-z_]*' "$r1" | tr '\n' ' ')
case $order in
*"next_code"*"name: items"*"item_count"*) pass ;;
*) fail "creation order: $order" ;;
esac
case $order in
*"name: items"*"touch"*) pass ;;
*) fail "depends_on order: $order" ;;
esac
assert_exit 0 "$MIGC" check -C "$mod"
M=$T_DIR/m
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" --transaction-per-revision upgrade
want1="item_count() -> bigint log_it(IN msg text) next_code(base integer DEFAULT 100) -> integer touch() -> trigger"
assert_eq "$(fns)" "$want1" "functions after 0001"
assert_eq "$(psql_q "insert into items (id) values (1) returning code")" "101" "the default calls next_code"
assert_eq "$(psql_q "select item_count()")" "1" "item_count reads the table"
assert_eq "$(psql_q "select prosrc from pg_proc where proname = 'touch'" | sed -n 2p)" \
    '  -- a body with $$ and $migc$ and '"'quotes'"' in it' "the body is kept exactly"
assert_eq "$(psql_q "select obj_description('next_code(integer)'::regprocedure, 'pg_proc')")" \
    "Codes start at 101" "comment"
assert_eq "$(psql_q "select prosecdef from pg_proc where proname = 'log_it'")" "t" "security definer"
assert_exit 0 "$M" --url "$DB_URL" check
psql_q "delete from items" >/dev/null
assert_exit 0 "$M" --url "$DB_URL" downgrade base
assert_eq "$(fns)" "" "no function left at base"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(fns)" "$want1" "functions after upgrading again"
assert_exit 0 "$M" --url "$DB_URL" check

# 2. Evolve: a body changed (CREATE OR REPLACE), a return type changed (drop and create), a
#    rename, a drop, a new function.
sed -i -e 's/SELECT base + 1/SELECT base + 2/' \
    -e 's/returns: bigint/returns: integer/; s/SELECT count(\*) FROM items/SELECT count(*)::int FROM items/' \
    -e 's/"log_it(text)":/"log_line(text)":\n    renamed_from: log_it(text)/' "$mod/schema.yaml"
python3 - "$mod/schema.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
i, j = s.index('  "touch()":'), s.index('  "log_line(text)":')
s = s[:i] + '''  "twice(integer)":
    arguments: v integer
    returns: integer
    language: plpgsql
    volatility: immutable
    body: BEGIN RETURN v * 2; END
''' + s[j:]
open(p, 'w').write(s)
PY
assert_exit 0 "$MIGC" diff -C "$mod" -m evolve
r2=$mod/revisions/0002_evolve.yaml
assert_contains "$r2" "  - alter_function:
      name: next_code(integer)"
assert_contains "$r2" "  - rename_function: { from: log_it(text), to: log_line(text) }"
assert_contains "$r2" "  - drop_function: { name: touch() }"
assert_contains "$r2" "  - create_function:
      name: twice(integer)"
assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
assert_contains "$OUT" "no changes"
build_migrator "$mod" "$M"
assert_exit 0 "$M" sql 0001:0002
assert_contains "$OUT" 'CREATE OR REPLACE FUNCTION "public"."next_code"(base integer DEFAULT 100)'
assert_contains "$OUT" 'DROP ROUTINE "public"."item_count"()'
assert_contains "$OUT" 'ALTER ROUTINE "public"."log_it"(text) RENAME TO "log_line"'
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
want2="item_count() -> integer log_line(IN msg text) next_code(base integer DEFAULT 100) -> integer twice(v integer) -> integer"
assert_eq "$(fns)" "$want2" "functions after 0002"
assert_eq "$(psql_q "insert into items (id) values (1) returning code")" "102" "the new body runs"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(fns)" "$want1" "functions after downgrading 0002"
assert_eq "$(psql_q "select item_count()")" "1" "the old result type is back"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
# A re-run of 0002 on the database it left (after state) skips or repeats harmlessly.
assert_exit 0 "$M" --url "$DB_URL" stamp 0001
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 2b. A function whose result changes (drop and create) while a column default and a check call
#     it: both are taken away before and put back after, both ways; a generated column calling it
#     is refused with the manual path.
db_create migc_fn_deps
dmod=$T_DIR/fndeps
mkdir -p "$dmod"
printf 'name: fndeps\n' >"$dmod/module.yaml"
cat >"$dmod/schema.yaml" <<'YAML'
functions:
  next_code():
    returns: integer
    language: sql
    volatility: immutable
    body: SELECT 42
tables:
  codes:
    columns:
      id: { type: integer, primary_key: true }
      code: { type: bigint, default: "next_code() + 1" }
    checks:
      codes_code_ok: "code <> next_code()"
YAML
assert_exit 0 "$MIGC" diff -C "$dmod" -m base
sed -i 's/returns: integer/returns: bigint/' "$dmod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$dmod" -m retype
d2=$dmod/revisions/0002_retype.yaml
assert_eq "$(grep -o '^  - [a-z_]*' "$d2" | sed 's/  - //' | tr '\n' ' ')" "alter_column drop_check alter_function alter_column add_check " \
    "dependents taken away and put back around the rebuilt function"
assert_contains "$d2" "alter_column: { table: codes, name: code, default: null }"
assert_contains "$d2" 'alter_column: { table: codes, name: code, default: "next_code() + 1" }'
build_migrator "$dmod" "$T_DIR/fndeps_m"
DM=$T_DIR/fndeps_m
assert_exit 0 "$DM" --url "$DB_URL" upgrade 0001
psql_q "insert into codes (id) values (1)" >/dev/null
assert_exit 0 "$DM" --url "$DB_URL" upgrade
assert_exit 0 "$DM" --url "$DB_URL" check
assert_eq "$(psql_q "select pg_typeof(next_code())::text || ' ' || (select code from codes)")" "bigint 43" \
    "the new function, the row kept"
assert_exit 0 "$DM" --url "$DB_URL" downgrade 0001
assert_exit 0 "$DM" --url "$DB_URL" check
assert_exit 0 "$DM" --url "$DB_URL" upgrade
assert_exit 0 "$DM" --url "$DB_URL" check
sed -i 's/      code: { type: bigint, default: "next_code() + 1" }/&\n      twice: { type: bigint, generated: "next_code() * 2" }/' "$dmod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$dmod" -m gen
sed -i 's/returns: bigint/returns: integer/' "$dmod/schema.yaml"
assert_exit 3 "$MIGC" diff -C "$dmod" -m gen2 --dry-run
assert_contains "$ERR" "which PostgreSQL refuses while the generated column codes.twice calls it"

# 3. Offline sql.
db_create migc_fn_sql
assert_exit 0 "$M" sql base:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >/dev/null 2>&1 || fail "offline upgrade sql"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(fns)" "$want2" "functions after the offline upgrade"
assert_exit 0 "$M" sql head:base
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >/dev/null 2>&1 || fail "offline downgrade sql"
pass
assert_eq "$(fns)" "" "offline downgrade leaves no function"

# 4. Drift: one line per property changed by hand.
db_create migc_fn_drift
dmod=$T_DIR/fd
mkdir -p "$dmod"
printf 'name: fd\nexclusive: true\n' >"$dmod/module.yaml"
cat >"$dmod/schema.yaml" <<'YAML'
functions:
  "f1(integer)":
    arguments: x integer
    returns: integer
    language: sql
    volatility: immutable
    strict: true
    parallel: safe
    cost: 5
    comment: C1
    body: SELECT x * 2
  "f2()":
    returns: SETOF integer
    language: sql
    volatility: stable
    rows: 10
    set: { work_mem: 64MB }
    body: SELECT 1
  "f3()": { returns: integer, language: sql, body: SELECT 3 }
  "f4(integer)": { arguments: x integer, returns: integer, language: sql, body: SELECT $1 }
  "f5()": { returns: integer, language: sql, body: SELECT 5 }
  "p1(text)": { kind: procedure, arguments: msg text, language: plpgsql, body: BEGIN END }
YAML
assert_exit 0 "$MIGC" diff -C "$dmod" -m init
DM=$T_DIR/dm
build_migrator "$dmod" "$DM"
assert_exit 0 "$DM" --url "$DB_URL" upgrade
assert_exit 0 "$DM" --url "$DB_URL" check
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "hand changes"
ALTER FUNCTION f1(integer) VOLATILE CALLED ON NULL INPUT SECURITY DEFINER PARALLEL UNSAFE LEAKPROOF COST 7;
COMMENT ON FUNCTION f1(integer) IS 'hand';
CREATE OR REPLACE FUNCTION f2() RETURNS SETOF integer LANGUAGE sql STABLE ROWS 20 AS 'SELECT 2';
DROP FUNCTION f3();
CREATE FUNCTION f3() RETURNS bigint LANGUAGE sql AS 'SELECT 3';
DROP FUNCTION f4(integer);
CREATE FUNCTION f4(y integer) RETURNS integer LANGUAGE sql AS 'SELECT $1';
CREATE OR REPLACE FUNCTION f5() RETURNS integer LANGUAGE plpgsql AS 'BEGIN RETURN 5; END';
DROP PROCEDURE p1(text);
CREATE FUNCTION extra() RETURNS integer LANGUAGE sql AS 'SELECT 0';
SQL
pass
assert_exit 1 "$DM" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
function f1(integer): volatility is volatile, expected immutable
function f1(integer): strict is false, expected true
function f1(integer): security_definer is true, expected false
function f1(integer): parallel is unsafe, expected safe
function f1(integer): leakproof is true, expected false
function f1(integer): cost is 7, expected 5
function f1(integer): comment is 'hand', expected 'C1'
function f2(): rows is 20, expected 10
function f2(): set is none, expected work_mem=64MB
function f2(): body differs from the expected one
function f3(): returns is bigint, expected integer
function f4(integer): arguments is y integer, expected x integer
function f5(): language is plpgsql, expected sql
function f5(): body differs from the expected one
function p1(text): missing
function extra(): unexpected (exclusive module)
DRIFT
assert_eq "$(grep -c '^function ' "$OUT")" "16" "one drift line per property"

# 5. Inspect round trip.
db_create migc_fn_orig
orig_url=$DB_URL
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE TABLE accounts (id integer PRIMARY KEY, balance numeric NOT NULL DEFAULT 0);
CREATE FUNCTION positive(n numeric) RETURNS boolean LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$SELECT n >= 0$$;
COMMENT ON FUNCTION positive(numeric) IS 'Not negative';
ALTER TABLE accounts ADD CONSTRAINT accounts_balance_check CHECK (positive(balance));
CREATE FUNCTION rich(min numeric DEFAULT 100, OUT id integer, OUT balance numeric)
    RETURNS SETOF record LANGUAGE sql STABLE ROWS 50 COST 20
    AS $$SELECT id, balance FROM accounts WHERE balance >= min$$;
CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp SET work_mem = '8MB'
    AS $body$
BEGIN
    RAISE NOTICE 'audit % on %', TG_OP, TG_TABLE_NAME; -- $$ inside
    RETURN NULL;
END
$body$;
CREATE FUNCTION pairs(a integer, VARIADIC rest integer[]) RETURNS TABLE(x integer, y integer)
    LANGUAGE sql AS 'SELECT a, r FROM unnest(rest) r';
CREATE PROCEDURE deposit(acct integer, INOUT amount numeric) LANGUAGE plpgsql
    AS $$BEGIN UPDATE accounts SET balance = balance + amount WHERE id = acct; END$$;
CREATE TRIGGER accounts_audit AFTER UPDATE OF balance, id ON accounts FOR EACH ROW
    WHEN (OLD.balance IS DISTINCT FROM NEW.balance) EXECUTE FUNCTION audit('x', 'it''s');
COMMENT ON TRIGGER accounts_audit ON accounts IS 'Balance changes';
CREATE TRIGGER accounts_bulk AFTER INSERT ON accounts REFERENCING NEW TABLE AS fresh
    FOR EACH STATEMENT EXECUTE FUNCTION audit();
CREATE TRIGGER accounts_truncate BEFORE TRUNCATE ON accounts EXECUTE FUNCTION audit();
SQL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\nexclusive: true\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
[ ! -s "$ERR" ] || fail "inspect warned: $(cat "$ERR")"
pass
assert_contains "$amod/schema.yaml" '  positive(numeric):'
assert_contains "$amod/schema.yaml" '  "deposit(integer, numeric)":'
assert_contains "$amod/schema.yaml" "      accounts_bulk: { timing: after, events: [insert], function: audit(), referencing: { new_table: fresh } }"
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_fn_copy
copy_url=$DB_URL
assert_exit 0 "$AM" --url "$copy_url" upgrade
assert_same_dump migc_fn_orig migc_fn_copy
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
assert_exit 0 "$AM" --url "$copy_url" check
assert_exit 0 "$AM" --url "$copy_url" downgrade base --allow-destructive
assert_eq "$(PGDATABASE=migc_fn_copy fns)" "" "downgrade base leaves no function"

# 6. Aggregates and C functions stay out, listed as not managed.
db_create migc_fn_agg
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the aggregate database"
CREATE FUNCTION add2(integer, integer) RETURNS integer LANGUAGE sql AS 'SELECT $1 + $2';
CREATE AGGREGATE total(integer) (SFUNC = add2, STYPE = integer, INITCOND = '0');
SQL
assert_exit 0 "$MIGC" inspect --url "$DB_URL"
assert_contains "$OUT" "  \"add2(integer, integer)\":"
assert_contains "$OUT" "# not managed by migc: aggregate total(integer)"
assert_contains "$ERR" "not managed by migc: aggregate total(integer)"

# 7. Triggers: a BEFORE row trigger with UPDATE OF, WHEN and arguments whose effect shows in the
#    rows, an AFTER statement trigger with a transition table; evolved (CREATE OR REPLACE TRIGGER,
#    a drop, a column rename followed into UPDATE OF) and downgraded.
db_create migc_fn_trg
tmod=$T_DIR/trg
mkdir -p "$tmod"
printf 'name: trg\nexclusive: true\n' >"$tmod/module.yaml"
cat >"$tmod/schema.yaml" <<'YAML'
functions:
  "stamp()":
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        NEW.note := coalesce(NEW.note, '') || TG_ARGV[0];
        RETURN NEW;
      END
  "count_rows()":
    returns: trigger
    language: plpgsql
    body: |
      BEGIN
        INSERT INTO audit (n, op) SELECT count(*), TG_OP FROM changed;
        RETURN NULL;
      END
tables:
  items:
    columns:
      id: { type: integer, primary_key: true }
      note: { type: text, nullable: true }
      price: { type: integer, nullable: true }
    triggers:
      items_stamp: { timing: before, events: [update, insert], update_of: [price], for_each: row,
                     function: "stamp('+')", when: "NEW.price > 0", comment: Marks priced rows }
      items_count: { timing: after, events: [insert], function: count_rows(),
                     referencing: { new_table: changed } }
  audit:
    columns:
      n: bigint
      op: text
YAML
assert_exit 0 "$MIGC" diff -C "$tmod" -m init
t1=$tmod/revisions/0001_init.yaml
assert_contains "$t1" "  - create_trigger: { table: items, name: items_stamp, timing: before, events: [insert, update], update_of: [price], for_each: row, function: \"stamp('+')\", when: \"NEW.price > 0\", comment: Marks priced rows }"
TM=$T_DIR/tm
build_migrator "$tmod" "$TM"
assert_exit 0 "$TM" --url "$DB_URL" --transaction-per-revision upgrade
assert_exit 0 "$TM" --url "$DB_URL" check
psql_q "insert into items values (1, 'a', 5), (2, 'b', 0); update items set note = note || 'c' where id = 1;
    update items set price = 7 where id = 2" >/dev/null || fail "writes through the triggers"
pass
assert_eq "$(psql_q "select string_agg(id || ':' || note, ' ' order by id) from items")" "1:a+c 2:b+" \
    "the BEFORE trigger fires on insert and on UPDATE OF price only, when the price is positive"
assert_eq "$(psql_q "select string_agg(n || op, ' ') from audit")" "2INSERT" \
    "the statement trigger sees the inserted rows in its transition table"
psql_q "delete from items; delete from audit" >/dev/null
assert_exit 0 "$TM" --url "$DB_URL" downgrade base
assert_eq "$(psql_q "select count(*) from pg_trigger where not tgisinternal")" "0" "no trigger at base"
assert_exit 0 "$TM" --url "$DB_URL" upgrade
assert_exit 0 "$TM" --url "$DB_URL" check
sed -i -e 's/when: "NEW.price > 0", comment: Marks priced rows/when: "NEW.price > 10", comment: Marks dear rows/' \
    -e 's/      price: { type: integer, nullable: true }/      cost: { type: integer, nullable: true, renamed_from: price }/' \
    -e 's/update_of: \[price\]/update_of: [cost]/; s/NEW.price > 10/NEW.cost > 10/' "$tmod/schema.yaml"
sed -i '/      items_count:/,/referencing:/d' "$tmod/schema.yaml"
assert_exit 0 "$MIGC" diff -C "$tmod" -m evolve
t2=$tmod/revisions/0002_evolve.yaml
assert_contains "$t2" "  - rename_column: { table: items, from: price, to: cost }"
assert_contains "$t2" "  - drop_trigger: { table: items, name: items_count }"
assert_contains "$t2" "  - alter_trigger: { table: items, name: items_stamp, timing: before, events: [insert, update], update_of: [cost], for_each: row, function: \"stamp('+')\", when: \"NEW.cost > 10\", comment: Marks dear rows }"
build_migrator "$tmod" "$TM"
assert_exit 0 "$TM" sql 0001:0002
assert_contains "$OUT" 'CREATE OR REPLACE TRIGGER "items_stamp" BEFORE INSERT OR UPDATE OF "cost" ON "public"."items"'
assert_exit 0 "$TM" --url "$DB_URL" upgrade
assert_exit 0 "$TM" --url "$DB_URL" check
psql_q "insert into items values (1, 'a', 5), (2, 'b', 50)" >/dev/null
assert_eq "$(psql_q "select string_agg(id || ':' || note, ' ' order by id) from items")" "1:a 2:b+" \
    "the new WHEN holds"
assert_eq "$(psql_q "select count(*) from audit")" "0" "the dropped trigger no longer fires"
psql_q "delete from items" >/dev/null
assert_exit 0 "$TM" --url "$DB_URL" downgrade -1
assert_exit 0 "$TM" --url "$DB_URL" check
assert_eq "$(psql_q "select string_agg(tgname, ' ' order by tgname) from pg_trigger where not tgisinternal")" \
    "items_count items_stamp" "the downgrade restores the dropped trigger"
assert_exit 0 "$TM" --url "$DB_URL" upgrade
assert_exit 0 "$TM" --url "$DB_URL" check
# The WHEN and arguments as PostgreSQL prints them (inspect's spelling) are no change.
cp "$tmod/schema.yaml" "$T_DIR/trg.keep"
sed -i -e "s/when: \"NEW.cost > 10\"/when: \"(new.cost > 10)\"/" -e "s/function: \"stamp('+')\"/function: \"stamp( '+' )\"/" \
    "$tmod/schema.yaml"
grep -q '(new.cost > 10)' "$tmod/schema.yaml" || fail "the respelling did not apply"
assert_exit 0 "$MIGC" diff -C "$tmod" -m respelled --dry-run
assert_contains "$OUT" "no changes"
cp "$T_DIR/trg.keep" "$tmod/schema.yaml"

# 8. Trigger drift: one line per property changed by hand.
db_create migc_fn_trg_drift
gmod=$T_DIR/gd
mkdir -p "$gmod"
printf 'name: gd\nexclusive: true\n' >"$gmod/module.yaml"
cat >"$gmod/schema.yaml" <<'YAML'
functions:
  "stamp()": { returns: trigger, language: plpgsql, body: "BEGIN RETURN NEW; END" }
  "other()": { returns: trigger, language: plpgsql, body: "BEGIN RETURN NULL; END" }
tables:
  items:
    columns:
      id: { type: integer, primary_key: true }
      note: { type: text, nullable: true }
      price: { type: integer, nullable: true }
    triggers:
      tr_a: { timing: before, events: [insert, update], update_of: [note], for_each: row,
              function: "stamp('!')", when: "NEW.price > 0", comment: A }
      tr_b: { timing: after, events: [insert], function: other(), referencing: { new_table: newrows } }
      tr_c: { timing: before, events: [delete], for_each: row, function: stamp() }
      tr_d: { timing: after, events: [truncate], function: other() }
      tr_e: { timing: after, events: [update], function: other() }
YAML
assert_exit 0 "$MIGC" diff -C "$gmod" -m init
GM=$T_DIR/gm
build_migrator "$gmod" "$GM"
assert_exit 0 "$GM" --url "$DB_URL" upgrade
assert_exit 0 "$GM" --url "$DB_URL" check
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "hand changes to triggers"
DROP TRIGGER tr_a ON items;
CREATE TRIGGER tr_a BEFORE INSERT OR UPDATE OF price ON items FOR EACH ROW
    WHEN (NEW.price > 5) EXECUTE FUNCTION stamp('?');
DROP TRIGGER tr_b ON items;
CREATE TRIGGER tr_b AFTER UPDATE ON items REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION other();
DROP TRIGGER tr_c ON items;
CREATE TRIGGER tr_c AFTER DELETE ON items FOR EACH STATEMENT EXECUTE FUNCTION other();
DROP TRIGGER tr_d ON items;
ALTER TABLE items DISABLE TRIGGER tr_e;
CREATE TRIGGER zz AFTER INSERT ON items EXECUTE FUNCTION other();
SQL
pass
assert_exit 1 "$GM" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
trigger items.tr_a: update_of is price, expected note
trigger items.tr_a: arguments is '?', expected '!'
trigger items.tr_a: when is (new.price > 5), expected NEW.price > 0
trigger items.tr_a: comment is none, expected 'A'
trigger items.tr_b: events is update, expected insert
trigger items.tr_b: new_table is changed, expected newrows
trigger items.tr_c: timing is after, expected before
trigger items.tr_c: for_each is statement, expected row
trigger items.tr_c: function is other, expected stamp
trigger items.tr_d: missing
trigger items.tr_e: is not enabled (tgenabled D), expected enabled
trigger items.zz: unexpected (exclusive module)
DRIFT
assert_eq "$(grep -c '^trigger ' "$OUT")" "12" "one drift line per trigger property"

finish
