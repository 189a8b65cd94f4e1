/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading what the analysis needs from the text of one SIP message: its
 * start line and the header fields Call-ID, From, To, CSeq, Via,
 * Authorization, Proxy-Authorization and Retry-After (RFC 3261 §7, §20,
 * §25), in long or compact form, folded or not.  Anything it cannot read
 * stays absent (NULL, false), as if the header were missing.
 */
#ifndef SIPDIALOG_PARSE_H
#define SIPDIALOG_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "message.h"

/* The scratch space sd_parse_message needs for a message of `len` bytes. */
#define SD_PARSE_SCRATCH(len) ((len) + 64)

/* Fill the SIP part of `m` (method or status, Request-URI, Call-ID, From and
 * To, CSeq, Vias, credentials, Retry-After) from `text`, which holds the
 * message (its body, if any, after the blank line, is not read).  The
 * capture part (frame, time, transport, has_sdp) is left alone.
 * The strings are copied, NUL-terminated, into `scratch`, which must hold
 * SD_PARSE_SCRATCH(len) bytes and live as long as they are used.  Returns
 * false, with the SIP part cleared, if `text` does not begin with a SIP
 * request or status line. */
bool sd_parse_message(const char *text, size_t len, sd_message *m, char *scratch);

#endif
