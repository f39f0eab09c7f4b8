-- migc templates: set_comment (ops/set_comment.lua).
-- op: table, column (nil for the table), comment (nil removes it). COMMENT ON is idempotent.
return function(op, ctx)
    return { ctx.comment_step(ctx.schema, op.table, op.column, op.comment) }
end
