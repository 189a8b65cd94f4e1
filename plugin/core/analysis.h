/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis of one message, by kind.  Each function finds the message's
 * transaction and dialog, tells a new request from a retransmission or a
 * proxy's copy, runs the rules that can be decided now, and fills the
 * message's record.
 */
#ifndef SIPDIALOG_ANALYSIS_H
#define SIPDIALOG_ANALYSIS_H

#include "model.h"

void sd_analyze_request(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_method method, sd_call *call);
void sd_analyze_ack(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);
void sd_analyze_cancel(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);
void sd_analyze_response(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call);

/* Findings that wait for a deadline (64×T1), decided against the time the
 * capture has reached. */
sd_finding_set sd_deadline_findings(const sd_analyzer *a, const sd_record *rec);

/* Helpers shared by the analyses. */

/* Whether two header values differ; an unknown one (absent, or the
 * dissector could not read it) differs from nothing. */
bool sd_differ(const char *x, const char *y);

/* §8.1.1.5: the CSeq method MUST match the request's. */
void sd_check_cseq_method(sd_record *rec, const sd_message *m);

/* A request new on its hop: a transaction of its own.  `taken` is another
 * request already seen with the same key, if any. */
sd_txn *sd_open_txn(sd_analyzer *a, sd_record *rec, const sd_txn_key *key, const sd_txn *taken, const sd_message *m,
                    sd_method method, sd_call *call);

/* Record which dialog and side the message belongs to. */
void sd_place(sd_record *rec, sd_dialog *dialog, sd_side side);

/* A retransmission of the request of `txn` on the same hop. */
void sd_place_retransmission(sd_analyzer *a, sd_record *rec, sd_txn *txn, uint32_t original_frame);

/* If `txn` carries a proxy's copy of a request seen on another hop, link
 * it to that origin and return true: it is no new request. */
bool sd_join_origin(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m, sd_method method);

static inline sd_side sd_other_side(sd_side side)
{
    return side == SD_SIDE_CALLER ? SD_SIDE_CALLEE : side == SD_SIDE_CALLEE ? SD_SIDE_CALLER : SD_SIDE_UNKNOWN;
}

static inline bool sd_is_2xx(unsigned status)
{
    return status >= 200 && status < 300;
}

#endif
