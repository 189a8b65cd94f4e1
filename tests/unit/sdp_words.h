/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPDIALOG_TESTS_SDP_WORDS_H
#define SIPDIALOG_TESTS_SDP_WORDS_H

#include "sipdialog/parse.h"

#include <string.h>

/* sd_sdp_summarize() built without SSE2 (sdp_words.c). */
void sd_sdp_summarize_words(const char *body, size_t len, sd_sdp_summary *s);

/* Summarise `body` into `s`; whether the build without SSE2 reads it the
 * same (both clear the whole summary first). */
static inline bool sd_sdp_summaries_agree(const char *body, size_t len, sd_sdp_summary *s)
{
    sd_sdp_summary words;
    sd_sdp_summarize(body, len, s);
    sd_sdp_summarize_words(body, len, &words);
    return memcmp(s, &words, sizeof words) == 0;
}

#endif
