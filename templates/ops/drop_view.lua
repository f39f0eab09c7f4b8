-- migc templates: drop_view (ops/drop_view.lua).
-- op: name. Drops the view when present.
return function(op, ctx)
    return {
        ctx.step("drop_view " .. op.name, ctx.guard(ctx.view_exists(ctx.schema, op.name, false)),
            "DROP VIEW " .. ctx.qname(ctx.schema, op.name)),
    }
end
