-- migc templates: rename_type (ops/rename_type.lua).
-- op: from, to. Renames when the source exists and no type has the target's name; fails when both
-- exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_type " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.ctype_exists(s, op.from), ctx.NOT(ctx.type_exists(s, op.to))),
        "ALTER TYPE " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both types " .. op.from .. " and " .. op.to .. " exist: "
        .. "neither the state before this rename nor the one after it",
        ctx.ctype_exists(s, op.from), ctx.type_exists(s, op.to))
    return { step }
end
