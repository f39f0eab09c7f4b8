-- migc templates: create_domain (ops/create_domain.lua).
-- op: domain (name, type, not_null, default, collation, checks, comment), later_names. Creates the
-- domain when no type has its name or a name later revisions give it (a re-run of an old
-- revision never revives an old name), then sets the comment.
return function(op, ctx)
    local s, d = ctx.schema, op.domain
    local steps = {
        ctx.step("create_domain " .. d.name,
            ctx.absent_guard(d.name, ctx:later_names(op),
                function(n) return ctx.type_exists(s, n) end),
            ctx.domain_sql(s, d)),
    }
    if d.comment then
        steps[#steps + 1] = ctx.domain_comment_step(s, d.name, d.comment)
    end
    return steps
end
