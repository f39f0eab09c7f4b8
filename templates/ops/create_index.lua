-- migc templates: create_index (ops/create_index.lua).
-- op: table, index. Drops an INVALID leftover of an interrupted build, then creates the index
-- when absent (CONCURRENTLY when the index asks for it).
return function(op, ctx)
    return ctx.create_index_steps(ctx.schema, op.table, op.index)
end
