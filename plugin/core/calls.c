/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "calls.h"

#include <string.h>

#include "text.h"

static guint call_id_hash(gconstpointer call_id)
{
    return sd_hash(call_id);
}

void sd_calls_init(sd_analyzer *a)
{
    a->calls = g_hash_table_new(call_id_hash, g_str_equal);
}

void sd_calls_free(sd_analyzer *a)
{
    g_hash_table_destroy(a->calls);
}

sd_call *sd_call_get(sd_analyzer *a, const char *call_id)
{
    sd_call *call = g_hash_table_lookup(a->calls, call_id);
    if (call == NULL) {
        call = sd_pool_new(&a->pool, sd_call);
        call->call_id = sd_store(a, call_id);
        call->index = a->call_count++;
        g_hash_table_insert(a->calls, (gpointer)call->call_id, call);
    }
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
