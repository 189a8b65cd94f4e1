/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text.h"

#include <string.h>

const char *sd_store(sd_analyzer *a, const char *s)
{
    return s ? sd_pool_text(&a->text, s, strlen(s)) : NULL;
}

