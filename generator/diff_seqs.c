/* migc generator: the diff of sequences (SPEC §3.1).
 * Early: renames, creates (without owner) and option changes, and owners that go away, before
 * any table uses a new sequence or drops its owner; late: owners set once their columns exist,
 * and drops after the tables that used them. */
#include "diff_internal.h"

#include "sequence.h"

/* The bits of the option fields whose text differs (a change of value written as given). */
static unsigned
option_bits(const mg_sequence *have, const mg_sequence *want)
{
    unsigned set = 0;
    set |= mg_str_equal(have->type, want->type) ? 0 : MG_SEQ_TYPE;
    set |= mg_str_equal(have->increment, want->increment) ? 0 : MG_SEQ_INCREMENT;
    set |= mg_str_equal(have->min_value, want->min_value) ? 0 : MG_SEQ_MIN;
    set |= mg_str_equal(have->max_value, want->max_value) ? 0 : MG_SEQ_MAX;
    set |= mg_str_equal(have->start, want->start) ? 0 : MG_SEQ_START;
    set |= mg_str_equal(have->cache, want->cache) ? 0 : MG_SEQ_CACHE;
    set |= have->cycle == want->cycle ? 0 : MG_SEQ_CYCLE;
    return set;
}

/* Emits alter_sequence name with the fields of src that set names. */
static int
alter(differ *df, const char *name, const mg_sequence *src, unsigned set, mg_loc loc)
{
    mg_op *op = mg_diff_op(df, MG_OP_ALTER_SEQUENCE, loc);
    op->name = name;
    op->seq = mg_sequence_copy(df->a, src);
    op->seq->name = name;
    op->seq_set = set;
    return mg_diff_emit(df, op);
}

/* Moves the owner of have when want (NULL: dropped) has another: straight to want's when that
 * column exists already, else to none (the old owner's column may go; the late phase sets it). */
static int
release_owner(differ *df, const mg_sequence *have, const mg_sequence *want)
{
    mg_sequence none = {0};
    const mg_table *t =
        want && want->owned_table ? mg_diff_work_table(df, want->owned_table) : NULL;
    if (have->owned_table == NULL || (want != NULL && !(mg_seq_differs(have, want) & MG_SEQ_OWNED)))
        return 0;
    if (t != NULL && mg_table_column(t, want->owned_column) != NULL)
        return alter(df, have->name, want, MG_SEQ_OWNED, want->loc);
    return alter(df, have->name, &none, MG_SEQ_OWNED, want ? want->loc : have->loc);
}

static int
rename_or_create(differ *df, const mg_sequence *want)
{
    const char *from = want->renamed_from;
    mg_hint h = {MG_OP_RENAME_SEQUENCE, want->name, NULL, from, false, want->renamed_from_loc};
    if (from != NULL && mg_schema_sequence(df->work, from) && !mg_schema_sequence(df->want, from) &&
        mg_diff_hint_fresh(df, &h) != NULL) {
        mg_op *op = mg_diff_op(df, MG_OP_RENAME_SEQUENCE, want->loc);
        op->from = from;
        op->to = want->name;
        return mg_diff_emit(df, op);
    }
    mg_op *op = mg_diff_op(df, MG_OP_CREATE_SEQUENCE, want->loc);
    op->seq = mg_sequence_copy(df->a, want);
    op->seq->owned_table = op->seq->owned_column = NULL; /* set late, once the column exists */
    op->name = want->name;
    return mg_diff_emit(df, op);
}

static int
early_one(differ *df, const mg_sequence *want)
{
    const mg_sequence *have = mg_schema_sequence(df->work, want->name);
    if (have == NULL && rename_or_create(df, want) != 0)
        return -1;
    if ((have = mg_schema_sequence(df->work, want->name)) == NULL)
        return -1;
    unsigned set = mg_seq_same_options(have, want) ? 0 : option_bits(have, want);
    set |= mg_seq_differs(have, want) & MG_SEQ_COMMENT;
    if (set != 0 && alter(df, want->name, want, set, want->loc) != 0)
        return -1;
    return release_owner(df, mg_schema_sequence(df->work, want->name), want);
}

int
mg_diff_seqs_early(differ *df)
{
    for (size_t i = 0; i < df->want->sequences.len; i++)
        if (early_one(df, df->want->sequences.items[i]) != 0)
            return -1;
    for (size_t i = 0; i < df->work->sequences.len; i++) {
        const mg_sequence *have = df->work->sequences.items[i];
        if (mg_schema_sequence(df->want, have->name) == NULL && release_owner(df, have, NULL) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_seqs_owners(differ *df)
{
    for (size_t i = 0; i < df->want->sequences.len; i++) {
        const mg_sequence *want = df->want->sequences.items[i];
        const mg_sequence *have = mg_schema_sequence(df->work, want->name);
        if (have != NULL && (mg_seq_differs(have, want) & MG_SEQ_OWNED) &&
            alter(df, want->name, want, MG_SEQ_OWNED, want->loc) != 0)
            return -1;
    }
    return 0;
}

int
mg_diff_seqs_drop(differ *df)
{
    for (size_t i = 0; i < df->work->sequences.len;) {
        const mg_sequence *have = df->work->sequences.items[i];
        if (mg_schema_sequence(df->want, have->name)) {
            i++;
            continue;
        }
        mg_op *op = mg_diff_op(df, MG_OP_DROP_SEQUENCE, have->loc);
        op->name = have->name;
        mg_diff_destructive(df, "drop_sequence %s%s", have->name, "");
        if (mg_diff_emit(df, op) != 0)
            return -1;
    }
    return 0;
}
