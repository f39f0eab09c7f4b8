-- migc templates: add_unique (ops/add_unique.lua).
-- op: table, key (name, columns), using_index. Adds the unique constraint when absent; with
-- using_index, from that unique index (built CONCURRENTLY by the revision before), which the
-- constraint takes over: a brief lock, no scan. Fails when neither exists.
return function(op, ctx)
    local steps = { ctx.key_step(ctx.schema, "add_unique", op, "UNIQUE", ctx.unique_sql(op.key)) }
    return ctx.with_constraint_comment(steps, ctx.schema, op.table, op.key)
end
