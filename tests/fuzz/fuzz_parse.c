/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer target for the SIP text parser and the analysis of what it
 * reads.  The input is a sequence of SIP messages separated by form feeds,
 * one per frame; each is copied to a buffer of its exact size (so that
 * AddressSanitizer sees any read past it), parsed as the plugin parses the
 * bytes the SIP dissector found, and analysed; then every report is made,
 * as rendering would.  Each message is also read without the parser's
 * fast paths, and must read the same; the whole input, summarised as a
 * session description with SSE2 and without, too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sipdialog/analyzer.h"
#include "sipdialog/parse.h"
#include "same_reading.h"
#include "sdp_words.h"

/* The input as a session description: summarised the same with SSE2 and
 * without. */
static void compare_sdp_summaries(const uint8_t *data, size_t size)
{
    char *body = malloc(size ? size : 1);
    memcpy(body, data, size);
    sd_sdp_summary s;
    if (!sd_sdp_summaries_agree(body, size, &s))
        abort();
    free(body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    compare_sdp_summaries(data, size);
    sd_analyzer *a = sd_analyzer_new(NULL);
    uint32_t frames = 0;
    const uint8_t *p = data, *end = data + size;
    do {
        const uint8_t *ff = memchr(p, '\f', (size_t)(end - p));
        size_t len = (size_t)((ff ? ff : end) - p);
        char *text = malloc(len ? len : 1);
        char *scratch = malloc(SD_PARSE_SCRATCH(len)), *general_scratch = malloc(SD_PARSE_SCRATCH(len));
        memcpy(text, p, len);
        frames++;
        sd_message m = {.frame = frames, .time_us = (int64_t)frames * 250000, .transport = SD_TRANSPORT_UDP};
        sd_message general = m;
        sd_parse_fast_paths = false;
        bool general_ok = sd_parse_message(text, len, &general, general_scratch);
        sd_parse_fast_paths = true;
        bool ok = sd_parse_message(text, len, &m, scratch);
        if (ok != general_ok || !sd_same_reading(&m, &general))
            abort();
        if (ok)
            sd_analyzer_add(a, &m);
        sd_analyzer_reach(a, m.time_us);
        free(text);
        free(scratch);
        free(general_scratch);
        p += len + 1;
    } while (p < end);
    for (uint32_t frame = 1; frame <= frames; frame++) {
        uint32_t first;
        unsigned n = sd_analyzer_frame_messages(a, frame, &first);
        for (unsigned i = 0; i < n; i++) {
            sd_report r;
            sd_analyzer_report(a, first + i, &r);
            sd_dialog_summary s;
            if (sd_report_has(&r, SD_FIELD_DIALOG))
                sd_analyzer_dialog(a, (uint32_t)r.value[SD_FIELD_DIALOG], &s);
        }
    }
    sd_analyzer_free(a);
    return 0;
}
