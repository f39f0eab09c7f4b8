-- migc templates: the expected schema after every revision, part of revisions.c (expected.lua).
-- Returns function(module) -> C text defining exp_schemas[] (one migc_expected_schema per
-- revision) and exp_external_types[], or nil names when there is nothing to point at.
-- Each distinct table or enum version is written once; schemas point at the versions in force.

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
local function members(...)
    local out = {}
    for _, m in ipairs({ ... }) do
        if (m.raw == nil and m[2] ~= nil) or (m.raw ~= nil and m.raw ~= "0" and m.raw ~= "NULL") then
            out[#out + 1] = m
        end
    end
    return out
end

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
        { "identity", raw = char(identity) }, { "nullable", raw = flag(col.nullable) }))
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
        -- NOT VALID between the halves of an online form (SPEC §4.1)
        { "not_valid", raw = flag(k.not_valid) }))
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
        { "n_include", raw = tostring(n_inc) }, { "where", index.where }))
end

-- One table version: its arrays, then "static const migc_expected_table exp_t<id>".
local function emit_table(out, id, t, since)
    local base = "exp_t" .. id
    out[#out + 1] = lib.c_block_comment("table " .. t.name .. ", since " .. since)
    local cols, n_cols = array(out, "migc_expected_column", base .. "_columns",
        lib.map(t.columns, column_entry))
    local kent = lib.map(t.constraints, function(k, i)
        return constraint_entry(out, base .. "_k" .. i, k)
    end)
    local cons, n_cons = array(out, "migc_expected_constraint", base .. "_constraints", kent)
    local xent = lib.map(t.indexes, function(x, i) return index_entry(out, base .. "_x" .. i, x) end)
    local idx, n_idx = array(out, "migc_expected_index", base .. "_indexes", xent)
    out[#out + 1] = definition("migc_expected_table", base, members({ "name", t.name },
        { "comment", t.comment }, { "columns", raw = cols }, { "n_columns", raw = tostring(n_cols) },
        { "constraints", raw = cons }, { "n_constraints", raw = tostring(n_cons) },
        { "indexes", raw = idx }, { "n_indexes", raw = tostring(n_idx) }))
    out[#out + 1] = ""
end

local function emit_enum(out, id, e, since)
    local base = "exp_e" .. id
    out[#out + 1] = lib.c_block_comment("enum " .. e.name .. ", since " .. since)
    local vals, n_vals = strings(out, base .. "_values", e.values)
    out[#out + 1] = definition("migc_expected_enum", base, members({ "name", e.name },
        { "values", raw = vals }, { "n_values", raw = tostring(n_vals) }))
    out[#out + 1] = ""
end

-- Pointers to the versions named by ids, as an array of "const T *const".
local function pointers(out, ctype, name, prefix, ids)
    local entries = lib.map(ids, function(id) return "&" .. prefix .. id end)
    return array(out, ctype .. " *const", name, entries)
end

-- The objects of one kind in every state (kind: what KINDS below describes): each distinct
-- object written once (<prefix><id>, with its parts), a list per state (<list><i>) and
-- <sets> pointing at one list per revision. Returns that name, or "NULL" when no revision has
-- such an object (older output stays as it was).
local function emit_kind(out, states, kind)
    local any = false
    for _, st in ipairs(states) do
        any = any or #st[kind.field] > 0
    end
    if not any then
        return "NULL"
    end
    local ids, n, sets = {}, 0, {}
    for i, st in ipairs(states) do
        local list = {}
        for _, obj in ipairs(st[kind.field]) do
            local fields, parts = kind.describe(obj)
            local key = entry(fields) .. "\n" .. table.concat(parts or {}, "\n")
            if not ids[key] then
                n = n + 1
                ids[key] = n
                if kind.parts then
                    local name, count = array(out, kind.parts.ctype,
                        kind.prefix .. n .. kind.parts.suffix, parts)
                    fields[#fields + 1] = { kind.parts.member, raw = name }
                    fields[#fields + 1] = { "n_" .. kind.parts.member, raw = tostring(count) }
                end
                out[#out + 1] = definition(kind.ctype, kind.prefix .. n, members(table.unpack(fields)))
            end
            list[#list + 1] = ids[key]
        end
        local name, count = pointers(out, kind.ctype, kind.list .. i .. "_list", kind.prefix, list)
        out[#out + 1] = definition(kind.ctype .. "s", kind.list .. i,
            members({ kind.member, raw = name }, { "n_" .. kind.member, raw = tostring(count) }))
        sets[i] = i
    end
    pointers(out, kind.ctype .. "s", kind.sets, kind.list, sets)
    out[#out + 1] = ""
    return kind.sets
end

-- The kinds emit_kind writes: field of a state, C type (and its list type with an "s"), names,
-- and describe(obj) -> designated members and the entries of its parts array.
local KINDS = {
    sequences = { field = "sequences", ctype = "migc_expected_sequence", prefix = "exp_q",
        list = "exp_sq", sets = "exp_sequence_sets", member = "sequences",
        describe = function(q)
            local v = q.values
            return members({ "name", q.name }, { "type", v.type },
                { "increment", v.increment }, { "min_value", v.min_value },
                { "max_value", v.max_value }, { "start", v.start }, { "cache", v.cache },
                { "cycle", raw = flag(v.cycle) }, { "owned_table", q.owned_table },
                { "owned_column", q.owned_column }, { "comment", q.comment })
        end },
    domains = { field = "domains", ctype = "migc_expected_domain", prefix = "exp_d",
        list = "exp_dm", sets = "exp_domain_sets", member = "domains",
        parts = { ctype = "migc_expected_constraint", suffix = "_checks", member = "checks" },
        describe = function(d)
            local checks = lib.map(d.checks, function(c)
                return entry(members({ "name", c.name }, { "type", raw = "'c'" }, { "expr", c.expr }))
            end)
            return members({ "name", d.name }, { "type", d.type },
                { "default_expr", d.default }, { "collation", d.collation },
                { "comment", d.comment }, { "not_null", raw = flag(d.not_null) }), checks
        end },
    ctypes = { field = "ctypes", ctype = "migc_expected_ctype", prefix = "exp_ct",
        list = "exp_cs", sets = "exp_ctype_sets", member = "types",
        parts = { ctype = "migc_expected_attribute", suffix = "_attrs", member = "attrs" },
        describe = function(t)
            local attrs = lib.map(t.attrs, function(x)
                return entry(members({ "name", x.name }, { "type", x.type },
                    { "collation", x.collation }))
            end)
            return members({ "name", t.name }, { "comment", t.comment }), attrs
        end },
    views = { field = "views", ctype = "migc_expected_view", prefix = "exp_v",
        list = "exp_vw", sets = "exp_view_sets", member = "views",
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

-- The revision where each version first appears: since[id] = revision id.
local function first_seen(module, field)
    local since = {}
    for i, st in ipairs(module.expected.states) do
        for _, id in ipairs(st[field]) do
            since[id] = since[id] or module.revisions[i].id
        end
    end
    return since
end

local function emit_state(out, i, st, rev)
    local base = "exp_s" .. i
    out[#out + 1] = lib.c_block_comment("schema after " .. rev.id)
    local ext, n_ext = strings(out, base .. "_extensions", st.extensions)
    local en, n_en = pointers(out, "migc_expected_enum", base .. "_enums", "exp_e", st.enums)
    local tb, n_tb = pointers(out, "migc_expected_table", base .. "_tables", "exp_t", st.tables)
    out[#out + 1] = definition("migc_expected_schema", base, members({ "extensions", raw = ext },
        { "n_extensions", raw = tostring(n_ext) }, { "enums", raw = en },
        { "n_enums", raw = tostring(n_en) }, { "tables", raw = tb },
        { "n_tables", raw = tostring(n_tb) }))
    out[#out + 1] = ""
end

return function(module)
    local x = module.expected
    local out = {}
    local tsince, esince = first_seen(module, "tables"), first_seen(module, "enums")
    for id, e in ipairs(x.enums) do
        emit_enum(out, id, e, esince[id])
    end
    for id, t in ipairs(x.tables) do
        emit_table(out, id, t, tsince[id])
    end
    for i, st in ipairs(x.states) do
        emit_state(out, i, st, module.revisions[i])
    end
    local schemas = pointers(out, "migc_expected_schema", "exp_schemas", "exp_s",
        lib.map(x.states, function(_, i) return i end))
    if schemas ~= "NULL" then
        out[#out + 1] = ""
    end
    local ext, n_ext = strings(out, "exp_external_types", x.external_types)
    if ext ~= "NULL" then
        out[#out + 1] = ""
    end
    local seqs = emit_kind(out, x.states, KINDS.sequences)
    local doms = emit_kind(out, x.states, KINDS.domains)
    local cts = emit_kind(out, x.states, KINDS.ctypes)
    local views = emit_kind(out, x.states, KINDS.views)
    return { text = table.concat(out, "\n"), schemas = schemas, external_types = ext,
        n_external_types = n_ext, sequences = seqs, domains = doms, ctypes = cts, views = views }
end
