#!/bin/sh
# Inputs that must be accepted: sql steps whose BEGIN, COMMIT or backslash psql and PostgreSQL
# never read as such (a plpgsql body, a string, BEGIN ATOMIC), transaction control in a revision
# that does not run in one transaction (CONCURRENTLY), and hidden files in revisions/ and schema/.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
m=$T/m
mkdir -p "$m/revisions" "$m/schema"
printf 'name: shop\n' >"$m/module.yaml"
touch "$m/revisions/.gitkeep" "$m/schema/.gitkeep" "$m/schema/.items.yaml.swp"
cat >"$m/schema/items.yaml" <<'YAML'
tables:
  items:
    columns:
      id: { type: bigint, primary_key: true }
      name: { type: text, nullable: true }
    indexes:
      items_name: { columns: [name], concurrently: true }
YAML
cat >"$m/revisions/0001_items.yaml" <<'YAML'
revision: 0001_items
operations:
  - create_table: { name: items, columns: { id: bigint, name: { type: text, nullable: true } }, primary_key: [id] }
  - sql:
      up: |
        DO $$
        BEGIN
          UPDATE items SET name = 'COMMIT; \ BEGIN' WHERE id = 0;
        END
        $$;
        SELECT 'it''s -- COMMIT', E'\\ and \'; ROLLBACK', "end" FROM (SELECT 1 AS "end") AS x;
        /* COMMIT; /* nested */ \q */
        CREATE FUNCTION one() RETURNS integer LANGUAGE sql
        BEGIN ATOMIC
          SELECT CASE WHEN true THEN 1 END;
        END;
      down: "DROP FUNCTION one(); SELECT $tag$ ROLLBACK; \\x $tag$"
YAML
cat >"$m/revisions/0002_index.yaml" <<'YAML'
revision: 0002_index
parent: 0001_items
operations:
  - create_index: { table: items, name: items_name, columns: [name], concurrently: true }
  - sql: { up: "ANALYZE items; COMMIT", down: "" }
YAML
for cmd in validate generate check; do
    run_migc 0 $cmd -C "$m"
done
contains "$OUT" "up to date (2 revisions)"

# The same COMMIT in the transactional revision is refused.
sed -i 's/^      down: "DROP FUNCTION/      down: "COMMIT; DROP FUNCTION/' "$m/revisions/0001_items.yaml"
run_migc 3 validate -C "$m"
contains "$ERR" "$m/revisions/0001_items.yaml:17:13: error: \"COMMIT\" in a sql step: revision 0001_items runs in one transaction"
echo "ok"
