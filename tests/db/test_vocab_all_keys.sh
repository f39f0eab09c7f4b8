#!/usr/bin/env bash
# A module that uses every key of SPEC section 3 (module.yaml too: own schema, version table,
# timeouts, exclusive, external_types): schema v1 -> diff, v2 with renamed_from (table, column,
# enum) and using -> diff, then build -> upgrade -> downgrade base -> upgrade. At base nothing of
# the module is left but its version table (and the external domain created outside it); at head
# the catalog holds exactly the declared objects, compared in PostgreSQL's normalised spelling.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_vocab_all
MIGC=$MIGC_BIN
mod=$T_DIR/vocab_all
M=$T_DIR/vocab_all_migrator
mkdir -p "$mod"
cat >"$mod/module.yaml" <<'YAML'
name: vocab_all
schema: vocab
exclusive: true
version_table: vocab_version
lock_timeout: 5s
statement_timeout: 1min
external_types: [email_addr]
YAML
cat >"$mod/schema.yaml" <<'YAML'
extensions: [pg_trgm, pgcrypto]

enums:
  account_state: [active, disabled, locked]
  plan_tiers: [free, pro]

tables:
  orgs:
    comment: Organisations
    columns:
      id:        { type: bigint, identity: always }
      name:      text
      parent_id: { type: bigint, nullable: true }
      tier:      { type: plan_tiers, default: "'free'" }
    primary_key: [id]
    foreign_keys:
      orgs_parent_fkey: { columns: [parent_id], references: { table: orgs, columns: [id] }, on_delete: cascade, deferrable: true, initially_deferred: true }
  people:
    columns:
      id:         { type: uuid, default: "gen_random_uuid()", primary_key: true }
      email:      { type: email_addr, unique: true }
      nick:       { type: text, nullable: true }
      state:      { type: account_state, default: "'active'" }
      logins:     { type: int4, default: "0" }
      org_id:     { type: int8, nullable: true, references: orgs(id), on_delete: set null, on_update: cascade }
      badge:      { type: int2, identity: by_default }
      score:      { type: "decimal(5,2)", nullable: true, comment: Reputation }
      tags:       { type: "text[]", default: "'{}'" }
      location:   { type: point, nullable: true }
      active:     { type: bool, default: "true" }
      created_at: { type: timestamptz, default: "now()" }
    unique:
      people_org_nick_key: [org_id, nick]
    checks:
      people_score_range: "score IS NULL OR (score >= 0 AND score <= 100)"
    indexes:
      people_nick_trgm:     { columns: [nick], method: gin, opclass: gin_trgm_ops }
      people_recent_active: { columns: ["created_at DESC NULLS LAST"], where: "state = 'active'", concurrently: true }
      people_lower_email:   { expression: "lower(email)", unique: true }
      people_org_idx:       { columns: [org_id, "created_at ASC NULLS FIRST"], include: [nick], opclass: [null, null] }
      people_tags_gin:      { columns: [tags], method: gin }
      people_created_brin:  { columns: [created_at], method: brin }
      people_nick_hash:     { columns: [nick], method: hash }
      people_nick_spgist:   { columns: [nick], method: spgist, opclass: [text_ops] }
      people_location_gist: { columns: [location], method: gist }
  memberships:
    columns:
      org_id:    bigint
      person_id: uuid
      role:      { type: text, default: "'member'" }
    primary_key: { name: memberships_pk, columns: [org_id, person_id] }
    foreign_keys:
      memberships_org_fkey:    { columns: [org_id], references: { table: orgs }, on_delete: restrict }
      memberships_person_fkey: { columns: [person_id], references: { table: people, columns: [id] }, on_delete: no action, on_update: restrict }
  grants:
    columns:
      id:        { type: bigint, identity: by_default, primary_key: true }
      org_id:    { type: bigint, nullable: true }
      person_id: { type: uuid, nullable: true }
      what:      text
    foreign_keys:
      grants_membership_fkey: { columns: [org_id, person_id], references: { table: memberships, columns: [org_id, person_id] }, on_delete: cascade, on_update: set default }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Everything"
cat >"$mod/schema.yaml" <<'YAML'
extensions: [pg_trgm, pgcrypto]

enums:
  account_state: [active, disabled, locked]
  plan_tier: { values: [free, pro], renamed_from: plan_tiers }

tables:
  orgs:
    comment: Organisations
    columns:
      id:        { type: bigint, identity: always }
      name:      text
      parent_id: { type: bigint, nullable: true }
      tier:      { type: plan_tier, default: "'free'" }
    primary_key: [id]
    foreign_keys:
      orgs_parent_fkey: { columns: [parent_id], references: { table: orgs, columns: [id] }, on_delete: cascade, deferrable: true, initially_deferred: true }
  members:
    renamed_from: people
    comment: People in organisations
    columns:
      id:         { type: uuid, default: "gen_random_uuid()" }
      email:      { type: email_addr, unique: true }
      nickname:   { type: text, nullable: true, renamed_from: nick }
      state:      { type: account_state, default: "'active'" }
      logins:     { type: int8, default: "0", using: "logins::bigint" }
      org_id:     { type: int8, nullable: true, references: orgs(id), on_delete: set null, on_update: cascade }
      badge:      { type: int2, identity: by_default }
      score:      { type: "decimal(5,2)", nullable: true, comment: Reputation }
      tags:       { type: "text[]", default: "'{}'" }
      location:   { type: point, nullable: true }
      active:     { type: bool, default: "true" }
      created_at: { type: timestamptz, default: "now()" }
    primary_key: { name: people_pkey, columns: [id] }
    unique:
      people_org_nick_key: [org_id, nickname]
    checks:
      people_score_range: "score IS NULL OR (score >= 0 AND score <= 100)"
    indexes:
      people_nick_trgm:     { columns: [nickname], method: gin, opclass: gin_trgm_ops }
      people_recent_active: { columns: ["created_at DESC NULLS LAST"], where: "state = 'active'", concurrently: true }
      people_lower_email:   { expression: "lower(email)", unique: true }
      people_org_idx:       { columns: [org_id, "created_at ASC NULLS FIRST"], include: [nickname], opclass: [null, null] }
      people_tags_gin:      { columns: [tags], method: gin }
      people_created_brin:  { columns: [created_at], method: brin }
      people_nick_hash:     { columns: [nickname], method: hash }
      people_nick_spgist:   { columns: [nickname], method: spgist, opclass: [text_ops] }
      people_location_gist: { columns: [location], method: gist }
  memberships:
    columns:
      org_id:    bigint
      person_id: uuid
      role:      { type: text, default: "'member'" }
    primary_key: { name: memberships_pk, columns: [org_id, person_id] }
    foreign_keys:
      memberships_org_fkey:    { columns: [org_id], references: { table: orgs }, on_delete: restrict }
      memberships_person_fkey: { columns: [person_id], references: { table: members, columns: [id] }, on_delete: no action, on_update: restrict }
  grants:
    columns:
      id:        { type: bigint, identity: by_default, primary_key: true }
      org_id:    { type: bigint, nullable: true }
      person_id: { type: uuid, nullable: true }
      what:      text
    foreign_keys:
      grants_membership_fkey: { columns: [org_id, person_id], references: { table: memberships, columns: [org_id, person_id] }, on_delete: cascade, on_update: set default }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Renames and widening" --allow-rewrite
rev=$mod/revisions/0002_renames_and_widening.yaml
assert_contains "$rev" "rename_enum: { from: plan_tiers, to: plan_tier }"
assert_contains "$rev" "rename_table: { from: people, to: members }"
assert_contains "$rev" "rename_column: { table: members, from: nick, to: nickname }"
assert_contains "$rev" "alter_column: { table: members, name: logins, type: bigint, using: \"logins::bigint\" }"
assert_exit 0 "$MIGC" check -C "$mod"
assert_exit 0 "$MIGC" diff -C "$mod" -m "nothing"
assert_contains "$OUT" "no changes"
build_migrator "$mod" "$M"

# The external type lives in the module schema but is created outside the module.
psql_q "create schema vocab; create domain vocab.email_addr as text check (value like '%@%')"

catalog() {
    psql -XAtq -v ON_ERROR_STOP=1 <<'SQL'
select 'ext ' || extname from pg_extension where extname <> 'plpgsql'
union all
select 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder)
  from pg_type t join pg_namespace n on n.oid = t.typnamespace join pg_enum e on e.enumtypid = t.oid
 where n.nspname = 'vocab' group by t.typname
union all
select 'table ' || c.relname || coalesce(' -- ' || obj_description(c.oid, 'pg_class'), '')
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'vocab' and c.relkind = 'r'
union all
select 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || case when a.attnotnull then ' not null' else ' null' end
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
       || case a.attidentity when 'a' then ' identity always' when 'd' then ' identity by default' else '' end
       || coalesce(' -- ' || col_description(c.oid, a.attnum), '')
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
  left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
 where n.nspname = 'vocab' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
union all
select 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
  from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'vocab' and k.contype <> 'n'
union all
select 'index ' || pg_get_indexdef(i.indexrelid) || case when i.indisvalid then '' else ' INVALID' end
  from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'vocab'
union all
select 'type ' || t.typname || ' ' || t.typtype::text
  from pg_type t join pg_namespace n on n.oid = t.typnamespace
 where n.nspname = 'vocab' and t.typtype not in ('c') and t.typname not like '\_%'
order by 1;
SQL
}

at_base=$(catalog | grep -v vocab_version)
assert_exit 0 "$M" upgrade
head=$(catalog)
cat >"$T_DIR/want_head" <<'TXT'
column grants.id bigint not null identity by default
column grants.org_id bigint null
column grants.person_id uuid null
column grants.what text not null
column members.active boolean not null default true
column members.badge smallint not null identity by default
column members.created_at timestamp with time zone not null default now()
column members.email vocab.email_addr not null
column members.id uuid not null default gen_random_uuid()
column members.location point null
column members.logins bigint not null default 0
column members.nickname text null
column members.org_id bigint null
column members.score numeric(5,2) null -- Reputation
column members.state vocab.account_state not null default 'active'::vocab.account_state
column members.tags text[] not null default '{}'::text[]
column memberships.org_id bigint not null
column memberships.person_id uuid not null
column memberships.role text not null default 'member'::text
column orgs.id bigint not null identity always
column orgs.name text not null
column orgs.parent_id bigint null
column orgs.tier vocab.plan_tier not null default 'free'::vocab.plan_tier
column vocab_version.applied_at timestamp with time zone not null default now()
column vocab_version.checksum text not null
column vocab_version.execution_ms integer null
column vocab_version.kept text null
column vocab_version.module text not null default 'vocab_all'::text
column vocab_version.partial text null
column vocab_version.revision text not null
constraint grants.grants_membership_fkey FOREIGN KEY (org_id, person_id) REFERENCES vocab.memberships(org_id, person_id) ON UPDATE SET DEFAULT ON DELETE CASCADE
constraint grants.grants_pkey PRIMARY KEY (id)
constraint members.members_email_key UNIQUE (email)
constraint members.members_org_id_fkey FOREIGN KEY (org_id) REFERENCES vocab.orgs(id) ON UPDATE CASCADE ON DELETE SET NULL
constraint members.people_org_nick_key UNIQUE (org_id, nickname)
constraint members.people_pkey PRIMARY KEY (id)
constraint members.people_score_range CHECK (((score IS NULL) OR ((score >= (0)::numeric) AND (score <= (100)::numeric))))
constraint memberships.memberships_org_fkey FOREIGN KEY (org_id) REFERENCES vocab.orgs(id) ON DELETE RESTRICT
constraint memberships.memberships_person_fkey FOREIGN KEY (person_id) REFERENCES vocab.members(id) ON UPDATE RESTRICT
constraint memberships.memberships_pk PRIMARY KEY (org_id, person_id)
constraint orgs.orgs_parent_fkey FOREIGN KEY (parent_id) REFERENCES vocab.orgs(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
constraint orgs.orgs_pkey PRIMARY KEY (id)
constraint vocab_version.vocab_version_pkey PRIMARY KEY (revision)
enum account_state active,disabled,locked
enum plan_tier free,pro
ext pg_trgm
ext pgcrypto
index CREATE INDEX people_created_brin ON vocab.members USING brin (created_at)
index CREATE INDEX people_location_gist ON vocab.members USING gist (location)
index CREATE INDEX people_nick_hash ON vocab.members USING hash (nickname)
index CREATE INDEX people_nick_spgist ON vocab.members USING spgist (nickname)
index CREATE INDEX people_nick_trgm ON vocab.members USING gin (nickname vocab.gin_trgm_ops)
index CREATE INDEX people_org_idx ON vocab.members USING btree (org_id, created_at NULLS FIRST) INCLUDE (nickname)
index CREATE INDEX people_recent_active ON vocab.members USING btree (created_at DESC NULLS LAST) WHERE (state = 'active'::vocab.account_state)
index CREATE INDEX people_tags_gin ON vocab.members USING gin (tags)
index CREATE UNIQUE INDEX grants_pkey ON vocab.grants USING btree (id)
index CREATE UNIQUE INDEX members_email_key ON vocab.members USING btree (email)
index CREATE UNIQUE INDEX memberships_pk ON vocab.memberships USING btree (org_id, person_id)
index CREATE UNIQUE INDEX orgs_pkey ON vocab.orgs USING btree (id)
index CREATE UNIQUE INDEX people_lower_email ON vocab.members USING btree (lower((email)::text))
index CREATE UNIQUE INDEX people_org_nick_key ON vocab.members USING btree (org_id, nickname)
index CREATE UNIQUE INDEX people_pkey ON vocab.members USING btree (id)
index CREATE UNIQUE INDEX vocab_version_pkey ON vocab.vocab_version USING btree (revision)
table grants
table members -- People in organisations
table memberships
table orgs -- Organisations
table vocab_version
type account_state e
type email_addr d
type gtrgm b
type plan_tier e
TXT
if [ "$head" != "$(cat "$T_DIR/want_head")" ]; then
    printf '%s\n' "$head" >"$T_DIR/got_head"
    diff "$T_DIR/want_head" "$T_DIR/got_head" >&2
    fail "catalog at head differs from the declared schema"
fi
pass

# Some behaviour behind the definitions: the actions and the partial unique expression index.
psql_q "insert into vocab.orgs (name) values ('root');
        insert into vocab.orgs (name, parent_id) values ('child', 1);
        insert into vocab.members (email, org_id, nickname) values ('a@x', 2, 'ann');
        insert into vocab.memberships (org_id, person_id)
             select 2, id from vocab.members;
        insert into vocab.grants (org_id, person_id, what)
             select 2, id, 'read' from vocab.members"
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "insert into vocab.members (email) values ('A@X')"
assert_contains "$ERR" "people_lower_email"
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "delete from vocab.orgs where id = 2"
assert_contains "$ERR" "memberships_org_fkey"
psql_q "delete from vocab.memberships"
assert_eq "$(psql_q "select count(*) from vocab.grants")" "0" "grants cascade with memberships"
psql_q "delete from vocab.orgs where id = 1"
assert_eq "$(psql_q "select count(*) || ':' || count(org_id) from vocab.members")" "1:0" \
    "orgs cascade to children, members.org_id set null"
psql_q "delete from vocab.members"

assert_exit 0 "$M" downgrade base
assert_eq "$(catalog | grep -v vocab_version)" "$at_base" \
    "catalog at base (but the version table) equals the one before the first upgrade"
assert_eq "$(psql_q "select string_agg(c.relname, ',' order by c.relname) from pg_class c
                     join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'vocab'")" \
    "vocab_version,vocab_version_pkey" "only the version table is left at base"
assert_eq "$(psql_q "select string_agg(t.typname, ',' order by t.typname) from pg_type t
                     join pg_namespace n on n.oid = t.typnamespace where n.nspname = 'vocab'
                      and t.typname not like '%vocab_version'")" \
    "_email_addr,email_addr" "only the external domain (and its array type) is left at base"
assert_eq "$(psql_q "select count(*) from pg_extension where extname in ('pg_trgm', 'pgcrypto')")" \
    "0" "extensions dropped at base"

assert_exit 0 "$M" upgrade
assert_eq "$(catalog)" "$head" "catalog at head after downgrade base and upgrade"
finish
