-- migc templates: create_sequence (ops/create_sequence.lua).
-- op: seq (name, the options given, owned_table/owned_column, comment), later_names. Creates the
-- sequence when no relation has its name or a name later revisions give it (a re-run of an old
-- revision never revives an old name), then sets OWNED BY and the comment.
return function(op, ctx)
    local s, q = ctx.schema, op.seq
    local steps = {
        ctx.step("create_sequence " .. q.name,
            ctx.absent_guard(q.name, ctx:later_names(op),
                function(n) return ctx.relation_exists(s, n) end),
            "CREATE SEQUENCE " .. ctx.qname(s, q.name) .. ctx.sequence_options(q, false)),
    }
    if q.owned_table then
        steps[#steps + 1] = ctx.sequence_owner_step(s, q)
    end
    if q.comment then
        steps[#steps + 1] = ctx.sequence_comment_step(s, q.name, q.comment)
    end
    return steps
end
