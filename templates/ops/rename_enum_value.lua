-- migc templates: rename_enum_value (ops/rename_enum_value.lua).
-- op: enum_name, from, to. Renames when the old label exists and the new one does not; fails
-- when both exist (an add of the new label committed by an earlier attempt, SPEC §4).
return function(op, ctx)
    local s, e = ctx.schema, op.enum_name
    local step = ctx.step("rename_enum_value " .. e .. "." .. op.from .. " to " .. op.to,
        ctx.guard(ctx.enum_value_exists(s, e, op.from), ctx.NOT(ctx.enum_value_exists(s, e, op.to))),
        "ALTER TYPE " .. ctx.qname(s, e) .. " RENAME VALUE " .. ctx.ql(op.from) .. " TO "
            .. ctx.ql(op.to))
    step.conflict = ctx.conflict("enum " .. e .. " holds both " .. op.from .. " and " .. op.to
        .. ": neither the state before this rename nor the one after it",
        ctx.enum_value_exists(s, e, op.from), ctx.enum_value_exists(s, e, op.to))
    return { step }
end
