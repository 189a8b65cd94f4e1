/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Eight bytes of a message read as one word, for the parser and the
 * session-description summary (issue 17 counts their instructions). */
#ifndef SIPDIALOG_WORDS_H
#define SIPDIALOG_WORDS_H

#include <stdint.h>
#include <string.h>

/* Eight bytes as a word, the first byte lowest (whatever the machine). */
static inline uint64_t load8(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w);
#endif
    return w;
}

#endif
