-- migc templates: add_foreign_key (ops/add_foreign_key.lua).
-- op: table, fk. Adds the foreign key when absent.
return function(op, ctx)
    return { ctx.add_constraint_step("add_foreign_key", ctx.schema, op.table, op.fk.name,
        ctx.fk_sql(ctx.schema, op.fk)) }
end
