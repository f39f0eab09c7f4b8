-- migc templates: drop_enum (ops/drop_enum.lua).
-- op: name (enum_def from replay is not needed). Drops the type when present.
return function(op, ctx)
    return {
        ctx.step("drop_enum " .. op.name,
            ctx.guard(ctx.type_exists(ctx.schema, op.name)),
            "DROP TYPE " .. ctx.qname(ctx.schema, op.name)),
    }
end
