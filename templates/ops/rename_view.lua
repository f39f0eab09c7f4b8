-- migc templates: rename_view (ops/rename_view.lua).
-- op: from, to. Renames when the source exists and no relation has the target's name; fails when
-- both exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local step = ctx.step("rename_view " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.view_exists(s, op.from, false), ctx.NOT(ctx.relation_exists(s, op.to))),
        "ALTER VIEW " .. ctx.qname(s, op.from) .. " RENAME TO " .. ctx.qi(op.to))
    step.conflict = ctx.conflict("both views " .. op.from .. " and " .. op.to .. " exist: "
        .. "neither the state before this rename nor the one after it",
        ctx.view_exists(s, op.from, false), ctx.relation_exists(s, op.to))
    return { step }
end
