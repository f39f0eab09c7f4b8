/* migc generator: the renderer's Lua allocator (see lua_pool.h). */
#include "lua_pool.h"

#include <stdlib.h>
#include <string.h>

#define GRAIN 16
#define SMALL_MAX (GRAIN * MG_LUA_POOL_CLASSES)
#define CHUNK_SIZE (1u << 20)

struct mg_lua_pool_chunk {
    mg_lua_pool_chunk *next;
    _Alignas(16) unsigned char data[];
};

void
mg_lua_pool_init(mg_lua_pool *p)
{
    *p = (mg_lua_pool){0};
}

void
mg_lua_pool_release(mg_lua_pool *p)
{
    while (p->chunks != NULL) {
        mg_lua_pool_chunk *next = p->chunks->next;
        free(p->chunks);
        p->chunks = next;
    }
    *p = (mg_lua_pool){0};
}

/* The class of a small size (1..SMALL_MAX). */
static size_t
class_of(size_t size)
{
    return (size - 1) / GRAIN;
}

static void *
small_alloc(mg_lua_pool *p, size_t cls)
{
    void *block = p->free[cls];
    if (block != NULL) {
        memcpy(&p->free[cls], block, sizeof(void *));
        return block;
    }
    size_t size = (cls + 1) * GRAIN;
    if (p->left < size) {
        mg_lua_pool_chunk *c = malloc(sizeof(*c) + CHUNK_SIZE);
        if (c == NULL)
            return NULL;
        c->next = p->chunks;
        p->chunks = c;
        p->next = c->data;
        p->left = CHUNK_SIZE;
    }
    block = p->next;
    p->next += size;
    p->left -= size;
    return block;
}

static void
small_free(mg_lua_pool *p, void *block, size_t cls)
{
    memcpy(block, &p->free[cls], sizeof(void *));
    p->free[cls] = block;
}

void *
mg_lua_pool_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    mg_lua_pool *p = ud;
    if (ptr == NULL)
        osize = 0; /* Lua then passes the kind of object, not a size */
    int old_small = osize > 0 && osize <= SMALL_MAX, new_small = nsize > 0 && nsize <= SMALL_MAX;
    if (nsize == 0) {
        if (old_small)
            small_free(p, ptr, class_of(osize));
        else
            free(ptr);
        return NULL;
    }
    if (!old_small && !new_small)
        return realloc(ptr, nsize); /* ptr NULL: a new large block */
    if (old_small && new_small && class_of(osize) == class_of(nsize))
        return ptr;
    void *block = new_small ? small_alloc(p, class_of(nsize)) : malloc(nsize);
    if (block == NULL)
        return NULL; /* Lua keeps the old block when a shrink or growth fails */
    if (ptr != NULL) {
        memcpy(block, ptr, osize < nsize ? osize : nsize);
        if (old_small)
            small_free(p, ptr, class_of(osize));
        else
            free(ptr);
    }
    return block;
}
