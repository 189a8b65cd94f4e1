/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "placing.h"

#include "details.h"
#include "dialogs.h"
#include "records.h"
#include "text.h"
#include "transactions.h"

void sd_check_cseq_method(sd_record *rec, const sd_message *m)
{
    if (m->has_cseq && sd_differ(m->cseq_method, m->method))
        sd_flag(rec, SD_FINDING_CSEQ_METHOD_MISMATCH);
}

sd_txn *sd_open_txn(sd_analyzer *a, sd_record *rec, const sd_txn_key *key, const sd_txn *taken, const sd_message *m,
                    sd_method method, sd_call *call)
{
    sd_txn *txn = sd_txn_new(a, key, m, method, call);
    rec->txn = txn;
    /* §8.1.1.7: branches are unique, except for the CANCEL and the ACK of a
     * non-2xx that share their INVITE's (RFC 2543 keys are not unique). */
    if (taken != NULL && !key->rfc2543)
        sd_flag(rec, SD_FINDING_TXN_BRANCH_REUSED);
    sd_check_cseq_method(rec, m);
    return txn;
}

void sd_place(sd_record *rec, sd_dialog *dialog, sd_side side)
{
    rec->dialog = dialog;
    rec->side = (uint8_t)side;
}

void sd_place_retransmission(sd_analyzer *a, sd_record *rec, sd_txn *txn)
{
    rec->txn = txn;
    sd_place(rec, txn->request->dialog, txn->request->side);
    sd_txn_detail *detail = sd_txn_detail_write(a, txn);
    detail->retransmissions++;
    detail->last_retransmission_frame = rec->frame;
    sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->request_frame);
}

sd_dialog *sd_named_dialog(const sd_analyzer *a, const sd_request *request, const sd_message *m)
{
    /* The request's copy of the From tag, which the caller's is too: compared by pointer. */
    if (m->to_tag != NULL)
        return sd_dialog_find(a, request->call, request->from_tag, m->to_tag);
    return sd_method_creates_dialog(request->method) ? sd_dialog_begun(a, request->call, request->from_tag) : NULL;
}

/* The sender's latest request in the CSeq space `m`, new `request`,
 * belongs to.  Tags are compared as the call's copies (the request's From
 * tag, a party's tag): by pointer. */
static sd_request *latest_of_sender(const sd_request *request, const sd_message *m, sd_method method,
                                    sd_dialog *named)
{
    const sd_call *call = request->call;
    if (m->to_tag != NULL) {
        sd_party *party = named ? sd_dialog_party(named, request->from_tag) : NULL;
        return party ? party->last_request : NULL;
    }
    if (sd_method_creates_dialog(method))
        return named ? named->creating : NULL;
    return method == SD_METHOD_REGISTER ? call->last_register : call->last_out_of_dialog;
}

/* The request `m` relays when an element that keeps the Call-ID, the From
 * tag and the CSeq but not the Via stack (a B2BUA, an SBC) sent it on:
 * the same request, on a hop it has not been seen on, within the life of
 * its transaction (64×T1). */
static sd_request *relayed_request(const sd_analyzer *a, sd_txn *txn, const sd_message *m, sd_method method,
                                   sd_dialog *named)
{
    if (method == SD_METHOD_ACK || m->source == 0)
        return NULL;
    sd_request *r = latest_of_sender(txn->request, m, method, named);
    if (r == NULL || r == txn->request || !sd_request_same(a, r, m, method) ||
        !sd_same(r->from_tag, txn->request->from_tag) || m->time_us - r->hop->request_time_us > a->timeout_us ||
        sd_request_on_hop(r, m->source, m->destination))
        return NULL;
    return r;
}

bool sd_join_origin(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m, sd_method method,
                    sd_dialog *named)
{
    /* A proxy's copy is the same request in the same call: one Via more,
     * the same bottom Via, method and CSeq. */
    sd_txn_key bottom;
    sd_request *origin = sd_request_find(a, m, &bottom);
    if (origin != NULL && origin != txn->request && origin->call == txn->request->call &&
        sd_request_same(a, origin, m, method)) {
        sd_request_add_copy(a, origin, txn);
    } else if ((origin = relayed_request(a, txn, m, method, named)) != NULL) {
        sd_request_add_relay(a, origin, txn);
    } else {
        sd_request_register(a, txn->request, m, &bottom);
        return false;
    }
    const sd_txn *upstream = sd_txn_upstream(txn);
    const sd_txn *from = upstream ? upstream : origin->hop;
    if (from->request_frame != 0)
        sd_annotate(a, rec, SD_FIELD_COPY_OF, from->request_frame);
    sd_place(rec, origin->dialog, origin->side);
    return true;
}
