-- migc templates: rename_enum (ops/rename_enum.lua).
-- op: from, to. Renames when the source exists and the target does not.
return function(op, ctx)
    return {
        ctx.step("rename_enum " .. op.from .. " to " .. op.to,
            ctx.guard(ctx.type_exists(ctx.schema, op.from),
                ctx.NOT(ctx.type_exists(ctx.schema, op.to))),
            "ALTER TYPE " .. ctx.qname(ctx.schema, op.from) .. " RENAME TO " .. ctx.qi(op.to)),
    }
end
