-- migc templates: drop_domain (ops/drop_domain.lua).
-- op: name. Drops the domain when present.
return function(op, ctx)
    return {
        ctx.step("drop_domain " .. op.name, ctx.guard(ctx.domain_exists(ctx.schema, op.name)),
            "DROP DOMAIN " .. ctx.qname(ctx.schema, op.name)),
    }
end
