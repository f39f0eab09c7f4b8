-- migc templates: set_primary_key (ops/set_primary_key.lua).
-- op: table, key (name, columns), using_index. Adds the primary key when no constraint has its
-- name; with using_index, from that unique index (built CONCURRENTLY by the revision before).
-- Fails when neither exists.
return function(op, ctx)
    local steps = { ctx.key_step(ctx.schema, "set_primary_key", op, "PRIMARY KEY",
        ctx.pk_sql(op.key)) }
    return ctx.with_constraint_comment(steps, ctx.schema, op.table, op.key)
end
