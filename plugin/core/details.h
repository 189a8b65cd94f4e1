/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The parts of requests, transactions and responses that only some of them
 * have (sd_request_detail, sd_txn_detail, sd_response_detail in model.h):
 * made in the analyzer's pool when something is first written to them;
 * read as all zero before that.  Each has a _write() that makes it and a
 * _read() that never returns NULL.
 */
#ifndef SIPDIALOG_DETAILS_H
#define SIPDIALOG_DETAILS_H

#include "model.h"

/* What an object without the part reads: nothing. */
extern const sd_request_detail sd_no_request_detail;
extern const sd_response_detail sd_no_response_detail;
extern const sd_request_verdict sd_no_verdict;
extern const sd_reason sd_no_reason;
extern const sd_txn_detail sd_no_txn_detail;

/* The request's detail, made if it has none yet. */
static inline sd_request_detail *sd_request_detail_write(sd_analyzer *a, sd_request *request)
{
    return sd_pool_part(&a->pool, request->detail);
}

/* The request's detail, all zero if it has none. */
static inline const sd_request_detail *sd_request_detail_read(const sd_request *request)
{
    return request->detail != NULL ? request->detail : &sd_no_request_detail;
}

/* A request's verdict (in its detail, made on first need as well: a
 * request a rule judged is rarer still than one with a detail). */
static inline sd_request_verdict *sd_request_verdict_write(sd_analyzer *a, sd_request *request)
{
    sd_request_detail *detail = sd_request_detail_write(a, request);
    return sd_pool_part(&a->pool, detail->verdict);
}

static inline const sd_request_verdict *sd_request_verdict_read(const sd_request *request)
{
    const sd_request_verdict *verdict = sd_request_detail_read(request)->verdict;
    return verdict != NULL ? verdict : &sd_no_verdict;
}

/* A request's Reason (RFC 3326); protocol NULL if it had none. */
static inline const sd_reason *sd_request_reason(const sd_request *request)
{
    const sd_reason *reason = sd_request_detail_read(request)->reason;
    return reason != NULL ? reason : &sd_no_reason;
}

/* Retransmissions, PRACK, answer, RSeq of a response (in the analyzer's
 * response_details: one in 200 responses has any). */
sd_response_detail *sd_response_detail_write(sd_analyzer *a, sd_response *response);

static inline const sd_response_detail *sd_response_detail_read(const sd_analyzer *a, const sd_response *response)
{
    return response->has_detail ? g_hash_table_lookup(a->response_details, response) : &sd_no_response_detail;
}

/* The RSeq of a reliable 1xx (RFC 3262 §3); 0 when it had none. */
static inline uint32_t sd_response_rseq(const sd_analyzer *a, const sd_response *response)
{
    return sd_response_detail_read(a, response)->rseq;
}

/* CANCEL, retransmissions, copy links of a transaction. */
static inline sd_txn_detail *sd_txn_detail_write(sd_analyzer *a, sd_txn *txn)
{
    return sd_pool_part(&a->pool, txn->detail);
}

static inline const sd_txn_detail *sd_txn_detail_read(const sd_txn *txn)
{
    return txn->detail != NULL ? txn->detail : &sd_no_txn_detail;
}

/* Of a request's copy on another hop: the next in the request's list of
 * copies, and the hop it was forwarded from (NULL: none). */
static inline sd_txn *sd_txn_next_copy(const sd_txn *txn)
{
    return sd_txn_detail_read(txn)->next_copy;
}

static inline sd_txn *sd_txn_upstream(const sd_txn *txn)
{
    return sd_txn_detail_read(txn)->upstream;
}

/* A request's other hops, newest first, and the key of its bottom Via
 * when it was first seen past a proxy (NULL: none); kept in its first
 * hop's detail, since most requests are seen on one hop, their UA's. */
static inline sd_txn *sd_request_copies(const sd_request *request)
{
    return sd_txn_detail_read(request->hop)->copies;
}

static inline const sd_txn_key *sd_request_origin(const sd_request *request)
{
    return sd_txn_detail_read(request->hop)->origin;
}

#endif
