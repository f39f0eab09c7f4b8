-- migc templates: alter_view (ops/alter_view.lua).
-- op: name, view (the whole definition after the change, filled by replay), view_before,
-- view_query / view_options / view_comment (what changes), view_recreate. A new query or new
-- options replace the view's (CREATE OR REPLACE VIEW, which keeps its columns and appends new
-- ones; run again on the view it made, it changes nothing) when the view exists. The downgrade of
-- an appended column (view_recreate) drops the view and creates it again, with its comment.
return function(op, ctx)
    local s, v = ctx.schema, op.view
    local label = "alter_view " .. v.name
    local steps = {}
    if op.view_recreate then
        steps[1] = ctx.step(label .. " drop", ctx.guard(ctx.view_exists(s, v.name, false)),
            "DROP VIEW " .. ctx.qname(s, v.name))
        steps[2] = ctx.step(label .. " create", ctx.guard(ctx.NOT(ctx.relation_exists(s, v.name))),
            ctx.view_sql(s, v, false))
        if v.comment then
            steps[3] = ctx.view_comment_step(s, v, label)
        end
        return steps
    end
    if op.view_query or op.view_options then
        steps[#steps + 1] = ctx.step(label, ctx.guard(ctx.view_exists(s, v.name, false)),
            ctx.view_sql(s, v, true))
    end
    if op.view_comment then
        steps[#steps + 1] = ctx.view_comment_step(s, v, label)
    end
    return steps
end
