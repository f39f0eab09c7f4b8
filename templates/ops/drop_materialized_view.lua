-- migc templates: drop_materialized_view (ops/drop_materialized_view.lua).
-- op: name. Drops the materialized view (and with it its indexes) when present.
return function(op, ctx)
    return {
        ctx.step("drop_materialized_view " .. op.name,
            ctx.guard(ctx.view_exists(ctx.schema, op.name, true)),
            "DROP MATERIALIZED VIEW " .. ctx.qname(ctx.schema, op.name)),
    }
end
