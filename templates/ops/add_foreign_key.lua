-- migc templates: add_foreign_key (ops/add_foreign_key.lua).
-- op: table, fk, not_valid. Adds the foreign key when absent; NOT VALID (no scan, a brief lock)
-- when the online form asks for it: validate_constraint follows.
return function(op, ctx)
    local steps = { ctx.add_constraint_step("add_foreign_key", ctx.schema, op.table, op.fk.name,
        ctx.fk_sql(ctx.schema, op.fk) .. (op.not_valid and " NOT VALID" or "")) }
    return ctx.with_constraint_comment(steps, ctx.schema, op.table, op.fk)
end
