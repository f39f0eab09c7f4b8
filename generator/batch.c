/* migc generator: where a migrator that shares one transaction between revisions must commit.
 * Decided from the operations (SPEC §7), so that the migrator never has to read SQL. */
#include "batch.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

/* What a direction's operations need around them. */
enum { ENDS_TX = 1, AFTER_COMMIT = 2 };

/* True when the word w (lower case) starts at p, with no identifier character around it. */
static bool
word_at(const char *text, const char *p, const char *w)
{
    size_t n = strlen(w);

    if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
        return false;
    for (size_t k = 0; k < n; k++)
        if (tolower((unsigned char)p[k]) != w[k])
            return false;
    return !isalnum((unsigned char)p[n]) && p[n] != '_';
}

/* True when text holds the word first, followed (after blanks) by second, or alone when second
 * is NULL. Case-insensitive; comments and quotes are not skipped, which only adds commits. */
static bool
has_words(const char *text, const char *first, const char *second)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (!word_at(text, p, first))
            continue;
        if (second == NULL)
            return true;
        const char *q = p + strlen(first);
        while (isspace((unsigned char)*q))
            q++;
        if (q > p + strlen(first) && word_at(text, q, second))
            return true;
    }
    return false;
}

/* ENDS_TX and AFTER_COMMIT bits of one direction's operations (mg_op *). validate_constraint,
 * the second half of an online form (SPEC §4.1), needs AFTER_COMMIT, as a sql step's VALIDATE
 * does. */
static unsigned
ops_needs(const mg_vec *ops)
{
    unsigned need = 0;

    for (size_t k = 0; k < ops->len; k++) {
        const mg_op *op = ops->items[k];
        const char *sql = op->kind == MG_OP_SQL && op->sql_up != NULL ? op->sql_up : "";
        if (op->kind == MG_OP_ADD_ENUM_VALUE) /* its step commits: a transaction of its own */
            need |= ENDS_TX | AFTER_COMMIT;
        if (op->kind == MG_OP_VALIDATE_CONSTRAINT)
            need |= AFTER_COMMIT;
        if (has_words(sql, "add", "value") || has_words(sql, "set", "local") ||
            has_words(sql, "set", "constraints") || has_words(sql, "set_config", NULL))
            need |= ENDS_TX;
        if (has_words(sql, "validate", NULL))
            need |= AFTER_COMMIT;
    }
    return need;
}

unsigned
mg_batch_commit_before(const mg_vec *plans, size_t i)
{
    const mg_rev_plan *p = plans->items[i];
    const mg_rev_plan *prev = i > 0 ? plans->items[i - 1] : NULL; /* upgraded before p */
    const mg_rev_plan *next = i + 1 < plans->len ? plans->items[i + 1] : NULL; /* downgraded */
    unsigned bits = 0;

    if ((ops_needs(&p->up) & AFTER_COMMIT) || (prev != NULL && (ops_needs(&prev->up) & ENDS_TX)))
        bits |= MG_COMMIT_BEFORE_UP;
    if ((ops_needs(&p->down) & AFTER_COMMIT) ||
        (next != NULL && (ops_needs(&next->down) & ENDS_TX)))
        bits |= MG_COMMIT_BEFORE_DOWN;
    return bits;
}
