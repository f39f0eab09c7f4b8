#!/usr/bin/env bash
# Sequences end to end (SPEC §3.1, issue #11): every option, OWNED BY, comments and nextval
# defaults through diff, upgrade, downgrade and upgrade again; a rename followed into the defaults;
# offline sql; one drift line per property changed by hand and a dropped sequence; and the inspect
# round trip of a hand-made database with serial columns and nextval defaults (equal pg_dump -s).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
MIGC=$MIGC_BIN

seqs() { # name:type:increment:min:max:start:cache:cycle of every sequence of public
    psql_q "select coalesce(string_agg(c.relname || ':' || format_type(q.seqtypid, null) || ':' ||
        q.seqincrement || ':' || q.seqmin || ':' || q.seqmax || ':' || q.seqstart || ':' ||
        q.seqcache || ':' || q.seqcycle, ' ' order by c.relname), '')
        from pg_class c join pg_sequence q on q.seqrelid = c.oid
        where c.relnamespace = 'public'::regnamespace"
}
owner() { # the OWNED BY column of sequence $1, or nothing
    psql_q "select t.relname || '.' || a.attname from pg_depend d
        join pg_class t on t.oid = d.refobjid
        join pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
        where d.objid = 'public.\"$1\"'::regclass and d.deptype = 'a'"
}

# 1. A module with sequences of every option; upgrade, check, downgrade to nothing, upgrade.
db_create migc_sequences
mod=$T_DIR/sq
mkdir -p "$mod"
printf 'name: sq\nexclusive: true\n' >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
sequences:
  invoice_number_seq: { type: integer, start: 1000, increment: 5, cache: 3, owned_by: invoices.number,
                        comment: Invoice numbers }
  countdown: { type: smallint, increment: -1, min_value: -50, max_value: 50, cycle: true }
  plain: {}
tables:
  invoices:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      number: { type: integer, default: "nextval('invoice_number_seq')" }
      ticket: { type: bigint, default: "nextval('plain'::regclass)" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m init
r1=$mod/revisions/0001_init.yaml
assert_contains "$r1" "create_sequence: { name: countdown, type: smallint, increment: -1, min_value: -50, max_value: 50, cycle: true }"
assert_contains "$r1" "create_sequence: { name: invoice_number_seq, type: integer, increment: 5, start: 1000, cache: 3, comment: Invoice numbers }"
assert_contains "$r1" "alter_sequence: { name: invoice_number_seq, owned_by: invoices.number }"
# created before the table whose default uses it, owned by its column after the table exists
ops=$(grep -o '^  - [a-z_]*: { name: [a-z_]*\|^  - create_table' "$r1" | tr '\n' ' ')
assert_eq "$ops" "  - create_sequence: { name: invoice_number_seq   - create_sequence: { name: countdown   - create_sequence: { name: plain   - create_table   - alter_sequence: { name: invoice_number_seq " "operation order"
assert_exit 0 "$MIGC" check -C "$mod"
M=$T_DIR/m
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
want1='countdown:smallint:-1:-50:50:50:1:true invoice_number_seq:integer:5:1:2147483647:1000:3:false invoices_id_seq:bigint:1:1:9223372036854775807:1:1:false plain:bigint:1:1:9223372036854775807:1:1:false'
assert_eq "$(seqs)" "$want1" "sequences after 0001"
assert_eq "$(owner invoice_number_seq)" "invoices.number" "OWNED BY"
assert_eq "$(psql_q "select obj_description('public.invoice_number_seq'::regclass, 'pg_class')")" "Invoice numbers" "comment"
assert_eq "$(psql_q "insert into invoices default values returning number")" "1000" "nextval default"
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" --url "$DB_URL" downgrade base --allow-destructive
assert_eq "$(seqs)" "" "no sequence left at base"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_eq "$(seqs)" "$want1" "sequences after upgrading again"
assert_exit 0 "$M" --url "$DB_URL" check

# 2. Evolve: options changed, a rename followed into the default that uses it, the owner moved,
#    a sequence dropped with the table that owned it, one added.
cat >"$mod/schema.yaml" <<'YAML'
sequences:
  invoice_no: { type: bigint, start: 1000, increment: 2, max_value: 90000, owned_by: invoices.ref,
                renamed_from: invoice_number_seq }
  countdown: { type: smallint, increment: -1, min_value: -50, max_value: 50, cache: 4 }
  plain: { comment: tickets }
  fresh: { start: 7, owned_by: notes.n }
tables:
  invoices:
    columns:
      id: { type: bigint, identity: always, primary_key: true }
      number: { type: integer, default: "nextval('invoice_no')" }
      ticket: { type: bigint, default: "nextval('plain'::regclass)" }
      ref: { type: bigint, nullable: true }
  notes:
    columns:
      n: { type: bigint, default: "nextval('fresh')" }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m evolve --allow-destructive
r2=$mod/revisions/0002_evolve.yaml
assert_contains "$r2" "rename_sequence: { from: invoice_number_seq, to: invoice_no }"
assert_contains "$r2" "alter_sequence: { name: invoice_no, type: bigint, increment: 2, max_value: 90000, cache: null, comment: null }"
assert_contains "$r2" "alter_sequence: { name: countdown, cache: 4, cycle: false }"
assert_contains "$r2" "alter_sequence: { name: plain, comment: tickets }"
assert_contains "$r2" "alter_sequence: { name: invoice_no, owned_by: invoices.ref }"
assert_exit 0 "$MIGC" check -C "$mod"
assert_contains "$OUT" 'renamed_from "invoice_number_seq" of sequence invoice_no: used by revision 0002_evolve'
assert_exit 0 "$MIGC" diff -C "$mod" -m again --dry-run
assert_contains "$OUT" "no changes"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(owner invoice_no)" "invoices.ref" "owner moved"
assert_eq "$(owner fresh)" "notes.n" "new sequence owned"
assert_eq "$(psql_q "select pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'invoices'::regclass and adnum = 2")" \
    "nextval('invoice_no'::regclass)" "the default follows the rename"
assert_eq "$(psql_q "insert into invoices default values returning number")" "1000" "renamed sequence goes on"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(owner invoice_number_seq)" "invoices.number" "owner back after downgrade"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
# Dropping the table that owns a sequence the schema keeps releases it first.
sed -i '/^  notes:/,$d' "$mod/schema.yaml"
sed -i 's/  fresh: { start: 7, owned_by: notes.n }/  fresh: { start: 7 }/' "$mod/schema.yaml"
sed -i '/^  plain:/d' "$mod/schema.yaml"
sed -i 's/      ticket: .*/      ticket: { type: bigint }/' "$mod/schema.yaml"
assert_exit 1 "$MIGC" diff -C "$mod" -m drops
cat "$OUT" "$ERR" >"$T_DIR/refused"
assert_contains "$T_DIR/refused" "drop_sequence plain"
assert_exit 0 "$MIGC" diff -C "$mod" -m drops --allow-destructive
r3=$mod/revisions/0003_drops.yaml
ops=$(grep -o '^  - [a-z_]*' "$r3" | tr '\n' ' ')
assert_eq "$ops" "  - alter_sequence   - alter_column   - drop_table   - drop_sequence " "drop order"
build_migrator "$mod" "$M"
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(psql_q "select count(*) from pg_class where relname in ('plain', 'notes')")" "0" "dropped"
assert_exit 0 "$M" --url "$DB_URL" downgrade -1
assert_exit 0 "$M" --url "$DB_URL" check
assert_eq "$(owner fresh)" "notes.n" "owner back with its table"

# 3. Offline sql leaves a fresh database as upgrade does, and back.
db_create migc_sequences_sql
assert_exit 0 "$M" sql base:head
cp "$OUT" "$T_DIR/up.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/up.sql" >/dev/null 2>&1 || fail "offline upgrade sql"
pass
assert_exit 0 "$M" --url "$DB_URL" check
assert_exit 0 "$M" sql head:base
cp "$OUT" "$T_DIR/down.sql"
psql -X -q -v ON_ERROR_STOP=1 -f "$T_DIR/down.sql" >/dev/null 2>&1 || fail "offline downgrade sql"
pass
assert_eq "$(seqs)" "" "offline downgrade leaves no sequence"

# 4. Drift: one line per property changed by hand, and a dropped sequence.
db_create migc_sequences_drift
assert_exit 0 "$M" --url "$DB_URL" upgrade
psql_q "alter sequence countdown as integer increment 3 minvalue 2 maxvalue 400 start 9 cache 6 cycle;
    alter sequence invoice_no owned by none; comment on sequence invoice_no is 'by hand';
    alter table invoices alter ticket drop default; drop sequence fresh;
    create sequence stray" >/dev/null || fail "hand changes"
pass
assert_exit 1 "$M" --url "$DB_URL" check
while IFS= read -r line; do
    assert_contains "$OUT" "$line"
done <<'DRIFT'
sequence countdown: type is integer, expected smallint
sequence countdown: increment is 3, expected -1
sequence countdown: min_value is 2, expected -50
sequence countdown: max_value is 400, expected 50
sequence countdown: start is 9, expected 50
sequence countdown: cache is 6, expected 4
sequence countdown: cycle is true, expected false
sequence invoice_no: owned_by is none, expected invoices.ref
sequence invoice_no: comment is 'by hand', expected none
sequence fresh: missing
sequence stray: unexpected (exclusive module)
DRIFT
assert_eq "$(grep -c '^sequence ' "$OUT")" "11" "one drift line per property"

# 4b. An alter_sequence that finds options of neither the state before it nor the one after it
#     fails (SPEC §4: not a skip), and runs once the sequence is back as it was.
db_create migc_sequences_conflict
assert_exit 0 "$M" --url "$DB_URL" upgrade 0001
psql_q "alter sequence countdown cache 9" >/dev/null || fail "hand change"
pass
assert_exit 4 "$M" --url "$DB_URL" upgrade
assert_contains "$ERR" "sequence countdown has options of neither the state before this change nor the one after it"
assert_eq "$(psql_q "select relname from pg_class where relname in ('invoice_no', 'invoice_number_seq')")" \
    "invoice_number_seq" "the failed revision rolled back"
psql_q "alter sequence countdown cache 1" >/dev/null || fail "hand change back"
pass
assert_exit 0 "$M" --url "$DB_URL" upgrade
assert_exit 0 "$M" --url "$DB_URL" check

# 5. Inspect round trip: serial and bigserial columns, nextval defaults of standalone sequences
#    (a name that needs quoting, a descending cycling one), owners and comments.
db_create migc_sequences_orig
orig_url=$DB_URL
psql -XAtq -v ON_ERROR_STOP=1 >/dev/null <<'SQL' || fail "cannot build the original database"
CREATE SEQUENCE invoice_no AS integer START WITH 1000 INCREMENT BY 10 CACHE 5;
CREATE SEQUENCE countdown INCREMENT BY -1 MINVALUE -100 MAXVALUE 100 CYCLE;
CREATE SEQUENCE "Odd Seq" MAXVALUE 99999;
COMMENT ON SEQUENCE "Odd Seq" IS 'odd';
CREATE TABLE actor (actor_id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE invoices (
    id bigserial PRIMARY KEY,
    number integer NOT NULL DEFAULT nextval('invoice_no'),
    odd bigint DEFAULT nextval('"Odd Seq"'::regclass),
    down smallint DEFAULT nextval('countdown')
);
ALTER SEQUENCE invoice_no OWNED BY invoices.number;
CREATE TABLE idents (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);
SQL
amod=$T_DIR/adopted
mkdir -p "$amod"
printf 'name: adopted\n' >"$amod/module.yaml"
assert_exit 0 "$MIGC" inspect --url "$orig_url"
cp "$OUT" "$amod/schema.yaml"
[ ! -s "$ERR" ] || fail "inspect warned: $(cat "$ERR")"
pass
assert_contains "$amod/schema.yaml" "  actor_actor_id_seq: { type: integer, owned_by: actor.actor_id }"
assert_contains "$amod/schema.yaml" "  countdown: { increment: -1, min_value: -100, max_value: 100, cycle: true }"
assert_contains "$amod/schema.yaml" "  invoice_no: { type: integer, increment: 10, start: 1000, cache: 5, owned_by: invoices.number }"
assert_not_contains "$amod/schema.yaml" "idents_id_seq"
assert_exit 0 "$MIGC" diff -C "$amod" -m baseline
AM=$T_DIR/adopted_migrator
build_migrator "$amod" "$AM"
db_create migc_sequences_copy
copy_url=$DB_URL
assert_exit 0 "$AM" --url "$copy_url" upgrade
assert_same_dump migc_sequences_orig migc_sequences_copy
assert_contains "$T_DIR/migc_sequences_copy.sql" "CREATE SEQUENCE public.countdown"
assert_exit 0 "$AM" --url "$orig_url" stamp head
assert_exit 0 "$AM" --url "$orig_url" check
assert_exit 0 "$AM" --url "$copy_url" check
finish
