-- migc templates: add_unique (ops/add_unique.lua).
-- op: table, key (name, columns). Adds the unique constraint when absent.
return function(op, ctx)
    return { ctx.add_constraint_step("add_unique", ctx.schema, op.table, op.key.name,
        ctx.unique_sql(op.key)) }
end
