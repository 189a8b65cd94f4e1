/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analyzer's strings: stored once, compared with NULL as a value. */
#ifndef SIPDIALOG_TEXT_H
#define SIPDIALOG_TEXT_H

#include <string.h>

#include "model.h"

/* Store a string for the lifetime of the analyzer; NULL stays NULL. */
const char *sd_store(sd_analyzer *a, const char *s);

/* A hash of a string for the analyzer's tables, eight bytes at a time
 * (g_str_hash takes one); 0 for NULL. */
uint32_t sd_hash(const char *s);

/* The same, of the string with ASCII letters in lower case (URIs compare
 * without regard to the case of their scheme and host, RFC 3261 §19.1.4). */
uint32_t sd_hash_nocase(const char *s);

/* Whether two stored or message strings are the same; NULL equals NULL.
 * Inline: most calls compare two pointers to one of a call's strings
 * (sd_call_string()), and strcmp is not reached. */
static inline bool sd_same(const char *x, const char *y)
{
    return x == y || (x != NULL && y != NULL && strcmp(x, y) == 0);
}

/* Whether two header values differ; an unknown one (absent, or the
 * dissector could not read it) differs from nothing. */
static inline bool sd_differ(const char *x, const char *y)
{
    return x != NULL && y != NULL && x != y && strcmp(x, y) != 0;
}

#endif
