-- migc templates: the expected schema after every revision, part of revisions.c (expected.lua).
-- Returns function(module) -> C text defining exp_schemas[] (one migc_expected_schema per
-- revision) and exp_external_types[], or nil names when there is nothing to point at.
-- Each distinct table or enum version is written once; schemas point at the versions in force.

local lib = migc.template("lib.lua")

local function str(s)
    return migc.c_string(s, "        ")
end

-- "{a, b, c}," on one line when it fits, else one member per line.
local function entry(members)
    local indent = "    "
    local line = indent .. "{" .. table.concat(members, ", ") .. "},"
    if #line <= 100 and not line:find("\n", 1, true) then
        return line
    end
    return indent .. "{\n" .. indent .. "    " .. table.concat(members, ",\n" .. indent .. "    ")
        .. ",\n" .. indent .. "},"
end

-- "static const <ctype> name = {members};", one member per line when it does not fit.
local function definition(ctype, name, members)
    local head = "static const " .. ctype .. " " .. name .. " = {"
    local line = head .. table.concat(members, ", ") .. "};"
    if #line <= 100 and not line:find("\n", 1, true) then
        return line
    end
    return head .. "\n    " .. table.concat(members, ",\n    ") .. ",\n};"
end

-- Writes "static const <ctype> name[] = { entries };" and returns name, count ("NULL", 0 if empty).
local function array(out, ctype, name, entries)
    if #entries == 0 then
        return "NULL", 0
    end
    out[#out + 1] = "static const " .. ctype .. " " .. name .. "[] = {"
    lib.append(out, entries)
    out[#out + 1] = "};"
    return name, #entries
end

-- A list of strings as a "const char *const" array.
local function strings(out, name, list)
    local entries = lib.map(list, function(s) return "    " .. migc.c_string(s, "        ") .. "," end)
    return array(out, "char *const", name, entries)
end

local FK_ACTIONS = {
    ["no action"] = "a", restrict = "r", cascade = "c", ["set null"] = "n", ["set default"] = "d",
}

local function char(c)
    return c and ("'" .. c .. "'") or "0"
end

local function flag(b)
    return b and "1" or "0"
end

local function column_entry(col)
    local identity = ({ always = "a", by_default = "d" })[col.identity or ""]
    return entry({ str(col.name), str(col.type), str(col.default_expr), str(col.comment),
        char(identity), flag(col.nullable) })
end

local function constraint_entry(out, base, k)
    local cols, n_cols = strings(out, base .. "_columns", k.columns or {})
    local refs, n_refs = strings(out, base .. "_ref_columns", k.ref_columns or {})
    local fk = k.type == "f"
    local members = { str(k.name), char(k.type), cols, tostring(n_cols), str(k.expr),
        str(k.ref_table), refs, tostring(n_refs),
        fk and char(FK_ACTIONS[k.on_delete or "no action"]) or "0",
        fk and char(FK_ACTIONS[k.on_update or "no action"]) or "0",
        flag(k.deferrable), flag(k.deferrable and k.initially_deferred),
        flag(k.not_valid) } -- NOT VALID between the halves of an online form (SPEC §4.1)
    return entry(members)
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
        return entry({ str(k.column), str(k.expr), str(opclass_of(index, i)), flag(k.desc),
            flag(k.nulls_first) })
    end)
    local kname, n_keys = array(out, "migc_expected_index_key", base .. "_keys", key_entries)
    local inc, n_inc = strings(out, base .. "_include", index.include)
    return entry({ str(index.name), str(index.method or "btree"), flag(index.unique), kname,
        tostring(n_keys), inc, tostring(n_inc), str(index.where) })
end

-- One table version: its arrays, then "static const migc_expected_table exp_t<id>".
local function emit_table(out, id, t, since)
    local base = "exp_t" .. id
    out[#out + 1] = "/* table " .. migc.c_comment(t.name) .. ", since " .. since .. " */"
    local cols, n_cols = array(out, "migc_expected_column", base .. "_columns",
        lib.map(t.columns, column_entry))
    local kent = lib.map(t.constraints, function(k, i)
        return constraint_entry(out, base .. "_k" .. i, k)
    end)
    local cons, n_cons = array(out, "migc_expected_constraint", base .. "_constraints", kent)
    local xent = lib.map(t.indexes, function(x, i) return index_entry(out, base .. "_x" .. i, x) end)
    local idx, n_idx = array(out, "migc_expected_index", base .. "_indexes", xent)
    out[#out + 1] = definition("migc_expected_table", base, { str(t.name), str(t.comment), cols,
        tostring(n_cols), cons, tostring(n_cons), idx, tostring(n_idx) })
    out[#out + 1] = ""
end

local function emit_enum(out, id, e, since)
    local base = "exp_e" .. id
    out[#out + 1] = "/* enum " .. migc.c_comment(e.name) .. ", since " .. since .. " */"
    local vals, n_vals = strings(out, base .. "_values", e.values)
    out[#out + 1] = definition("migc_expected_enum", base, { str(e.name), vals, tostring(n_vals) })
    out[#out + 1] = ""
end

-- Pointers to the versions named by ids, as an array of "const T *const".
local function pointers(out, ctype, name, prefix, ids)
    local entries = lib.map(ids, function(id) return "    &" .. prefix .. id .. "," end)
    return array(out, ctype .. " *const", name, entries)
end

-- The sequences of every state: each distinct sequence written once (exp_q<id>), a list per
-- state (exp_sq<i>), and exp_sequence_sets pointing at one list per revision. Returns that name,
-- or "NULL" when no revision has a sequence (older output stays as it was).
local function emit_sequences(out, states)
    local any = false
    for _, st in ipairs(states) do
        any = any or #st.sequences > 0
    end
    if not any then
        return "NULL"
    end
    local ids, n = {}, 0
    local sets = {}
    for i, st in ipairs(states) do
        local members = {}
        for _, q in ipairs(st.sequences) do
            local v = q.values
            local fields = { str(q.name), str(v.type), str(v.increment), str(v.min_value),
                str(v.max_value), str(v.start), str(v.cache), flag(v.cycle), str(q.owned_table),
                str(q.owned_column), str(q.comment) }
            local key = table.concat(fields, "\0")
            if not ids[key] then
                n = n + 1
                ids[key] = n
                out[#out + 1] = definition("migc_expected_sequence", "exp_q" .. n, fields)
            end
            members[#members + 1] = ids[key]
        end
        local list, count = pointers(out, "migc_expected_sequence", "exp_sq" .. i .. "_list",
            "exp_q", members)
        out[#out + 1] = definition("migc_expected_sequences", "exp_sq" .. i, { list, tostring(count) })
        sets[i] = i
    end
    pointers(out, "migc_expected_sequences", "exp_sequence_sets", "exp_sq", sets)
    out[#out + 1] = ""
    return "exp_sequence_sets"
end

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
    out[#out + 1] = "/* schema after " .. rev.id .. " */"
    local ext, n_ext = strings(out, base .. "_extensions", st.extensions)
    local en, n_en = pointers(out, "migc_expected_enum", base .. "_enums", "exp_e", st.enums)
    local tb, n_tb = pointers(out, "migc_expected_table", base .. "_tables", "exp_t", st.tables)
    out[#out + 1] = definition("migc_expected_schema", base,
        { ext, tostring(n_ext), en, tostring(n_en), tb, tostring(n_tb) })
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
    local seqs = emit_sequences(out, x.states)
    return { text = table.concat(out, "\n"), schemas = schemas, external_types = ext,
        n_external_types = n_ext, sequences = seqs }
end
