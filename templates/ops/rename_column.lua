-- migc templates: rename_column (ops/rename_column.lua).
-- op: table, from, to. Renames when the old column exists and the new one does not.
return function(op, ctx)
    local s, t = ctx.schema, op.table
    return {
        ctx.step("rename_column " .. t .. "." .. op.from .. " to " .. op.to,
            ctx.guard(ctx.column_exists(s, t, op.from), ctx.NOT(ctx.column_exists(s, t, op.to))),
            "ALTER TABLE " .. ctx.qname(s, t) .. " RENAME COLUMN " .. ctx.qi(op.from) .. " TO "
                .. ctx.qi(op.to)),
    }
end
