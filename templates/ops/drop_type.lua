-- migc templates: drop_type (ops/drop_type.lua).
-- op: name. Drops the composite type when present.
return function(op, ctx)
    return {
        ctx.step("drop_type " .. op.name, ctx.guard(ctx.ctype_exists(ctx.schema, op.name)),
            "DROP TYPE " .. ctx.qname(ctx.schema, op.name)),
    }
end
