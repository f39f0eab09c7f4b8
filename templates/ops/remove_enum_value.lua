-- migc templates: remove_enum_value (ops/remove_enum_value.lua).
-- op: enum_name, value. Rebuilds the type without the label in one DO block that the runtime
-- writes from the schema, enum and value (MIGC_BUILD_ENUM_REMOVE, runtime/core/enum_remove.c): create
-- <enum>__migc_new, convert every column of the type or of its array type in the schema (failing
-- with the table and column when a row still holds the value), drop the old type and rename the
-- new one. Runs only while the label exists; the DO block is one atomic statement.

return function(op, ctx)
    local s, e = ctx.schema, op.enum_name
    for _, name in ipairs({ s, e, op.value }) do
        if name:find("$migc$", 1, true) then
            error("remove_enum_value: a name or value contains $migc$")
        end
    end
    local step = ctx.step("remove_enum_value " .. e .. "." .. op.value,
        ctx.guard(ctx.enum_value_exists(s, e, op.value)), nil)
    step.build = { kind = "MIGC_BUILD_ENUM_REMOVE", parts = { s, e, op.value } }
    return { step }
end
