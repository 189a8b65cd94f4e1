/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reliable provisional responses (RFC 3262): RSeq is state of the INVITE's
 * fork (its early dialog), PRACK acknowledges one 1xx by its RAck.  And the
 * remote target a dialog needs (RFC 3261 §12.1.1): Contact.
 */
#ifndef SIPDIALOG_PRACK_H
#define SIPDIALOG_PRACK_H

#include "model.h"

/* Whether `m` is a reliable 1xx with an RSeq no response of `txn` with its
 * status and To tag had: a new response, not a retransmission (§3). */
bool sd_prack_new_reliable(const sd_analyzer *a, const sd_txn *txn, const sd_message *m);

/* A response new end to end to an INVITE, once its fork is known. */
void sd_prack_response(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_response *r, const sd_message *m);

/* A new request: an INVITE's 100rel, a PRACK's RAck. */
void sd_prack_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m);

/* The first final response to a PRACK (§3: 2xx if it matched, else 481). */
void sd_prack_check_answer(sd_record *rec, const sd_request *request, const sd_message *m);

/* RFC 3261 §8.1.1.8, §12.1.1, §13.3.1.4: a dialog-creating message (an
 * INVITE or SUBSCRIBE, its 101-199 with a To tag, its 2xx) has a Contact. */
void sd_check_contact(sd_record *rec, const sd_request *request, const sd_message *m);

#endif
