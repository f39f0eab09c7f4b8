-- migc templates: create_extension (ops/create_extension.lua).
-- op: name. Installs the extension into the module schema when it is not installed yet.
return function(op, ctx)
    return {
        ctx.step("create_extension " .. op.name,
            ctx.guard(ctx.NOT(ctx.extension_exists(op.name))),
            "CREATE EXTENSION " .. ctx.qi(op.name) .. " WITH SCHEMA " .. ctx.qi(ctx.schema)),
    }
end
