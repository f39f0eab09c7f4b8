-- migc templates: the revision table, generated/revisions.c (revisions.lua).
-- Returns function(module) -> C text: the module settings, its revisions in chain order, the
-- expected schema after each revision (expected.lua), and main() for a migrator built with
-- MIGC_MIGRATOR_MAIN.

local lib = migc.template("lib.lua")
local expected = migc.template("expected.lua")

-- The commit_before table (SPEC §7): one entry per revision, where a migrator that shares one
-- transaction between revisions must commit (the generator's rule, generator/batch.h), each
-- entry's comment naming its revision, aligned as clang-format aligns trailing comments.
local function commit_table(revisions)
    local values, width = {}, 0
    for i, rev in ipairs(revisions) do
        local bits = {}
        if rev.commit_before_up then
            bits[#bits + 1] = "MIGC_COMMIT_BEFORE_UP"
        end
        if rev.commit_before_down then
            bits[#bits + 1] = "MIGC_COMMIT_BEFORE_DOWN"
        end
        values[i] = (#bits > 0 and table.concat(bits, " | ") or "0") .. ","
        width = math.max(width, #values[i])
    end
    local out = {
        "/* Where a run that shares one transaction between revisions commits: before upgrading",
        " * (MIGC_COMMIT_BEFORE_UP) or downgrading (MIGC_COMMIT_BEFORE_DOWN) each revision. */",
        "static const unsigned char commit_before[] = {",
    }
    for i, rev in ipairs(revisions) do
        out[#out + 1] = "    " .. values[i] .. string.rep(" ", width - #values[i] + 1) .. "/* "
            .. migc.c_comment(rev.id) .. " */"
    end
    out[#out + 1] = "};"
    out[#out + 1] = ""
    return out
end

-- True when an operation of ops has names that later revisions give its object.
local function has_later(ops)
    for _, op in ipairs(ops) do
        if op.later_names and #op.later_names > 0 then
            return true
        end
    end
    return false
end

-- Appends to out the steps of rev's up or down operations whose guard, rendered with the names
-- later revisions give their objects, differs from the guard the unit holds (append-only units:
-- the unit's guards know its own revision only). Steps are numbered as the unit numbers them.
local function later_guards(out, module, index, rev, dir)
    local ops = rev[dir]
    if not has_later(ops) then
        return
    end
    local unit_ctx, later_ctx = lib.context(module), lib.context(module, true)
    local n = 0
    for _, op in ipairs(ops) do
        local plain = lib.op_steps(op, unit_ctx)
        local later = lib.op_steps(op, later_ctx)
        assert(#plain == #later, "ops/" .. op.kind .. ".lua: later names change the step count")
        for i, st in ipairs(later) do
            if st.guard ~= plain[i].guard then
                out[#out + 1] = { index = index, rev = rev, dir = dir, step = n + i, st = st }
            end
        end
        n = n + #plain
    end
end

-- The guard overrides (migc_guard_override) of revisions.c: the guards, then the table; returns
-- the lines and the number of entries.
local function guard_overrides(module)
    local found = {}
    for i, rev in ipairs(module.revisions) do
        later_guards(found, module, i - 1, rev, "up")
        later_guards(found, module, i - 1, rev, "down")
    end
    if #found == 0 then
        return {}, 0
    end
    local out = {
        "/* The guards of steps that create an object a later revision renames: absent under every",
        " * later name too. The units keep the guards their own revision knows (append-only). */",
    }
    local entries = {}
    for k, g in ipairs(found) do
        local name = "later_" .. g.rev.id .. "_" .. g.dir .. "_" .. g.step
        out[#out + 1] = lib.c_block_comment(g.st.source)
        out[#out + 1] = lib.c_text(name, g.st.guard)
        local members = { { "revision", raw = tostring(g.index) } }
        if g.dir == "down" then
            members[#members + 1] = { "down", raw = "1" }
        end
        members[#members + 1] = { "step", raw = tostring(g.step - 1) }
        members[#members + 1] = { "guard", raw = name }
        entries[k] = lib.c_braced("    ", members, ","):sub(5, -2)
    end
    out[#out + 1] = ""
    out[#out + 1] = lib.c_array("static const migc_guard_override guard_overrides[] = ", entries)
    out[#out + 1] = ""
    return out, #found
end

-- "extern const migc_revision sym;", the name on the next line when it does not fit.
local function extern(sym)
    local line = "extern const migc_revision " .. sym .. ";"
    if #line <= 100 then
        return line
    end
    return "extern const migc_revision\n    " .. sym .. ";"
end

return function(module)
    local name = lib.c_ident_part(module.name, "^[a-z_][a-z0-9_]*$", "module name")
    local externs, entries = {}, {}
    for i, rev in ipairs(module.revisions) do
        lib.c_ident_part(rev.id, "^[0-9a-z_]+$", "revision id")
        local sym = "migc_rev_" .. name .. "_" .. rev.id
        externs[i] = extern(sym)
        entries[i] = "&" .. sym
    end
    local out = {
        "/* Generated by migc from module.yaml and revisions/. DO NOT EDIT. */",
        "#include <migc/migc.h>",
        "",
    }
    local table_name = "NULL"
    if #entries > 0 then
        lib.append(out, externs)
        out[#out + 1] = ""
        out[#out + 1] = lib.c_array("static const migc_revision *const revisions[] = ", entries)
        out[#out + 1] = ""
        lib.append(out, commit_table(module.revisions))
        table_name = "revisions"
    end
    local overrides, n_overrides = guard_overrides(module)
    lib.append(out, overrides)
    local x = expected(module)
    out[#out + 1] = x.text
    local members = {
        { "name", module.name },
        { "schema", module.schema },
        { "version_table", module.version_table },
        { "exclusive", raw = module.exclusive and "1" or "0" },
        { "lock_timeout", module.lock_timeout },
        { "statement_timeout", module.statement_timeout },
        { "revisions", raw = table_name },
        { "n_revisions", raw = tostring(#entries) },
        { "expected", raw = x.schemas },
        { "external_types", raw = x.external_types },
        { "n_external_types", raw = tostring(x.n_external_types) },
    }
    -- written only when set: older output stays as it was
    for _, key in ipairs({ "lock_retries", "batch_revisions", "batch_seconds" }) do
        if module[key] then
            members[#members + 1] = { key, module[key] }
        end
    end
    if #entries > 0 then
        members[#members + 1] = { "commit_before", raw = "commit_before" }
    end
    members[#members + 1] = { "snapshot", raw = "&migc_snapshot_" .. name }
    if x.sequences ~= "NULL" then -- written only when a revision has a sequence
        members[#members + 1] = { "expected_sequences", raw = x.sequences }
    end
    if n_overrides > 0 then
        members[#members + 1] = { "guard_overrides", raw = "guard_overrides" }
        members[#members + 1] = { "n_guard_overrides", raw = tostring(n_overrides) }
    end
    if x.domains ~= "NULL" then -- written only when a revision has a domain
        members[#members + 1] = { "expected_domains", raw = x.domains }
    end
    if x.ctypes ~= "NULL" then -- written only when a revision has a composite type
        members[#members + 1] = { "expected_ctypes", raw = x.ctypes }
    end
    if x.views ~= "NULL" then -- written only when a revision has a view
        members[#members + 1] = { "expected_views", raw = x.views }
    end
    lib.append(out, {
        "extern const migc_snapshot migc_snapshot_" .. name .. ";",
        "",
        lib.c_struct("const migc_module migc_module_" .. name .. " =", members),
        "",
        "#ifdef MIGC_MIGRATOR_MAIN",
        "int",
        "main(int argc, char **argv)",
        "{",
        "    return migc_cli_main(argc, argv, &migc_module_" .. name .. ");",
        "}",
        "#endif",
        "",
    })
    return table.concat(out, "\n")
end
