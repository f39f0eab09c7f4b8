-- migc templates: create_enum (ops/create_enum.lua).
-- op: name, values (in order). Creates the type when absent.
return function(op, ctx)
    local values = table.concat(ctx.map(op.values, ctx.ql), ", ")
    return {
        ctx.step("create_enum " .. op.name,
            ctx.guard(ctx.NOT(ctx.type_exists(ctx.schema, op.name))),
            "CREATE TYPE " .. ctx.qname(ctx.schema, op.name) .. " AS ENUM (" .. values .. ")"),
    }
end
