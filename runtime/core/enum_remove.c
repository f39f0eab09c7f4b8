/* migc runtime: the enum rebuild of remove_enum_value (MIGC_BUILD_ENUM_REMOVE), one DO block.
 * It creates <enum>__migc_new without the label, converts every column of the type or of its array
 * type in the schema (failing with the table and column when a row still holds the value), drops
 * the old type and renames the new one, which takes the old one's comment. Defaults, check
 * constraints, exclusion constraints and indexes whose expressions mention the type are dropped
 * first and re-created last, with their comments. The block is one atomic statement. */
#include "enum_remove.h"

#include <string.h>

/* The block in pieces short enough for ISO C literals; @name marks a parameter, written as a
 * literal: @schema, @enum, @value, and @new (the enum's name with __migc_new). */
static const char *const body[] = {
    "DO $migc$\n"
    "DECLARE\n"
    "    old_type oid;\n"
    "    old_array oid;\n"
    "    suffix text;\n"
    "    labels text;\n"
    "    obj record;\n"
    "    held boolean;\n"
    "    redo text[] := '{}';\n"
    "    redo_late text[] := '{}';\n"
    "    stmt text;\n"
    "    note text;\n"
    "BEGIN\n"
    "    SELECT t.oid, t.typarray INTO old_type, old_array\n"
    "      FROM pg_catalog.pg_type t\n"
    "      JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace\n"
    "     WHERE n.nspname = @schema AND t.typname = @enum;\n"
    "    SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY "
    "e.enumsortorder)\n"
    "      INTO labels\n"
    "      FROM pg_catalog.pg_enum e\n"
    "     WHERE e.enumtypid = old_type AND e.enumlabel <> @value;\n"
    "    EXECUTE pg_catalog.format('CREATE TYPE %I.%I AS ENUM (%s)', @schema, @new, "
    "coalesce(labels, ''));\n"
    "    -- check constraints, exclusion constraints (through their index) and indexes whose "
    "expressions mention the type are re-created afterwards\n"
    "    FOR obj IN\n"
    "        SELECT DISTINCT n.nspname, c.relname, k.conname, "
    "pg_catalog.pg_get_constraintdef(k.oid) AS def, "
    "pg_catalog.obj_description(k.oid, 'pg_constraint') AS note\n"
    "          FROM pg_catalog.pg_depend dep\n"
    "          JOIN pg_catalog.pg_constraint k ON (k.contype = 'c' AND k.oid = dep.objid AND\n"
    "               dep.classid = "
    "'pg_catalog.pg_constraint'::pg_catalog.regclass::pg_catalog.oid)\n"
    "            OR (k.contype = 'x' AND k.conindid = dep.objid AND\n"
    "               dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid)\n"
    "          JOIN pg_catalog.pg_class c ON c.oid = k.conrelid\n"
    "          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "         WHERE dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid\n"
    "           AND dep.refobjid IN (old_type, old_array)\n"
    "         ORDER BY 1, 2, 3\n"
    "    LOOP\n"
    "        redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(\n"
    "            'ALTER TABLE %I.%I ADD CONSTRAINT %I %s', obj.nspname, obj.relname, obj.conname, "
    "obj.def));\n"
    "        IF obj.note IS NOT NULL THEN\n" /* the constraint's comment comes back with it */
    "            redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(\n"
    "                'COMMENT ON CONSTRAINT %I ON %I.%I IS %L', obj.conname, obj.nspname, "
    "obj.relname, obj.note));\n"
    "        END IF;\n"
    "        EXECUTE pg_catalog.format('ALTER TABLE %I.%I DROP CONSTRAINT %I',\n"
    "                                  obj.nspname, obj.relname, obj.conname);\n"
    "    END LOOP;\n",
    "    FOR obj IN\n"
    "        SELECT DISTINCT n.nspname, c.relname, pg_catalog.pg_get_indexdef(c.oid) AS def,\n"
    "               pg_catalog.obj_description(c.oid, 'pg_class') AS note\n"
    "          FROM pg_catalog.pg_depend dep\n"
    "          JOIN pg_catalog.pg_class c ON c.oid = dep.objid AND c.relkind IN ('i', 'I')\n"
    "          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "         WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid\n"
    "           AND dep.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass::pg_catalog.oid\n"
    "           AND dep.refobjid IN (old_type, old_array)\n"
    "         ORDER BY 1, 2\n"
    "    LOOP\n"
    "        redo_late := pg_catalog.array_append(redo_late, obj.def);\n"
    "        IF obj.note IS NOT NULL THEN\n" /* so does the index's */
    "            redo_late := pg_catalog.array_append(redo_late, pg_catalog.format(\n"
    "                'COMMENT ON INDEX %I.%I IS %L', obj.nspname, obj.relname, obj.note));\n"
    "        END IF;\n"
    "        EXECUTE pg_catalog.format('DROP INDEX %I.%I', obj.nspname, obj.relname);\n"
    "    END LOOP;\n"
    "    FOR obj IN\n"
    "        SELECT c.relname, a.attname, a.atttypid = old_array AS is_array,\n"
    "               pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n"
    "          FROM pg_catalog.pg_attribute a\n"
    "          JOIN pg_catalog.pg_class c ON c.oid = a.attrelid\n"
    "          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace\n"
    "          LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum\n"
    "         WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')\n"
    "           AND a.atttypid IN (old_type, old_array)\n"
    "           AND a.attnum > 0 AND NOT a.attisdropped\n"
    "         ORDER BY c.relname, a.attnum\n"
    "    LOOP\n"
    "        suffix := CASE WHEN obj.is_array THEN '[]' ELSE '' END;\n"
    "        EXECUTE pg_catalog.format(CASE WHEN obj.is_array\n"
    "                                       THEN 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE %4$L = "
    "ANY (%3$I::text[]))'\n"
    "                                       ELSE 'SELECT EXISTS (SELECT 1 FROM %I.%I WHERE "
    "%I::text = %L)' END,\n"
    "                                  @schema, obj.relname, obj.attname, @value) INTO held;\n"
    "        IF held THEN\n"
    "            RAISE EXCEPTION 'cannot remove value % from enum %: column %.% still holds it',\n"
    "                @value, @enum, obj.relname, obj.attname;\n"
    "        END IF;\n"
    "        IF obj.def IS NOT NULL THEN\n"
    "            redo := pg_catalog.array_append(redo, pg_catalog.format(\n"
    "                'ALTER TABLE %I.%I ALTER COLUMN %I SET DEFAULT %s', @schema, obj.relname, "
    "obj.attname, obj.def));\n"
    "            EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I DROP DEFAULT',\n"
    "                                      @schema, obj.relname, obj.attname);\n"
    "        END IF;\n"
    "        EXECUTE pg_catalog.format('ALTER TABLE %I.%I ALTER COLUMN %I TYPE %I.%I%s USING "
    "%I::text%s::%I.%I%s',\n"
    "                                  @schema, obj.relname, obj.attname, @schema, @new, suffix,\n"
    "                                  obj.attname, suffix, @schema, @new, suffix);\n"
    "    END LOOP;\n"
    "    note := pg_catalog.obj_description(old_type, 'pg_type');\n"
    "    EXECUTE pg_catalog.format('DROP TYPE %I.%I', @schema, @enum);\n"
    "    EXECUTE pg_catalog.format('ALTER TYPE %I.%I RENAME TO %I', @schema, @new, @enum);\n"
    "    IF note IS NOT NULL THEN\n" /* the type's comment stays with it */
    "        EXECUTE pg_catalog.format('COMMENT ON TYPE %I.%I IS %L', @schema, @enum, note);\n"
    "    END IF;\n"
    "    FOREACH stmt IN ARRAY pg_catalog.array_cat(redo, redo_late) LOOP\n"
    "        EXECUTE stmt;\n"
    "    END LOOP;\n"
    "END\n"
    "$migc$",
    NULL,
};

static const char tag[] = "$migc$";
static const char new_suffix[] = "__migc_new";

/* Appends len bytes of s at *n in dst (NULL: only counts). */
static void
put(char *dst, size_t *n, const char *s, size_t len)
{
    if (dst != NULL)
        memcpy(dst + *n, s, len);
    *n += len;
}

/* Appends s as a standard SQL literal, its quotes doubled, followed by suffix inside the quotes. */
static void
put_literal(char *dst, size_t *n, const char *s, const char *suffix)
{
    put(dst, n, "'", 1);
    for (; *s != '\0'; s++) {
        if (*s == '\'')
            put(dst, n, "'", 1);
        put(dst, n, s, 1);
    }
    put(dst, n, suffix, strlen(suffix));
    put(dst, n, "'", 1);
}

/* Appends the parameter named at p (after its '@') and returns its length; 0 when none is. */
static size_t
put_param(char *dst, size_t *n, const char *p, const char *schema, const char *name,
          const char *value)
{
    static const char *const names[] = {"schema", "enum", "value", "new"};
    const char *args[] = {schema, name, value, name};

    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t len = strlen(names[i]);
        if (strncmp(p, names[i], len) == 0) {
            put_literal(dst, n, args[i], i == 3 ? new_suffix : "");
            return len;
        }
    }
    return 0;
}

int
migc_enum_remove_ok(const char *const *parts)
{
    for (size_t i = 0; i < 3; i++)
        if (parts[i] == NULL || strstr(parts[i], tag) != NULL)
            return 0;
    return parts[3] == NULL;
}

size_t
migc_enum_remove_sql(const char *const *parts, char *dst)
{
    size_t n = 0;

    for (const char *const *piece = body; *piece != NULL; piece++)
        for (const char *p = *piece; *p != '\0'; p++) {
            size_t skip = *p == '@' ? put_param(dst, &n, p + 1, parts[0], parts[1], parts[2]) : 0;
            if (skip == 0)
                put(dst, &n, p, 1);
            p += skip;
        }
    if (dst != NULL)
        dst[n] = '\0';
    return n;
}
