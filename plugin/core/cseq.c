/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cseq.h"

#include "records.h"

static bool same_method(const sd_txn *x, const sd_txn *y)
{
    return x->method == y->method && (x->method != SD_METHOD_OTHER || g_strcmp0(x->method_name, y->method_name) == 0);
}

/* A retry with credentials of the previous request of the same UA (its
 * CSeq space), challenged by 401/407 (RFC 3261 §8.1.3.5, §22.2). */
static bool is_auth_retry(const sd_txn *txn, const sd_txn *previous)
{
    return previous->challenge_frame != 0 && txn->has_credentials && same_method(txn, previous);
}

void sd_cseq_check_request(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_txn *previous)
{
    if (!txn->has_cseq)
        return;
    /* §8.1.1.5: the number MUST be below 2^31 so that it can grow. */
    if (txn->cseq >= 1u << 31)
        sd_flag(rec, SD_FINDING_CSEQ_OUT_OF_RANGE);

    bool auth_retry = false, not_incremented = false;
    if (previous != NULL && previous->has_cseq) {
        sd_annotate(a, rec, SD_FIELD_CSEQ_PREVIOUS, previous->cseq);
        sd_annotate(a, rec, SD_FIELD_CSEQ_PREVIOUS_IN, previous->request_frame);
        auth_retry = is_auth_retry(txn, previous);
        if (auth_retry) {
            sd_annotate(a, rec, SD_FIELD_AUTH_CHALLENGE_IN, previous->challenge_frame);
            /* §22.2: the retry MUST increment the CSeq "as it would normally". */
            if (txn->cseq > previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_AUTH_RETRY);
            } else if (txn->cseq == previous->cseq || !txn->in_dialog) {
                sd_flag(rec, SD_FINDING_CSEQ_AUTH_RETRY_NOT_INCREMENTED);
                not_incremented = true;
            }
        }
        /* §12.2.1.1: in a dialog the numbers of each UA strictly increase;
         * outside one they are arbitrary (§8.1.1.5), but for REGISTER. */
        if (txn->in_dialog) {
            if (txn->cseq < previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_DECREASED);
                txn->cseq_decreased = true;
            } else if (!auth_retry && txn->cseq == previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_REUSED);
            } else if (!auth_retry && (uint64_t)txn->cseq > (uint64_t)previous->cseq + 1) {
                sd_flag(rec, SD_FINDING_CSEQ_GAP);
            }
        }
    }

    if (txn->method == SD_METHOD_REGISTER) {
        /* §10.2: each REGISTER with the same Call-ID increments by one. */
        const sd_txn *last = txn->call->last_register;
        if (last != NULL && last->has_cseq && !not_incremented && (uint64_t)txn->cseq != (uint64_t)last->cseq + 1)
            sd_flag(rec, SD_FINDING_CSEQ_REGISTER_NOT_INCREMENTED);
        txn->call->last_register = txn;
    }
}

void sd_cseq_check_final_response(sd_record *rec, const sd_txn *origin, unsigned status)
{
    if (origin->cseq_decreased && status != 500)
        sd_flag(rec, SD_FINDING_CSEQ_OUT_OF_ORDER_ACCEPTED);
}

bool sd_cseq_advances(const sd_txn *previous, const sd_txn *next)
{
    return previous == NULL || !previous->has_cseq || (next->has_cseq && next->cseq > previous->cseq);
}
