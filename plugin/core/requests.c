/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Requests other than ACK and CANCEL, and the helpers all analyses share. */
#include <string.h>

#include "analysis.h"
#include "byes.h"
#include "cseq.h"
#include "dialogs.h"
#include "glare.h"
#include "records.h"
#include "transactions.h"

bool sd_differ(const char *x, const char *y)
{
    return x != NULL && y != NULL && strcmp(x, y) != 0;
}

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

void sd_place_retransmission(sd_analyzer *a, sd_record *rec, sd_txn *txn, uint32_t original_frame)
{
    rec->txn = txn;
    sd_place(rec, txn->dialog, txn->side);
    txn->retransmissions++;
    txn->last_retransmission_frame = rec->frame;
    sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, original_frame);
}

bool sd_join_origin(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m, sd_method method)
{
    sd_txn *origin = sd_txn_find_origin(a, m);
    if (origin == NULL || origin == txn || !sd_txn_same_request(origin, m, method)) {
        sd_txn_set_origin(a, txn, m);
        return false;
    }
    sd_txn_add_copy(origin, txn);
    txn->dialog = origin->dialog;
    txn->side = origin->side;
    txn->invite = origin->invite;
    txn->acked = origin->acked;
    sd_place(rec, txn->dialog, txn->side);
    return true;
}

/* Join the request's dialog, or none; return the sender's party in it. */
static sd_party *join_dialog(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m)
{
    sd_dialog *d;
    if (m->to_tag != NULL) {
        bool unknown = false;
        d = sd_dialog_for_request(a, txn->call, m->from_tag, m->to_tag, &unknown);
        if (unknown)
            sd_flag(rec, SD_FINDING_DIALOG_UNKNOWN);
    } else if (sd_method_creates_dialog(txn->method)) {
        d = sd_dialog_begin(a, txn->call, m->from_tag, txn);
    } else {
        return NULL;
    }
    txn->dialog = d;
    txn->side = sd_dialog_side(d, m->from_tag);
    return sd_dialog_party(d, m->from_tag);
}

/* A request its UA sent anew: place it and run the CSeq and dialog rules. */
static void new_request(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m)
{
    sd_call *call = txn->call;
    sd_party *party = join_dialog(a, rec, txn, m);
    sd_txn *previous;
    if (party != NULL)
        previous = party->last_request;
    else if (txn->method == SD_METHOD_REGISTER)
        previous = call->last_register;   /* one CSeq space per Call-ID, whatever the tags (§10.2) */
    else if (call->last_out_of_dialog != NULL && sd_same(call->last_out_of_dialog->from_tag, txn->from_tag))
        previous = call->last_out_of_dialog;
    else
        previous = NULL;

    sd_cseq_check_request(a, rec, txn, previous);
    if (party != NULL)
        sd_glare_check_request(a, rec, txn, txn->dialog, party, sd_dialog_peer(txn->dialog, party));
    if (txn->dialog != NULL)
        sd_check_dialog_end(a, rec, txn);
    if (txn->dialog != NULL && txn->in_dialog && txn->dialog->state == SD_DIALOG_CONFIRMED &&
        txn->method != SD_METHOD_BYE)
        txn->dialog->used = true;

    if (party == NULL) {
        if (txn->dialog == NULL)
            call->last_out_of_dialog = txn;
        return;
    }
    if (sd_cseq_advances(party->last_request, txn))
        party->last_request = txn;
    if (txn->method == SD_METHOD_INVITE) {
        txn->previous_invite = party->last_invite;
        party->last_invite = txn;
    } else if (txn->method == SD_METHOD_UPDATE) {
        party->last_update = txn;
    }
}

void sd_analyze_request(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_method method, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, false);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && sd_txn_same_request(txn, m, method)) {
        sd_place_retransmission(a, rec, txn, txn->request_frame);
        return;
    }
    txn = sd_open_txn(a, rec, &key, txn, m, method, call);
    if (sd_join_origin(a, rec, txn, m, method))
        return;
    new_request(a, rec, txn, m);
    sd_place(rec, txn->dialog, txn->side);
}
