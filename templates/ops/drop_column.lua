-- migc templates: drop_column (ops/drop_column.lua).
-- op: table, name (column_def from replay). Drops the column when present.
return function(op, ctx)
    local name = op.name or op.column_def.name
    return {
        ctx.step("drop_column " .. op.table .. "." .. name,
            ctx.guard(ctx.column_exists(ctx.schema, op.table, name)),
            "ALTER TABLE " .. ctx.qname(ctx.schema, op.table) .. " DROP COLUMN " .. ctx.qi(name)),
    }
end
