-- migc templates: rename_constraint (ops/rename_constraint.lua).
-- op: table, from, to. A primary key or unique constraint takes its index's new name with it.
-- Renames when the old name exists on the table and the new one does not; fails when both exist
-- (neither before nor after, SPEC §4).
return function(op, ctx)
    local s, t = ctx.schema, op.table
    local step = ctx.step("rename_constraint " .. t .. "." .. op.from .. " to " .. op.to,
        ctx.guard(ctx.constraint_exists(s, t, op.from), ctx.NOT(ctx.constraint_exists(s, t, op.to))),
        "ALTER TABLE " .. ctx.qname(s, t) .. " RENAME CONSTRAINT " .. ctx.qi(op.from) .. " TO "
            .. ctx.qi(op.to))
    step.conflict = ctx.conflict("table " .. t .. " has both constraints " .. op.from .. " and "
        .. op.to .. ": neither the state before this rename nor the one after it",
        ctx.constraint_exists(s, t, op.from), ctx.constraint_exists(s, t, op.to))
    return { step }
end
