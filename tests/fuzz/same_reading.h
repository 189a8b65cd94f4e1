/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whether two readings of one message are the same: each string by its
 * text, everything else by its bytes.  The parser's fast paths must read
 * what its general reading reads (tests/fuzz/fuzz_parse.c,
 * tests/unit/test_parse.c).  A string member missing from the list below
 * makes every comparison fail, which is what a test should do then.
 */
#ifndef SIPDIALOG_SAME_READING_H
#define SIPDIALOG_SAME_READING_H

#include <stddef.h>
#include <string.h>

#include "sipdialog/message.h"

static const size_t sd_message_strings[] = {
    offsetof(sd_message, method),           offsetof(sd_message, request_uri),
    offsetof(sd_message, call_id),          offsetof(sd_message, from_uri),
    offsetof(sd_message, to_uri),           offsetof(sd_message, from_tag),
    offsetof(sd_message, to_tag),           offsetof(sd_message, cseq_method),
    offsetof(sd_message, top_via.branch),   offsetof(sd_message, top_via.sent_by),
    offsetof(sd_message, bottom_via.branch), offsetof(sd_message, bottom_via.sent_by),
    offsetof(sd_message, reason_phrase),    offsetof(sd_message, reason_protocol),
    offsetof(sd_message, reason_text),      offsetof(sd_message, rack_method),
    offsetof(sd_message, event),            offsetof(sd_message, event_id),
    offsetof(sd_message, subscription_state), offsetof(sd_message, subscription_reason),
    offsetof(sd_message, refer_to),         offsetof(sd_message, sipfrag),
};

/* Both messages were cleared by sd_parse_message (padding included). */
static inline bool sd_same_reading(const sd_message *x, const sd_message *y)
{
    sd_message a = *x, b = *y;
    for (size_t i = 0; i < sizeof sd_message_strings / sizeof *sd_message_strings; i++) {
        const char **sa = (const char **)((char *)&a + sd_message_strings[i]);
        const char **sb = (const char **)((char *)&b + sd_message_strings[i]);
        if ((*sa == NULL) != (*sb == NULL) || (*sa != NULL && strcmp(*sa, *sb) != 0))
            return false;
        *sa = *sb = NULL;
    }
    return memcmp(&a, &b, sizeof a) == 0;
}

#endif
