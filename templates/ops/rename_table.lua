-- migc templates: rename_table (ops/rename_table.lua).
-- op: from, to. Renames when the table exists and no relation has the new name.
return function(op, ctx)
    return {
        ctx.step("rename_table " .. op.from .. " to " .. op.to,
            ctx.guard(ctx.table_exists(ctx.schema, op.from),
                ctx.NOT(ctx.relation_exists(ctx.schema, op.to))),
            "ALTER TABLE " .. ctx.qname(ctx.schema, op.from) .. " RENAME TO " .. ctx.qi(op.to)),
    }
end
