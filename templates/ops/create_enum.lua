-- migc templates: create_enum (ops/create_enum.lua).
-- op: name, values (in order), comment. Creates the type when absent, then its comment.
return function(op, ctx)
    local values = table.concat(ctx.map(op.values, ctx.ql), ", ")
    local steps = {
        ctx.step("create_enum " .. op.name,
            ctx.absent_guard(op.name, ctx:later_names(op),
                function(n) return ctx.type_exists(ctx.schema, n) end),
            "CREATE TYPE " .. ctx.qname(ctx.schema, op.name) .. " AS ENUM (" .. values .. ")"),
    }
    if op.comment then
        steps[2] = ctx.enum_comment_step(ctx.schema, op.name, op.comment)
    end
    return steps
end
