-- migc templates: rename_table (ops/rename_table.lua).
-- op: from, to. Renames when the table exists and no relation has the new name; fails when both
-- names exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_table " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.table_exists(s, op.from), ctx.NOT(ctx.relation_exists(s, op.to))),
        "ALTER TABLE " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both " .. op.from .. " and " .. op.to .. " exist: neither the "
        .. "state before this rename nor the one after it",
        ctx.table_exists(s, op.from), ctx.relation_exists(s, op.to))
    return { step }
end
