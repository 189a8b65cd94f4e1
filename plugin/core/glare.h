/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Glare and overlapping requests in a dialog (RFC 3261 §14, RFC 3311 §5,
 * RFC 5407 §3.1.4, §3.3). */
#ifndef SIPDIALOG_GLARE_H
#define SIPDIALOG_GLARE_H

#include "model.h"

/* What the receiver of an overlapping or crossing request must answer. */
typedef enum {
    SD_GLARE_ANSWER_ANY,
    SD_GLARE_ANSWER_491,     /* it has its own INVITE or offer in progress (§14.2) */
    SD_GLARE_ANSWER_500,     /* it has not answered the sender's previous one (§14.2, RFC 3311 §5.2) */
} sd_glare_answer;

/* A new re-INVITE or UPDATE sent by `own`'s UA to `peer`'s, before the
 * parties record it. */
void sd_glare_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_dialog *d,
                            const sd_party *own, const sd_party *peer);

/* The first final response to `request`, at any hop. */
void sd_glare_check_answer(sd_record *rec, const sd_request *request, const sd_message *m);

#endif
