-- migc templates: rename_sequence (ops/rename_sequence.lua).
-- op: from, to. Renames when the source exists and the target does not; fails when both exist
-- (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_sequence " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.sequence_exists(s, op.from), ctx.NOT(ctx.relation_exists(s, op.to))),
        "ALTER SEQUENCE " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both sequences " .. op.from .. " and " .. op.to .. " exist: "
        .. "neither the state before this rename nor the one after it",
        ctx.sequence_exists(s, op.from), ctx.sequence_exists(s, op.to))
    return { step }
end
