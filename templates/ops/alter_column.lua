-- migc templates: alter_column (ops/alter_column.lua).
-- op: table, name, has_type/type/using_expr, nullable_set/nullable, default_set/default_expr,
-- collation_set/collation (with the type: replay fills type with the column's when it stays),
-- drop_expression.
-- Order: drop default, change type (when it differs), set default, then nullability (when it
-- differs), so an old default never has to survive a type change (a varchar 'active' default
-- cannot be cast to an enum). For a type change replay fills default_set/default_expr with the
-- default the column has afterwards, and using_expr with a text cast when the new type is an
-- enum. Every step needs the column: a re-run of an old revision skips columns that later
-- revisions renamed or dropped.
-- " COLLATE x" of a collation change ("default": back to the type's), else "".
local function collate(op, ctx)
    if not op.collation_set then
        return ""
    end
    return " COLLATE " .. (op.collation and ctx.collation_sql(op.collation)
        or "pg_catalog.\"default\"")
end

-- The column's collation is not the one wanted: another collation name than op.collation (its
-- part after a schema), or, going back to the type's, another than the type's own.
local function collation_differs(op, ctx)
    if not op.collation then
        return "a.attcollation <> (SELECT t.typcollation FROM pg_catalog.pg_type t "
            .. "WHERE t.oid = a.atttypid)"
    end
    local name = op.collation:match("^[^.]+%.(.+)$") or op.collation
    return "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_collation l WHERE l.oid = a.attcollation "
        .. "AND l.collname = " .. ctx.ql(name) .. ")"
end

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
            alter .. "TYPE " .. op.type .. collate(op, ctx)
            .. (op.using_expr and (" USING " .. op.using_expr) or ""))
        step.narrows = op.narrows -- the downgrade counts the values a narrowing may change
        steps[#steps + 1] = step
    elseif op.collation_set then
        steps[#steps + 1] = ctx.step(label .. " collation",
            ctx.guard(ctx.column_exists(s, t, c, collation_differs(op, ctx))),
            alter .. "TYPE " .. op.type .. collate(op, ctx))
    end
    if op.drop_expression then
        steps[#steps + 1] = ctx.step(label .. " drop expression",
            ctx.guard(ctx.column_exists(s, t, c, "a.attgenerated = 's'")),
            alter .. "DROP EXPRESSION")
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
