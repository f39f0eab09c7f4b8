-- migc templates: drop_exclusion (ops/drop_exclusion.lua).
-- op: table, name (exclusion from replay). Drops the exclusion constraint, and its index, when
-- present.
return function(op, ctx)
    local name = op.name or op.exclusion.name
    return { ctx.drop_constraint_step("drop_exclusion", ctx.schema, op.table, name) }
end
