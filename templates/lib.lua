-- migc templates: helpers shared by every template (lib.lua).
-- Quoting, schema-qualified names, SQL fragments, catalog guards and C declarations.
-- Everything here is a pure function of its arguments; lists are walked with ipairs only.

local lib = {}

---------------------------------------------------------------------------
-- Quoting

-- Quoted identifier: always double quotes, embedded quotes doubled (migc.qi).
lib.qi = migc.qi

-- Quoted literal. standard_conforming_strings is on, so doubling ' is all it takes (migc.ql).
lib.ql = migc.ql

-- "schema"."name"
function lib.qname(schema, name)
    return lib.qi(schema) .. "." .. lib.qi(name)
end

-- New sequence of f(item, i) for every item of list.
function lib.map(list, f)
    local out = {}
    for i, v in ipairs(list) do
        out[i] = f(v, i)
    end
    return out
end

-- "a", "b", "c"
function lib.qlist(names)
    return table.concat(lib.map(names, lib.qi), ", ")
end

-- Appends every item of src to dst; returns dst.
function lib.append(dst, src)
    for _, v in ipairs(src) do
        dst[#dst + 1] = v
    end
    return dst
end

---------------------------------------------------------------------------
-- Steps and guards (a guard is a SELECT that is true when the step must run)

function lib.step(label, guard, sql)
    return { label = label, guard = guard, sql = sql }
end

-- A step's third guard state (SPEC §4, soundness rules): a SELECT giving message when every
-- condition holds (the database is neither before nor after the step), else NULL. The step then
-- fails with message instead of being skipped.
function lib.conflict(message, ...)
    return "SELECT CASE WHEN " .. table.concat({ ... }, "\nAND ") .. "\nTHEN " .. lib.ql(message)
        .. " END"
end

-- "SELECT c1 AND c2 ..." from boolean SQL conditions.
function lib.guard(...)
    return "SELECT " .. table.concat({ ... }, "\nAND ")
end

function lib.NOT(cond)
    return "NOT " .. cond
end

-- Guard for creating an object: absent under its own name and under every later one (later, from
-- ctx:later_names(op)), so re-running an old revision never revives an old name.
function lib.absent_guard(name, later, exists_fn, ...)
    local conds = { lib.NOT(exists_fn(name)) }
    for _, alias in ipairs(later or {}) do
        conds[#conds + 1] = lib.NOT(exists_fn(alias))
    end
    for _, extra in ipairs({ ... }) do
        conds[#conds + 1] = extra
    end
    return lib.guard(table.unpack(conds))
end

-- EXISTS (SELECT 1 FROM <from> <joins> WHERE <conds>), one clause per line.
local function exists(from, joins, conds)
    local lines = { "EXISTS (SELECT 1 FROM " .. from }
    for _, j in ipairs(joins) do
        lines[#lines + 1] = "    JOIN " .. j
    end
    lines[#lines + 1] = "    WHERE " .. conds[1]
    for i = 2, #conds do
        lines[#lines + 1] = "    AND " .. conds[i]
    end
    return table.concat(lines, "\n") .. ")"
end

-- Guards name their objects through to_regnamespace / to_regclass, which resolve quoted names
-- from the catalog caches (NULL when absent), so each guard is a one-table query on a catalog
-- index: planning it costs a fraction of a join over pg_namespace. The result is cast to oid so
-- that every comparison is oid = oid: pg_catalog has no oid = regclass operator, and an exact one
-- that another role created in the module's schema would otherwise be chosen (CVE-2018-1058).
local function nsp_oid(schema)
    return "pg_catalog.to_regnamespace(" .. lib.ql(lib.qi(schema)) .. ")::pg_catalog.oid"
end

local function rel_oid(schema, name)
    return "pg_catalog.to_regclass(" .. lib.ql(lib.qname(schema, name)) .. ")::pg_catalog.oid"
end

local function rel_where(schema, name)
    return "c.relname = " .. lib.ql(name) .. " AND c.relnamespace = " .. nsp_oid(schema)
end

-- A relation of any kind named name exists in schema.
function lib.relation_exists(schema, name)
    return exists("pg_catalog.pg_class c", {}, { rel_where(schema, name) })
end

-- A table (plain or partitioned) exists.
function lib.table_exists(schema, tbl)
    return exists("pg_catalog.pg_class c", {}, { rel_where(schema, tbl), "c.relkind IN ('r', 'p')" })
end

-- A live column exists; extra is an optional further condition on pg_attribute a.
function lib.column_exists(schema, tbl, column, extra)
    return exists("pg_catalog.pg_attribute a", {},
        { "a.attrelid = " .. rel_oid(schema, tbl),
            "a.attname = " .. lib.ql(column) .. " AND a.attnum > 0 AND NOT a.attisdropped", extra })
end

-- A constraint of that name exists on the table.
function lib.constraint_exists(schema, tbl, name)
    return exists("pg_catalog.pg_constraint k", {},
        { "k.conrelid = " .. rel_oid(schema, tbl), "k.conname = " .. lib.ql(name) })
end

-- An index exists; extra is an optional further condition on pg_index i.
function lib.index_exists(schema, name, extra)
    return exists("pg_catalog.pg_index i", {}, { "i.indexrelid = " .. rel_oid(schema, name), extra })
end

local function type_where(schema, name)
    return "t.typname = " .. lib.ql(name) .. " AND t.typnamespace = " .. nsp_oid(schema)
end

-- A type exists.
function lib.type_exists(schema, name)
    return exists("pg_catalog.pg_type t", {}, { type_where(schema, name) })
end

-- An enum type has the label value.
function lib.enum_value_exists(schema, enum, value)
    return exists("pg_catalog.pg_enum e", { "pg_catalog.pg_type t ON t.oid = e.enumtypid" },
        { type_where(schema, enum), "e.enumlabel = " .. lib.ql(value) })
end

-- A schema exists.
function lib.schema_exists(schema)
    return exists("pg_catalog.pg_namespace n", {}, { "n.nspname = " .. lib.ql(schema) })
end

-- Some object lives in the schema (every object in a schema depends on it in pg_depend).
function lib.schema_used(schema)
    return exists("pg_catalog.pg_depend d", {}, {
        "d.refclassid = 'pg_catalog.pg_namespace'::pg_catalog.regclass::pg_catalog.oid",
        "d.refobjid = " .. nsp_oid(schema) })
end

-- An extension is installed (extensions are database-wide).
function lib.extension_exists(name)
    return exists("pg_catalog.pg_extension x", {}, { "x.extname = " .. lib.ql(name) })
end

-- A sequence exists.
function lib.sequence_exists(schema, name)
    return exists("pg_catalog.pg_class c", {}, { rel_where(schema, name), "c.relkind = 'S'" })
end

-- The sequence has every option of v (a sequence's values: PostgreSQL's defaults filled in).
function lib.sequence_is(schema, name, v)
    return exists("pg_catalog.pg_sequence q", {},
        { "q.seqrelid = " .. rel_oid(schema, name),
            "pg_catalog.format_type(q.seqtypid, NULL) = " .. lib.ql(v.type),
            "q.seqincrement = " .. v.increment .. " AND q.seqmin = " .. v.min_value,
            "q.seqmax = " .. v.max_value .. " AND q.seqstart = " .. v.start,
            "q.seqcache = " .. v.cache .. " AND " .. (v.cycle and "" or "NOT ") .. "q.seqcycle" })
end

-- The sequence is owned by tbl.column (OWNED BY), or by any column when tbl is nil.
function lib.sequence_owned(schema, name, tbl, column)
    local conds = { "d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid",
        "d.objid = " .. rel_oid(schema, name) .. " AND d.deptype = 'a'",
        "d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass::pg_catalog.oid" }
    local joins = {}
    if tbl then
        conds[#conds + 1] = "d.refobjid = " .. rel_oid(schema, tbl)
        joins[1] = "pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
        conds[#conds + 1] = "a.attname = " .. lib.ql(column)
    end
    return exists("pg_catalog.pg_depend d", joins, conds)
end

-- A domain exists (a type of kind 'd').
function lib.domain_exists(schema, name)
    return exists("pg_catalog.pg_type t", {}, { type_where(schema, name), "t.typtype = 'd'" })
end

-- A composite type exists (a type of kind 'c' whose relation is a composite type).
function lib.ctype_exists(schema, name)
    return exists("pg_catalog.pg_type t", {}, { type_where(schema, name), "t.typtype = 'c'" })
end

-- The composite type has the attribute (optionally of type typ, as format_type writes it).
function lib.attribute_exists(schema, name, attr, typ)
    local conds = { "a.attrelid = " .. rel_oid(schema, name),
        "a.attname = " .. lib.ql(attr) .. " AND a.attnum > 0 AND NOT a.attisdropped" }
    if typ then
        conds[#conds + 1] = "pg_catalog.format_type(a.atttypid, a.atttypmod) = " .. lib.ql(typ)
    end
    return exists("pg_catalog.pg_attribute a", {}, conds)
end

-- The domain is NOT NULL.
function lib.domain_not_null(schema, name)
    return exists("pg_catalog.pg_type t", {},
        { type_where(schema, name), "t.typtype = 'd' AND t.typnotnull" })
end

-- The domain has a constraint of that name.
function lib.domain_check_exists(schema, dom, name)
    return exists("pg_catalog.pg_constraint k", { "pg_catalog.pg_type t ON t.oid = k.contypid" },
        { type_where(schema, dom), "k.conname = " .. lib.ql(name) })
end

---------------------------------------------------------------------------
-- SQL fragments

-- " AS t INCREMENT BY n ..." of a sequence: the options given (q's fields, for CREATE), or every
-- option with its value (q.values, for ALTER, where an omitted option would keep its old value).
function lib.sequence_options(q, all)
    local v = all and q.values or q
    local parts = {}
    local function opt(sql, value)
        if value then
            parts[#parts + 1] = sql .. value
        end
    end
    opt(" AS ", v.type)
    opt(" INCREMENT BY ", v.increment)
    opt(" MINVALUE ", v.min_value)
    opt(" MAXVALUE ", v.max_value)
    opt(" START WITH ", v.start)
    opt(" CACHE ", v.cache)
    if v.cycle then
        parts[#parts + 1] = " CYCLE"
    elseif all then
        parts[#parts + 1] = " NO CYCLE"
    end
    return table.concat(parts)
end

-- ALTER SEQUENCE ... OWNED BY q's column (or NONE), when the sequence is not owned that way yet.
function lib.sequence_owner_step(schema, q)
    local seq = lib.qname(schema, q.name)
    if not q.owned_table then
        return lib.step("alter_sequence " .. q.name .. " owned by none",
            lib.guard(lib.sequence_owned(schema, q.name)), "ALTER SEQUENCE " .. seq .. " OWNED BY NONE")
    end
    return lib.step("alter_sequence " .. q.name .. " owned by",
        lib.guard(lib.sequence_exists(schema, q.name),
            lib.NOT(lib.sequence_owned(schema, q.name, q.owned_table, q.owned_column)),
            lib.column_exists(schema, q.owned_table, q.owned_column)),
        "ALTER SEQUENCE " .. seq .. " OWNED BY " .. lib.qname(schema, q.owned_table) .. "."
            .. lib.qi(q.owned_column))
end

-- COMMENT ON SEQUENCE ... IS 'text' | NULL, when the sequence exists.
function lib.sequence_comment_step(schema, name, comment)
    return lib.step("alter_sequence " .. name .. " comment",
        lib.guard(lib.sequence_exists(schema, name)),
        "COMMENT ON SEQUENCE " .. lib.qname(schema, name) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- CREATE DOMAIN of d: base type, collation, default, NOT NULL and checks, one clause a line.
function lib.domain_sql(schema, d)
    local lines = { "CREATE DOMAIN " .. lib.qname(schema, d.name) .. " AS " .. d.type }
    if d.collation then
        lines[#lines + 1] = "    COLLATE " .. lib.qi(d.collation)
    end
    if d.default then
        lines[#lines + 1] = "    DEFAULT " .. d.default
    end
    if d.not_null then
        lines[#lines + 1] = "    NOT NULL"
    end
    for _, c in ipairs(d.checks or {}) do
        lines[#lines + 1] = "    " .. lib.check_sql(c)
    end
    return table.concat(lines, "\n")
end

-- "name" type [COLLATE c] of an attribute.
function lib.attr_sql(x)
    return lib.qi(x.name) .. " " .. x.type .. (x.collation and (" COLLATE " .. lib.qi(x.collation))
        or "")
end

-- CREATE TYPE name AS (attributes), one a line.
function lib.ctype_sql(schema, t)
    return "CREATE TYPE " .. lib.qname(schema, t.name) .. " AS (\n    "
        .. table.concat(lib.map(t.attrs, lib.attr_sql), ",\n    ") .. "\n)"
end

-- COMMENT ON TYPE ... IS 'text' | NULL, when the composite type exists.
function lib.ctype_comment_step(schema, name, comment)
    return lib.step("alter_type " .. name .. " comment", lib.guard(lib.ctype_exists(schema, name)),
        "COMMENT ON TYPE " .. lib.qname(schema, name) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- The name and argument types of a function key "name(types)".
function lib.func_parts(key)
    return key:match("^(.-)%((.*)%)$")
end

-- "schema"."name"(types): how DROP, ALTER and COMMENT name a function.
function lib.func_sig(schema, key)
    local name, types = lib.func_parts(key)
    return lib.qname(schema, name) .. "(" .. types .. ")"
end

-- The oid of the function key, NULL when absent (to_regprocedure reads the catalog caches).
local function func_oid(schema, key)
    return "pg_catalog.to_regprocedure(" .. lib.ql(lib.func_sig(schema, key)) .. ")"
end

-- A function or procedure of that key exists.
function lib.func_exists(schema, key)
    return func_oid(schema, key) .. " IS NOT NULL"
end

-- The function exists and returns what result says (pg_get_function_result; nil: a procedure).
function lib.func_result_is(schema, key, result)
    local got = "pg_catalog.pg_get_function_result(" .. func_oid(schema, key)
        .. "::pg_catalog.oid)"
    return func_oid(schema, key) .. " IS NOT NULL AND "
        .. (result and (got .. " OPERATOR(pg_catalog.=) " .. lib.ql(result)) or (got .. " IS NULL"))
end

-- A dollar-quote tag that does not occur in text: $migc$, else $migc1$, $migc2$, ...
function lib.dollar_tag(text)
    local tag, n = "$migc$", 0
    while text:find(tag, 1, true) do
        n = n + 1
        tag = "$migc" .. n .. "$"
    end
    return tag
end

-- SET name = value: search_path as a list of names, any other value as a literal.
local function func_set(x)
    local value = x.name == "search_path" and x.expr or lib.ql(x.expr)
    return "    SET " .. lib.qi(x.name) .. " = " .. value
end

-- The attribute lines of a function (a procedure has only SECURITY DEFINER and SET).
local function func_attrs(f)
    local lines = {}
    if not f.procedure then
        lines[#lines + 1] = "    RETURNS " .. f.returns
    end
    lines[#lines + 1] = "    LANGUAGE " .. lib.qi(f.language)
    if not f.procedure then
        lines[#lines + 1] = "    " .. f.volatility:upper() .. (f.strict and " STRICT" or "")
            .. (f.leakproof and " LEAKPROOF" or "") .. " PARALLEL " .. f.parallel:upper()
        if f.cost then
            lines[#lines + 1] = "    COST " .. f.cost
        end
        if f.rows then
            lines[#lines + 1] = "    ROWS " .. f.rows
        end
    end
    if f.security_definer then
        lines[#lines + 1] = "    SECURITY DEFINER"
    end
    lib.append(lines, lib.map(f.set, func_set))
    return lines
end

-- CREATE [OR REPLACE] FUNCTION|PROCEDURE ... AS $tag$body$tag$, the body exactly as given.
function lib.func_sql(schema, f, replace)
    local name = lib.func_parts(f.name)
    local tag = lib.dollar_tag(f.body)
    local lines = { "CREATE " .. (replace and "OR REPLACE " or "")
        .. (f.procedure and "PROCEDURE " or "FUNCTION ") .. lib.qname(schema, name) .. "("
        .. f.arguments .. ")" }
    lib.append(lines, func_attrs(f))
    lines[#lines + 1] = "AS " .. tag .. f.body .. tag
    return table.concat(lines, "\n")
end

-- COMMENT ON FUNCTION|PROCEDURE ... IS 'text' | NULL, when the function exists.
function lib.func_comment_step(schema, f, label)
    return lib.step(label .. " comment", lib.guard(lib.func_exists(schema, f.name)),
        "COMMENT ON " .. (f.procedure and "PROCEDURE " or "FUNCTION ") .. lib.func_sig(schema, f.name)
            .. " IS " .. (f.comment and lib.ql(f.comment) or "NULL"))
end

-- The table has a trigger of that name.
function lib.trigger_exists(schema, tbl, name)
    return exists("pg_catalog.pg_trigger g", {}, { "g.tgrelid = " .. rel_oid(schema, tbl),
        "g.tgname = " .. lib.ql(name) .. " AND NOT g.tgisinternal" })
end

-- CREATE [OR REPLACE] TRIGGER ... EXECUTE FUNCTION "schema"."f"(args).
function lib.trigger_sql(schema, g, replace)
    local events = lib.map(g.events, function(e)
        if e == "update" and #g.update_of > 0 then
            return "UPDATE OF " .. lib.qlist(g.update_of)
        end
        return e:upper()
    end)
    local lines = { "CREATE " .. (replace and "OR REPLACE " or "") .. "TRIGGER " .. lib.qi(g.name)
        .. " " .. g.timing:upper():gsub("_", " ") .. " " .. table.concat(events, " OR ")
        .. " ON " .. lib.qname(schema, g.table) }
    if g.old_table or g.new_table then
        lines[#lines + 1] = "    REFERENCING" .. (g.old_table and (" OLD TABLE AS " .. lib.qi(g.old_table)) or "")
            .. (g.new_table and (" NEW TABLE AS " .. lib.qi(g.new_table)) or "")
    end
    lines[#lines + 1] = "    FOR EACH " .. (g.row and "ROW" or "STATEMENT")
    if g.when then
        lines[#lines + 1] = "    WHEN (" .. g.when .. ")"
    end
    local fn = g.func:find(".", 1, true) and g.func or lib.qname(schema, g.func)
    lines[#lines + 1] = "    EXECUTE FUNCTION " .. fn .. "(" .. g.args .. ")"
    return table.concat(lines, "\n")
end

-- COMMENT ON TRIGGER ... IS 'text' | NULL, when the trigger exists.
function lib.trigger_comment_step(schema, g, label)
    return lib.step(label .. " comment", lib.guard(lib.trigger_exists(schema, g.table, g.name)),
        "COMMENT ON TRIGGER " .. lib.qi(g.name) .. " ON " .. lib.qname(schema, g.table) .. " IS "
            .. (g.comment and lib.ql(g.comment) or "NULL"))
end

-- A view (relkind 'v') or, when materialized, a materialized view ('m') exists.
function lib.view_exists(schema, name, materialized)
    return exists("pg_catalog.pg_class c", {},
        { rel_where(schema, name), "c.relkind = " .. (materialized and "'m'" or "'v'") })
end

-- WITH (security_barrier, check_option, security_invoker) of a view, or "".
local function view_options_sql(v)
    local opts = {}
    if v.security_barrier then
        opts[#opts + 1] = "security_barrier = true"
    end
    if v.check_option then
        opts[#opts + 1] = "check_option = " .. v.check_option
    end
    if v.security_invoker then
        opts[#opts + 1] = "security_invoker = true"
    end
    return #opts > 0 and (" WITH (" .. table.concat(opts, ", ") .. ")") or ""
end

-- CREATE [OR REPLACE] VIEW name [WITH (...)] AS query, or CREATE MATERIALIZED VIEW name AS
-- query [WITH NO DATA]. Views are created with the module's schema first on the search path
-- (the unit sets it), so the query's unqualified names are the module's.
function lib.view_sql(schema, v, replace)
    if v.materialized then
        return "CREATE MATERIALIZED VIEW " .. lib.qname(schema, v.name) .. " AS\n" .. v.query
            .. (v.with_data and "" or "\nWITH NO DATA")
    end
    return "CREATE " .. (replace and "OR REPLACE " or "") .. "VIEW " .. lib.qname(schema, v.name)
        .. view_options_sql(v) .. " AS\n" .. v.query
end

-- COMMENT ON [MATERIALIZED] VIEW ... IS 'text' | NULL, when the view exists.
function lib.view_comment_step(schema, v, label)
    local kind = v.materialized and "MATERIALIZED VIEW " or "VIEW "
    return lib.step(label .. " comment", lib.guard(lib.view_exists(schema, v.name, v.materialized)),
        "COMMENT ON " .. kind .. lib.qname(schema, v.name) .. " IS "
            .. (v.comment and lib.ql(v.comment) or "NULL"))
end

-- COMMENT ON DOMAIN ... IS 'text' | NULL, when the domain exists.
function lib.domain_comment_step(schema, name, comment)
    return lib.step("alter_domain " .. name .. " comment",
        lib.guard(lib.domain_exists(schema, name)),
        "COMMENT ON DOMAIN " .. lib.qname(schema, name) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- "name" type [DEFAULT expr] [GENERATED ... AS IDENTITY [(SEQUENCE NAME seq)]] [NOT NULL]; the
-- sequence is named only where renames since the identity was made left it another name
-- (col.identity_seq), and unqualified: PostgreSQL puts it in the table's schema.
-- A collation name as written ("C", "de-x-icu", or schema.name) as SQL.
function lib.collation_sql(name)
    local schema, rest = name:match("^([^.]+)%.(.+)$")
    if schema then
        return lib.qi(schema) .. "." .. lib.qi(rest)
    end
    return lib.qi(name)
end

function lib.column_sql(col)
    local parts = { lib.qi(col.name), col.type }
    if col.collation then
        parts[#parts + 1] = "COLLATE " .. lib.collation_sql(col.collation)
    end
    if col.generated then
        parts[#parts + 1] = "GENERATED ALWAYS AS (" .. col.generated .. ") STORED"
    end
    if col.default_expr then
        parts[#parts + 1] = "DEFAULT " .. col.default_expr
    end
    if col.identity == "always" then
        parts[#parts + 1] = "GENERATED ALWAYS AS IDENTITY"
    elseif col.identity == "by_default" then
        parts[#parts + 1] = "GENERATED BY DEFAULT AS IDENTITY"
    elseif col.identity then
        error("unknown identity kind " .. col.identity .. " for column " .. col.name)
    end
    if col.identity_seq then
        parts[#parts] = parts[#parts] .. " (SEQUENCE NAME " .. lib.qi(col.identity_seq) .. ")"
    end
    if not col.nullable then
        parts[#parts + 1] = "NOT NULL"
    end
    return table.concat(parts, " ")
end

-- " DEFERRABLE [INITIALLY DEFERRED]" of a key, or "".
local function deferral(key)
    if not key.deferrable then
        return ""
    end
    return " DEFERRABLE" .. (key.initially_deferred and " INITIALLY DEFERRED" or "")
end

function lib.pk_sql(key)
    return "CONSTRAINT " .. lib.qi(key.name) .. " PRIMARY KEY (" .. lib.qlist(key.columns) .. ")"
        .. deferral(key)
end

function lib.unique_sql(key)
    return "CONSTRAINT " .. lib.qi(key.name) .. " UNIQUE "
        .. (key.nulls_not_distinct and "NULLS NOT DISTINCT " or "") .. "("
        .. lib.qlist(key.columns) .. ")" .. deferral(key)
end

function lib.check_sql(check)
    return "CONSTRAINT " .. lib.qi(check.name) .. " CHECK (" .. check.expr .. ")"
end

-- CONSTRAINT name EXCLUDE USING method (element, ...) [WHERE (...)] [DEFERRABLE ...]: the
-- elements ("expr WITH operator") and the predicate as written.
function lib.exclusion_sql(x)
    return "CONSTRAINT " .. lib.qi(x.name) .. " EXCLUDE USING " .. x.method .. " ("
        .. table.concat(x.elements, ", ") .. ")"
        .. (x.where and (" WHERE (" .. x.where .. ")") or "") .. deferral(x)
end

local FK_ACTIONS = {
    ["no action"] = "NO ACTION", restrict = "RESTRICT", cascade = "CASCADE",
    ["set null"] = "SET NULL", ["set default"] = "SET DEFAULT",
}

local function fk_action(what, action)
    if action == nil or action == "no action" then
        return ""
    end
    local sql = FK_ACTIONS[action]
    if not sql then
        error("unknown foreign key action " .. action)
    end
    return " " .. what .. " " .. sql
end

-- CONSTRAINT "x" FOREIGN KEY (...) REFERENCES "s"."t" [(...)] [ON DELETE ..] [ON UPDATE ..] [DEFERRABLE ..]
function lib.fk_sql(schema, fk)
    local sql = "CONSTRAINT " .. lib.qi(fk.name) .. " FOREIGN KEY (" .. lib.qlist(fk.columns)
        .. ") REFERENCES " .. lib.qname(schema, fk.ref_table)
    if #fk.ref_columns > 0 then
        sql = sql .. " (" .. lib.qlist(fk.ref_columns) .. ")"
    end
    sql = sql .. fk_action("ON DELETE", fk.on_delete) .. fk_action("ON UPDATE", fk.on_update)
    if fk.deferrable then
        sql = sql .. " DEFERRABLE"
        if fk.initially_deferred then
            sql = sql .. " INITIALLY DEFERRED"
        end
    end
    return sql
end

-- Splits an index key as written into its column and its ordering suffix
-- ("created_at DESC NULLS LAST" -> "created_at", " DESC NULLS LAST"). PostgreSQL's grammar only
-- allows a column name, a function call or a parenthesised expression there, so anything with
-- "(" or already quoted (or with COLLATE) is an expression and is returned as nil.
local function split_key(key)
    local rest, suffix = key, ""
    local function peel(pattern)
        local head, tail = rest:match("^(.-)(%s+" .. pattern .. ")$")
        if head and head ~= "" then
            rest, suffix = head, tail .. suffix
            return true
        end
        return false
    end
    local _ = peel("[Nn][Uu][Ll][Ll][Ss]%s+[Ff][Ii][Rr][Ss][Tt]")
        or peel("[Nn][Uu][Ll][Ll][Ss]%s+[Ll][Aa][Ss][Tt]")
    _ = peel("[Aa][Ss][Cc]") or peel("[Dd][Ee][Ss][Cc]")
    if rest:find("[(\"]") or rest:upper():find("%sCOLLATE%s") then
        return nil
    end
    return rest, suffix
end

-- The operator class of key i: one entry applies to every key; false means the default.
local function opclass_of(index, i)
    local oc = index.opclass
    local name = (#oc == 1) and oc[1] or oc[i]
    return name or nil
end

local function key_sql(index, key, i)
    local oc = opclass_of(index, i)
    local col, rest = split_key(key)
    if col then
        return lib.qi(col) .. (oc and (" " .. oc) or "") .. rest
    end
    return key .. (oc and (" " .. oc) or "")
end

-- CREATE [UNIQUE] INDEX [CONCURRENTLY] "name" ON "s"."t" USING m (keys) [INCLUDE (..)] [WHERE ..]
function lib.index_sql(schema, tbl, index)
    local keys
    if index.expression then
        local oc = opclass_of(index, 1)
        keys = "(" .. index.expression .. ")" .. (oc and (" " .. oc) or "")
    else
        keys = table.concat(lib.map(index.keys, function(k, i) return key_sql(index, k, i) end), ", ")
    end
    local sql = "CREATE " .. (index.unique and "UNIQUE " or "") .. "INDEX "
        .. (index.concurrently and "CONCURRENTLY " or "") .. lib.qi(index.name)
        .. " ON " .. lib.qname(schema, tbl) .. " USING " .. (index.method or "btree")
        .. " (" .. keys .. ")"
    if #index.include > 0 then
        sql = sql .. " INCLUDE (" .. lib.qlist(index.include) .. ")"
    end
    sql = sql .. lib.with_sql(index.with or {})
    if index.where then
        sql = sql .. " WHERE " .. index.where
    end
    return sql
end

-- " WITH (fillfactor = '80', ...)" of storage parameters ({ name, expr }); "" when none.
-- Every value is a literal, which PostgreSQL stores in reloptions as the text it holds.
function lib.with_sql(with)
    if #with == 0 then
        return ""
    end
    return " WITH (" .. table.concat(lib.map(with, function(x)
        return x.name .. " = " .. lib.ql(x.expr)
    end), ", ") .. ")"
end

-- The storage parameters of relation name named in names are those of with ({ name, expr }):
-- one of names missing from with is not set.
function lib.reloptions_are(schema, name, names, with)
    local want = "ARRAY[" .. table.concat(lib.map(with, function(x)
        return lib.ql(x.name .. "=" .. x.expr)
    end), ", ") .. "]::pg_catalog.text[]"
    local picked = "ARRAY[" .. table.concat(lib.map(names, lib.ql), ", ") .. "]::pg_catalog.text[]"
    return exists("pg_catalog.pg_class c", { "LATERAL (SELECT ARRAY(SELECT o FROM "
        .. "pg_catalog.unnest(c.reloptions) o WHERE pg_catalog.split_part(o, '=', 1) = ANY ("
        .. picked .. ")) AS x) r ON true" },
        { "c.oid = " .. rel_oid(schema, name), "r.x OPERATOR(pg_catalog.@>) " .. want,
            "r.x OPERATOR(pg_catalog.<@) " .. want })
end

-- ALTER TABLE/INDEX ... SET (...), RESET (...) of alter_table and alter_index: runs when the
-- relation has the values of the state before (op.with_before) for the parameters it changes, is
-- skipped when it has those after, and fails when it has neither (changed by hand).
function lib.storage_step(schema, op, what, exists_fn)
    local names, changed = {}, {}
    for _, x in ipairs(op.with_set) do
        names[#names + 1], changed[x.name] = x.name, true
    end
    for _, x in ipairs(op.with_reset) do
        names[#names + 1], changed[x.name] = x.name, true
    end
    local before = {}
    for _, x in ipairs(op.with_before) do
        if changed[x.name] then
            before[#before + 1] = x
        end
    end
    local parts = {}
    if #op.with_set > 0 then
        parts[#parts + 1] = lib.with_sql(op.with_set):gsub("^ WITH", "SET")
    end
    if #op.with_reset > 0 then
        parts[#parts + 1] = "RESET (" .. table.concat(lib.map(op.with_reset,
            function(x) return x.name end), ", ") .. ")"
    end
    local after = lib.reloptions_are(schema, op.name, names, op.with_set)
    local was = lib.reloptions_are(schema, op.name, names, before)
    local step = lib.step(op.kind .. " " .. op.name,
        lib.guard(exists_fn(schema, op.name), lib.NOT(after), was),
        "ALTER " .. what .. " " .. lib.qname(schema, op.name) .. " " .. table.concat(parts, ", "))
    step.conflict = lib.conflict(what:lower() .. " " .. op.name .. " has storage parameters of "
        .. "neither the state before this change nor the one after it (changed by hand?)",
        lib.NOT(after), lib.NOT(was), exists_fn(schema, op.name))
    return step
end

---------------------------------------------------------------------------
-- Steps shared by several operations

-- ALTER TABLE ADD CONSTRAINT, run when the constraint is absent and its table present (a re-run
-- of an old revision skips objects of tables that later revisions renamed or dropped).
function lib.add_constraint_step(kind, schema, tbl, name, body)
    return lib.step(kind .. " " .. name,
        lib.guard(lib.NOT(lib.constraint_exists(schema, tbl, name)), lib.table_exists(schema, tbl)),
        "ALTER TABLE " .. lib.qname(schema, tbl) .. " ADD " .. body)
end

-- ALTER TABLE DROP CONSTRAINT, run when the constraint is present.
function lib.drop_constraint_step(kind, schema, tbl, name)
    return lib.step(kind .. " " .. name,
        lib.guard(lib.constraint_exists(schema, tbl, name)),
        "ALTER TABLE " .. lib.qname(schema, tbl) .. " DROP CONSTRAINT " .. lib.qi(name))
end

-- Creates the index when absent. A CONCURRENTLY build that fails leaves an INVALID index behind,
-- so such a build is preceded by a step that drops that leftover (a cleanup step: nothing to do on
-- a fresh database); a build inside a transaction leaves nothing behind when it fails, and has
-- none. Steps carry their operation's position, so the hidden step shifts no step number.
function lib.create_index_steps(schema, tbl, index)
    local steps = {}
    if index.concurrently then
        local cleanup = lib.step("create_index " .. index.name .. " (drop invalid)",
            lib.guard(lib.index_exists(schema, index.name, "NOT i.indisvalid")),
            "DROP INDEX CONCURRENTLY IF EXISTS " .. lib.qname(schema, index.name))
        cleanup.cleanup = true
        steps[1] = cleanup
    end
    steps[#steps + 1] = lib.step("create_index " .. index.name,
        lib.guard(lib.NOT(lib.index_exists(schema, index.name)), lib.table_exists(schema, tbl)),
        lib.index_sql(schema, tbl, index))
    if index.comment then
        steps[#steps + 1] = lib.index_comment_step(schema, index.name, index.comment)
    end
    return steps
end

-- COMMENT ON INDEX ... IS 'text' | NULL, when the index exists.
function lib.index_comment_step(schema, name, comment)
    return lib.step("set_comment " .. name, lib.guard(lib.index_exists(schema, name)),
        "COMMENT ON INDEX " .. lib.qname(schema, name) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- COMMENT ON TYPE ... IS 'text' | NULL of an enum, when the type exists.
function lib.enum_comment_step(schema, name, comment)
    return lib.step("set_comment " .. name, lib.guard(lib.type_exists(schema, name)),
        "COMMENT ON TYPE " .. lib.qname(schema, name) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- COMMENT ON CONSTRAINT ... ON table IS 'text' | NULL, when the table has the constraint.
function lib.constraint_comment_step(schema, tbl, name, comment)
    return lib.step("set_comment " .. tbl .. "." .. name,
        lib.guard(lib.constraint_exists(schema, tbl, name)),
        "COMMENT ON CONSTRAINT " .. lib.qi(name) .. " ON " .. lib.qname(schema, tbl) .. " IS "
            .. (comment and lib.ql(comment) or "NULL"))
end

-- steps, then the comment step of constraint c (a key, check, foreign key or exclusion constraint)
-- of tbl if it has one.
function lib.with_constraint_comment(steps, schema, tbl, c)
    if c.comment then
        steps[#steps + 1] = lib.constraint_comment_step(schema, tbl, c.name, c.comment)
    end
    return steps
end

-- COMMENT ON TABLE/COLUMN ... IS 'text' | NULL. Idempotent; guarded only by the presence of its
-- object, which a later revision may have renamed or dropped when an old revision is re-run.
function lib.comment_step(schema, tbl, column, comment)
    local target, label, guard
    if column then
        target = "COLUMN " .. lib.qname(schema, tbl) .. "." .. lib.qi(column)
        label = tbl .. "." .. column
        guard = lib.guard(lib.column_exists(schema, tbl, column))
    else
        target = "TABLE " .. lib.qname(schema, tbl)
        label = tbl
        guard = lib.guard(lib.table_exists(schema, tbl))
    end
    local text = comment and lib.ql(comment) or "NULL"
    return lib.step("set_comment " .. label, guard, "COMMENT ON " .. target .. " IS " .. text)
end

---------------------------------------------------------------------------
-- Operation context

-- The ctx every operation template receives: schema plus every helper above.
-- with_later: the context renders the guards revisions.c overrides (ctx:later_names gives the
-- names later revisions give an object); without it, what a unit holds, which depends on its own
-- revision only (append-only units).
function lib.context(module, with_later)
    return setmetatable({ schema = module.schema, module = module, with_later = with_later },
        { __index = lib })
end

-- The names later revisions give op's object when ctx renders revisions.c's guards, else nil.
function lib.later_names(ctx, op)
    if ctx.with_later then
        return op.later_names
    end
    return nil
end

-- Steps of one operation, each with its source location ("file:line:col").
function lib.op_steps(op, ctx)
    local render = migc.template("ops/" .. op.kind .. ".lua")
    local steps = render(op, ctx)
    for _, st in ipairs(steps) do
        assert(type(st.label) == "string" and (type(st.sql) == "string" or st.build),
            "ops/" .. op.kind .. ".lua: a step needs a label and sql or build")
        st.source = op.loc
    end
    return steps
end

---------------------------------------------------------------------------
-- The head snapshot (SPEC §7)

-- The steps operations take in the head snapshot: theirs, but the cleanup steps (leftovers of an
-- interrupted build, which an empty schema cannot hold).
function lib.snapshot_steps(ops, ctx)
    local steps = {}
    for _, op in ipairs(ops) do
        for _, st in ipairs(lib.op_steps(op, ctx)) do
            assert(not st.commit_after, "a snapshot step cannot need a commit: " .. st.label)
            if not st.cleanup then
                steps[#steps + 1] = st
            end
        end
    end
    return steps
end

-- What a piece's steps come to (a digest of their labels and statements), for comparing a unit's
-- piece with the head's own operation.
function lib.snapshot_text(steps)
    return migc.digest(table.concat(lib.map(steps, function(st) return st.label .. "\n" .. st.sql end),
        "\n;\n"))
end

-- Writes the literals and the step table "static const migc_step <name>[]" of snapshot steps
-- (their source the C string source names), then "<linkage>const migc_snapshot_piece <symbol> =
-- {...};" over them. known (optional) maps a text the file already holds to { name, parts }: that
-- literal is used instead of a copy.
function lib.snapshot_piece(out, name, steps, source, linkage, symbol, known)
    local entries = {}
    for i, st in ipairs(steps) do
        local text_name, parts = name .. "_" .. i, nil
        local have = known and known[st.sql]
        if have then
            text_name, parts = have.name, have.parts
        else
            out[#out + 1], parts = lib.c_text(text_name, st.sql, true)
        end
        local members = { { "label", st.label }, { "source", raw = source } }
        if parts then
            members[#members + 1] = { "build", raw = "MIGC_BUILD_LINES" }
            members[#members + 1] = { "parts", raw = text_name }
        else
            members[#members + 1] = { "sql", raw = text_name }
        end
        entries[i] = lib.c_braced("    ", members, ","):sub(5, -2)
    end
    out[#out + 1] = lib.c_array("static const migc_step " .. name .. "[] = ", entries)
    out[#out + 1] = lib.c_struct(linkage .. "const migc_snapshot_piece " .. symbol .. " =",
        { { "steps", raw = name }, { "n_steps", raw = tostring(#steps) } })
    out[#out + 1] = ""
end

---------------------------------------------------------------------------
-- C output

local MAX_LITERAL = 4000 -- ISO C guarantees string literals up to 4095 bytes only

-- text cut into pieces of at most MAX_LITERAL bytes, each cut after a newline where one is near.
local function pieces_of(text)
    local out, start = {}, 1
    while start <= #text do
        local stop = math.min(start + MAX_LITERAL - 1, #text)
        if stop < #text then
            local nl = text:sub(start, stop):match(".*()\n")
            stop = nl and (start + nl - 1) or stop
        end
        out[#out + 1] = text:sub(start, stop)
        start = stop + 1
    end
    return out
end

---------------------------------------------------------------------------
-- C layout: exactly what clang-format (the repository's .clang-format: LLVM, 4 spaces, 100
-- columns) makes of it, so that generated files pass the format check unchanged.

local LIMIT = 100

-- "head <literal>tail" where head (with its indentation) ends in "=": the pieces aligned after
-- "= " when they all fit there, as clang-format prefers, else on the next lines at the head's
-- indentation plus 4 (or indent). text nil gives NULL. (migc.c_init lays it out.)
function lib.c_init(head, text, tail, indent)
    return migc.c_init(head, text, tail, indent or (head:match("^ *") .. "    "), LIMIT)
end

-- Braced initialisers, laid out in C (render_layout.c) as clang-format lays them out. Members
-- are { name, text } (a string; nil is NULL) or { name, raw = "C" }.
-- c_braced(indent, members, tail): "{.a = x, .b = y}" at indent followed by tail, on one line
-- when it fits, else one member a line, the first after "{" and the others one column further.
lib.c_braced = migc.c_braced
-- c_struct(head, members): a top-level definition "head {...};" (head ends in "="), on one line
-- when it fits, else one member a line at indent 4 with a trailing comma.
lib.c_struct = migc.c_struct
-- c_array(head, items): "head{a, b, c};" (head ends in "= ") when it fits, else the items (C
-- text, multi-line allowed) after "{" with a trailing comma, in clang-format's columns.
lib.c_array = migc.c_array

-- "/* text */" wrapped as clang-format reflows a long comment: continuation lines start " * ".
function lib.c_block_comment(text)
    local lines, line = {}, "/*"
    for word in migc.c_comment(text):gmatch("%S+") do
        if #line + 1 + #word > LIMIT and line ~= "/*" and line ~= " *" then
            lines[#lines + 1] = line
            line = " *"
        end
        line = line .. " " .. word
    end
    if #line + 3 > LIMIT and line ~= " *" then
        lines[#lines + 1] = line
        line = " *"
    end
    lines[#lines + 1] = line .. " */"
    return table.concat(lines, "\n")
end

-- The declaration of a step text: "static const char name[] = ...;"; with parts_ok, a text
-- longer than one literal may be becomes a NULL-terminated array of pieces (MIGC_BUILD_LINES),
-- and the second result is true.
function lib.c_text(name, text, parts_ok)
    if #text <= MAX_LITERAL then
        return lib.c_init("static const char " .. name .. "[] =", text, ";"), false
    end
    if not parts_ok then
        error(name .. ": a text of " .. #text .. " bytes is longer than a C string literal may be")
    end
    local lines = { "static const char *const " .. name .. "[] = {" }
    for _, piece in ipairs(pieces_of(text)) do
        local literals = migc.c_pieces(piece, LIMIT - 5)
        lines[#lines + 1] = "    " .. table.concat(literals, "\n    ") .. ","
    end
    lines[#lines + 1] = "    NULL,"
    lines[#lines + 1] = "};"
    return table.concat(lines, "\n"), true
end

-- "static const char *const name[] = {"a", "b", NULL};" in clang-format's layout.
function lib.c_list(name, items)
    local literals = lib.map(items, function(item) return migc.c_string(item) end)
    literals[#literals + 1] = "NULL"
    return lib.c_array("static const char *const " .. name .. "[] = ", literals)
end

-- Fails unless s can be pasted into a C identifier.
function lib.c_ident_part(s, pattern, what)
    if type(s) ~= "string" or not s:match(pattern) then
        error(what .. " " .. tostring(s) .. " cannot be part of a C identifier")
    end
    return s
end

---------------------------------------------------------------------------
-- The online forms (SPEC §4.1)

-- The constraint exists on the table and is (valid true) or is not (false) validated.
function lib.constraint_validated(schema, tbl, name, valid)
    return exists("pg_catalog.pg_constraint k", {},
        { "k.conrelid = " .. rel_oid(schema, tbl), "k.conname = " .. lib.ql(name),
            (valid and "" or "NOT ") .. "k.convalidated" })
end

-- ADD CONSTRAINT of a primary key or unique constraint (kind) of schema s, body the plain form;
-- with op.using_index, ADD CONSTRAINT ... <what> USING INDEX, failing when neither exists.
function lib.key_step(s, kind, op, what, body)
    local t = op.table
    if not op.using_index then
        return lib.add_constraint_step(kind, s, t, op.key.name, body)
    end
    local step = lib.add_constraint_step(kind, s, t, op.key.name, "CONSTRAINT "
        .. lib.qi(op.key.name) .. " " .. what .. " USING INDEX " .. lib.qi(op.using_index)
        .. deferral(op.key))
    step.conflict = lib.conflict("table " .. t .. " has neither constraint " .. op.key.name
        .. " nor index " .. op.using_index .. ": the revision that builds the index has not run",
        lib.NOT(lib.constraint_exists(s, t, op.key.name)),
        lib.NOT(lib.index_exists(s, op.using_index)), lib.table_exists(s, t))
    return step
end

-- The steps that build again the index a dropped key was made from (op.using_index), if any.
function lib.rebuild_index_steps(schema, op)
    if not (op.using_index and op.index) then
        return {}
    end
    return lib.create_index_steps(schema, op.table, op.index)
end

return lib
