-- migc templates: add_enum_value (ops/add_enum_value.lua).
-- op: enum_name, value, before or after. Adds the label when the type lacks it.
return function(op, ctx)
    local sql = "ALTER TYPE " .. ctx.qname(ctx.schema, op.enum_name) .. " ADD VALUE "
        .. ctx.ql(op.value)
    if op.before then
        sql = sql .. " BEFORE " .. ctx.ql(op.before)
    elseif op.after then
        sql = sql .. " AFTER " .. ctx.ql(op.after)
    end
    return {
        ctx.step("add_enum_value " .. op.enum_name .. "." .. op.value,
            ctx.guard(ctx.NOT(ctx.enum_value_exists(ctx.schema, op.enum_name, op.value))),
            sql),
    }
end
