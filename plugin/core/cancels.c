/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CANCEL: hop by hop, with the branch, Request-URI, Call-ID, From, To and
 * CSeq number of the INVITE it cancels (RFC 3261 §9.1).
 */
#include "analysis.h"
#include "details.h"
#include "dialogs.h"
#include "dialog_outcome.h"
#include "placing.h"
#include "records.h"
#include "text.h"
#include "transactions.h"
#include "txn_fsm.h"

/* The INVITE a CANCEL that matches no INVITE's branch means: the same UA's
 * INVITE with the same Call-ID and CSeq number. */
static sd_request *meant_invite(const sd_analyzer *a, sd_call *call, const sd_message *m)
{
    sd_request *invite = NULL;
    if (m->to_tag != NULL) {
        sd_dialog *d = sd_dialog_find(a, call, m->from_tag, m->to_tag);
        sd_party *party = d ? sd_dialog_party(d, m->from_tag) : NULL;
        invite = party ? party->last_invite : NULL;
    } else {
        sd_dialog *attempt = sd_dialog_begun(a, call, m->from_tag);
        invite = attempt ? attempt->creating : NULL;
    }
    if (invite == NULL || invite->method != SD_METHOD_INVITE || !m->has_cseq || invite->cseq != m->cseq)
        return NULL;
    return invite;
}

static bool matches_invite(const sd_txn *invite, const sd_message *m, sd_call *call)
{
    const sd_request *r = invite->request;
    return r->call == call && g_strcmp0(r->from_tag, m->from_tag) == 0 && g_strcmp0(r->to_tag, m->to_tag) == 0 &&
           !sd_differ(invite->request_uri, m->request_uri);
}

void sd_analyze_cancel(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, true);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && sd_request_same(a, txn->request, m, SD_METHOD_CANCEL)) {
        sd_place_retransmission(a, rec, txn);
        const sd_txn *cancelled = sd_txn_detail_read(txn)->cancelled;
        if (cancelled != NULL)
            sd_annotate(a, rec, SD_FIELD_INVITE_IN, cancelled->request_frame);
        return;
    }
    /* Its branch is its INVITE's by design (§9.1): nothing to flag as reused. */
    txn = sd_open_txn(a, rec, &key, NULL, m, SD_METHOD_CANCEL, call);
    sd_request *cancel = txn->request;

    key.cancel = false;
    sd_txn *invite = sd_txn_find(a, &key);
    if (invite != NULL && invite->request->method == SD_METHOD_INVITE) {
        if (m->has_cseq && invite->request->has_cseq && m->cseq != invite->request->cseq)
            sd_flag(rec, SD_FINDING_CANCEL_CSEQ_MISMATCH);
        if (!matches_invite(invite, m, call))
            sd_flag(rec, SD_FINDING_CANCEL_BRANCH_MISMATCH);
        /* §9.1: not before a provisional response (which also proves the
         * INVITE arrived). */
        if (sd_txn_fire(invite, SD_TXN_EV_CANCEL, m->frame, 0) == SD_TXN_UNEXPECTED)
            sd_flag(rec, SD_FINDING_CANCEL_BEFORE_PROVISIONAL);
    } else {
        sd_request *meant = meant_invite(a, call, m);
        invite = meant ? meant->hop : NULL;
        if (invite != NULL)
            sd_flag(rec, SD_FINDING_CANCEL_BRANCH_MISMATCH);
    }

    if (invite != NULL) {
        sd_txn_detail_write(a, txn)->cancelled = invite;
        sd_txn_detail *invite_detail = sd_txn_detail_write(a, invite);
        if (invite_detail->cancel == NULL)
            invite_detail->cancel = txn;
        if (invite->request_frame != 0)
            sd_annotate(a, rec, SD_FIELD_INVITE_IN, invite->request_frame);
        cancel->dialog = invite->request->dialog;
        cancel->side = invite->request->side;
        sd_request_keep_reason(a, cancel, m);
    } else if (m->to_tag != NULL) {
        cancel->dialog = sd_dialog_find(a, call, m->from_tag, m->to_tag);
        cancel->side = cancel->dialog ? sd_dialog_side(cancel->dialog, m->from_tag) : SD_SIDE_UNKNOWN;
    }
    sd_place(rec, cancel->dialog, cancel->side);
}
