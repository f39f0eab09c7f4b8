/* migc generator: the allocator of the renderer's Lua state. Small blocks (strings, table
 * parts, closures: most of what a template run makes and drops) come from size-class free lists
 * carved out of large chunks; larger ones from malloc. Everything goes when the pool is
 * released, after lua_close. */
#ifndef MIGC_LUA_POOL_H
#define MIGC_LUA_POOL_H

#include <stddef.h>

#define MG_LUA_POOL_CLASSES 16 /* blocks of 16, 32, ... 256 bytes */

typedef struct mg_lua_pool_chunk mg_lua_pool_chunk;

typedef struct mg_lua_pool {
    void *free[MG_LUA_POOL_CLASSES]; /* each free block holds the next one */
    mg_lua_pool_chunk *chunks;
    unsigned char *next; /* the unused rest of the newest chunk */
    size_t left;
} mg_lua_pool;

void mg_lua_pool_init(mg_lua_pool *p);
/* A lua_Alloc; ud is the mg_lua_pool. */
void *mg_lua_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* Frees every chunk (after lua_close of the state that used it). */
void mg_lua_pool_release(mg_lua_pool *p);

#endif
