/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory of the objects that live as long as the analyzer (calls,
 * dialogs, forks, transactions, responses): handed out zeroed from large
 * blocks and freed all at once.  A large capture holds millions of them;
 * a malloc and a free each would cost more than much of their analysis.
 */
#ifndef SIPDIALOG_POOL_H
#define SIPDIALOG_POOL_H

#include <glib.h>

typedef struct {
    GPtrArray *blocks;
    char *next;   /* free space left in the newest block */
    gsize left;
} sd_pool;

void sd_pool_init(sd_pool *pool);
void sd_pool_free(sd_pool *pool);

void *sd_pool_alloc0(sd_pool *pool, gsize size);

/* A copy of the `n` bytes at `s` with a NUL after them, packed without
 * alignment: for a pool of text alone (a pool of objects keeps its next
 * object aligned). */
char *sd_pool_text(sd_pool *pool, const char *s, gsize n);
#define sd_pool_new(pool, type) ((type *)sd_pool_alloc0((pool), sizeof(type)))

/* The pointer `part` to what only some objects need (details.h), made
 * zeroed the first time it is written to. */
#define sd_pool_part(pool, part) ((part) != NULL ? (part) : ((part) = sd_pool_alloc0((pool), sizeof *(part))))

#endif
