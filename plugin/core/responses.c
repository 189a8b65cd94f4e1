/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Responses: matched to their transaction by top Via (RFC 3261 §17.1.3);
 * a response to a dialog-creating request binds or forks its dialog, and a
 * response to an INVITE with a To tag belongs to that To tag's fork.
 */
#include "analysis.h"
#include "cseq.h"
#include "details.h"
#include "dialog_fsm.h"
#include "dialog_outcome.h"
#include "dialogs.h"
#include "forks.h"
#include "glare.h"
#include "offer_answer.h"
#include "placing.h"
#include "non_invite.h"
#include "prack.h"
#include "records.h"
#include "session_timer.h"
#include "subscribing.h"
#include "text.h"
#include "transactions.h"
#include "txn_fsm.h"

/* A transaction for a response whose request the capture missed. */
static sd_txn *unseen_request(sd_analyzer *a, sd_record *rec, const sd_txn_key *key, const sd_message *m,
                              sd_call *call)
{
    sd_txn *txn = sd_txn_new_unseen(a, key, m, call);
    sd_request *request = txn->request;
    sd_flag(rec, SD_FINDING_TXN_RESPONSE_UNMATCHED);
    /* Whether the request had a To tag is unknown: do not bind on it. */
    request->in_dialog = true;
    sd_dialog *d = m->to_tag ? sd_dialog_find(a, call, m->from_tag, m->to_tag) : NULL;
    if (d == NULL && m->to_tag != NULL && m->status > 100 && m->status < 300 &&
        sd_method_creates_dialog(request->method))
        d = sd_dialog_for_request(a, call, m->from_tag, m->to_tag, NULL);
    request->dialog = d;
    request->side = d ? sd_dialog_side(d, m->from_tag) : SD_SIDE_UNKNOWN;
    return txn;
}

/* Which of its request's headers a response did not copy (§8.2.6.2). */
enum { MISMATCH_VIA = 1, MISMATCH_FROM = 2, MISMATCH_TO = 4 };

static uint8_t mismatch_of(const sd_txn *txn, const sd_message *m, sd_response_match match)
{
    uint8_t mismatch = match == SD_MATCH_VIA_DIFFERS ? MISMATCH_VIA : 0;
    if (txn->request_frame == 0)
        return mismatch;
    if (txn->from_hash != sd_from_hash(m))
        mismatch |= MISMATCH_FROM;
    if (txn->to_hash != sd_to_hash(m))
        mismatch |= MISMATCH_TO;
    return mismatch;
}

/* The headers a response did not copy, unless the hop it was forwarded
 * from already showed the same: one problem, reported once. */
static void check_copied(sd_analyzer *a, sd_record *rec, sd_response *r, const sd_response *downstream,
                         uint8_t mismatch)
{
    r->mismatch = mismatch;
    uint8_t fresh = mismatch;
    if (downstream != NULL)
        fresh &= (uint8_t)~(downstream->mismatch & (MISMATCH_FROM | MISMATCH_TO));
    if (fresh == 0)
        return;
    sd_flag(rec, SD_FINDING_TXN_RESPONSE_MISMATCH);
    sd_annotate(a, rec, SD_FIELD_TXN_MISMATCH, fresh);
}

/* A final response new on its hop. */
static void final_response(sd_record *rec, sd_request *request, const sd_message *m, sd_txn_verdict verdict,
                           bool forwarded)
{
    /* §17.2.1, §17.2.2: one final response; after an INVITE's 2xx only
     * other forks' 2xx may follow (§16.7). */
    if (verdict == SD_TXN_UNEXPECTED && !forwarded)
        sd_flag(rec, SD_FINDING_TXN_FINAL_AFTER_FINAL);
    if (request->answered)
        return;
    /* How the UAS answered, judged on its first final response at any hop. */
    request->answered = true;
    sd_cseq_check_final_response(rec, request, m->status);
    sd_glare_check_answer(rec, request, m);
    sd_prack_check_answer(rec, request, m);
    if (sd_request_verdict_read(request)->after_bye && sd_is_2xx(m->status))
        sd_flag(rec, SD_FINDING_DIALOG_REQUEST_AFTER_BYE_ACCEPTED);
}

/* The dialog of the response, and its fork when it answers an INVITE. */
static sd_dialog *place_response(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_response *r, const sd_message *m)
{
    sd_request *request = txn->request;
    sd_dialog *d = request->dialog;
    if (d != NULL && !request->in_dialog && sd_method_creates_dialog(request->method)) {
        d = sd_dialog_on_response(a, d, request, m->to_tag, m->status);
        if (sd_is_2xx(m->status) && d->answered_us == 0)
            d->answered_us = m->time_us;
        else if (m->status >= 300)
            d->failed_us = m->time_us;
    }
    if (d == NULL || request->method != SD_METHOD_INVITE || m->to_tag == NULL || m->status <= 100)
        return d;

    /* Forks are the early or confirmed dialogs of an INVITE; a final
     * failure ends the fork it comes from but opens none.  A To tag an
     * element in the middle gave another fork's answer is no fork. */
    r->fork = sd_fork_find(d, request);
    if (r->fork == NULL && m->status < 300) {
        sd_fork *original = sd_txn_rewritten_fork(txn, r);
        r->fork = original ? sd_fork_alias(a, d, request, original) : sd_fork_get(a, d, request);
        if (original != NULL)
            sd_flag(rec, SD_FINDING_FORK_TO_TAG_REWRITTEN);
    }
    if (r->fork == NULL)
        return d;
    sd_fork_on_response(a, rec, r->fork, m);
    /* RFC 5407 §3.1.2: the 2xx crossed a CANCEL sent on this hop. */
    const sd_txn *cancel = sd_txn_detail_read(txn)->cancel;
    if (sd_is_2xx(m->status) && cancel != NULL && cancel->request_time_us <= m->time_us)
        sd_flag(rec, SD_FINDING_CANCEL_2XX_RACE);
    return d;
}

/* Whether a response answers a CANCEL, whose transaction has its INVITE's
 * branch (§9.2): its first letter rules out the methods of most responses
 * without a call of strcmp. */
static bool answers_cancel(const sd_message *m)
{
    return m->cseq_method != NULL && m->cseq_method[0] == 'C' && strcmp(m->cseq_method, "CANCEL") == 0;
}

void sd_analyze_response(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, answers_cancel(m));
    sd_response_match match;
    sd_txn *txn = sd_txn_find_for_response(a, &key, m, call, &match);
    if (txn == NULL) {
        txn = unseen_request(a, rec, &key, m, call);
        if (match == SD_MATCH_BRANCH_REUSED)
            sd_flag(rec, SD_FINDING_TXN_BRANCH_REUSED);
    } else if (m->has_cseq && (!txn->request->has_cseq || m->cseq != txn->request->cseq ||
                               sd_differ(m->cseq_method, sd_request_cseq_method(a, txn->request)))) {
        /* §8.2.6.2: a response copies its request's CSeq; one that does not
         * cannot be matched to the transaction and changes nothing in it. */
        rec->txn = txn;
        sd_flag(rec, SD_FINDING_CSEQ_METHOD_MISMATCH);
        sd_place(rec, txn->request->dialog, sd_other_side(txn->request->side));
        return;
    }
    rec->txn = txn;
    sd_request *request = txn->request;
    sd_side side = sd_other_side(request->side);

    sd_response *earlier = sd_txn_find_response(txn, m->status, m->to_tag);
    if (earlier != NULL && sd_prack_new_reliable(a, txn, m))
        earlier = NULL;   /* two reliable 1xx differ by RSeq alone (RFC 3262 §3) */
    if (earlier != NULL) {
        sd_response_detail *detail = sd_response_detail_write(a, earlier);
        detail->retransmissions++;
        detail->last_retransmission_frame = m->frame;
        rec->response = earlier;
        sd_place(rec, earlier->fork ? earlier->fork->dialog : request->dialog, side);
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, earlier->frame);
        return;
    }
    sd_response *r = sd_txn_add_response(a, txn, m);
    rec->response = r;
    r->reliable = m->status > 100 && m->status < 200 && m->require_100rel;   /* a reliable 100 is not_supported */
    if (r->reliable && m->rseq != 0)
        sd_response_detail_write(a, r)->rseq = m->rseq;   /* read only of a reliable 1xx */
    r->has_sdp = m->has_sdp;
    /* What concerns the response itself is said where it is first seen,
     * not again on each hop it is forwarded on. */
    const sd_response *downstream = sd_txn_downstream_response(txn, r);
    bool forwarded = downstream != NULL;
    check_copied(a, rec, r, downstream, mismatch_of(txn, m, match));

    sd_txn_verdict verdict = sd_txn_fire(txn, sd_txn_event_of_status(m->status), m->frame, m->status);
    bool first_final = m->status >= 200 && !request->answered;
    if (m->status >= 200)
        final_response(rec, request, m, verdict, forwarded);
    if ((m->status == 401 || m->status == 407) && request->challenge_frame == 0)
        request->challenge_frame = m->frame;
    /* §8.2.6.2, §14.1: a request in a dialog is answered with its own To
     * tag; another one means it forked. */
    if (request->in_dialog && sd_differ(r->to_tag, request->to_tag) && !forwarded)   /* the call's copies: by pointer */
        sd_flag(rec, SD_FINDING_FORK_REINVITE_FORKED);
    /* §8.2.6.2: every response but 100 to a request without To tag adds
     * one; the UAC needs it to form the dialog of a 101-299. */
    if (m->status > 100 && m->to_tag == NULL && !request->in_dialog && sd_method_creates_dialog(request->method) &&
        !forwarded)
        sd_flag(rec, m->status < 300 ? SD_FINDING_TXN_TO_TAG_MISSING : SD_FINDING_TXN_FAILURE_TO_TAG_MISSING);

    sd_non_invite_check_response(rec, request, m, forwarded);
    sd_subscriptions_on_response(a, rec, request, m, first_final, forwarded);
    sd_dialog *d = place_response(a, rec, txn, r, m);
    if (m->status >= 200 && !forwarded)
        sd_session_timer_check_response(a, rec, request, d, m);
    if (first_final && sd_dialog_outcome_on_response(a, rec, txn, r, d, m))
        sd_dialog_fire(d, SD_DIALOG_EV_DESTROYED);
    if (!forwarded) {
        if (request->method == SD_METHOD_INVITE)
            sd_prack_response(a, rec, txn, r, m);
        sd_check_contact(rec, request, m);
        sd_offer_answer_response(a, rec, txn, r, d, m);
    }
    sd_place(rec, d, side);
}
