-- migc templates: rename_trigger (ops/rename_trigger.lua).
-- op: table, from, to. Renames when the table has the source and not the target; fails when it
-- has both (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_trigger " .. op.table .. "." .. op.from .. " to " .. op.to,
        ctx.guard(ctx.trigger_exists(s, op.table, op.from),
            ctx.NOT(ctx.trigger_exists(s, op.table, op.to))),
        "ALTER TRIGGER " .. ctx.qi(op.from) .. " ON " .. ctx.qname(s, op.table) .. " RENAME TO "
            .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both triggers " .. op.from .. " and " .. op.to .. " exist on "
        .. op.table .. ": neither the state before this rename nor the one after it",
        ctx.trigger_exists(s, op.table, op.from), ctx.trigger_exists(s, op.table, op.to))
    return { step }
end
