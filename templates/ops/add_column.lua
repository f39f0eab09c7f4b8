-- migc templates: add_column (ops/add_column.lua).
-- op: table, column_def. Adds the column when absent (and its table present), then its comment.
return function(op, ctx)
    local s, c = ctx.schema, op.column_def
    local steps = {
        ctx.step("add_column " .. op.table .. "." .. c.name,
            ctx.absent_guard(c.name, ctx:later_names(op),
                function(n) return ctx.column_exists(s, op.table, n) end,
                ctx.table_exists(s, op.table)),
            "ALTER TABLE " .. ctx.qname(s, op.table) .. " ADD COLUMN " .. ctx.column_sql(c)),
    }
    if c.comment then
        steps[#steps + 1] = ctx.comment_step(s, op.table, c.name, c.comment)
    end
    return steps
end
