-- migc templates: create_enum (ops/create_enum.lua).
-- op: name, values (in order). Creates the type when absent.
return function(op, ctx)
    local values = table.concat(ctx.map(op.values, ctx.ql), ", ")
    return {
        ctx.step("create_enum " .. op.name,
            ctx.absent_guard(op.name, ctx:later_names(op),
                function(n) return ctx.type_exists(ctx.schema, n) end),
            "CREATE TYPE " .. ctx.qname(ctx.schema, op.name) .. " AS ENUM (" .. values .. ")"),
    }
end
