/* migc generator: libpq loaded at run time for `migc inspect`.
 * migc links no libpq (its two dozen shared libraries cost every command some 6 ms at start):
 * inspect opens libpq.so.5 with dlopen and calls it through this table, which it owns. */
#ifndef MIGC_PQ_LOAD_H
#define MIGC_PQ_LOAD_H

#include <libpq-fe.h>
#include <stddef.h>

#include "conn.h"

/* The name dlopen opens. */
#define MG_PQ_LIBRARY "libpq.so.5"

/* The libpq functions inspect calls, each named after its function (getvalue is PQgetvalue);
 * conn holds those of the runtime's connection code (conn.h), finish and errorMessage among them.
 */
typedef struct mg_pq {
    void *handle; /* dlopen's, NULL when not open */
    migc_conn_pq conn;
    PGresult *(*exec)(PGconn *conn, const char *query);
    PGresult *(*execParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                            const char *const *paramValues, const int *paramLengths,
                            const int *paramFormats, int resultFormat);
    PGresult *(*getResult)(PGconn *conn);
    ExecStatusType (*resultStatus)(const PGresult *res);
    char *(*resultErrorMessage)(const PGresult *res);
    char *(*resultErrorField)(const PGresult *res, int fieldcode);
    int (*ntuples)(const PGresult *res);
    char *(*getvalue)(const PGresult *res, int tup_num, int field_num);
    int (*getisnull)(const PGresult *res, int tup_num, int field_num);
    void (*clear)(PGresult *res);
#ifdef LIBPQ_HAS_PIPELINING
    int (*enterPipelineMode)(PGconn *conn);
    int (*exitPipelineMode)(PGconn *conn);
    int (*sendQueryParams)(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                           const char *const *paramValues, const int *paramLengths,
                           const int *paramFormats, int resultFormat);
    int (*sendFlushRequest)(PGconn *conn);
    int (*pipelineSync)(PGconn *conn);
#endif
} mg_pq;

/* Opens libpq and fills pq with its functions: 0, or -1 with pq closed and err (errlen bytes)
 * naming the library, or the function it lacks, and what dlerror() says. */
int mg_pq_open(mg_pq *pq, char *err, size_t errlen);
/* Closes what mg_pq_open opened (nothing when it failed or never ran); pq is then unusable. */
void mg_pq_close(mg_pq *pq);

#endif
