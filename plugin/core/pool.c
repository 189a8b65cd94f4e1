/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pool.h"

#include <string.h>

enum {
    BLOCK_SIZE = 256 * 1024,
    ALIGNMENT = 8,   /* the strictest member of the pooled structs: int64_t, pointers */
};

void sd_pool_init(sd_pool *pool)
{
    pool->blocks = g_ptr_array_new_with_free_func(g_free);
    pool->next = NULL;
    pool->left = 0;
}

void sd_pool_free(sd_pool *pool)
{
    g_ptr_array_free(pool->blocks, TRUE);
    pool->blocks = NULL;
}

/* A new block with room for `size` bytes; what was left of the last one is
 * not used. */
static void take_block(sd_pool *pool, gsize size)
{
    gsize block = MAX(BLOCK_SIZE, size);
    pool->next = g_malloc(block);
    pool->left = block;
    g_ptr_array_add(pool->blocks, pool->next);
}

void *sd_pool_alloc0(sd_pool *pool, gsize size)
{
    size = (size + ALIGNMENT - 1) & ~(gsize)(ALIGNMENT - 1);
    if (size > pool->left)
        take_block(pool, size);
    /* Each object is cleared as it is handed out, not the block when it is
     * taken: a block cleared at once is cleared a byte per instruction
     * (rep stosb), an object a vector store per 32 bytes, and only what is
     * used. */
    void *object = pool->next;
    memset(object, 0, size);
    pool->next += size;
    pool->left -= size;
    return object;
}

char *sd_pool_text(sd_pool *pool, const char *s, gsize n)
{
    if (n + 1 > pool->left)
        take_block(pool, n + 1);
    char *copy = pool->next;
    memcpy(copy, s, n);
    copy[n] = '\0';
    pool->next += n + 1;
    pool->left -= n + 1;
    return copy;
}
