-- migc templates: add_enum_value (ops/add_enum_value.lua).
-- op: enum_name, value, before or after. Adds the label when the type lacks it. PostgreSQL
-- refuses to use a value added in a still-open transaction (SQLSTATE 55P04), so the step asks
-- the runtime to commit right after it: later steps of the revision may then use the value.
return function(op, ctx)
    local sql = "ALTER TYPE " .. ctx.qname(ctx.schema, op.enum_name) .. " ADD VALUE "
        .. ctx.ql(op.value)
    if op.before then
        sql = sql .. " BEFORE " .. ctx.ql(op.before)
    elseif op.after then
        sql = sql .. " AFTER " .. ctx.ql(op.after)
    end
    local step = ctx.step("add_enum_value " .. op.enum_name .. "." .. op.value,
        ctx.guard(ctx.NOT(ctx.enum_value_exists(ctx.schema, op.enum_name, op.value))), sql)
    step.commit_after = true
    return { step }
end
