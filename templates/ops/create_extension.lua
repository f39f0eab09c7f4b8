-- migc templates: create_extension (ops/create_extension.lua).
-- op: name, ext_schema. Installs the extension into its schema (the module schema unless
-- ext_schema names another) when it is not installed yet; another schema is created first when
-- it does not exist (CREATE EXTENSION ... WITH SCHEMA needs it).
return function(op, ctx)
    local schema = op.ext_schema or ctx.schema
    local steps = {}
    if schema ~= ctx.schema then
        steps[1] = ctx.step("create_schema " .. schema,
            ctx.guard(ctx.NOT(ctx.schema_exists(schema))), "CREATE SCHEMA " .. ctx.qi(schema))
    end
    steps[#steps + 1] = ctx.step("create_extension " .. op.name,
        ctx.guard(ctx.NOT(ctx.extension_exists(op.name))),
        "CREATE EXTENSION " .. ctx.qi(op.name) .. " WITH SCHEMA " .. ctx.qi(schema))
    return steps
end
