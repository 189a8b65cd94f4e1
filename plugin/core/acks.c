/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ACK: the ACK of a non-2xx final response belongs to the INVITE
 * transaction and reuses its branch (RFC 3261 §17.1.1.3); the ACK of a 2xx
 * is a transaction of its own, end to end, matched through the dialog
 * (§13.2.2.4), even when it bypasses a proxy that did not Record-Route.
 */
#include "analysis.h"
#include "details.h"
#include "dialogs.h"
#include "forks.h"
#include "offer_answer.h"
#include "placing.h"
#include "records.h"
#include "text.h"
#include "transactions.h"
#include "txn_fsm.h"

/* How many of a UA's INVITEs in a dialog an ACK is compared with. */
enum { ACKABLE_INVITES = 8 };

static void annotate_links(sd_analyzer *a, sd_record *rec, uint32_t invite_frame, uint32_t acked_frame)
{
    if (invite_frame != 0)
        sd_annotate(a, rec, SD_FIELD_INVITE_IN, invite_frame);
    if (acked_frame != 0)
        sd_annotate(a, rec, SD_FIELD_ACK_TO, acked_frame);
}

/* An ACK of a 2xx sent again, or forwarded: the links of the ACK it repeats. */
static void annotate_copy(sd_analyzer *a, sd_record *rec, const sd_request *ack)
{
    annotate_links(a, rec, ack->invite_frame, ack->acked_2xx_frame);
}

/* The first ACK of a fork's 2xx. */
static void fork_acked(sd_fork *fork, const sd_message *m)
{
    fork->ack_frame = m->frame;
    fork->ack_time_us = m->time_us;
}

/* The final response an ACK on the INVITE's branch acknowledges: the one
 * with its To tag, else the transaction's final response. */
static const sd_response *acked_response(const sd_txn *invite, const char *to_tag)
{
    const sd_response *first_final = NULL;
    for (const sd_response *r = invite->responses; r != NULL; r = r->next) {
        if (r->status >= 200 && g_strcmp0(r->to_tag, to_tag) == 0)
            return r;
        if (r->frame == invite->final_frame)
            first_final = r;
    }
    return first_final;
}

/* The INVITE of the sender's `party` in the dialog with the ACK's CSeq (a
 * late ACK for an older INVITE is fine, RFC 5407 §3.1.4), else its latest
 * one; without a dialog for the To tag (a non-2xx's tag), the INVITE its UA
 * began the call with. */
static sd_request *acked_invite(const sd_analyzer *a, sd_party *party, sd_call *call, const sd_message *m)
{
    if (party != NULL && party->last_invite != NULL) {
        int looked = 0;
        for (sd_request *r = party->last_invite; r != NULL && looked < ACKABLE_INVITES;
             r = sd_request_detail_read(r)->previous_invite, looked++)
            if (r->has_cseq && r->cseq == m->cseq)
                return r;
        return party->last_invite;
    }
    sd_dialog *attempt = sd_dialog_begun(a, call, m->from_tag);
    if (attempt != NULL && attempt->creating != NULL && attempt->creating->method == SD_METHOD_INVITE)
        return attempt->creating;
    return NULL;
}

static void check_cseq(sd_record *rec, const sd_message *m, const sd_request *invite)
{
    if (m->has_cseq && invite->has_cseq && m->cseq != invite->cseq)
        sd_flag(rec, SD_FINDING_ACK_CSEQ_MISMATCH);
}

/* An ACK with its INVITE's branch, on the INVITE's hop. */
static void ack_on_invite_branch(sd_analyzer *a, sd_record *rec, sd_txn *invite, const sd_message *m, sd_call *call)
{
    rec->txn = invite;
    sd_dialog *d = m->to_tag ? sd_dialog_find(a, call, m->from_tag, m->to_tag) : NULL;
    sd_place(rec, d ? d : invite->request->dialog, invite->request->side);
    const sd_response *final = acked_response(invite, m->to_tag);

    if (final != NULL && sd_is_2xx(final->status)) {
        /* The ACK of a 2xx, wrongly in the INVITE transaction. */
        sd_fork *fork = d ? sd_fork_find(d, invite->request) : NULL;
        annotate_links(a, rec, invite->request_frame, fork ? fork->first_2xx_frame : final->frame);
        if (fork != NULL && fork->ack_frame != 0) {
            sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, fork->ack_frame);
            return;
        }
        sd_flag(rec, SD_FINDING_ACK_BRANCH_REUSED);
        check_cseq(rec, m, invite->request);
        if (fork != NULL)
            fork_acked(fork, m);
        else
            sd_flag(rec, SD_FINDING_ACK_UNMATCHED);
        return;
    }

    annotate_links(a, rec, invite->request_frame, final ? final->frame : 0);
    if (invite->ack_frame != 0) {
        /* Sent again for a retransmitted final response. */
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, invite->ack_frame);
        return;
    }
    sd_txn_verdict verdict = sd_txn_fire(invite, SD_TXN_EV_ACK, m->frame, 0);
    sd_check_cseq_method(rec, m);
    check_cseq(rec, m, invite->request);
    if (verdict == SD_TXN_UNEXPECTED) {
        /* No final response to acknowledge. */
        sd_flag(rec, SD_FINDING_ACK_UNMATCHED);
        return;
    }
    /* §17.1.1.3: To as in the response, Request-URI as in the INVITE. */
    if (g_strcmp0(final->to_tag, m->to_tag) != 0 || sd_differ(invite->request_uri, m->request_uri))
        sd_flag(rec, SD_FINDING_ACK_BRANCH_MISMATCH);
}

/* An ACK with a new branch: it should acknowledge a 2xx. */
static void ack_of_2xx(sd_analyzer *a, sd_record *rec, sd_request *ack, const sd_message *m, sd_call *call)
{
    /* The ACK's copy of its From tag, which the caller's is too: compared by pointer. */
    sd_dialog *d = m->to_tag ? sd_dialog_find(a, call, ack->from_tag, m->to_tag) : NULL;
    sd_party *party = d ? sd_dialog_party(d, ack->from_tag) : NULL;
    sd_request *invite = acked_invite(a, party, call, m);
    sd_fork *fork = d && invite ? sd_fork_find(d, invite) : NULL;
    if (fork != NULL && fork->first_2xx_frame != 0) {
        ack->acked_2xx_frame = fork->first_2xx_frame;
        if (fork->ack_frame == 0) {
            fork_acked(fork, m);
            sd_offer_answer_ack(a, rec, fork, m);
        }
        check_cseq(rec, m, invite);
    } else if (invite != NULL && invite->hop->final_frame != 0 && !sd_is_2xx(invite->hop->final_status)) {
        /* §17.1.1.3: the ACK of a 3xx-6xx reuses the INVITE's branch. */
        sd_flag(rec, SD_FINDING_ACK_BRANCH_MISMATCH);
        check_cseq(rec, m, invite);
    } else {
        sd_flag(rec, SD_FINDING_ACK_UNMATCHED);
        invite = NULL;
    }
    ack->invite_frame = invite ? invite->hop->request_frame : 0;
    if (d == NULL) {
        d = invite != NULL ? invite->dialog : NULL;
        if (d == NULL && m->to_tag != NULL)
            d = sd_dialog_for_request(a, call, m->from_tag, m->to_tag, NULL);
        party = d ? sd_dialog_party(d, ack->from_tag) : NULL;
    }
    ack->dialog = d;
    ack->side = d ? sd_party_side(d, party) : SD_SIDE_UNKNOWN;
    sd_place(rec, d, ack->side);
    annotate_links(a, rec, invite ? invite->hop->request_frame : 0,
                   fork ? fork->first_2xx_frame : invite ? invite->hop->final_frame : 0);
}

void sd_analyze_ack(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, false);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && txn->request->method == SD_METHOD_INVITE) {
        ack_on_invite_branch(a, rec, txn, m, call);
        return;
    }
    if (txn != NULL && sd_request_same(a, txn->request, m, SD_METHOD_ACK)) {
        sd_place_retransmission(a, rec, txn);
        annotate_copy(a, rec, txn->request);
        return;
    }
    txn = sd_open_txn(a, rec, &key, txn, m, SD_METHOD_ACK, call);
    if (sd_join_origin(a, rec, txn, m, SD_METHOD_ACK, NULL)) {
        annotate_copy(a, rec, txn->request);
        return;
    }
    ack_of_2xx(a, rec, txn->request, m, call);
}
