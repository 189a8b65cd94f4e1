/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The analyzer's strings: stored once, compared with NULL as a value. */
#ifndef SIPDIALOG_TEXT_H
#define SIPDIALOG_TEXT_H

#include <string.h>

#include "model.h"

/* Store a string for the lifetime of the analyzer; NULL stays NULL. */
const char *sd_store(sd_analyzer *a, const char *s);

static inline uint64_t sd_hash_mix(uint64_t h, uint64_t word)
{
    h = (h ^ word) * 0xff51afd7ed558ccdu;
    return h ^ (h >> 32);
}

/* 'A'-'Z' in each byte of `word` made 'a'-'z', eight at a time: a byte is
 * upper case when its low seven bits are at least 'A' and at most 'Z' and
 * its high bit is clear (g_ascii_tolower maps only those). */
static inline uint64_t sd_hash_lower(uint64_t word)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t low7 = word & ~highs;
    uint64_t from_a = low7 + ones * (0x80 - 'A');
    uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1);
    uint64_t upper = (from_a ^ past_z) & ~word & highs;
    return word | (upper >> 2);
}

/* A hash of the `n` bytes at `s` (see sd_hash()). */
static inline uint32_t sd_hash_bytes(const char *s, size_t n, bool nocase)
{
    uint64_t h = 0x9e3779b97f4a7c15u ^ n;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        h = sd_hash_mix(h, nocase ? sd_hash_lower(word) : word);
    }
    /* The last eight bytes (some hashed twice), or the few there are. */
    uint64_t word = 0;
    if (n >= 8)
        memcpy(&word, s + n - 8, 8);
    else
        for (size_t k = 0; k < n; k++)
            word |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = sd_hash_mix(h, nocase ? sd_hash_lower(word) : word);
    h = (h ^ (h >> 29)) * 0xc4ceb9fe1a85ec53u;
    return (uint32_t)(h ^ (h >> 32));
}

static inline uint32_t sd_hash_text(const char *s, bool nocase)
{
    return s == NULL ? 0 : sd_hash_bytes(s, strlen(s), nocase);
}

/* A hash of a string for the analyzer's tables, eight bytes at a time
 * (g_str_hash takes one); 0 for NULL.  Inline, as the string compares
 * are: a message hashes seven or eight strings (Call-ID, its Via's branch
 * and sent-by, tags, From and To), and a call added about 5 instructions
 * to each hash's 50 to 130. */
static inline uint32_t sd_hash(const char *s)
{
    return sd_hash_text(s, false);
}

/* The same, of the string with ASCII letters in lower case (URIs compare
 * without regard to the case of their scheme and host, RFC 3261 §19.1.4). */
static inline uint32_t sd_hash_nocase(const char *s)
{
    return sd_hash_text(s, true);
}

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
