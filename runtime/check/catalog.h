/* migc runtime: the live catalog of a module schema, read with a handful of set-based queries.
 * Every result is sorted by table (or type) name in byte order, like the expected schema. */
#ifndef MIGC_CATALOG_H
#define MIGC_CATALOG_H

#include "migc/migc.h"

#include <libpq-fe.h>

/* Columns of the tables result. */
enum {
    CAT_T_NAME,
    CAT_T_COMMENT,
    CAT_T_PARTKEY, /* pg_get_partkeydef of a partitioned table; NULL for the others */
    CAT_T_PARENT,  /* the table a partition is of; NULL for the others */
    CAT_T_BOUNDS,  /* pg_get_expr(relpartbound) of a partition: FOR VALUES ... or DEFAULT */
    CAT_T_WITH     /* storage parameters: reloptions as "name=value" lines; NULL when none */
};
/* Columns of the columns result (rows by table, then attnum); a partition's are left out (they
 * are its parent's). Constraints and indexes a partition has because its parent has them are
 * left out likewise. */
enum {
    CAT_C_TABLE,
    CAT_C_NAME,
    CAT_C_TYPE,
    CAT_C_NOTNULL,
    CAT_C_IDENTITY,
    CAT_C_GENERATED,
    CAT_C_DEFAULT, /* the default, or the generation expression of a generated column */
    CAT_C_COMMENT,
    CAT_C_COLLATION /* NULL when the type's */
};
/* Columns of the constraints result (rows by table, then name). Column lists are quoted
 * identifiers joined by "," ("\"a\",\"b\""), the same encoding as migc_catalog_qlist. */
enum {
    CAT_K_TABLE,
    CAT_K_NAME,
    CAT_K_TYPE,
    CAT_K_COLUMNS,
    CAT_K_REF_SCHEMA,
    CAT_K_REF_TABLE,
    CAT_K_REF_COLUMNS,
    CAT_K_ON_DELETE,
    CAT_K_ON_UPDATE,
    CAT_K_DEFERRABLE,
    CAT_K_DEFERRED,
    CAT_K_EXPR,
    CAT_K_VALIDATED,
    CAT_K_NULLS_NOT_DISTINCT, /* u: "t" or "f"; NULL for the others */
    CAT_K_COMMENT             /* COMMENT ON CONSTRAINT; NULL when none */
};
/* Columns of the index keys result: one row per index column (include columns too), rows by
 * table, index name, then position; constraint-backing indexes are left out. CAT_X_COLUMN is
 * the column name of a plain key; CAT_X_KEYDEF is what pg_get_indexdef prints for the key (the
 * expression, or the quoted column name, computed without opening the index). */
enum {
    CAT_X_TABLE,
    CAT_X_NAME,
    CAT_X_UNIQUE,
    CAT_X_METHOD,
    CAT_X_NKEYS,
    CAT_X_WHERE,
    CAT_X_VALID,
    CAT_X_POS,
    CAT_X_COLUMN,
    CAT_X_KEYDEF,
    CAT_X_OPCLASS,
    CAT_X_OPCDEFAULT,
    CAT_X_OPTION,
    CAT_X_COMMENT,
    CAT_X_WITH /* as CAT_T_WITH */
};
/* Columns of the types result: enums and other user types, not arrays, row types or
 * extension members; labels in the qlist encoding. */
enum { CAT_Y_NAME, CAT_Y_TYPE, CAT_Y_LABELS, CAT_Y_COMMENT };

typedef struct migc_catalog {
    PGresult *tables, *columns, *constraints, *indexes, *types, *extensions;
} migc_catalog;

/* Reads the catalog of schema (tables, columns, constraints, indexes, types) and the installed
 * extensions. Extension members are left out. On failure everything read is released. */
int migc_catalog_read(PGconn *conn, const char *schema, migc_catalog *cat, migc_error *err);

/* Releases the results; NULL-safe and safe on a zeroed catalog. */
void migc_catalog_free(migc_catalog *cat);

/* Rows [*begin, *end) of res whose column col equals name; *cursor only moves forward, so
 * successive calls must ask for names in byte order. */
void migc_catalog_rows(const PGresult *res, int col, int *cursor, const char *name, int *begin,
                       int *end);

/* Writes names as the qlist encoding ("\"a\",\"b\"") into a malloc'd string; NULL when out of
 * memory. */
char *migc_catalog_qlist(const char *const *names, size_t n);

/* Writes a qlist for people ("a, b") into a malloc'd string; NULL when out of memory. */
char *migc_catalog_qlist_show(const char *qlist);

#endif
