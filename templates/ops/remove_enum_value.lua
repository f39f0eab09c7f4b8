-- migc templates: remove_enum_value (ops/remove_enum_value.lua).
-- op: enum_name, value. Rebuilds the type without the label in one DO block: create
-- <enum>__migc_new, convert every column of the type in the schema (failing with the table and
-- column when a row still holds the value; defaults are dropped and restored), drop the old
-- type and rename the new one. Runs only while the label exists.

local BODY = [[
DO $migc$
DECLARE
    old_type oid;
    labels text;
    col record;
    held boolean;
    tabs text[] := '{}';
    cols text[] := '{}';
    defs text[] := '{}';
BEGIN
    SELECT t.oid INTO old_type
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = @schema AND t.typname = @enum;
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
      INTO labels
      FROM pg_catalog.pg_enum e
     WHERE e.enumtypid = old_type AND e.enumlabel <> @value;
    EXECUTE pg_catalog.format('CREATE TYPE %I.%I AS ENUM (%s)', @schema, @new, coalesce(labels, ''));
    FOR col IN
        SELECT c.relname, a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = @schema AND c.relkind IN ('r', 'p') AND a.atttypid = old_type
           AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum
    LOOP
        EXECUTE pg_catalog.format('SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I::text = %L)',
                                  @schema, col.relname, col.attname, @value) INTO held;
        IF held THEN
            RAISE EXCEPTION 'cannot remove value % from enum %: column %.% still holds it',
                @value, @enum, col.relname, col.attname;
        END IF;
        IF col.def IS NOT NULL THEN
            tabs := tabs || col.relname::text;
            cols := cols || col.attname::text;
            defs := defs || col.def;
            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I DROP DEFAULT',
                                      @schema, col.relname, col.attname);
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I TYPE %I.%I USING %I::text::%I.%I',
                                  @schema, col.relname, col.attname, @schema, @new,
                                  col.attname, @schema, @new);
    END LOOP;
    EXECUTE pg_catalog.format('DROP TYPE %I.%I', @schema, @enum);
    EXECUTE pg_catalog.format('ALTER TYPE %I.%I RENAME TO %I', @schema, @new, @enum);
    FOR i IN 1 .. coalesce(pg_catalog.array_length(tabs, 1), 0) LOOP
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT %s',
                                  @schema, tabs[i], cols[i], defs[i]);
    END LOOP;
END
$migc$]]

return function(op, ctx)
    local s, e = ctx.schema, op.enum_name
    local vars = {
        schema = ctx.ql(s), enum = ctx.ql(e), value = ctx.ql(op.value),
        new = ctx.ql(e .. "__migc_new"),
    }
    local sql = BODY:gsub("@(%a+)", function(k) return assert(vars[k], k) end)
    if select(2, sql:gsub("%$migc%$", "")) ~= 2 then
        error("remove_enum_value: a name or value contains $migc$")
    end
    return {
        ctx.step("remove_enum_value " .. e .. "." .. op.value,
            ctx.guard(ctx.enum_value_exists(s, e, op.value)), sql),
    }
end
