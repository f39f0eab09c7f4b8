-- migc templates: drop_sequence (ops/drop_sequence.lua).
-- op: name. Drops the sequence when present.
return function(op, ctx)
    return {
        ctx.step("drop_sequence " .. op.name, ctx.guard(ctx.sequence_exists(ctx.schema, op.name)),
            "DROP SEQUENCE " .. ctx.qname(ctx.schema, op.name)),
    }
end
