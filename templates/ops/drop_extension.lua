-- migc templates: drop_extension (ops/drop_extension.lua).
-- op: name. Drops the extension when it is installed.
return function(op, ctx)
    return {
        ctx.step("drop_extension " .. op.name,
            ctx.guard(ctx.extension_exists(op.name)),
            "DROP EXTENSION " .. ctx.qi(op.name)),
    }
end
