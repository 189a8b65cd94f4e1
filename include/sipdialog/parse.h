/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading what the analysis needs from the text of one SIP message: its
 * start line and the header fields Call-ID, From, To, CSeq, Via,
 * Authorization, Proxy-Authorization, Retry-After, Contact (present),
 * Require and Supported (100rel, timer), RSeq and RAck, Session-Expires,
 * Min-SE, Reason (RFC 3261 §7, §20, §25, RFC 3262 §7, RFC 4028, RFC 3326),
 * Event, Subscription-State, Expires, Refer-To and Refer-Sub (RFC 6665,
 * RFC 3515, RFC 4488), in long or compact form, folded or not, and from
 * Content-Type and Content-Length whether the body is a session
 * description, or a message/sipfrag's status line.  Anything it
 * cannot read stays absent (NULL, false), as if the header were missing.
 */
#ifndef SIPDIALOG_PARSE_H
#define SIPDIALOG_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"

/* The scratch space sd_parse_message needs for a message of `len` bytes. */
#define SD_PARSE_SCRATCH(len) (2 * (len) + 65)

/* Fill the SIP part of `m` (method or status, Request-URI, Call-ID, From and
 * To, CSeq, Vias, credentials, Retry-After, has_sdp) from `text`, which
 * holds the message and ends where it ends: its body, after the blank
 * line, runs to the end of `text` or Content-Length's end, whichever comes
 * first, and is read only to find a multipart body's session description.
 * has_sdp is set when the body is not empty and its Content-Type is
 * application/sdp, or multipart with an application/sdp part, as
 * Wireshark's SIP dissector reads them.  The capture part (frame, time,
 * transport) is left alone.
 * The strings are NUL-terminated in `scratch` (a copy of the message where
 * most are ended in place, then room for those rewritten), which must hold
 * SD_PARSE_SCRATCH(len) bytes and live as long as they are used.  Returns
 * false, with the SIP part cleared, if `text` does not begin with a SIP
 * request or status line. */
bool sd_parse_message(const char *text, size_t len, sd_message *m, char *scratch);

/* Whether the most common forms of Via, From and To are read by a fast
 * path that gives what the general reading gives: true, except in tests
 * that compare the two (tests/fuzz/fuzz_parse.c). */
extern bool sd_parse_fast_paths;

/* Summarise a session description (plugin/core/sdp.c): origin, a hash of
 * the lines other than o=, c= 0.0.0.0, each stream's direction. */
void sd_sdp_summarize(const char *text, size_t len, sd_sdp_summary *s);

#endif
