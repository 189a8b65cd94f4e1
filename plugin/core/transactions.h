/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Requests end to end and their transactions hop by hop (RFC 3261 §17):
 * finding a hop by its top Via, a request by its bottom Via, and the copies
 * proxies forward.  A transaction's state machine is in txn_fsm.c.
 */
#ifndef SIPDIALOG_TRANSACTIONS_H
#define SIPDIALOG_TRANSACTIONS_H

#include "model.h"

void sd_transactions_init(sd_analyzer *a);
void sd_transactions_free(sd_analyzer *a);

/* A hop that left the transaction table (settle.c) leaves the branch
 * index too, if it is still there (a later hop with its branch and another
 * sent-by takes its place in the index, not in the table).  Every hop in
 * the index is in the table: it enters both at once and leaves the index
 * when a new hop with its key replaces it in the table (sd_txn_new()); so
 * the index needs no sweep of its own. */
void sd_txn_leave_branches(sd_analyzer *a, sd_txn *t);

/* The key of `via` in message `m`: the branch when it has the RFC 3261
 * magic cookie, otherwise an RFC 2543 key built in `buf` (§17.2.3). The key
 * borrows from `m` and `buf`. */
void sd_txn_key_make(sd_txn_key *key, GString *buf, const sd_message *m, const sd_via *via, bool cancel);

sd_txn *sd_txn_find(const sd_analyzer *a, const sd_txn_key *key);

/* The name of a request's method (NULL if none). */
const char *sd_request_method_name(const sd_analyzer *a, const sd_request *request);

/* The method a request's CSeq header had (NULL if none). */
const char *sd_request_cseq_method(const sd_analyzer *a, const sd_request *request);

/* How a response found its transaction. */
typedef enum {
    SD_MATCH_EXACT,          /* top Via branch and sent-by */
    SD_MATCH_VIA_DIFFERS,    /* the branch alone: the response did not copy the sent-by */
    SD_MATCH_BRANCH_REUSED,  /* the branch is another call's request's: not its request */
} sd_response_match;

/* The transaction response `m` of `call` answers, matched as its client
 * does (§17.1.3: branch and CSeq method, which `key` carries), or NULL.
 * When the branch belongs to a request of another call, `key` becomes a
 * key of the response's own (it borrows the analyzer's second buffer). */
sd_txn *sd_txn_find_for_response(sd_analyzer *a, sd_txn_key *key, const sd_message *m, sd_call *call,
                                 sd_response_match *match);

/* The From (URI and tag) and To URI of a message, hashed: what a response
 * copies from its request (§8.2.6.2). */
uint32_t sd_from_hash(const sd_message *m);
uint32_t sd_to_hash(const sd_message *m);

/* A new request `m`, first seen on the hop of `key`: its request and that
 * hop's transaction, which replaces any earlier transaction with that key. */
sd_txn *sd_txn_new(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_method method,
                   sd_call *call);

/* A transaction for response `m` whose request the capture missed, so that
 * its retransmissions and later responses still match. */
sd_txn *sd_txn_new_unseen(sd_analyzer *a, const sd_txn_key *key, const sd_message *m, sd_call *call);

/* The request whose originating UA used the bottom Via of `m`, already
 * seen on another hop, or NULL.  A request that finds none may be seen
 * past a proxy first: sd_request_register() enters it under `key`, the
 * bottom Via's key sd_request_find() made (valid until another key is
 * made for a later message; made only when `m` has a proxy's Via). */
sd_request *sd_request_find(sd_analyzer *a, const sd_message *m, sd_txn_key *key);
void sd_request_register(sd_analyzer *a, sd_request *request, const sd_message *m, const sd_txn_key *key);

/* Make `copy`, a new hop's transaction, a proxy's copy of `request` (one
 * more Via) or one relayed by another element (another Via stack, the same
 * Call-ID, From tag and CSeq): forget its own request and find the hop it
 * was forwarded from. */
void sd_request_add_copy(sd_analyzer *a, sd_request *request, sd_txn *copy);
void sd_request_add_relay(sd_analyzer *a, sd_request *request, sd_txn *copy);

/* Whether a hop of `request` went from `source` to `destination`. */
bool sd_request_on_hop(const sd_request *request, uint64_t source, uint64_t destination);

/* Response `r` of `txn` as seen on the neighbouring hop: where the proxy
 * received it (downstream) or forwarded it (upstream), with the same To
 * tag or the one an element in the middle gave it; NULL if not seen. */
const sd_response *sd_txn_downstream_response(const sd_txn *txn, const sd_response *r);
const sd_response *sd_txn_upstream_response(const sd_txn *txn, const sd_response *r);

/* The fork of an answer that a hop downstream of `txn` saw with another
 * To tag, which `txn` never saw: `r` (a new To tag on `txn`) is that
 * answer forwarded with its To tag rewritten.  NULL if none. */
sd_fork *sd_txn_rewritten_fork(const sd_txn *txn, const sd_response *r);

/* Whether request `m` is a copy of `request` (same method and CSeq). */
bool sd_request_same(const sd_analyzer *a, const sd_request *request, const sd_message *m, sd_method method);

/* An earlier response of `txn` with the same status and To tag, or NULL. */
sd_response *sd_txn_find_response(const sd_txn *txn, unsigned status, const char *to_tag);
sd_response *sd_txn_add_response(sd_analyzer *a, sd_txn *txn, const sd_message *m);

/* The request's first hop saw the request itself (not only responses). */
static inline bool sd_request_seen(const sd_request *r)
{
    return r->hop->request_frame != 0;
}

#endif
