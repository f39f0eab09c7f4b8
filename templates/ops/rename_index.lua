-- migc templates: rename_index (ops/rename_index.lua).
-- op: table, from, to. Renames when the index exists under the old name and nothing is called
-- the new one; fails when both exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_index " .. op.table .. "." .. op.from .. " to " .. op.to,
        ctx.guard(ctx.index_exists(s, op.from), ctx.NOT(ctx.relation_exists(s, op.to))),
        "ALTER INDEX " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("schema " .. s .. " has both " .. op.from .. " and " .. op.to
        .. ": neither the state before this index rename nor the one after it",
        ctx.index_exists(s, op.from), ctx.relation_exists(s, op.to))
    return { step }
end
