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
    note text;
BEGIN
    SELECT t.oid, t.typarray INTO old_type, old_array
      FROM pg_catalog.pg_type t
      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'public' AND t.typname = 'mood_kind';
    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
      INTO labels
      FROM pg_catalog.pg_enum e
     WHERE e.enumtypid = old_type AND e.enumlabel <> 'new ''one''';
    EXECUTE pg_catalog.format('CREATE TYPE %I.%I AS ENUM (%s)', 'public', 'mood_kind__migc_new', coalesce(labels, ''));
    -- check constraints, exclusion constraints (through their index) and indexes whose expressions mention the type are re-created afterwards
    FOR obj IN
        SELECT DISTINCT n.nspname, c.relname, k.conname, pg_catalog.pg_get_constraintdef(k.oid) AS def, pg_catalog.obj_description(k.oid, 'pg_constraint') AS note
          FROM pg_catalog.pg_depend dep
          JOIN pg_catalog.pg_constraint k ON (k.contype = 'c' AND k.oid = dep.objid AND
               dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid)
            OR (k.contype = 'x' AND k.conindid = dep.objid AND
               dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid)
          JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refobjid IN (old_type, old_array)
         ORDER BY 1, 2, 3
    LOOP
        redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(
            'ALTER TABLE %I.%I ADD CONSTRAINT %I %s', obj.nspname, obj.relname, obj.conname, obj.def));
        IF obj.note IS NOT NULL THEN
            redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(
                'COMMENT ON CONSTRAINT %I ON %I.%I IS %L', obj.conname, obj.nspname, obj.relname, obj.note));
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I DROP CONSTRAINT %I',
                                  obj.nspname, obj.relname, obj.conname);
    END LOOP;
    FOR obj IN
        SELECT DISTINCT n.nspname, c.relname, pg_catalog.pg_get_indexdef(c.oid) AS def,
               pg_catalog.obj_description(c.oid, 'pg_class') AS note
          FROM pg_catalog.pg_depend dep
          JOIN pg_catalog.pg_class c ON c.oid = dep.objid AND c.relkind IN ('i', 'I')
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid
           AND dep.refobjid IN (old_type, old_array)
         ORDER BY 1, 2
    LOOP
        redo_late := pg_catalog.array_append(redo_late, obj.def);
        IF obj.note IS NOT NULL THEN
            redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(
                'COMMENT ON INDEX %I.%I IS %L', obj.nspname, obj.relname, obj.note));
        END IF;
        EXECUTE pg_catalog.format('DROP INDEX %I.%I', obj.nspname, obj.relname);
    END LOOP;
    FOR obj IN
        SELECT c.relname, a.attname, a.atttypid = old_array AS is_array,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def
          FROM pg_catalog.pg_attribute a
          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
           AND a.atttypid IN (old_type, old_array)
           AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY c.relname, a.attnum
    LOOP
        suffix := CASE WHEN obj.is_array THEN '[]' ELSE '' END;
        EXECUTE pg_catalog.format(CASE WHEN obj.is_array
                                       THEN 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %4$L = ANY (%3$I::text[]))'
                                       ELSE 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %I::text = %L)' END,
                                  'public', obj.relname, obj.attname, 'new ''one''') INTO held;
        IF held THEN
            RAISE EXCEPTION 'cannot remove value % from enum %: column %.% still holds it',
                'new ''one''', 'mood_kind', obj.relname, obj.attname;
        END IF;
        IF obj.def IS NOT NULL THEN
            redo := pg_catalog.array_append(redo, pg_catalog.format(
                'ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT %s', 'public', obj.relname, obj.attname, obj.def));
            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I DROP DEFAULT',
                                      'public', obj.relname, obj.attname);
        END IF;
        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I TYPE %I.%I%s USING %I::text%s::%I.%I%s',
                                  'public', obj.relname, obj.attname, 'public', 'mood_kind__migc_new', suffix,
                                  obj.attname, suffix, 'public', 'mood_kind__migc_new', suffix);
    END LOOP;
    note := pg_catalog.obj_description(old_type, 'pg_type');
    EXECUTE pg_catalog.format('DROP TYPE %I.%I', 'public', 'mood_kind');
    EXECUTE pg_catalog.format('ALTER TYPE %I.%I RENAME TO %I', 'public', 'mood_kind__migc_new', 'mood_kind');
    IF note IS NOT NULL THEN
        EXECUTE pg_catalog.format('COMMENT ON TYPE %I.%I IS %L', 'public', 'mood_kind', note);
    END IF;
    FOREACH stmt IN ARRAY pg_catalog.array_cat(redo, redo_late) LOOP
        EXECUTE stmt;
    END LOOP;
END
$migc$