-- migc templates: alter_sequence (ops/alter_sequence.lua).
-- op: name, seq (the whole definition after the change, filled by replay), seq_before (the one
-- before it), seq_options / seq_owned / seq_comment (what changes). The options are written all
-- at once with their values, so that one left out never keeps a value PostgreSQL derived from an
-- old bound; the step runs when the sequence has the options of the state before (a re-run finds
-- them set and skips), and fails when it has those of neither state.
return function(op, ctx)
    local s, q = ctx.schema, op.seq
    local steps = {}
    if op.seq_options then
        local before = op.seq_before and ctx.sequence_is(s, q.name, op.seq_before.values)
        local step = ctx.step("alter_sequence " .. q.name,
            ctx.guard(ctx.sequence_exists(s, q.name), ctx.NOT(ctx.sequence_is(s, q.name, q.values)),
                before or "true"),
            "ALTER SEQUENCE " .. ctx.qname(s, q.name) .. ctx.sequence_options(q, true))
        if before then -- options of neither state: fail rather than skip (SPEC §4)
            step.conflict = ctx.conflict("sequence " .. q.name .. " has options of neither the "
                .. "state before this change nor the one after it (changed by hand?)",
                ctx.NOT(ctx.sequence_is(s, q.name, q.values)),
                ctx.NOT(ctx.sequence_is(s, q.name, op.seq_before.values)),
                ctx.sequence_exists(s, q.name))
        end
        steps[#steps + 1] = step
    end
    if op.seq_owned then
        steps[#steps + 1] = ctx.sequence_owner_step(s, q)
    end
    if op.seq_comment then
        steps[#steps + 1] = ctx.sequence_comment_step(s, q.name, q.comment)
    end
    return steps
end
