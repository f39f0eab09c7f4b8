-- migc templates: validate_constraint (ops/validate_constraint.lua).
-- op: table, name. Validates a check or foreign key added NOT VALID: runs when the constraint is
-- not validated yet, skips when it is; fails when the table has no such constraint (neither
-- before nor after, SPEC §4).
return function(op, ctx)
    local s, t = ctx.schema, op.table
    local step = ctx.step("validate_constraint " .. t .. "." .. op.name,
        ctx.guard(ctx.constraint_validated(s, t, op.name, false)),
        "ALTER TABLE " .. ctx.qname(s, t) .. " VALIDATE CONSTRAINT " .. ctx.qi(op.name))
    step.conflict = ctx.conflict("table " .. t .. " has no constraint " .. op.name
        .. " to validate: the revision that adds it NOT VALID has not run",
        ctx.NOT(ctx.constraint_exists(s, t, op.name)), ctx.table_exists(s, t))
    return { step }
end
