-- migc templates: alter_sequence (ops/alter_sequence.lua).
-- op: name, seq (the whole definition after the change, filled by replay), seq_options /
-- seq_owned / seq_comment (what changes). The options are written all at once with their values,
-- so that one left out never keeps a value PostgreSQL derived from an old bound; the step runs
-- when the sequence exists with other options (a re-run finds them set and skips).
return function(op, ctx)
    local s, q = ctx.schema, op.seq
    local steps = {}
    if op.seq_options then
        steps[#steps + 1] = ctx.step("alter_sequence " .. q.name,
            ctx.guard(ctx.sequence_exists(s, q.name), ctx.NOT(ctx.sequence_is(s, q.name, q.values))),
            "ALTER SEQUENCE " .. ctx.qname(s, q.name) .. ctx.sequence_options(q, true))
    end
    if op.seq_owned then
        steps[#steps + 1] = ctx.sequence_owner_step(s, q)
    end
    if op.seq_comment then
        steps[#steps + 1] = ctx.sequence_comment_step(s, q.name, q.comment)
    end
    return steps
end
