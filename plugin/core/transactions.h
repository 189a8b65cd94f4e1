/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Transactions per hop and the origin of forwarded copies (RFC 3261 §17). */
#ifndef SIPDIALOG_TRANSACTIONS_H
#define SIPDIALOG_TRANSACTIONS_H

#include "model.h"

void sd_transactions_init(sd_analyzer *a);
void sd_transactions_free(sd_analyzer *a);

/* The key of `via` in message `m`: the branch when it has the RFC 3261
 * magic cookie, otherwise an RFC 2543 key built in `buf` (§17.2.3). The key
 * borrows from `m` and `buf`. */
void sd_txn_key_make(sd_txn_key *key, GString *buf, const sd_message *m, const sd_via *via, bool cancel);

sd_txn *sd_txn_find(const sd_analyzer *a, const sd_txn_key *key);

/* A new transaction for request `m` under `key`; it replaces any earlier
 * transaction with that key. */
sd_txn *sd_txn_new(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_method method,
                   sd_call *call);

/* A transaction for response `m` whose request the capture missed, so that
 * its retransmissions and later responses still match. */
sd_txn *sd_txn_new_unseen(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_call *call);

/* The transaction that first carried the request whose originating UA used
 * the bottom Via of `m`, or NULL.  A transaction that finds none stands for
 * the origin itself: sd_txn_set_origin() registers it. */
sd_txn *sd_txn_find_origin(sd_analyzer *a, const sd_message *m);
void sd_txn_set_origin(sd_analyzer *a, sd_txn *txn, const sd_message *m);

/* Record `copy` as a proxy's copy of request `origin` on another hop, and
 * find the hop it was forwarded from. */
void sd_txn_add_copy(sd_txn *origin, sd_txn *copy);

/* Response `r` of `txn` as seen on the neighbouring hop: where the proxy
 * received it (downstream) or forwarded it (upstream); NULL if not seen. */
const sd_response *sd_txn_downstream_response(const sd_txn *txn, const sd_response *r);
const sd_response *sd_txn_upstream_response(const sd_txn *txn, const sd_response *r);

/* Whether request `m` is a copy of the request of `txn` (same method and CSeq). */
bool sd_txn_same_request(const sd_txn *txn, const sd_message *m, sd_method method);

/* An earlier response of `txn` with the same status and To tag, or NULL. */
sd_response *sd_txn_find_response(const sd_txn *txn, unsigned status, const char *to_tag);
sd_response *sd_txn_add_response(sd_analyzer *a, sd_txn *txn, const sd_message *m);

#endif
