-- migc templates: drop_trigger (ops/drop_trigger.lua).
-- op: table, name. Drops the trigger when present.
return function(op, ctx)
    local s = ctx.schema
    return {
        ctx.step("drop_trigger " .. op.table .. "." .. op.name,
            ctx.guard(ctx.trigger_exists(s, op.table, op.name)),
            "DROP TRIGGER " .. ctx.qi(op.name) .. " ON " .. ctx.qname(s, op.table)),
    }
end
