/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text.h"

#include <string.h>

const char *sd_store(sd_analyzer *a, const char *s)
{
    return s ? sd_pool_text(&a->text, s, strlen(s)) : NULL;
}

static inline uint64_t mix(uint64_t h, uint64_t word)
{
    h = (h ^ word) * 0xff51afd7ed558ccdu;
    return h ^ (h >> 32);
}

/* 'A'-'Z' in each byte of `word` made 'a'-'z', eight at a time: a byte is
 * upper case when its low seven bits are at least 'A' and at most 'Z' and
 * its high bit is clear (g_ascii_tolower maps only those). */
static inline uint64_t lower(uint64_t word)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t low7 = word & ~highs;
    uint64_t from_a = low7 + ones * (0x80 - 'A');
    uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1);
    uint64_t upper = (from_a ^ past_z) & ~word & highs;
    return word | (upper >> 2);
}

static inline uint32_t hash(const char *s, bool nocase)
{
    if (s == NULL)
        return 0;
    size_t n = strlen(s);
    uint64_t h = 0x9e3779b97f4a7c15u ^ n;
    size_t i = 0;
    for (; i + 8 < n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        h = mix(h, nocase ? lower(word) : word);
    }
    /* The last eight bytes (some hashed twice), or the few there are. */
    uint64_t word = 0;
    if (n >= 8)
        memcpy(&word, s + n - 8, 8);
    else
        for (size_t k = 0; k < n; k++)
            word |= (uint64_t)(unsigned char)s[k] << (8 * k);
    h = mix(h, nocase ? lower(word) : word);
    h = (h ^ (h >> 29)) * 0xc4ceb9fe1a85ec53u;
    return (uint32_t)(h ^ (h >> 32));
}

uint32_t sd_hash(const char *s)
{
    return hash(s, false);
}

uint32_t sd_hash_nocase(const char *s)
{
    return hash(s, true);
}
