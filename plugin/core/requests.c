/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Requests other than ACK and CANCEL. */
#include "analysis.h"
#include "cseq.h"
#include "details.h"
#include "dialog_end.h"
#include "dialog_fsm.h"
#include "dialog_outcome.h"
#include "dialogs.h"
#include "glare.h"
#include "offer_answer.h"
#include "placing.h"
#include "session_timer.h"
#include "prack.h"
#include "records.h"
#include "subscribing.h"
#include "text.h"
#include "transactions.h"

/* Join the request's dialog, or none; return the sender's party in it.
 * `named` is sd_named_dialog() of `m`. */
static sd_party *join_dialog(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                             sd_dialog *named)
{
    sd_dialog *d = named;
    if (m->to_tag != NULL) {
        bool unknown = false;
        if (d == NULL)
            d = sd_dialog_reveal(a, request->call, m->from_tag, m->to_tag, &unknown);
        if (unknown)
            sd_flag(rec, SD_FINDING_DIALOG_UNKNOWN);
    } else if (sd_method_creates_dialog(request->method)) {
        d = sd_dialog_begin(a, request->call, m->from_tag, request, named);
    } else {
        return NULL;
    }
    request->dialog = d;
    /* The call's copy of the tag (sd_call_string()), which a party's tag
     * is too: found by pointer, without a strcmp. */
    sd_party *party = sd_dialog_party(d, request->from_tag);
    request->side = sd_party_side(d, party);
    return party;
}

/* The previous request in the sender's CSeq space: its side of the dialog,
 * or outside dialogs the Call-ID's REGISTERs (§10.2) or its own requests. */
static sd_request *previous_in_space(const sd_request *request, const sd_party *party)
{
    const sd_call *call = request->call;
    if (party != NULL)
        return party->last_request;
    if (request->method == SD_METHOD_REGISTER)
        return call->last_register;   /* one CSeq space per Call-ID, whatever the tags */
    if (call->last_out_of_dialog != NULL && sd_same(call->last_out_of_dialog->from_tag, request->from_tag))
        return call->last_out_of_dialog;
    return NULL;
}

/* The request in its dialog's usages (RFC 5057): a SUBSCRIBE or REFER
 * begins a subscription, a first BYE ends the invite usage and the dialog,
 * another request once confirmed uses it. */
static void enter_usages(sd_request *request)
{
    sd_dialog *d = request->dialog;
    switch (request->method) {
    case SD_METHOD_BYE:
        if (d->invite.bye == NULL) {
            d->invite.bye = request;
            sd_dialog_fire(d, SD_DIALOG_EV_BYE);
        } else if (d->invite.other_bye == NULL && !sd_same(d->invite.bye->from_tag, request->from_tag)) {
            d->invite.other_bye = request;
        }
        break;
    case SD_METHOD_SUBSCRIBE:
    case SD_METHOD_REFER:
        d->subscription.present = true;
        break;
    default:
        break;
    }
    if (request->in_dialog && d->state == SD_DIALOG_CONFIRMED && request->method != SD_METHOD_BYE)
        d->invite.used = true;
}

/* The request becomes the latest of its sender. */
static void remember(sd_analyzer *a, sd_request *request, sd_party *party)
{
    sd_call *call = request->call;
    if (request->method == SD_METHOD_REGISTER)
        call->last_register = request;
    if (party == NULL) {
        if (request->dialog == NULL)
            call->last_out_of_dialog = request;
        return;
    }
    if (sd_cseq_advances(party->last_request, request))
        party->last_request = request;
    if (request->method == SD_METHOD_INVITE) {
        if (party->last_invite != NULL)
            sd_request_detail_write(a, request)->previous_invite = party->last_invite;
        party->last_invite = request;
    } else if (request->method == SD_METHOD_UPDATE) {
        party->last_update = request;
    }
}

/* A request its UA sent anew: place it, run the CSeq, glare and dialog
 * end rules on what was before it, then let it change the state. */
static void new_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                        sd_dialog *named)
{
    sd_party *party = join_dialog(a, rec, request, m, named);
    sd_dialog *d = request->dialog;
    const sd_request *previous = previous_in_space(request, party);
    sd_cseq_check_request(a, rec, request, previous);
    if (party != NULL)
        sd_glare_check_request(a, rec, request, d, party, sd_dialog_peer(d, party));
    sd_prack_request(a, rec, request, m);
    sd_check_contact(rec, request, m);
    if (d != NULL) {
        sd_dialog_end_check_request(a, rec, request);
        sd_session_timer_check_request(a, rec, request, m, previous);
        sd_dialog_outcome_check_request(rec, request);
        sd_request_keep_reason(a, request, m);
        enter_usages(request);
        sd_offer_answer_request(a, rec, request, m);
        sd_subscriptions_on_request(a, rec, request, m);
    }
    remember(a, request, party);
}

void sd_analyze_request(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_method method, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, false);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && sd_request_same(a, txn->request, m, method)) {
        sd_place_retransmission(a, rec, txn);
        return;
    }
    txn = sd_open_txn(a, rec, &key, txn, m, method, call);
    sd_dialog *named = sd_named_dialog(a, txn->request, m);
    if (sd_join_origin(a, rec, txn, m, method, named))
        return;
    new_request(a, rec, txn->request, m, named);
    sd_place(rec, txn->request->dialog, txn->request->side);
}
