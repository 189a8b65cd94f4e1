/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "placing.h"

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
    txn->retransmissions++;
    txn->last_retransmission_frame = rec->frame;
    sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->request_frame);
}

bool sd_join_origin(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m, sd_method method)
{
    /* A copy is the same request in the same call: one Via more, the same
     * bottom Via, method and CSeq. */
    sd_request *origin = sd_request_find(a, m);
    if (origin == NULL || origin == txn->request || origin->call != txn->request->call ||
        !sd_request_same(origin, m, method)) {
        sd_request_register(a, txn->request, m);
        return false;
    }
    sd_request_add_copy(origin, txn);
    sd_place(rec, origin->dialog, origin->side);
    return true;
}
