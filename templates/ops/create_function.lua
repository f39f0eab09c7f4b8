-- migc templates: create_function (ops/create_function.lua).
-- op: func (name "proname(types)", arguments, returns, language, ..., body, comment), later_names.
-- Creates the function or procedure when none has its key or a key later revisions give it, then
-- sets the comment.
return function(op, ctx)
    local s, f = ctx.schema, op.func
    local steps = {
        ctx.step("create_function " .. f.name,
            ctx.absent_guard(f.name, ctx:later_names(op),
                function(n) return ctx.func_exists(s, n) end),
            ctx.func_sql(s, f, false)),
    }
    if f.comment then
        steps[#steps + 1] = ctx.func_comment_step(s, f, "create_function " .. f.name)
    end
    return steps
end
