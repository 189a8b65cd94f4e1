/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Calls: all the messages that share a Call-ID (RFC 3261 §8.1.1.4). */
#ifndef SIPDIALOG_CALLS_H
#define SIPDIALOG_CALLS_H

#include "model.h"

void sd_calls_init(sd_analyzer *a);
void sd_calls_free(sd_analyzer *a);

sd_call *sd_call_get(sd_analyzer *a, const char *call_id);

/* The call's stored copy of a tag or sent-by (one per value for its first
 * few, instead of a table of all the strings of all the calls). */
const char *sd_call_string(sd_analyzer *a, sd_call *call, const char *s);

#endif
