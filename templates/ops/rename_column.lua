-- migc templates: rename_column (ops/rename_column.lua).
-- op: table, from, to. Renames when the old column exists and the new one does not; fails when
-- both exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s, t = ctx.schema, op.table
    local step = ctx.step("rename_column " .. t .. "." .. op.from .. " to " .. op.to,
        ctx.guard(ctx.column_exists(s, t, op.from), ctx.NOT(ctx.column_exists(s, t, op.to))),
        "ALTER TABLE " .. ctx.qname(s, t) .. " RENAME COLUMN " .. ctx.qi(op.from) .. " TO "
            .. ctx.qi(op.to))
    step.conflict = ctx.conflict("table " .. t .. " has both columns " .. op.from .. " and "
        .. op.to .. ": neither the state before this rename nor the one after it",
        ctx.column_exists(s, t, op.from), ctx.column_exists(s, t, op.to))
    return { step }
end
