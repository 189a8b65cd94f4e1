/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the analyses of requests, ACKs and CANCELs share: placing a message
 * in its transaction, request and dialog. */
#ifndef SIPDIALOG_PLACING_H
#define SIPDIALOG_PLACING_H

#include "model.h"

/* §8.1.1.5: the CSeq method MUST match the request's. */
void sd_check_cseq_method(sd_record *rec, const sd_message *m);

/* A request new on its hop: a transaction of its own.  `taken` is another
 * transaction already seen with the same key, if any. */
sd_txn *sd_open_txn(sd_analyzer *a, sd_record *rec, const sd_txn_key *key, const sd_txn *taken, const sd_message *m,
                    sd_method method, sd_call *call);

/* Record which dialog and side the message belongs to. */
void sd_place(sd_record *rec, sd_dialog *dialog, sd_side side);

/* A retransmission of the request of `txn` on the same hop. */
void sd_place_retransmission(sd_analyzer *a, sd_record *rec, sd_txn *txn);

/* The dialog new `request` (message `m`) names as it stands before the
 * request changes anything: by both tags, or for a dialog-creating request
 * without To tag the attempt its From tag began (sd_dialog_begun()); NULL
 * if none.  Looked up once for sd_join_origin() and for joining the dialog. */
sd_dialog *sd_named_dialog(const sd_analyzer *a, const sd_request *request, const sd_message *m);

/* If `txn` carries a proxy's copy of a request seen on another hop, make
 * it a hop of that request and return true: it is no new request.  `named`
 * is sd_named_dialog() of `m` (not read for an ACK, which is never relayed). */
bool sd_join_origin(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m, sd_method method,
                    sd_dialog *named);

#endif
