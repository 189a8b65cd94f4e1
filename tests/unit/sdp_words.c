/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The session-description summary as machines without SSE2 build it (line
 * ends found by tests of 8-byte words), under another name, for the tests
 * that compare it with the SSE2 build: CI runs on x86-64, where only the
 * SSE2 path is compiled into the plugin.
 */
#undef __SSE2__
#define sd_sdp_summarize sd_sdp_summarize_words
#include "../../plugin/core/sdp.c"
