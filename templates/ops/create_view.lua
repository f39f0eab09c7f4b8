-- migc templates: create_view (ops/create_view.lua).
-- op: view (name, query, security_barrier, check_option, security_invoker, comment), later_names.
-- Creates the view when no relation has its name or a name later revisions give it (a re-run of
-- an old revision never revives an old name), then sets the comment.
return function(op, ctx)
    local s, v = ctx.schema, op.view
    local steps = {
        ctx.step("create_view " .. v.name,
            ctx.absent_guard(v.name, ctx:later_names(op),
                function(n) return ctx.relation_exists(s, n) end),
            ctx.view_sql(s, v, false)),
    }
    if v.comment then
        steps[#steps + 1] = ctx.view_comment_step(s, v, "create_view " .. v.name)
    end
    return steps
end
