-- migc templates: one revision unit, generated/<id>.c (unit.lua).
-- Returns function(rev, module) -> C text: the SQL of every step as static literals, the
-- up/down step tables, the schema after the revision (expected.lua) and the exported
-- migc_rev_<module>_<id> descriptor.

local lib = migc.template("lib.lua")
local expected = migc.template("expected.lua")

-- The position of rev in the module's chain (1-based).
local function chain_index(module, rev)
    for i, r in ipairs(module.revisions) do
        if r == rev then
            return i
        end
    end
    error("revision " .. rev.id .. " is not in the module's chain")
end

-- The position of each operation in the revision file by its source location, from the up
-- operations in file order (an operation written as several keeps its one location), and the
-- locations in position order.
local function positions(ops)
    local pos, at = {}, {}
    for _, op in ipairs(ops) do
        if op.loc and not pos[op.loc] then
            at[#at + 1] = "{" .. op.line .. ", " .. op.col .. "}"
            pos[op.loc] = #at
        end
    end
    return pos, at
end

-- Steps of a list of operations, in operation order, each numbered with its operation's
-- position (pos; a down operation has the location of the one it reverses).
local function collect(ops, ctx, pos)
    local steps = {}
    for _, op in ipairs(ops) do
        for _, st in ipairs(lib.op_steps(op, ctx)) do
            st.op = pos[op.loc]
            steps[#steps + 1] = st
        end
    end
    return steps
end

-- One step table entry in designated initialisers, members left out where they are NULL or 0,
-- without its indentation or trailing comma (lib.c_array lays the table out).
local function step_entry(st, guard, sql, conflict)
    local members = { { "label", st.label } }
    if guard ~= "NULL" then
        members[#members + 1] = { "guard", raw = guard }
    end
    if st.build then
        members[#members + 1] = { "build", raw = st.build.kind }
        members[#members + 1] = { "parts", raw = sql }
    else
        members[#members + 1] = { "sql", raw = sql }
    end
    local flags = {}
    if st.commit_after then
        flags[#flags + 1] = "MIGC_STEP_COMMIT_AFTER"
    end
    if st.narrows then
        flags[#flags + 1] = "MIGC_STEP_NARROWS"
    end
    if #flags > 0 then
        members[#members + 1] = { "flags", raw = table.concat(flags, " | ") }
    end
    if conflict then
        members[#members + 1] = { "conflict", raw = conflict }
    end
    if st.op then
        members[#members + 1] = { "op", raw = tostring(st.op) }
    end
    return lib.c_braced("    ", members, ","):sub(5, -2)
end

-- Literals then the step table for one direction; returns the C name of the table or nil. texts
-- collects each statement's literal by its text (for the snapshot pieces to share).
local function emit_steps(out, dir, steps, texts)
    if #steps == 0 then
        return nil
    end
    local entries = {}
    for i, st in ipairs(steps) do
        local base = dir .. "_" .. i
        out[#out + 1] = lib.c_block_comment(st.source)
        local guard = "NULL"
        if st.guard then
            guard = base .. "_guard"
            out[#out + 1] = lib.c_text(guard, st.guard)
        end
        if st.build then
            out[#out + 1] = lib.c_list(base .. "_args", st.build.parts)
        else
            local parts
            out[#out + 1], parts = lib.c_text(base .. "_sql", st.sql, true)
            st.build = parts and { kind = "MIGC_BUILD_LINES" } or nil
            texts[st.sql] = texts[st.sql] or { name = base .. "_sql", parts = parts }
        end
        local conflict = nil
        if st.conflict then
            conflict = base .. "_conflict"
            out[#out + 1] = lib.c_text(conflict, st.conflict)
        end
        out[#out + 1] = ""
        entries[i] = step_entry(st, guard, base .. (st.build and st.build.parts and "_args" or "_sql"),
            conflict)
    end
    out[#out + 1] = lib.c_array("static const migc_step " .. dir .. "_steps[] = ", entries)
    out[#out + 1] = ""
    return dir .. "_steps"
end

-- The head snapshot's statements of the tables this revision creates or changes (SPEC §7), one
-- piece per operation (migc_s_<module>_<piece>), which every later snapshot.c names; each piece's
-- text is kept in module.snapshot_text for snapshot.lua to compare with the head's own. A
-- statement the revision's steps already spell (texts) uses their literal.
local function snapshot_pieces(out, rev, module, ctx, texts)
    if #rev.snapshot_pieces == 0 then
        return
    end
    module.snapshot_text = module.snapshot_text or {}
    lib.append(out, {
        lib.c_block_comment("The head snapshot's statements of the tables this revision creates "
            .. "or changes: every later snapshot.c runs them (SPEC §7)."),
        "static const char snap_source[] = \"head snapshot\";",
        "",
    })
    for i, entry in ipairs(rev.snapshot_pieces) do
        local steps = lib.snapshot_steps({ entry.op }, ctx)
        module.snapshot_text[entry.piece] = lib.snapshot_text(steps)
        lib.snapshot_piece(out, "snap_" .. i, steps, "snap_source", "",
            "migc_s_" .. module.name .. "_" .. entry.piece, texts)
    end
end

return function(rev, module)
    lib.c_ident_part(rev.id, "^[0-9a-z_]+$", "revision id")
    lib.c_ident_part(module.name, "^[a-z_][a-z0-9_]*$", "module name")
    local ctx = lib.context(module)
    local pos, at = positions(rev.up)
    local up = collect(rev.up, ctx, pos)
    local down = collect(rev.down, ctx, pos)
    local out = {
        lib.c_block_comment("Generated by migc from " .. rev.rel_path .. ". DO NOT EDIT."),
        "#include <migc/migc.h>",
        "",
    }
    local texts = {}
    local up_name = emit_steps(out, "up", up, texts)
    local down_name = emit_steps(out, "down", down, texts)
    if #at > 0 then
        lib.append(out, { lib.c_array("static const migc_location locations[] = ", at), "" })
    end
    out[#out + 1] = expected.unit(module, chain_index(module, rev))
    snapshot_pieces(out, rev, module, ctx, texts)
    out[#out + 1] = lib.c_struct("const migc_revision migc_rev_" .. module.name .. "_" .. rev.id
        .. " =", {
        { "id", rev.id },
        { "parent", rev.parent },
        { "message", rev.message or "" },
        { "checksum", rev.checksum },
        { "legacy_checksum", rev.legacy_checksum },
        { "transactional", raw = rev.transactional and "1" or "0" },
        { "reversible", raw = rev.reversible and "1" or "0" },
        { "up", raw = up_name or "NULL" },
        { "n_up", raw = tostring(#up) },
        { "down", raw = down_name or "NULL" },
        { "n_down", raw = tostring(#down) },
        { "expected", raw = "&expected" },
        { "source", rev.rel_path },
        { "locations", raw = #at > 0 and "locations" or "NULL" },
        { "n_locations", raw = tostring(#at) },
    })
    out[#out + 1] = ""
    return table.concat(out, "\n")
end
