-- migc templates: alter_table (ops/alter_table.lua).
-- op: name, with_set ({ name, expr }: SET), with_reset ({ name }: RESET), with_before (the
-- table's storage parameters before, filled by replay). One ALTER TABLE ... SET (...), RESET (...)
-- under a three-state guard on the live reloptions.
return function(op, ctx)
    return { ctx.storage_step(ctx.schema, op, "TABLE", ctx.table_exists) }
end
