-- migc templates: drop_check (ops/drop_check.lua).
-- op: table, name (check from replay). Drops the check constraint when present.
return function(op, ctx)
    local name = op.name or op.check.name
    return { ctx.drop_constraint_step("drop_check", ctx.schema, op.table, name) }
end
