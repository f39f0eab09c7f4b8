-- migc templates: alter_domain (ops/alter_domain.lua).
-- op: name, domain (the whole definition after the change, filled by replay), domain_before (the
-- one before it), dom_nullable / dom_default / dom_checks / dom_comment (what changes). NOT NULL
-- runs only when the domain does not have it yet (and DROP NOT NULL only when it does); a check
-- that goes or changes is dropped when present, one that comes or changes is added when absent;
-- default and comment are set whenever the domain exists (setting them again changes nothing).
local function same_check(a, b)
    return a.name == b.name and a.expr == b.expr
end

local function holds(list, c)
    for _, x in ipairs(list or {}) do
        if same_check(x, c) then
            return true
        end
    end
    return false
end

local function check_steps(ctx, d, before, steps)
    local s, name = ctx.schema, ctx.qname(ctx.schema, d.name)
    for _, c in ipairs(before.checks or {}) do
        if not holds(d.checks, c) then
            steps[#steps + 1] = ctx.step("alter_domain " .. d.name .. " drop check " .. c.name,
                ctx.guard(ctx.domain_check_exists(s, d.name, c.name)),
                "ALTER DOMAIN " .. name .. " DROP CONSTRAINT " .. ctx.qi(c.name))
        end
    end
    for _, c in ipairs(d.checks or {}) do
        if not holds(before.checks, c) then
            steps[#steps + 1] = ctx.step("alter_domain " .. d.name .. " add check " .. c.name,
                ctx.guard(ctx.domain_exists(s, d.name),
                    ctx.NOT(ctx.domain_check_exists(s, d.name, c.name))),
                "ALTER DOMAIN " .. name .. " ADD " .. ctx.check_sql(c))
        end
    end
end

return function(op, ctx)
    local s, d = ctx.schema, op.domain
    local name = ctx.qname(s, d.name)
    local steps = {}
    if op.dom_nullable then
        local has = ctx.domain_not_null(s, d.name)
        steps[#steps + 1] = ctx.step("alter_domain " .. d.name .. " nullable",
            ctx.guard(ctx.domain_exists(s, d.name), d.not_null and ctx.NOT(has) or has),
            "ALTER DOMAIN " .. name .. (d.not_null and " SET NOT NULL" or " DROP NOT NULL"))
    end
    if op.dom_default then
        steps[#steps + 1] = ctx.step("alter_domain " .. d.name .. " default",
            ctx.guard(ctx.domain_exists(s, d.name)),
            "ALTER DOMAIN " .. name .. (d.default and (" SET DEFAULT " .. d.default)
                or " DROP DEFAULT"))
    end
    if op.dom_checks then
        check_steps(ctx, d, op.domain_before or {}, steps)
    end
    if op.dom_comment then
        steps[#steps + 1] = ctx.domain_comment_step(s, d.name, d.comment)
    end
    return steps
end
