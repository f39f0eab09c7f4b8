-- migc templates: drop_primary_key (ops/drop_primary_key.lua).
-- op: table, key (from replay), using_index and index when it undoes a primary key made from an
-- index. Drops the primary key constraint when present (then builds that index again).
return function(op, ctx)
    local name = (op.key and op.key.name) or op.name or (op.table .. "_pkey")
    return ctx.append({ ctx.drop_constraint_step("drop_primary_key", ctx.schema, op.table, name) },
        ctx.rebuild_index_steps(ctx.schema, op))
end
