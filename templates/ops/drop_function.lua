-- migc templates: drop_function (ops/drop_function.lua).
-- op: name (the key). Drops the function or procedure (DROP ROUTINE) when present.
return function(op, ctx)
    local s = ctx.schema
    return {
        ctx.step("drop_function " .. op.name, ctx.guard(ctx.func_exists(s, op.name)),
            "DROP ROUTINE " .. ctx.func_sig(s, op.name)),
    }
end
