-- migc templates: set_primary_key (ops/set_primary_key.lua).
-- op: table, key (name, columns). Adds the primary key when no constraint has its name.
return function(op, ctx)
    return { ctx.add_constraint_step("set_primary_key", ctx.schema, op.table, op.key.name,
        ctx.pk_sql(op.key)) }
end
