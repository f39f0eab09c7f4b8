-- migc templates: drop_index (ops/drop_index.lua).
-- op: name (index from replay). Drops the index when present (CONCURRENTLY when built so).
return function(op, ctx)
    local name = op.name or op.index.name
    local conc = (op.index and op.index.concurrently) and "CONCURRENTLY " or ""
    return {
        ctx.step("drop_index " .. name, ctx.guard(ctx.index_exists(ctx.schema, name)),
            "DROP INDEX " .. conc .. ctx.qname(ctx.schema, name)),
    }
end
