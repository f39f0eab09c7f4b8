#!/usr/bin/env bash
# remove_enum_value rebuilds the type. With no row holding the value it succeeds and carries every
# dependent object across (defaults, CHECK constraints, partial and expression indexes, columns
# of the type and of its array type, in two tables; the comments of a check and an index). With a
# row holding it the revision fails with exit 4 naming the table and column, and nothing changes.
# Downgrading past create_enum drops it.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/build_migrator.sh"
db_create migc_enum_remove
MIGC=$MIGC_BIN
mod=$T_DIR/docs
M=$T_DIR/docs_migrator
mkdir -p "$mod"
echo "name: docs" >"$mod/module.yaml"
cat >"$mod/schema.yaml" <<'YAML'
enums:
  doc_status: [draft, live, gone, archived]
tables:
  docs:
    columns:
      id:      { type: bigint, identity: always, primary_key: true }
      title:   text
      status:  { type: doc_status, default: "'draft'" }
      history: { type: "doc_status[]", default: "'{draft}'" }
    checks:
      docs_live_titled: { expression: "status <> 'live' OR title <> ''", comment: Live ones are titled }
    indexes:
      docs_live_title_idx:  { columns: [title], where: "status = 'live'", comment: Live titles }
      docs_status_idx:      { columns: [status] }
      docs_is_archived_idx: { expression: "(status = 'archived')" }
  reviews:
    columns:
      id:     { type: bigint, identity: always, primary_key: true }
      doc_id: { type: bigint, references: docs(id), on_delete: cascade }
      status: { type: doc_status, nullable: true }
YAML
assert_exit 0 "$MIGC" diff -C "$mod" -m "Docs"
sed -i 's/doc_status: \[draft, live, gone, archived\]/doc_status: [draft, live, archived]/' \
    "$mod/schema.yaml"
assert_exit 1 "$MIGC" diff -C "$mod" -m "No more gone"
cat "$OUT" "$ERR" >"$T_DIR/both"
assert_contains "$T_DIR/both" "remove_enum_value doc_status.gone"
assert_exit 0 "$MIGC" diff -C "$mod" -m "No more gone" --allow-destructive
assert_contains "$mod/revisions/0002_no_more_gone.yaml" "remove_enum_value: { enum: doc_status, value: gone }"
build_migrator "$mod" "$M"

labels() {
    psql_q "select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum
            where enumtypid = 'public.doc_status'::regtype"
}
# Everything that depends on the type, in PostgreSQL's normalised spelling.
dependents() {
    psql_q "select string_agg(x, E'\n' order by x) from (
        select c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
               coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') as x
          from pg_attribute a join pg_class c on c.oid = a.attrelid
          left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
         where c.relname in ('docs', 'reviews') and a.attnum > 0 and not a.attisdropped
        union all
        select conname || ' ' || pg_get_constraintdef(oid) ||
               coalesce(' comment ' || obj_description(oid, 'pg_constraint'), '') from pg_constraint
         where conrelid in ('public.docs'::regclass, 'public.reviews'::regclass)
        union all
        select pg_get_indexdef(indexrelid) || case when indisvalid then '' else ' INVALID' end ||
               coalesce(' comment ' || obj_description(indexrelid, 'pg_class'), '')
          from pg_index where indrelid in ('public.docs'::regclass, 'public.reviews'::regclass)) s"
}

assert_exit 0 "$M" upgrade 0001
before=$(dependents)
assert_eq "$(labels)" "draft,live,gone,archived" "labels at 0001"
printf '%s\n' "$before" >"$T_DIR/before"
assert_contains "$T_DIR/before" "OR (title <> ''::text))) comment Live ones are titled"
assert_contains "$T_DIR/before" "WHERE (status = 'live'::doc_status) comment Live titles"

# A row holds the value: exit 4, table and column named, nothing changed, no version row.
psql_q "insert into public.docs (title, status, history) values ('a', 'live', '{draft,live}'),
        ('b', 'draft', '{draft}')"
psql_q "insert into public.reviews (doc_id, status) values (1, 'gone')"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "column reviews.status still holds it"
assert_eq "$(labels)" "draft,live,gone,archived" "type unchanged after the failure"
assert_eq "$(dependents)" "$before" "dependents unchanged after the failure"
assert_eq "$(psql_q "select count(*) from public.migc_version where revision like '0002%'")" "0" \
    "no version row after the failure"
assert_eq "$(psql_q "select count(*) from pg_type where typname like 'doc_status__migc%'")" "0" \
    "no leftover new type"

# In an array column too.
psql_q "update public.reviews set status = null"
psql_q "update public.docs set history = '{draft,gone}' where title = 'b'"
assert_exit 4 "$M" upgrade
assert_contains "$ERR" "column docs.history still holds it"
assert_eq "$(labels)" "draft,live,gone,archived" "type unchanged after the array failure"

# No row holds it: the rebuild succeeds and carries everything across.
psql_q "update public.docs set history = '{draft}' where title = 'b'"
assert_exit 0 "$M" upgrade
assert_eq "$(labels)" "draft,live,archived" "labels after the removal"
assert_eq "$(dependents)" "$before" "defaults, checks and indexes survive the rebuild"
assert_eq "$(psql_q "select string_agg(title || ':' || status || ':' || history::text, ' ' order by id)
                     from public.docs")" "a:live:{draft,live} b:draft:{draft}" "data survives"
assert_eq "$(psql_q "select count(*) from pg_type where typname like '%doc_status%'")" "2" \
    "only the type and its array type"
# The constraint and index still work against the rebuilt type.
assert_exit 1 psql -XAtq -v ON_ERROR_STOP=1 -c "insert into public.docs (title, status) values ('', 'live')"
assert_contains "$ERR" "docs_live_titled"

# Downgrade adds the value back at its place; upgrade removes it again.
assert_exit 0 "$M" downgrade -1
assert_eq "$(labels)" "draft,live,gone,archived" "labels after the downgrade"
assert_eq "$(dependents)" "$before" "dependents after the downgrade"
assert_exit 0 "$M" upgrade
assert_eq "$(labels)" "draft,live,archived" "labels after the second removal"

# Past create_enum: no type left at all.
assert_exit 0 "$M" --allow-destructive downgrade base
assert_eq "$(psql_q "select coalesce(string_agg(t.typname, ','), '') from pg_type t
                     join pg_namespace n on n.oid = t.typnamespace
                     where n.nspname = 'public' and t.typname not like '%migc_version%'")" "" \
    "no type left at base"
finish
