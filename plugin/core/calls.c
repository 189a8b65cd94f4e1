/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "calls.h"

#include <string.h>

#include "text.h"

static bool has_call_id(const void *call, const void *call_id)
{
    return strcmp(((const sd_call *)call)->call_id, call_id) == 0;
}

void sd_calls_init(sd_analyzer *a)
{
    sd_map_init(&a->calls);
}

void sd_calls_free(sd_analyzer *a)
{
    sd_map_free(&a->calls);
}

sd_call *sd_call_get(sd_analyzer *a, const char *call_id)
{
    uint32_t hash = sd_hash(call_id);
    sd_map_entry *slot = sd_map_slot(&a->calls, hash, has_call_id, call_id);
    if (slot->value != NULL)
        return slot->value;
    sd_call *call = sd_pool_new(&a->pool, sd_call);
    call->call_id = sd_store(a, call_id);
    call->index = a->call_count++;
    sd_map_fill(&a->calls, slot, hash, call);
    return call;
}

const char *sd_call_string(sd_analyzer *a, sd_call *call, const char *s)
{
    if (s == NULL)
        return NULL;
    for (int i = 0; i < SD_CALL_STRINGS; i++) {
        if (call->strings[i] == NULL)
            return call->strings[i] = sd_store(a, s);
        if (call->strings[i][0] == s[0] && strcmp(call->strings[i], s) == 0)
            return call->strings[i];
    }
    return sd_store(a, s);   /* a call with many forks or hops */
}
