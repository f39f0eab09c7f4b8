-- migc templates: alter_function (ops/alter_function.lua).
-- op: name, func (the definition after the change), func_before (the one before it, filled by
-- replay). CREATE OR REPLACE when the arguments, result and kind stay (the function must exist:
-- otherwise the database is neither before nor after the change, SPEC §4); else the function of
-- the old result is dropped and the new one created where none exists.
local function replace_steps(ctx, f)
    local s = ctx.schema
    local step = ctx.step("alter_function " .. f.name, ctx.guard(ctx.func_exists(s, f.name)),
        ctx.func_sql(s, f, true))
    step.conflict = ctx.conflict("function " .. f.name .. " does not exist: neither the state "
        .. "before this change nor the one after it", ctx.NOT(ctx.func_exists(s, f.name)))
    return { step }
end

local function rebuild_steps(ctx, f, b)
    local s = ctx.schema
    local drop = ctx.step("alter_function " .. f.name .. " drop",
        ctx.guard(ctx.func_result_is(s, f.name, b.returns)),
        "DROP ROUTINE " .. ctx.func_sig(s, f.name))
    if b.returns ~= f.returns then
        drop.conflict = ctx.conflict("function " .. f.name .. " returns neither the type before "
            .. "this change nor the one after it", ctx.func_exists(s, f.name),
            ctx.NOT(ctx.func_result_is(s, f.name, b.returns)),
            ctx.NOT(ctx.func_result_is(s, f.name, f.returns)))
    end
    return { drop, ctx.step("alter_function " .. f.name .. " create",
        ctx.guard(ctx.NOT(ctx.func_exists(s, f.name))), ctx.func_sql(s, f, false)) }
end

return function(op, ctx)
    local f, b = op.func, op.func_before or op.func
    local same = f.returns == b.returns and f.arguments == b.arguments
        and f.procedure == b.procedure
    local steps = same and replace_steps(ctx, f) or rebuild_steps(ctx, f, b)
    if f.comment ~= b.comment or (not same and f.comment) then
        steps[#steps + 1] = ctx.func_comment_step(ctx.schema, f, "alter_function " .. f.name)
    end
    return steps
end
