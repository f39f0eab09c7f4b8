-- migc templates: the expected schema after each revision (expected.lua), written into the
-- revision's own unit: the schema after a revision never changes once the revision is written, so
-- units stay append-only (SPEC §5). Each distinct table, enum, sequence, domain or composite type
-- is defined once, with external linkage (migc_x_<module>_<kind><id>), in the unit of the
-- revision where it first appears; later units declare it and point to it.
-- Returns { unit = function(module, i) -> C text and the schema's name, external_types =
-- function(module) -> C text, name and count } for revisions.c.

local lib = migc.template("lib.lua")

-- A designated entry of an array, without indentation or trailing comma (lib.c_array).
local function entry(members)
    return lib.c_braced("    ", members, ","):sub(5, -2)
end

-- "static const <ctype> name = {...};" of designated members.
local function definition(ctype, name, members)
    return lib.c_struct("static const " .. ctype .. " " .. name .. " =", members)
end

-- Writes "static const <ctype> name[] = {...};" and returns name, count ("NULL", 0 if empty).
local function array(out, ctype, name, entries)
    if #entries == 0 then
        return "NULL", 0
    end
    out[#out + 1] = lib.c_array("static const " .. ctype .. " " .. name .. "[] = ", entries)
    return name, #entries
end

-- A list of strings as a "const char *const" array.
local function strings(out, name, list)
    return array(out, "char *const", name, lib.map(list, function(s) return migc.c_string(s) end))
end

-- Members of a designated initialiser, those that are NULL or 0 left out: each argument is
-- { name, text } (a string; nil is NULL) or { name, raw = C } (nil, "0" and "NULL" are left out).
local members = migc.members

local FK_ACTIONS = {
    ["no action"] = "a", restrict = "r", cascade = "c", ["set null"] = "n", ["set default"] = "d",
}

local function char(c)
    return c and ("'" .. c .. "'") or nil
end

local function flag(b)
    return b and "1" or nil
end

local function column_entry(col)
    local identity = ({ always = "a", by_default = "d" })[col.identity or ""]
    return entry(members({ "name", col.name }, { "type", col.type },
        { "default_expr", col.default_expr }, { "comment", col.comment },
        { "identity", raw = char(identity) }, { "nullable", raw = flag(col.nullable) },
        { "collation", col.collation }, { "generated", col.generated }))
end

local function constraint_entry(out, base, k)
    local cols, n_cols = strings(out, base .. "_columns", k.columns or {})
    local refs, n_refs = strings(out, base .. "_ref_columns", k.ref_columns or {})
    local fk = k.type == "f"
    return entry(members({ "name", k.name }, { "type", raw = char(k.type) },
        { "columns", raw = cols }, { "n_columns", raw = tostring(n_cols) }, { "expr", k.expr },
        { "ref_table", k.ref_table }, { "ref_columns", raw = refs },
        { "n_ref_columns", raw = tostring(n_refs) },
        { "on_delete", raw = fk and char(FK_ACTIONS[k.on_delete or "no action"]) or nil },
        { "on_update", raw = fk and char(FK_ACTIONS[k.on_update or "no action"]) or nil },
        { "deferrable", raw = flag(k.deferrable) },
        { "deferred", raw = flag(k.deferrable and k.initially_deferred) },
        { "nulls_not_distinct", raw = flag(k.nulls_not_distinct) },
        -- NOT VALID between the halves of an online form (SPEC §4.1)
        { "not_valid", raw = flag(k.not_valid) }, { "comment", k.comment }))
end

-- Peels a trailing pattern (after whitespace) off text; returns the head or nil.
local function peel(text, pattern)
    local head = text:match("^(.-)%s+" .. pattern .. "$")
    if head and head ~= "" then
        return head
    end
    return nil
end

-- An index key as written -> column or expression, DESC, NULLS FIRST; the same split as
-- lib.index_sql: anything with "(" or a quote or COLLATE is an expression.
local function parse_key(text)
    local rest, nulls_first = text, nil
    local h = peel(rest, "[Nn][Uu][Ll][Ll][Ss]%s+[Ff][Ii][Rr][Ss][Tt]")
    if h then
        rest, nulls_first = h, true
    else
        h = peel(rest, "[Nn][Uu][Ll][Ll][Ss]%s+[Ll][Aa][Ss][Tt]")
        if h then
            rest, nulls_first = h, false
        end
    end
    local desc = false
    h = peel(rest, "[Dd][Ee][Ss][Cc]")
    if h then
        rest, desc = h, true
    else
        rest = peel(rest, "[Aa][Ss][Cc]") or rest
    end
    if nulls_first == nil then
        nulls_first = desc
    end
    local expr = rest:find("[(\"]") or rest:upper():find("%sCOLLATE%s")
    return { column = (not expr) and rest or nil, expr = expr and rest or nil, desc = desc,
        nulls_first = nulls_first }
end

local function opclass_of(index, i)
    local oc = index.opclass
    local name = (#oc == 1) and oc[1] or oc[i]
    return name or nil
end

local function index_entry(out, base, index)
    local keys = {}
    if index.expression then
        keys[1] = { expr = index.expression, desc = false, nulls_first = false }
    else
        keys = lib.map(index.keys, parse_key)
    end
    local key_entries = lib.map(keys, function(k, i)
        return entry(members({ "column", k.column }, { "expr", k.expr },
            { "opclass", opclass_of(index, i) }, { "desc", raw = flag(k.desc) },
            { "nulls_first", raw = flag(k.nulls_first) }))
    end)
    local kname, n_keys = array(out, "migc_expected_index_key", base .. "_keys", key_entries)
    local inc, n_inc = strings(out, base .. "_include", index.include)
    return entry(members({ "name", index.name }, { "method", index.method or "btree" },
        { "unique", raw = flag(index.unique) }, { "keys", raw = kname },
        { "n_keys", raw = tostring(n_keys) }, { "include", raw = inc },
        { "n_include", raw = tostring(n_inc) }, { "where", index.where },
        { "comment", index.comment }, { "with", index.with }))
end

-- One table version: its arrays, then its definition under the symbol sym.
local function define_table(out, sym, base, t)
    out[#out + 1] = lib.c_block_comment("table " .. t.name)
    local cols, n_cols = array(out, "migc_expected_column", base .. "_columns",
        lib.map(t.columns, column_entry))
    local kent = lib.map(t.constraints, function(k, i)
        return constraint_entry(out, base .. "_k" .. i, k)
    end)
    local cons, n_cons = array(out, "migc_expected_constraint", base .. "_constraints", kent)
    local xent = lib.map(t.indexes, function(x, i) return index_entry(out, base .. "_x" .. i, x) end)
    local idx, n_idx = array(out, "migc_expected_index", base .. "_indexes", xent)
    out[#out + 1] = lib.c_struct("const migc_expected_table " .. sym .. " =", members(
        { "name", t.name }, { "comment", t.comment }, { "columns", raw = cols },
        { "n_columns", raw = tostring(n_cols) }, { "constraints", raw = cons },
        { "n_constraints", raw = tostring(n_cons) }, { "indexes", raw = idx },
        { "n_indexes", raw = tostring(n_idx) }, { "partition_by", t.partition_by },
        { "partition_of", t.partition_of }, { "bounds", t.bounds }, { "with", t.with }))
    out[#out + 1] = ""
end

local function define_enum(out, sym, base, e)
    out[#out + 1] = lib.c_block_comment("enum " .. e.name)
    local vals, n_vals = strings(out, base .. "_values", e.values)
    out[#out + 1] = lib.c_struct("const migc_expected_enum " .. sym .. " =", members(
        { "name", e.name }, { "values", raw = vals }, { "n_values", raw = tostring(n_vals) },
        { "comment", e.comment }))
    out[#out + 1] = ""
end

-- The kinds written from their description: field of a state, C type (its list type adds an
-- "s"), symbol letter, the member of the schema (and of the list) that points to them, and
-- describe(obj) -> designated members and the entries of its parts array.
local KINDS = {
    sequences = { field = "sequences", ctype = "migc_expected_sequence", letter = "q",
        member = "sequences",
        describe = function(q)
            local v = q.values
            return members({ "name", q.name }, { "type", v.type },
                { "increment", v.increment }, { "min_value", v.min_value },
                { "max_value", v.max_value }, { "start", v.start }, { "cache", v.cache },
                { "cycle", raw = flag(v.cycle) }, { "owned_table", q.owned_table },
                { "owned_column", q.owned_column }, { "comment", q.comment })
        end },
    domains = { field = "domains", ctype = "migc_expected_domain", letter = "d",
        member = "domains",
        parts = { ctype = "migc_expected_constraint", suffix = "_checks", member = "checks" },
        describe = function(d)
            local checks = lib.map(d.checks, function(c)
                return entry(members({ "name", c.name }, { "type", raw = "'c'" }, { "expr", c.expr }))
            end)
            return members({ "name", d.name }, { "type", d.type },
                { "default_expr", d.default }, { "collation", d.collation },
                { "comment", d.comment }, { "not_null", raw = flag(d.not_null) }), checks
        end },
    ctypes = { field = "ctypes", ctype = "migc_expected_ctype", letter = "ct",
        member = "types",
        parts = { ctype = "migc_expected_attribute", suffix = "_attrs", member = "attrs" },
        describe = function(t)
            local attrs = lib.map(t.attrs, function(x)
                return entry(members({ "name", x.name }, { "type", x.type },
                    { "collation", x.collation }))
            end)
            return members({ "name", t.name }, { "comment", t.comment }), attrs
        end },
    funcs = { field = "funcs", ctype = "migc_expected_function", letter = "f",
        member = "functions", sticky = true,
        describe = function(f)
            local set = f.returns and (f.returns:match("^SETOF ") or f.returns:match("^TABLE%("))
            local config = lib.map(f.set, function(x) return x.name .. "=" .. x.expr end)
            return members({ "name", f.name }, { "kind", f.procedure and "p" or "f" },
                { "arguments", f.arguments }, { "result", f.returns }, { "language", f.language },
                { "volatility", f.procedure and "v" or f.volatility:sub(1, 1) },
                { "parallel", f.procedure and "u" or f.parallel:sub(1, 1) },
                { "strict", raw = flag(f.strict) },
                { "security_definer", raw = flag(f.security_definer) },
                { "leakproof", raw = flag(f.leakproof) }, { "cost", f.cost or "100" },
                { "rows", f.rows or (set and "1000" or "0") },
                { "config", #config > 0 and table.concat(config, "\n") or nil },
                { "body", f.body }, { "comment", f.comment })
        end },
    triggers = { field = "triggers", ctype = "migc_expected_trigger", letter = "g",
        member = "triggers", sticky = true,
        describe = function(g)
            return members({ "table", g.table }, { "name", g.name }, { "timing", g.timing },
                { "events", table.concat(g.events, ",") },
                { "update_of", #g.update_of > 0 and table.concat(g.update_of, ",") or nil },
                { "row", raw = flag(g.row) }, { "function", g.func }, { "args", g.args },
                { "when", g.when }, { "old_table", g.old_table }, { "new_table", g.new_table },
                { "comment", g.comment })
        end },
    views = { field = "views", ctype = "migc_expected_view", letter = "v",
        member = "views",
        parts = { ctype = "migc_expected_view_index", suffix = "_indexes", member = "indexes" },
        describe = function(v)
            local indexes = lib.map(v.indexes, function(x)
                local sql = lib.index_sql("s", v.name, setmetatable({ concurrently = false },
                    { __index = x }))
                return entry(members({ "name", x.name }, { "unique", raw = flag(x.unique) },
                    { "body", sql:sub((sql:find(" USING ", 1, true))) }))
            end)
            return members({ "name", v.name }, { "materialized", raw = flag(v.materialized) },
                { "query", v.query }, { "security_barrier", raw = flag(v.security_barrier) },
                { "check_option", v.check_option },
                { "security_invoker", raw = flag(v.security_invoker) },
                { "with_data", raw = flag(v.with_data) }, { "comment", v.comment }), indexes
        end },
}

-- An index of one kind over every state: ids[i] lists the ids of the objects of state i (in
-- its order; filled for the states whose unit is rendered), since[id] is the first state that
-- holds version id, define(out, sym, base, id) writes that version. Ids number distinct versions
-- by first appearance, so the ids of a state never depend on later revisions. Tables and enums
-- come numbered from the generator (render_expected.c); the other kinds are numbered here.
local function deduped_index(module, field, define)
    local x = module.expected
    local idx = { ids = {}, since = x[field .. "_since"] }
    for i, st in ipairs(x.states) do
        idx.ids[i] = st[field]
    end
    idx.define = function(out, sym, base, id) define(out, sym, base, x[field][id]) end
    return idx
end

local function described_index(module, kind)
    local idx, keys, defs, n = { ids = {}, since = {} }, {}, {}, 0
    for i, st in ipairs(module.expected.states) do
        local list = {}
        for _, obj in ipairs(st[kind.field]) do
            local fields, parts = kind.describe(obj)
            local key = entry(fields) .. "\n" .. table.concat(parts or {}, "\n")
            if not keys[key] then
                n = n + 1
                keys[key], defs[n], idx.since[n] = n, { fields = fields, parts = parts }, i
            end
            list[#list + 1] = keys[key]
        end
        idx.ids[i] = list
    end
    -- True when a state up to i has an object of the kind (a sticky kind's list is written from
    -- there on, maybe empty).
    idx.seen_by = function(i) return idx.since[1] ~= nil and idx.since[1] <= i end
    idx.define = function(out, sym, base, id)
        local fields = defs[id].fields
        if kind.parts then
            local name, count = array(out, kind.parts.ctype, base .. kind.parts.suffix,
                defs[id].parts)
            fields[#fields + 1] = { kind.parts.member, raw = name }
            fields[#fields + 1] = { "n_" .. kind.parts.member, raw = tostring(count) }
        end
        out[#out + 1] = lib.c_struct("const " .. kind.ctype .. " " .. sym .. " =",
            members(table.unpack(fields)))
        out[#out + 1] = ""
    end
    return idx
end

-- Every kind in the order a unit writes it: C type, symbol letter, schema member, whether the
-- schema points to a list struct (<ctype>s) rather than to the array, whether that list is written
-- (maybe empty) once any earlier state had such an object (sticky), and its index.
local ORDER = {
    { ctype = "migc_expected_enum", letter = "e", member = "enums",
        index = function(m) return deduped_index(m, "enums", define_enum) end },
    { ctype = "migc_expected_table", letter = "t", member = "tables",
        index = function(m) return deduped_index(m, "tables", define_table) end },
}
for _, name in ipairs({ "sequences", "domains", "ctypes", "funcs", "triggers", "views" }) do
    local kind = KINDS[name]
    ORDER[#ORDER + 1] = { ctype = kind.ctype, letter = kind.letter, member = kind.member,
        listed = true, sticky = kind.sticky,
        index = function(m) return described_index(m, kind) end }
end

-- The indexes of a module, built once however many units are rendered.
local cache = setmetatable({}, { __mode = "k" })

local function indexes_of(module)
    if not cache[module] then
        cache[module] = lib.map(ORDER, function(k) return k.index(module) end)
    end
    return cache[module]
end

-- "extern const <ctype> sym;", the name on the next line when it does not fit.
local function extern(ctype, sym)
    local line = "extern const " .. ctype .. " " .. sym .. ";"
    if #line <= 100 then
        return line
    end
    return "extern const " .. ctype .. "\n    " .. sym .. ";"
end

-- The objects of one kind in state i: versions first seen there defined into defs, the others
-- declared into decls; their pointer array into lists; returns the schema's members for them.
local function emit_objects(module, i, k, idx, defs, decls, lists)
    local prefix = "migc_x_" .. module.name .. "_" .. k.letter
    local ptrs = {}
    for _, id in ipairs(idx.ids[i]) do
        local sym = prefix .. id
        if idx.since[id] == i then
            idx.define(defs, sym, "x_" .. k.letter .. id, id)
        else
            decls[#decls + 1] = extern(k.ctype, sym)
        end
        ptrs[#ptrs + 1] = "&" .. sym
    end
    local name, n = array(lists, k.ctype .. " *const", "exp_" .. k.member, ptrs)
    if not k.listed then
        return { { k.member, raw = name }, { "n_" .. k.member, raw = tostring(n) } }
    end
    if n == 0 and not (k.sticky and idx.seen_by(i)) then
        return {}
    end
    lists[#lists + 1] = lib.c_struct("static const " .. k.ctype .. "s exp_" .. k.member
        .. "_list =", { { k.member, raw = name }, { "n_" .. k.member, raw = tostring(n) } })
    return { { k.member, raw = "&exp_" .. k.member .. "_list" } }
end

-- The schema after revision i as C text ending in "static const migc_expected_schema expected".
local function unit(module, i)
    local st, defs, decls, lists = module.expected.states[i], {}, {}, {}
    local ext, n_ext = strings(lists, "exp_extensions", st.extensions)
    local fields = { { "extensions", raw = ext }, { "n_extensions", raw = tostring(n_ext) } }
    if next(st.extension_schemas) then -- only when an extension names its schema
        local schemas = lib.map(st.extensions, function(e)
            return migc.c_string(st.extension_schemas[e])
        end)
        local name = array(lists, "char *const", "exp_extension_schemas", schemas)
        fields[#fields + 1] = { "extension_schemas", raw = name }
    end
    for j, idx in ipairs(indexes_of(module)) do
        lib.append(fields, emit_objects(module, i, ORDER[j], idx, defs, decls, lists))
    end
    local out = { lib.c_block_comment("The schema after this revision, which `check` compares the "
        .. "database with: the versions of its objects first written here are defined here, "
        .. "the others where they first appear.") }
    if #decls > 0 then
        lib.append(out, decls)
        out[#out + 1] = ""
    end
    lib.append(out, defs)
    if #lists > 0 then
        out[#out + 1] = table.concat(lists, "\n")
    end
    out[#out + 1] = definition("migc_expected_schema", "expected", members(table.unpack(fields)))
    out[#out + 1] = ""
    return table.concat(out, "\n")
end

-- module.yaml external_types for revisions.c: the C text, the array's name and its length.
local function external_types(module)
    local out = {}
    local name, n = strings(out, "exp_external_types", module.expected.external_types)
    if name ~= "NULL" then
        out[#out + 1] = ""
    end
    return table.concat(out, "\n"), name, n
end

return { unit = unit, external_types = external_types }
