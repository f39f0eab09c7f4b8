-- migc templates: drop_primary_key (ops/drop_primary_key.lua).
-- op: table, key (from replay). Drops the primary key constraint when present.
return function(op, ctx)
    local name = (op.key and op.key.name) or op.name or (op.table .. "_pkey")
    return { ctx.drop_constraint_step("drop_primary_key", ctx.schema, op.table, name) }
end
