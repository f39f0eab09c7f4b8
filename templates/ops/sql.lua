-- migc templates: sql (ops/sql.lua).
-- op: sql_up. Raw SQL, run unguarded; blank SQL (a `down: ""`) gives no step. Down lists carry
-- reversed sql operations whose sql_up is the original down.
return function(op, ctx)
    if op.sql_up == nil or not op.sql_up:find("%S") then
        return {}
    end
    return { ctx.step("sql", nil, op.sql_up) }
end
