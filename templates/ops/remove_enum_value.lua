-- migc templates: remove_enum_value (ops/remove_enum_value.lua).
-- op: enum_name, value. Rebuilds the type without the label in one DO block: create
-- <enum>__migc_new, convert every column of the type or of its array type in the schema (failing
-- with the table and column when a row still holds the value), drop the old type and rename the
-- new one. Defaults,
-- check constraints and indexes whose expressions mention the type are dropped first and
-- re-created last. Runs only while the label exists; the DO block is one atomic statement.

local BODY = [[
DO $migc$
DECLARE
    old_type oid;
    old_array oid;
    suffix text;
    labels text;
    obj record;
    held boolean;
    redo text[] := '{}';
    redo_late text[] := '{}';
    stmt text;
BEGIN
    SELECT t.oid, t.typarray INTO old_type, old_array
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = @schema AND t.typname = @enum;
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
      INTO labels
      FROM pg_catalog.pg_enum e
     WHERE e.enumtypid = old_type AND e.enumlabel <> @value;
    EXECUTE pg_catalog.format('CREATE TYPE %I.%I AS ENUM (%s)', @schema, @new, coalesce(labels, ''));
    -- check constraints and indexes whose expressions mention the type are re-created afterwards
    FOR obj IN
        SELECT DISTINCT n.nspname, c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid) AS def
          FROM pg_catalog.pg_depend dep
          JOIN pg_catalog.pg_constraint k ON k.oid = dep.objid
          JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refobjid IN (old_type, old_array) AND k.contype = 'c'
         ORDER BY 1, 2, 3
    LOOP
        redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(
            'ALTER TABLE %I.%I ADD CONSTRAINT %I %s', obj.nspname, obj.relname, obj.conname, obj.def));
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I DROP CONSTRAINT %I',
                                  obj.nspname, obj.relname, obj.conname);
    END LOOP;
    FOR obj IN
        SELECT DISTINCT n.nspname, c.relname, pg_catalog.pg_get_indexdef(c.oid) AS def
          FROM pg_catalog.pg_depend dep
          JOIN pg_catalog.pg_class c ON c.oid = dep.objid AND c.relkind IN ('i', 'I')
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refobjid IN (old_type, old_array)
         ORDER BY 1, 2
    LOOP
        redo_late := pg_catalog.array_append(redo_late, obj.def);
        EXECUTE pg_catalog.format('DROP INDEX %I.%I', obj.nspname, obj.relname);
    END LOOP;
    FOR obj IN
        SELECT c.relname, a.attname, a.atttypid = old_array AS is_array,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
           AND a.atttypid IN (old_type, old_array)
           AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum
    LOOP
        suffix := CASE WHEN obj.is_array THEN '[]' ELSE '' END;
        EXECUTE pg_catalog.format(CASE WHEN obj.is_array
                                       THEN 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %4$L = ANY (%3$I::text[]))'
                                       ELSE 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I::text = %L)' END,
                                  @schema, obj.relname, obj.attname, @value) INTO held;
        IF held THEN
            RAISE EXCEPTION 'cannot remove value % from enum %: column %.% still holds it',
                @value, @enum, obj.relname, obj.attname;
        END IF;
        IF obj.def IS NOT NULL THEN
            redo := pg_catalog.array_append(redo, pg_catalog.format(
                'ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT %s', @schema, obj.relname, obj.attname, obj.def));
            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I DROP DEFAULT',
                                      @schema, obj.relname, obj.attname);
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I TYPE %I.%I%s USING %I::text%s::%I.%I%s',
                                  @schema, obj.relname, obj.attname, @schema, @new, suffix,
                                  obj.attname, suffix, @schema, @new, suffix);
    END LOOP;
    EXECUTE pg_catalog.format('DROP TYPE %I.%I', @schema, @enum);
    EXECUTE pg_catalog.format('ALTER TYPE %I.%I RENAME TO %I', @schema, @new, @enum);
    FOREACH stmt IN ARRAY pg_catalog.array_cat(redo, redo_late) LOOP
        EXECUTE stmt;
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
