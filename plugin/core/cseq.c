/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "cseq.h"

#include "details.h"
#include "records.h"
#include "transactions.h"

static bool same_method(const sd_analyzer *a, const sd_request *x, const sd_request *y)
{
    return x->method == y->method &&
           (x->method != SD_METHOD_OTHER || g_strcmp0(sd_request_method_name(a, x), sd_request_method_name(a, y)) == 0);
}

/* A retry with credentials of the previous request of the same UA (its
 * CSeq space), challenged by 401/407 (RFC 3261 §8.1.3.5, §22.2). */
static bool is_auth_retry(const sd_analyzer *a, const sd_request *request, const sd_request *previous)
{
    return previous->challenge_frame != 0 && request->has_credentials && same_method(a, request, previous);
}

void sd_cseq_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_request *previous)
{
    if (!request->has_cseq)
        return;
    /* §8.1.1.5: the number MUST be below 2^31 so that it can grow. */
    if (request->cseq >= 1u << 31)
        sd_flag(rec, SD_FINDING_CSEQ_OUT_OF_RANGE);

    bool auth_retry = false, not_incremented = false;
    if (previous != NULL && previous->has_cseq) {
        sd_annotate(a, rec, SD_FIELD_CSEQ_PREVIOUS, previous->cseq);
        sd_annotate(a, rec, SD_FIELD_CSEQ_PREVIOUS_IN, previous->hop->request_frame);
        auth_retry = is_auth_retry(a, request, previous);
        if (auth_retry) {
            sd_annotate(a, rec, SD_FIELD_AUTH_CHALLENGE_IN, previous->challenge_frame);
            /* §22.2: the retry MUST increment the CSeq "as it would normally". */
            if (request->cseq > previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_AUTH_RETRY);
            } else if (request->cseq == previous->cseq || !request->in_dialog) {
                sd_flag(rec, SD_FINDING_CSEQ_AUTH_RETRY_NOT_INCREMENTED);
                not_incremented = true;
            }
        }
        /* §12.2.1.1: in a dialog the numbers of each UA strictly increase;
         * outside one they are arbitrary (§8.1.1.5), but for REGISTER. */
        if (request->in_dialog) {
            if (request->cseq < previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_DECREASED);
                sd_request_verdict_write(a, request)->cseq_decreased = true;
            } else if (!auth_retry && request->cseq == previous->cseq) {
                sd_flag(rec, SD_FINDING_CSEQ_REUSED);
            } else if (!auth_retry && (uint64_t)request->cseq > (uint64_t)previous->cseq + 1) {
                sd_flag(rec, SD_FINDING_CSEQ_GAP);
            }
        }
    }

    if (request->method == SD_METHOD_REGISTER) {
        /* §10.2: each REGISTER with the same Call-ID increments by one. */
        const sd_request *last = request->call->last_register;
        if (last != NULL && last->has_cseq && !not_incremented && (uint64_t)request->cseq != (uint64_t)last->cseq + 1)
            sd_flag(rec, SD_FINDING_CSEQ_REGISTER_NOT_INCREMENTED);
    }
}

void sd_cseq_check_final_response(sd_record *rec, const sd_request *request, unsigned status)
{
    if (sd_request_verdict_read(request)->cseq_decreased && status != 500)
        sd_flag(rec, SD_FINDING_CSEQ_OUT_OF_ORDER_ACCEPTED);
}

bool sd_cseq_advances(const sd_request *previous, const sd_request *next)
{
    return previous == NULL || !previous->has_cseq || (next->has_cseq && next->cseq > previous->cseq);
}
