-- migc templates: create_table (ops/create_table.lua).
-- op: table_def. One CREATE TABLE with columns, primary key, unique and check constraints
-- inline (a unique key CREATE TABLE would merge into an earlier one of the same definition is
-- added by a step of its own); then one guarded step per exclusion constraint and foreign key, the constraints'
-- comments and one step per index; then the comments. The indexes are built in the revision's
-- transaction, `concurrently` or not: nobody else can see the new table before it commits, and
-- CONCURRENTLY would take the revision out of its transaction.
-- A partitioned table ends in PARTITION BY; a partition is PARTITION OF its parent with its
-- bounds, and has the parent's columns, keys, foreign keys and indexes. Storage parameters end
-- either in WITH (...).
-- What makes CREATE TABLE take two keys for one: the same columns, NULLS NOT DISTINCT and
-- deferral (it keeps the first, the primary key before any unique constraint).
local function key_signature(ctx, key)
    return ctx.qlist(key.columns) .. (key.nulls_not_distinct and " n" or "")
        .. (key.deferrable and " d" or "") .. (key.initially_deferred and " i" or "")
end

-- The unique constraints of t that CREATE TABLE would merge into an earlier key: they are added
-- by steps of their own after it (ALTER TABLE keeps each).
local function merged_uniques(ctx, t)
    local seen, later = {}, {}
    if t.pk then
        seen[key_signature(ctx, t.pk)] = true
    end
    for _, k in ipairs(t.uniques) do
        local sig = key_signature(ctx, k)
        if seen[sig] then
            later[k] = true
        end
        seen[sig] = true
    end
    return later
end

local function table_sql(schema, t, ctx, later)
    if t.partition_of then
        return "CREATE TABLE " .. ctx.qname(schema, t.name) .. " PARTITION OF "
            .. ctx.qname(schema, t.partition_of) .. " " .. t.bounds .. ctx.with_sql(t.with)
    end
    local items = ctx.map(t.columns, ctx.column_sql)
    if t.pk then
        items[#items + 1] = ctx.pk_sql(t.pk)
    end
    for _, k in ipairs(t.uniques) do
        if not later[k] then
            items[#items + 1] = ctx.unique_sql(k)
        end
    end
    ctx.append(items, ctx.map(t.checks, ctx.check_sql))
    local head = "CREATE TABLE " .. ctx.qname(schema, t.name)
    local tail = (t.partition_by and (" PARTITION BY " .. t.partition_by) or "")
        .. ctx.with_sql(t.with)
    if #items == 0 then
        return head .. " ()" .. tail
    end
    return head .. " (\n    " .. table.concat(items, ",\n    ") .. "\n)" .. tail
end

return function(op, ctx)
    local s, t = ctx.schema, op.table_def
    local later = merged_uniques(ctx, t)
    local steps = {
        ctx.step("create_table " .. t.name,
            ctx.absent_guard(t.name, ctx:later_names(op),
                function(n) return ctx.table_exists(s, n) end),
            table_sql(s, t, ctx, later)),
    }
    for _, k in ipairs(t.uniques) do
        if later[k] then
            steps[#steps + 1] = ctx.add_constraint_step("add_unique", s, t.name, k.name,
                ctx.unique_sql(k))
        end
    end
    -- Exclusion constraints are added after CREATE TABLE, not inline: CREATE TABLE keeps only one
    -- of several index-backed constraints of the same definition (ALTER TABLE keeps each).
    for _, x in ipairs(t.exclusions) do
        steps[#steps + 1] = ctx.add_constraint_step("add_exclusion", s, t.name, x.name,
            ctx.exclusion_sql(x))
    end
    for _, fk in ipairs(t.fks) do
        steps[#steps + 1] = ctx.add_constraint_step("add_foreign_key", s, t.name, fk.name,
            ctx.fk_sql(s, fk))
    end
    if t.pk then
        ctx.with_constraint_comment(steps, s, t.name, t.pk)
    end
    for _, list in ipairs({ t.uniques, t.checks, t.fks, t.exclusions }) do
        for _, c in ipairs(list) do
            ctx.with_constraint_comment(steps, s, t.name, c)
        end
    end
    for _, index in ipairs(t.indexes) do
        local plain = setmetatable({ concurrently = false }, { __index = index })
        ctx.append(steps, ctx.create_index_steps(s, t.name, plain))
    end
    if t.comment then
        steps[#steps + 1] = ctx.comment_step(s, t.name, nil, t.comment)
    end
    for _, col in ipairs(t.columns) do
        if col.comment then
            steps[#steps + 1] = ctx.comment_step(s, t.name, col.name, col.comment)
        end
    end
    return steps
end
