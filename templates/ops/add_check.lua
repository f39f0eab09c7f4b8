-- migc templates: add_check (ops/add_check.lua).
-- op: table, check (name, expr), not_valid. Adds the check constraint when absent; NOT VALID
-- (no scan, a brief lock) when the online form asks for it: validate_constraint follows.
return function(op, ctx)
    local steps = { ctx.add_constraint_step("add_check", ctx.schema, op.table, op.check.name,
        ctx.check_sql(op.check) .. (op.not_valid and " NOT VALID" or "")) }
    return ctx.with_constraint_comment(steps, ctx.schema, op.table, op.check)
end
