-- migc templates: alter_trigger (ops/alter_trigger.lua).
-- op: table, name, trigger (the definition after the change), trigger_before (the one before it,
-- filled by replay). CREATE OR REPLACE TRIGGER (PostgreSQL 14+) when the trigger exists; a table
-- without it is neither before nor after the change (SPEC §4) and the step fails.
return function(op, ctx)
    local s, g, b = ctx.schema, op.trigger, op.trigger_before or op.trigger
    local label = "alter_trigger " .. g.table .. "." .. g.name
    local step = ctx.step(label, ctx.guard(ctx.trigger_exists(s, g.table, g.name)),
        ctx.trigger_sql(s, g, true))
    step.conflict = ctx.conflict("trigger " .. g.name .. " of table " .. g.table .. " does not "
        .. "exist: neither the state before this change nor the one after it",
        ctx.NOT(ctx.trigger_exists(s, g.table, g.name)))
    local steps = { step }
    if g.comment ~= b.comment then
        steps[#steps + 1] = ctx.trigger_comment_step(s, g, label)
    end
    return steps
end
