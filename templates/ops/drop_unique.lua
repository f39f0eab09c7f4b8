-- migc templates: drop_unique (ops/drop_unique.lua).
-- op: table, name (key from replay), using_index and index when it undoes an add_unique made
-- from an index: the drop takes the index with it, so the index is built again.
return function(op, ctx)
    local name = op.name or op.key.name
    return ctx.append({ ctx.drop_constraint_step("drop_unique", ctx.schema, op.table, name) },
        ctx.rebuild_index_steps(ctx.schema, op))
end
