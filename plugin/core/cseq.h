/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CSeq rules (RFC 3261 §8.1.1.5, §10.2, §12.2.1.1, §12.2.2, §22.2). */
#ifndef SIPDIALOG_CSEQ_H
#define SIPDIALOG_CSEQ_H

#include "model.h"

/* A request its UA sent anew (not a retransmission, not a proxy's copy, not
 * ACK or CANCEL).  `previous` is the UA's previous request in the same CSeq
 * space: its side of the dialog, or its requests outside dialogs in the
 * Call-ID. */
void sd_cseq_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_request *previous);

/* The first final response to `request`: an out-of-order request
 * must be rejected with 500. */
void sd_cseq_check_final_response(sd_record *rec, const sd_request *request, unsigned status);

/* Whether `next` should become the space's latest request after `previous`. */
bool sd_cseq_advances(const sd_request *previous, const sd_request *next);

#endif
