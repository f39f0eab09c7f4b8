-- migc templates: add_exclusion (ops/add_exclusion.lua).
-- op: table, exclusion (name, method, elements, where, deferral). Adds the exclusion constraint
-- when absent; it builds its index under ACCESS EXCLUSIVE, checking every row.
return function(op, ctx)
    return { ctx.add_constraint_step("add_exclusion", ctx.schema, op.table, op.exclusion.name,
        ctx.exclusion_sql(op.exclusion)) }
end
