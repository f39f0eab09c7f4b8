-- migc templates: alter_column (ops/alter_column.lua).
-- op: table, name, has_type/type/using_expr, nullable_set/nullable, default_set/default_expr.
-- Order: drop default, change type (when it differs), set default, then nullability (when it
-- differs), so an old default never has to survive a type change (a varchar 'active' default
-- cannot be cast to an enum). For a type change replay fills default_set/default_expr with the
-- default the column has afterwards, and using_expr with a text cast when the new type is an
-- enum. Every step needs the column: a re-run of an old revision skips columns that later
-- revisions renamed or dropped.
return function(op, ctx)
    local s, t, c = ctx.schema, op.table, op.name
    local alter = "ALTER TABLE " .. ctx.qname(s, t) .. " ALTER COLUMN " .. ctx.qi(c) .. " "
    local label = "alter_column " .. t .. "." .. c
    local differs = "pg_catalog.format_type(a.atttypid, a.atttypmod) <> " .. ctx.ql(op.type or "")
    local steps = {}
    if op.default_set and (op.has_type or not op.default_expr) then
        -- kept when the type already is right and the default stays; dropped whenever it goes
        local has_default = (op.has_type and op.default_expr) and (differs .. " AND a.atthasdef")
            or "a.atthasdef"
        steps[#steps + 1] = ctx.step(label .. " drop default",
            ctx.guard(ctx.column_exists(s, t, c, has_default)), alter .. "DROP DEFAULT")
    end
    if op.has_type then
        local step = ctx.step(label .. " type", ctx.guard(ctx.column_exists(s, t, c, differs)),
            alter .. "TYPE " .. op.type .. (op.using_expr and (" USING " .. op.using_expr) or ""))
        step.narrows = op.narrows -- the downgrade counts the values a narrowing may change
        steps[#steps + 1] = step
    end
    if op.default_set and op.default_expr then
        steps[#steps + 1] = ctx.step(label .. " set default", ctx.guard(ctx.column_exists(s, t, c)),
            alter .. "SET DEFAULT " .. op.default_expr)
    end
    if op.nullable_set then
        local want = op.nullable and "a.attnotnull" or "NOT a.attnotnull"
        steps[#steps + 1] = ctx.step(label .. (op.nullable and " drop not null" or " set not null"),
            ctx.guard(ctx.column_exists(s, t, c, want)),
            alter .. (op.nullable and "DROP NOT NULL" or "SET NOT NULL"))
    end
    return steps
end
