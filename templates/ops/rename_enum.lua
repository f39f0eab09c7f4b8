-- migc templates: rename_enum (ops/rename_enum.lua).
-- op: from, to. Renames when the source exists and the target does not; fails when both exist
-- (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_enum " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.type_exists(s, op.from), ctx.NOT(ctx.type_exists(s, op.to))),
        "ALTER TYPE " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both types " .. op.from .. " and " .. op.to .. " exist: neither "
        .. "the state before this rename nor the one after it",
        ctx.type_exists(s, op.from), ctx.type_exists(s, op.to))
    return { step }
end
