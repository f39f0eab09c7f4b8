-- migc templates: create_trigger (ops/create_trigger.lua).
-- op: table, name, trigger (timing, events, update_of, row, func, args, when, old_table,
-- new_table, comment). Creates the trigger when its table has none of that name, then sets the
-- comment.
return function(op, ctx)
    local s, g = ctx.schema, op.trigger
    local label = "create_trigger " .. g.table .. "." .. g.name
    local steps = {
        ctx.step(label, ctx.guard(ctx.NOT(ctx.trigger_exists(s, g.table, g.name))),
            ctx.trigger_sql(s, g, false)),
    }
    if g.comment then
        steps[#steps + 1] = ctx.trigger_comment_step(s, g, label)
    end
    return steps
end
