-- migc templates: drop_table (ops/drop_table.lua).
-- op: name (table_def from replay). Drops the table, with its indexes and constraints.
return function(op, ctx)
    local name = op.name or op.table_def.name
    return {
        ctx.step("drop_table " .. name, ctx.guard(ctx.table_exists(ctx.schema, name)),
            "DROP TABLE " .. ctx.qname(ctx.schema, name)),
    }
end
