-- migc templates: create_materialized_view (ops/create_materialized_view.lua).
-- op: view (name, query, with_data, indexes, comment), later_names. Creates the materialized view
-- when no relation has its name or a later one, then its indexes (each when absent) and comment.
return function(op, ctx)
    local s, v = ctx.schema, op.view
    local label = "create_materialized_view " .. v.name
    local steps = {
        ctx.step(label,
            ctx.absent_guard(v.name, ctx:later_names(op),
                function(n) return ctx.relation_exists(s, n) end),
            ctx.view_sql(s, v, false)),
    }
    for _, x in ipairs(v.indexes) do
        local index = setmetatable({ concurrently = false }, { __index = x })
        steps[#steps + 1] = ctx.step(label .. " index " .. x.name,
            ctx.guard(ctx.NOT(ctx.index_exists(s, x.name)), ctx.view_exists(s, v.name, true)),
            ctx.index_sql(s, v.name, index))
    end
    if v.comment then
        steps[#steps + 1] = ctx.view_comment_step(s, v, label)
    end
    return steps
end
