/* migc generator: inspect internals shared by the catalog readers and the YAML writer.
 * One context per run; everything it holds lives in its arena. */
#ifndef MIGC_INSPECT_INTERNAL_H
#define MIGC_INSPECT_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>

#include "diag.h"
#include "model.h"
#include "pq_load.h"
#include "strbuf.h"
#include "strmap.h"

/* SQL condition: the object oid_expr of catalog (e.g. "pg_catalog.pg_class") is not a member of
 * an extension; extension members are the extension's business, not the module's. */
#define MG_INSPECT_NOT_EXT_MEMBER(catalog, oid_expr)                                               \
    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend x WHERE x.classid = '" catalog                 \
    "'::pg_catalog.regclass::pg_catalog.oid AND x.objid = " oid_expr " AND x.deptype = 'e')"

/* The relations inspect writes as tables: plain and partitioned tables and their partitions, but
 * not a partition of a partition (sub-partitioning is not written) nor a partitioned partition. */
#define MG_INSPECT_TABLE_REL                                                                       \
    "c.relkind IN ('r', 'p') AND (NOT c.relispartition OR (c.relkind = 'r' AND (SELECT "           \
    "pg_catalog.count(*) FROM pg_catalog.pg_partition_ancestors(c.oid)) = 2::pg_catalog.int8))"
/* The tables whose columns, constraints and indexes inspect writes: not partitions, which have
 * their parent's. */
#define MG_INSPECT_OWN_REL "c.relkind IN ('r', 'p') AND NOT c.relispartition"

/* SQL: LEFT JOIN of the comment (pg_description row, as alias) on the object oid_expr of catalog,
 * sub-object subid_expr (0 for the object itself): what obj_description and col_description
 * give, read in one join instead of a SQL function call per row. */
#define MG_INSPECT_COMMENT_JOIN(alias, catalog, oid_expr, subid_expr)                              \
    "LEFT JOIN pg_catalog.pg_description " alias " ON " alias                                      \
    ".objoid OPERATOR(pg_catalog.=) " oid_expr "\n  AND " alias                                    \
    ".classoid OPERATOR(pg_catalog.=) '" catalog                                                   \
    "'::pg_catalog.regclass::pg_catalog.oid\n  AND " alias                                         \
    ".objsubid OPERATOR(pg_catalog.=) " subid_expr "\n"

typedef struct mg_inspect {
    mg_arena *a;
    mg_diag *d;         /* catalog failures (exit code 4) */
    const mg_pq *pq;    /* libpq, loaded at run time: every libpq call goes through it */
    PGconn *conn;       /* borrowed; the caller connects and finishes */
    const char *schema; /* the PostgreSQL schema read, $1 of every query */
    mg_schema *s;       /* what the output declares */
    mg_vec notes;    /* const char *: objects migc cannot express, one "# not managed" line each */
    mg_vec warnings; /* const char *: printed on stderr after the run */
    mg_vec external; /* const char *: type names that belong under external_types */
    const mg_vec *ignore; /* const char *: `ignore:` patterns (ignore.h); borrowed, may be empty */
    mg_vec left_out;      /* const char *: "table x (ignore: x*)", one stderr line each */
    mg_vec left_tables;   /* const char *: names of the tables left out */
    mg_strmap tables;     /* table name -> its index in s->tables */
    const char *const *queued; /* the queries sent ahead in a pipeline, in reading order; NULL:
                                * none, each query runs when asked for */
    size_t n_queued, next_queued;
} mg_inspect;

/* Runs sql with $1 = the schema name and expects rows; NULL after recording the error.
 * The caller PQclears the result. With pipelining libpq every reader query is already sent
 * (inspect.c): sql must then be the next one of them, and this takes its results. */
PGresult *mg_inspect_query(mg_inspect *in, const char *sql);
/* Value of a result cell copied into the arena; NULL for SQL NULL. */
const char *mg_inspect_value(mg_inspect *in, const PGresult *r, int row, int col);
/* Storage parameters of a row's column col (reloptions as "name=value" lines, or NULL) into out
 * (mg_check *, in their order). */
void mg_inspect_with(mg_inspect *in, const PGresult *r, int row, int col, mg_vec *out);
/* True when the cell holds boolean true ("t"). */
bool mg_inspect_true(const mg_inspect *in, const PGresult *r, int row, int col);

/* Records a warning for stderr. */
void mg_inspect_warn(mg_inspect *in, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Records an object migc cannot express: a "# not managed by migc: ..." line and a warning. */
void mg_inspect_unmanaged(mg_inspect *in, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Records that the object "<what> <name>" is left out because of why ("a migc version table",
 * "ignore: tmp_*"); it is not written and stderr says so. */
void mg_inspect_leave_out(mg_inspect *in, const char *what, const char *name, const char *why);
/* True, after recording it, when an ignore pattern matches the object name in schema (in->schema
 * for the objects of the schema read). */
bool mg_inspect_ignored(mg_inspect *in, const char *what, const char *schema, const char *name);
/* The table of s named name, or NULL (after the tables are read: a hash look-up). */
mg_table *mg_inspect_table(const mg_inspect *in, const char *name);
/* True when table is one of the tables left out. */
bool mg_inspect_table_left_out(const mg_inspect *in, const char *table);

/* The catalog queries of the readers (each takes $1 = the schema), in the order the readers run
 * them: inspect.c sends them all at once in a pipeline, then each reader takes its results. */
extern const char mg_inspect_extensions_sql[], mg_inspect_enums_sql[], mg_inspect_domains_sql[],
    mg_inspect_domain_checks_sql[], mg_inspect_ctypes_sql[], mg_inspect_tables_sql[],
    mg_inspect_columns_sql[], mg_inspect_checks_sql[], mg_inspect_excl_sql[], mg_inspect_keys_sql[],
    mg_inspect_views_sql[], mg_inspect_view_extras_sql[], mg_inspect_indexes_sql[],
    mg_inspect_sequences_sql[], mg_inspect_funcs_sql[], mg_inspect_func_config_sql[],
    mg_inspect_triggers_sql[], mg_inspect_others_sql[], mg_inspect_partition_own_sql[],
    mg_inspect_props_sql[];

/* Catalog readers, in this order: each fills in->s and records notes; 0 or -1. */
int mg_inspect_read_extensions(mg_inspect *in);
int mg_inspect_read_enums(mg_inspect *in);
int mg_inspect_read_domains(mg_inspect *in); /* inspect_domains.c; after the enums */
int mg_inspect_read_ctypes(mg_inspect *in);  /* inspect_ctypes.c; after the domains */
int mg_inspect_read_tables(mg_inspect *in);
int mg_inspect_read_columns(mg_inspect *in);
int mg_inspect_read_checks(mg_inspect *in);
/* inspect_excl.c: exclusion constraints (SPEC §3.1). */
int mg_inspect_read_exclusions(mg_inspect *in);
int mg_inspect_read_keys(mg_inspect *in);
int mg_inspect_read_views(mg_inspect *in); /* inspect_views.c; before the indexes */
int mg_inspect_read_indexes(mg_inspect *in);
int mg_inspect_read_sequences(mg_inspect *in); /* inspect_seqs.c; after the columns */
int mg_inspect_read_funcs(mg_inspect *in);     /* inspect_funcs.c */
int mg_inspect_read_triggers(mg_inspect *in);  /* inspect_triggers.c; after the tables */
int mg_inspect_read_others(mg_inspect *in);
int mg_inspect_read_props(mg_inspect *in);

/* Appends the schema.yaml text for in->s and in->notes to b. */
void mg_inspect_write(const mg_inspect *in, mg_sb *b);

#endif
