-- migc templates: alter_type (ops/alter_type.lua).
-- op: name, ctype (the whole definition after the change, filled by replay), ctype_before (the
-- one before it), ct_columns / ct_comment (what changes). An attribute that goes is dropped when
-- present, one whose type changes is altered when it has another type, one that comes is added
-- when absent; a type change whose attribute has neither the old nor the new type fails (SPEC §4).
local function named(list, name)
    for _, x in ipairs(list or {}) do
        if x.name == name then
            return x
        end
    end
    return nil
end

local function attr_steps(ctx, t, before, steps)
    local s, name = ctx.schema, ctx.qname(ctx.schema, t.name)
    for _, x in ipairs(before.attrs or {}) do
        if not named(t.attrs, x.name) then
            steps[#steps + 1] = ctx.step("alter_type " .. t.name .. " drop " .. x.name,
                ctx.guard(ctx.attribute_exists(s, t.name, x.name)),
                "ALTER TYPE " .. name .. " DROP ATTRIBUTE " .. ctx.qi(x.name))
        end
    end
    for _, x in ipairs(t.attrs) do
        local old = named(before.attrs, x.name)
        if not old then
            steps[#steps + 1] = ctx.step("alter_type " .. t.name .. " add " .. x.name,
                ctx.guard(ctx.ctype_exists(s, t.name),
                    ctx.NOT(ctx.attribute_exists(s, t.name, x.name))),
                "ALTER TYPE " .. name .. " ADD ATTRIBUTE " .. ctx.attr_sql(x))
        elseif old.type ~= x.type or old.collation ~= x.collation then
            local step = ctx.step("alter_type " .. t.name .. " alter " .. x.name,
                ctx.guard(ctx.attribute_exists(s, t.name, x.name, old.type)),
                "ALTER TYPE " .. name .. " ALTER ATTRIBUTE " .. ctx.qi(x.name) .. " TYPE "
                    .. x.type .. (x.collation and (" COLLATE " .. ctx.qi(x.collation)) or ""))
            if old.type ~= x.type then
                step.conflict = ctx.conflict("attribute " .. t.name .. "." .. x.name .. " has "
                    .. "neither the type before this change nor the one after it",
                    ctx.attribute_exists(s, t.name, x.name),
                    ctx.NOT(ctx.attribute_exists(s, t.name, x.name, old.type)),
                    ctx.NOT(ctx.attribute_exists(s, t.name, x.name, x.type)))
            end
            steps[#steps + 1] = step
        end
    end
end

return function(op, ctx)
    local t = op.ctype
    local steps = {}
    if op.ct_columns then
        attr_steps(ctx, t, op.ctype_before or {}, steps)
    end
    if op.ct_comment then
        steps[#steps + 1] = ctx.ctype_comment_step(ctx.schema, t.name, t.comment)
    end
    return steps
end
