/* migc generator: libpq loaded at run time for `migc inspect` (dlopen, then dlsym of each
 * function into the caller's table). */
#include "pq_load.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* A libpq function and where its pointer goes in mg_pq. */
typedef struct pq_symbol {
    const char *name;
    size_t offset;
} pq_symbol;

/* Every field is named after its function: field f of mg_pq (of mg_pq.conn) is PQf. The sizeof
 * of an assignment of PQf to the field is never evaluated (so it needs no libpq at link time) but
 * makes the compiler check that the field has the type libpq-fe.h gives the function. */
#define PQ_CHECKED(field, f) (offsetof(mg_pq, field) + 0 * sizeof(((mg_pq *)0)->field = PQ##f))
#define PQ_SYMBOL(f)                                                                               \
    {                                                                                              \
        "PQ" #f, PQ_CHECKED(f, f)                                                                  \
    }
#define PQ_CONN_SYMBOL(f)                                                                          \
    {                                                                                              \
        "PQ" #f, PQ_CHECKED(conn.f, f)                                                             \
    }

static const pq_symbol symbols[] = {
    PQ_CONN_SYMBOL(connectdbParams),
    PQ_CONN_SYMBOL(status),
    PQ_CONN_SYMBOL(errorMessage),
    PQ_CONN_SYMBOL(finish),
    PQ_CONN_SYMBOL(conninfoParse),
    PQ_CONN_SYMBOL(conninfoFree),
    PQ_CONN_SYMBOL(freemem),
    PQ_SYMBOL(exec),
    PQ_SYMBOL(execParams),
    PQ_SYMBOL(getResult),
    PQ_SYMBOL(resultStatus),
    PQ_SYMBOL(resultErrorMessage),
    PQ_SYMBOL(resultErrorField),
    PQ_SYMBOL(ntuples),
    PQ_SYMBOL(getvalue),
    PQ_SYMBOL(getisnull),
    PQ_SYMBOL(clear),
#ifdef LIBPQ_HAS_PIPELINING
    PQ_SYMBOL(enterPipelineMode),
    PQ_SYMBOL(exitPipelineMode),
    PQ_SYMBOL(sendQueryParams),
    PQ_SYMBOL(sendFlushRequest),
    PQ_SYMBOL(pipelineSync),
#endif
};

/* dlsym's void * goes into a function pointer by copying its bytes (POSIX makes them alike). */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers must fit a void *");

/* Opens libpq and looks up every function of the table. */
int
mg_pq_open(mg_pq *pq, char *err, size_t errlen)
{
    memset(pq, 0, sizeof(*pq));
    pq->handle = dlopen(MG_PQ_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (pq->handle == NULL) {
        const char *why = dlerror();
        snprintf(err, errlen, "cannot load %s, which migc inspect needs (is libpq5 installed?): %s",
                 MG_PQ_LIBRARY, why ? why : "unknown error");
        return -1;
    }
    for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
        void *f = dlsym(pq->handle, symbols[i].name);
        if (f == NULL) {
            const char *why = dlerror();
            snprintf(err, errlen, "cannot load %s: it has no %s (%s)", MG_PQ_LIBRARY,
                     symbols[i].name, why ? why : "no such symbol");
            mg_pq_close(pq);
            return -1;
        }
        memcpy((char *)pq + symbols[i].offset, &f, sizeof(f));
    }
    return 0;
}

/* Closes libpq and clears the table. */
void
mg_pq_close(mg_pq *pq)
{
    if (pq->handle != NULL)
        dlclose(pq->handle);
    memset(pq, 0, sizeof(*pq));
}
