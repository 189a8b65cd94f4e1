/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How each dialog ended, as a user would say it: by BYE, cancelled,
 * rejected, unanswered, never ACKed, by the session timer, destroyed by a
 * failure response (RFC 5057 §5.1), or still up; by whom, in which frame,
 * and the Reason given (RFC 3326). */
#ifndef SIPDIALOG_DIALOG_OUTCOME_H
#define SIPDIALOG_DIALOG_OUTCOME_H

#include "model.h"

typedef struct {
    const char *kind;
    sd_end_by by;            /* 0 when nothing ended it */
    uint32_t frame;          /* 0 when nothing ended it */
    sd_reason reason;
    bool completed;          /* answered and ended by BYE: a completed session (RFC 6076 §4.9) */
} sd_outcome;

/* Keep the Reason of `m` (copied to live as long as the analyzer). */
void sd_reason_keep(sd_analyzer *a, sd_reason *reason, const sd_message *m);
/* ... of a request, which only a BYE's or a CANCEL's is read from. */
void sd_request_keep_reason(sd_analyzer *a, sd_request *request, const sd_message *m);

/* The first final response to `txn`'s request, placed in dialog `d`: the
 * failure of its creating request, or a response to a request inside it
 * that destroys the dialog or its INVITE usage (RFC 5057 §5.1).  True when
 * that response destroyed the dialog itself. */
bool sd_dialog_outcome_on_response(sd_analyzer *a, sd_record *rec, const sd_txn *txn, const sd_response *r,
                                   sd_dialog *d, const sd_message *m);

/* A new request in dialog `d`, before the dialog takes it: one in a
 * dialog or usage a response destroyed is late (RFC 5057 §5.1). */
void sd_dialog_outcome_check_request(sd_record *rec, const sd_request *request);

/* How `d` ended, as far as the capture has shown. */
void sd_dialog_outcome_of(const sd_analyzer *a, const sd_dialog *d, sd_outcome *out);

/* The name of an ITU-T Q.850 cause, or NULL. */
const char *sd_q850_cause_name(uint32_t cause);

#endif
