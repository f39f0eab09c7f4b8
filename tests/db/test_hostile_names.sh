#!/usr/bin/env bash
# Identifiers and literals that break naive code generation: names with double and single quotes,
# spaces, upper case, reserved words and non-ASCII; defaults and comments with quotes,
# backslashes, */, ??/ trigraphs, newlines and $$. The module goes through diff, check, a build
# with -Werror -pedantic, upgrade, the migrator's check, downgrade to base and upgrade again, and
# the catalog holds exactly those names and texts. (Enum names that need quoting are declared but
# not used as column types: the type normaliser lowercases them and columns spell types unquoted.)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
. "$here/reliability_lib.sh"
db_create migc_hostile_names

mod=$T_DIR/names
rel_module "$mod" hostile_names
cat >"$mod/schema.yaml" <<'YAML'
enums:
  'Flag "Q" Ünï': ["it's", 'back\slash', "*/ ??/ end", "café", "two words", "$$"]
  mood kind: [happy, "it's"]
  user: [a, b]
  mood_kind: [happy, "it's"]
tables:
  select:
    comment: "Quotes ' and \" and \\ backslash, */ end, /* start, ??/ trigraph, $$ dollar\nsecond line"
    columns:
      user: { type: bigint, identity: always, primary_key: true }
      Order Id: { type: integer, default: "0", comment: "it's \"x\" */ ??= \\n" }
      café: { type: text, default: "'it''s $$ \\ */ ??/'" }
      'mood "col"': { type: mood_kind, default: "'it''s'" }
      from: { type: text, nullable: true }
    unique:
      'select "uq"': ["Order Id"]
    checks:
      "chk 'quote'": "\"Order Id\" >= 0 AND café <> '*/'"
    indexes:
      Idx Café: { columns: ["café"] }
      "idx\"where": { columns: ["Order Id DESC"], where: "café <> 'x''y'" }
  Order:
    comment: "$$ $tag$ E'\\x41' \\0"
    columns:
      id: { type: bigint, primary_key: true }
      "select user": { type: bigint, references: select(user), on_delete: cascade }
YAML
assert_exit 0 "$MIGC_BIN" diff -C "$mod" -m "Hostile names"
assert_exit 0 "$MIGC_BIN" check -C "$mod"
M=$T_DIR/names_migrator
build_migrator "$mod" "$M" # -std=c11 -Wall -Wextra -pedantic -Werror
pass

# What the catalog holds, one line per object, in a stable order.
catalog() {
    psql_q "
    SELECT 'table ' || c.relname || ' | ' || coalesce(obj_description(c.oid, 'pg_class'), '-')
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
       AND c.relname <> 'migc_version'
    UNION ALL
    SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
           || ' | ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '-') || ' | '
           || coalesce(col_description(c.oid, a.attnum), '-')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0
       AND c.relname <> 'migc_version'
    UNION ALL
    SELECT 'constraint ' || conname || ' ' || pg_get_constraintdef(k.oid)
      FROM pg_constraint k WHERE k.connamespace = 'public'::regnamespace
       AND k.conrelid <> 'public.migc_version'::regclass
    UNION ALL
    SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename <> 'migc_version'
    UNION ALL
    SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ' / ' ORDER BY e.enumsortorder)
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname
    ORDER BY 1"
}
cat >"$T_DIR/want" <<'WANT'
column Order.id bigint | - | -
column Order.select user bigint | - | -
column select.Order Id integer | 0 | it's "x" */ ??= \n
column select.café text | 'it''s $$ \ */ ??/'::text | -
column select.from text | - | -
column select.mood "col" mood_kind | 'it''s'::mood_kind | -
column select.user bigint | - | -
constraint Order_pkey PRIMARY KEY (id)
constraint Order_select user_fkey FOREIGN KEY ("select user") REFERENCES "select"("user") ON DELETE CASCADE
constraint chk 'quote' CHECK ((("Order Id" >= 0) AND ("café" <> '*/'::text)))
constraint select "uq" UNIQUE ("Order Id")
constraint select_pkey PRIMARY KEY ("user")
enum Flag "Q" Ünï it's / back\slash / */ ??/ end / café / two words / $$
enum mood kind happy / it's
enum mood_kind happy / it's
enum user a / b
index Idx Café CREATE INDEX "Idx Café" ON public."select" USING btree ("café")
index Order_pkey CREATE UNIQUE INDEX "Order_pkey" ON public."Order" USING btree (id)
index idx"where CREATE INDEX "idx""where" ON public."select" USING btree ("Order Id" DESC) WHERE ("café" <> 'x''y'::text)
index select "uq" CREATE UNIQUE INDEX "select ""uq""" ON public."select" USING btree ("Order Id")
index select_pkey CREATE UNIQUE INDEX select_pkey ON public."select" USING btree ("user")
table Order | $$ $tag$ E'\x41' \0
table select | Quotes ' and " and \ backslash, */ end, /* start, ??/ trigraph, $$ dollar
second line
WANT

check_names() {
    catalog >"$T_DIR/got" || fail "catalog query"
    diff "$T_DIR/want" "$T_DIR/got" >"$T_DIR/names.diff" ||
        fail "$1: the catalog differs from the declared names: $(cat "$T_DIR/names.diff")"
    pass
}
# `check` comes with drift detection; until a build has it, the catalog comparison stands alone.
migrator_check() {
    "$M" check >"$OUT" 2>"$ERR" || true
    grep -q "not available in this build" "$ERR" || assert_exit 0 "$M" check
}

assert_exit 0 "$M" upgrade
check_names "after upgrade"
migrator_check
psql_q "INSERT INTO public.\"select\" (\"Order Id\") VALUES (1)"
assert_eq "$(psql_q "SELECT café || '|' || \"mood \"\"col\"\"\" FROM public.\"select\"")" \
    "it's \$\$ \\ */ ??/|it's" "the defaults hold the literal text"
assert_exit 0 "$M" --allow-destructive downgrade base
assert_eq "$(catalog)" "" "nothing left at base"
assert_exit 0 "$M" upgrade
check_names "after downgrade to base and upgrade"
migrator_check
finish
