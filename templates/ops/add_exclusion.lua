-- migc templates: add_exclusion (ops/add_exclusion.lua).
-- op: table, exclusion (name, method, elements, where, deferral, comment). Adds the exclusion
-- constraint when absent; it builds its index under ACCESS EXCLUSIVE, checking every row. Its
-- comment follows.
return function(op, ctx)
    local steps = { ctx.add_constraint_step("add_exclusion", ctx.schema, op.table,
        op.exclusion.name, ctx.exclusion_sql(op.exclusion)) }
    return ctx.with_constraint_comment(steps, ctx.schema, op.table, op.exclusion)
end
