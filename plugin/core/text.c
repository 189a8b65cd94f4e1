/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text.h"

#include <string.h>

const char *sd_store(sd_analyzer *a, const char *s)
{
    return s ? g_string_chunk_insert(a->strings, s) : NULL;
}

bool sd_same(const char *x, const char *y)
{
    return x == y || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

bool sd_differ(const char *x, const char *y)
{
    return x != NULL && y != NULL && strcmp(x, y) != 0;
}
