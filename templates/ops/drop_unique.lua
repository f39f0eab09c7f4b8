-- migc templates: drop_unique (ops/drop_unique.lua).
-- op: table, name (key from replay). Drops the unique constraint when present.
return function(op, ctx)
    local name = op.name or op.key.name
    return { ctx.drop_constraint_step("drop_unique", ctx.schema, op.table, name) }
end
