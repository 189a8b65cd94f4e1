/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef SIPDIALOG_TESTS_SDP_WORDS_H
#define SIPDIALOG_TESTS_SDP_WORDS_H

#include "sipdialog/parse.h"

/* sd_sdp_summarize() built without SSE2 (sdp_words.c). */
void sd_sdp_summarize_words(const char *body, size_t len, sd_sdp_summary *s);

#endif
