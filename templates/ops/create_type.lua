-- migc templates: create_type (ops/create_type.lua).
-- op: ctype (name, attrs, comment), later_names. Creates the composite type when no type has its
-- name or a name later revisions give it, then sets the comment.
return function(op, ctx)
    local s, t = ctx.schema, op.ctype
    local steps = {
        ctx.step("create_type " .. t.name,
            ctx.absent_guard(t.name, ctx:later_names(op),
                function(n) return ctx.type_exists(s, n) end),
            ctx.ctype_sql(s, t)),
    }
    if t.comment then
        steps[#steps + 1] = ctx.ctype_comment_step(s, t.name, t.comment)
    end
    return steps
end
