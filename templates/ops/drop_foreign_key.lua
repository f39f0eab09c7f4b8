-- migc templates: drop_foreign_key (ops/drop_foreign_key.lua).
-- op: table, name (fk from replay). Drops the foreign key when present.
return function(op, ctx)
    local name = op.name or op.fk.name
    return { ctx.drop_constraint_step("drop_foreign_key", ctx.schema, op.table, name) }
end
