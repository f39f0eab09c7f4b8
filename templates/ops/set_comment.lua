-- migc templates: set_comment (ops/set_comment.lua).
-- op: table, column (nil for the table), index_name or constraint, comment (nil removes it); or
-- enum_name (an enum type) and comment.
-- COMMENT ON is idempotent.
return function(op, ctx)
    if op.enum_name then
        return { ctx.enum_comment_step(ctx.schema, op.enum_name, op.comment) }
    end
    if op.constraint then
        return { ctx.constraint_comment_step(ctx.schema, op.table, op.constraint, op.comment) }
    end
    if op.index_name then
        return { ctx.index_comment_step(ctx.schema, op.index_name, op.comment) }
    end
    return { ctx.comment_step(ctx.schema, op.table, op.column, op.comment) }
end
