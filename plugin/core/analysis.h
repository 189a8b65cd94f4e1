/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis of one message, by kind.  Each function finds the message's
 * transaction and dialog, tells a new request from a retransmission or a
 * proxy's copy, drives the state machines, runs the rules that can be
 * decided now, and fills the message's record.
 */
#ifndef SIPDIALOG_ANALYSIS_H
#define SIPDIALOG_ANALYSIS_H

#include "model.h"

void sd_analyze_request(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_method method, sd_call *call);
void sd_analyze_ack(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);
void sd_analyze_cancel(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);
void sd_analyze_response(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);

#endif
