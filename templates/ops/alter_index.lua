-- migc templates: alter_index (ops/alter_index.lua).
-- op: name, with_set ({ name, expr }: SET), with_reset ({ name }: RESET), with_before (the
-- index's storage parameters before, filled by replay). One ALTER INDEX ... SET (...), RESET (...)
-- under a three-state guard on the live reloptions.
return function(op, ctx)
    local function exists(s, n) return ctx.index_exists(s, n) end
    return { ctx.storage_step(ctx.schema, op, "INDEX", exists) }
end
