-- migc templates: add_check (ops/add_check.lua).
-- op: table, check (name, expr). Adds the check constraint when absent.
return function(op, ctx)
    return { ctx.add_constraint_step("add_check", ctx.schema, op.table, op.check.name,
        ctx.check_sql(op.check)) }
end
