-- migc templates: rename_function (ops/rename_function.lua).
-- op: from, to (keys with the same argument types). Renames when the source exists and the target
-- does not; fails when both exist (neither before nor after, SPEC §4).
return function(op, ctx)
    local s = ctx.schema
    local to = ctx.func_parts(op.to)
    local step = ctx.step("rename_function " .. op.from .. " to " .. op.to,
        ctx.guard(ctx.func_exists(s, op.from), ctx.NOT(ctx.func_exists(s, op.to))),
        "ALTER ROUTINE " .. ctx.func_sig(s, op.from) .. " RENAME TO " .. ctx.qi(to))
    step.conflict = ctx.conflict("both functions " .. op.from .. " and " .. op.to .. " exist: "
        .. "neither the state before this rename nor the one after it",
        ctx.func_exists(s, op.from), ctx.func_exists(s, op.to))
    return { step }
end
