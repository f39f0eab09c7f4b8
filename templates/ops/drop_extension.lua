-- migc templates: drop_extension (ops/drop_extension.lua).
-- op: name, ext_schema (from replay). Drops the extension when it is installed; an extension in
-- a schema of its own (not the module's) then drops that schema too when nothing else is in it.
return function(op, ctx)
    local schema = op.ext_schema or ctx.schema
    local steps = {
        ctx.step("drop_extension " .. op.name,
            ctx.guard(ctx.extension_exists(op.name)),
            "DROP EXTENSION " .. ctx.qi(op.name)),
    }
    if schema ~= ctx.schema then
        steps[2] = ctx.step("drop_schema " .. schema,
            ctx.guard(ctx.schema_exists(schema), ctx.NOT(ctx.schema_used(schema))),
            "DROP SCHEMA " .. ctx.qi(schema))
    end
    return steps
end
