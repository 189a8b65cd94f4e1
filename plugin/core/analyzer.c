/*
 * The analysis of one message at a time: find its transaction and dialog,
 * tell a new request from a retransmission or a proxy's copy, and run the
 * rules.  The report of a message is derived on demand from its record and
 * the state it points to.
 */
#include "sipdialog/analyzer.h"

#include <string.h>

#include "cseq.h"
#include "dialogs.h"
#include "model.h"
#include "records.h"
#include "transactions.h"

/* How many of a UA's earlier INVITEs in a dialog an ACK is compared with. */
enum { ACKABLE_INVITES = 8 };

void sd_config_defaults(sd_config *config)
{
    config->t1_ms = 500;
    config->t2_ms = 4000;
    config->tolerance_ms = 100;
}

sd_analyzer *sd_analyzer_new(const sd_config *config)
{
    sd_analyzer *a = g_new0(sd_analyzer, 1);
    if (config != NULL)
        a->config = *config;
    else
        sd_config_defaults(&a->config);
    a->strings = g_string_chunk_new(64 * 1024);
    a->key_buf[0] = g_string_new(NULL);
    a->key_buf[1] = g_string_new(NULL);
    sd_dialogs_init(a);
    sd_transactions_init(a);
    sd_records_init(a);
    return a;
}

void sd_analyzer_free(sd_analyzer *a)
{
    if (a == NULL)
        return;
    sd_records_free(a);
    sd_transactions_free(a);
    sd_dialogs_free(a);
    g_string_free(a->key_buf[0], TRUE);
    g_string_free(a->key_buf[1], TRUE);
    g_string_chunk_free(a->strings);
    g_free(a);
}

const char *sd_intern(sd_analyzer *a, const char *s)
{
    return s ? g_string_chunk_insert_const(a->strings, s) : NULL;
}

static sd_side other_side(sd_side side)
{
    return side == SD_SIDE_CALLER ? SD_SIDE_CALLEE : side == SD_SIDE_CALLEE ? SD_SIDE_CALLER : SD_SIDE_UNKNOWN;
}

static void set_place(sd_record *rec, sd_dialog *dialog, sd_side side)
{
    rec->dialog = dialog;
    rec->side = (uint8_t)side;
}

/* Whether two methods differ; an unknown one (the dissector could not
 * read it) differs from nothing. */
static bool methods_differ(const char *x, const char *y)
{
    return x != NULL && y != NULL && strcmp(x, y) != 0;
}

static void check_cseq_method(sd_record *rec, const sd_message *m)
{
    /* §8.1.1.5: the CSeq method MUST match the request's. */
    if (m->has_cseq && methods_differ(m->cseq_method, m->method))
        sd_flag(rec, SD_FINDING_CSEQ_METHOD_MISMATCH);
}

/* Join the request's dialog, or none; return the sender's party in it. */
static sd_party *join_dialog(sd_analyzer *a, sd_txn *txn, const sd_message *m)
{
    sd_dialog *d;
    if (m->to_tag != NULL)
        d = sd_dialog_for_request(a, txn->call, m->from_tag, m->to_tag);
    else if (sd_method_creates_dialog(txn->method))
        d = sd_dialog_begin(a, txn->call, m->from_tag, txn);
    else
        return NULL;
    txn->dialog = d;
    txn->side = sd_dialog_side(d, m->from_tag);
    return sd_dialog_party(d, m->from_tag);
}

/* A request its UA sent anew: place it and run the CSeq rules. */
static void new_request(sd_analyzer *a, sd_record *rec, sd_txn *txn, const sd_message *m)
{
    sd_call *call = txn->call;
    sd_party *party = join_dialog(a, txn, m);
    sd_txn *previous;
    if (party != NULL)
        previous = party->last_request;
    else if (call->last_out_of_dialog != NULL && call->last_out_of_dialog->from_tag == txn->from_tag)
        previous = call->last_out_of_dialog;
    else
        previous = NULL;

    sd_cseq_check_request(a, rec, txn, previous);

    if (party == NULL) {
        call->last_out_of_dialog = txn;
        return;
    }
    if (sd_cseq_advances(party->last_request, txn))
        party->last_request = txn;
    if (txn->method == SD_METHOD_INVITE) {
        txn->previous_invite = party->last_invite;
        party->last_invite = txn;
    }
}

/* Any request but ACK and CANCEL. */
static void analyze_request(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_method method, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, false);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && sd_txn_same_request(txn, m, method)) {
        rec->txn = txn;
        set_place(rec, txn->dialog, txn->side);
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->request_frame);
        return;
    }
    txn = sd_txn_new(a, &key, m, method, call);
    rec->txn = txn;
    check_cseq_method(rec, m);

    sd_txn *origin = sd_txn_find_origin(a, m);
    if (origin != NULL && origin != txn && sd_txn_same_request(origin, m, method)) {
        /* A proxy's copy of a request seen on another hop: not a new
         * request for the CSeq rules. */
        txn->origin = origin;
        txn->dialog = origin->dialog;
        txn->side = origin->side;
        set_place(rec, txn->dialog, txn->side);
        return;
    }
    sd_txn_set_origin(a, txn, m);
    new_request(a, rec, txn, m);
    set_place(rec, txn->dialog, txn->side);
}

/* The INVITE an ACK for a 2xx acknowledges: the sender's INVITE in the
 * dialog with the ACK's CSeq; a late ACK for an older INVITE is fine (RFC
 * 5407 §3.1.4). */
static sd_txn *acked_invite(const sd_party *party, uint32_t cseq)
{
    int looked = 0;
    for (sd_txn *t = party->last_invite; t != NULL && looked < ACKABLE_INVITES; t = t->previous_invite, looked++)
        if (t->cseq == cseq)
            return t;
    return NULL;
}

static void analyze_ack(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, false);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && txn->method == SD_METHOD_INVITE) {
        /* Same branch as the INVITE: the ACK of a non-2xx final response,
         * part of the INVITE transaction (§17.1.1.3). */
        rec->txn = txn;
        sd_dialog *d = m->to_tag ? sd_dialog_find(a, call, m->from_tag, m->to_tag) : NULL;
        set_place(rec, d ? d : txn->dialog, txn->side);
        if (txn->ack_frame != 0) {
            sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->ack_frame);
            return;
        }
        txn->ack_frame = m->frame;
        check_cseq_method(rec, m);
        if (m->has_cseq && txn->has_cseq && m->cseq != txn->cseq)
            sd_flag(rec, SD_FINDING_ACK_CSEQ_MISMATCH);
        return;
    }
    if (txn != NULL && sd_txn_same_request(txn, m, SD_METHOD_ACK)) {
        rec->txn = txn;
        set_place(rec, txn->dialog, txn->side);
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->request_frame);
        return;
    }

    /* The ACK of a 2xx: a transaction of its own, end to end (§13.2.2.4). */
    txn = sd_txn_new(a, &key, m, SD_METHOD_ACK, call);
    rec->txn = txn;
    check_cseq_method(rec, m);
    sd_txn *origin = sd_txn_find_origin(a, m);
    if (origin != NULL && origin != txn && sd_txn_same_request(origin, m, SD_METHOD_ACK)) {
        txn->origin = origin;
        txn->dialog = origin->dialog;
        txn->side = origin->side;
        set_place(rec, txn->dialog, txn->side);
        return;
    }
    sd_txn_set_origin(a, txn, m);
    if (m->to_tag == NULL)
        return;
    sd_dialog *d = sd_dialog_for_request(a, call, m->from_tag, m->to_tag);
    txn->dialog = d;
    txn->side = sd_dialog_side(d, m->from_tag);
    set_place(rec, d, txn->side);
    sd_party *party = sd_dialog_party(d, m->from_tag);
    if (party != NULL && party->last_invite != NULL && m->has_cseq && acked_invite(party, m->cseq) == NULL)
        sd_flag(rec, SD_FINDING_ACK_CSEQ_MISMATCH);
}

static void analyze_cancel(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, true);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn != NULL && sd_txn_same_request(txn, m, SD_METHOD_CANCEL)) {
        rec->txn = txn;
        set_place(rec, txn->dialog, txn->side);
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, txn->request_frame);
        return;
    }
    txn = sd_txn_new(a, &key, m, SD_METHOD_CANCEL, call);
    rec->txn = txn;
    check_cseq_method(rec, m);
    /* A CANCEL is hop by hop and shares the INVITE's branch (§9.1). */
    key.cancel = false;
    sd_txn *invite = sd_txn_find(a, &key);
    if (invite != NULL && invite->method == SD_METHOD_INVITE) {
        txn->origin = txn;
        txn->dialog = invite->dialog;
        txn->side = invite->side;
        if (m->has_cseq && invite->has_cseq && m->cseq != invite->cseq)
            sd_flag(rec, SD_FINDING_CANCEL_CSEQ_MISMATCH);
    } else if (m->to_tag != NULL) {
        txn->dialog = sd_dialog_find(a, call, m->from_tag, m->to_tag);
    }
    set_place(rec, txn->dialog, txn->side);
}

static void analyze_response(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_call *call)
{
    sd_txn_key key;
    sd_txn_key_make(&key, a->key_buf[0], m, &m->top_via, g_strcmp0(m->cseq_method, "CANCEL") == 0);
    sd_txn *txn = sd_txn_find(a, &key);
    if (txn == NULL) {
        /* Its request is not in the capture. */
        if (m->to_tag != NULL)
            set_place(rec, sd_dialog_find(a, call, m->from_tag, m->to_tag), SD_SIDE_UNKNOWN);
        return;
    }
    rec->txn = txn;
    sd_side side = other_side(txn->side);
    /* §8.2.6.2: a response copies its request's CSeq; one that does not
     * cannot be matched to the transaction and changes nothing in it. */
    if (m->has_cseq && (!txn->has_cseq || m->cseq != txn->cseq || methods_differ(m->cseq_method, txn->cseq_method))) {
        sd_flag(rec, SD_FINDING_CSEQ_METHOD_MISMATCH);
        set_place(rec, txn->dialog, side);
        return;
    }
    sd_response *earlier = sd_txn_find_response(txn, m->status, m->to_tag);
    if (earlier != NULL) {
        sd_dialog *d = m->to_tag ? sd_dialog_find(a, call, m->from_tag, m->to_tag) : NULL;
        set_place(rec, d ? d : txn->dialog, side);
        sd_annotate(a, rec, SD_FIELD_RETRANSMISSION_OF, earlier->frame);
        return;
    }
    sd_txn_add_response(a, txn, m->status, m->to_tag, m->frame);

    sd_txn *origin = txn->origin;
    if (m->status >= 200) {
        if (txn->final_frame == 0) {
            txn->final_frame = m->frame;
            txn->final_status = (uint16_t)MIN(m->status, G_MAXUINT16);
        }
        sd_cseq_check_final_response(rec, txn, m->status);
    }
    if ((m->status == 401 || m->status == 407) && origin->challenge_frame == 0)
        origin->challenge_frame = m->frame;

    sd_dialog *d = txn->dialog;
    if (d != NULL && !origin->in_dialog && sd_method_creates_dialog(origin->method))
        d = sd_dialog_on_response(a, d, origin, m->to_tag, m->status);
    set_place(rec, d, side);
}

void sd_analyzer_add(sd_analyzer *a, const sd_message *m)
{
    /* Without a Call-ID a message belongs to no call or dialog. */
    if (m->frame < a->last_frame || m->call_id == NULL)
        return;
    a->last_frame = m->frame;
    sd_call *call = sd_call_get(a, m->call_id);
    if (m->method == NULL) {
        sd_record *rec = sd_record_new(a, m->frame, SD_RECORD_RESPONSE);
        rec->call = call;
        analyze_response(a, rec, m, call);
        return;
    }
    sd_record *rec = sd_record_new(a, m->frame, SD_RECORD_REQUEST);
    rec->call = call;
    sd_method method = sd_method_parse(m->method);
    if (method == SD_METHOD_ACK)
        analyze_ack(a, rec, m, call);
    else if (method == SD_METHOD_CANCEL)
        analyze_cancel(a, rec, m, call);
    else
        analyze_request(a, rec, m, method, call);
}

static void put(sd_report *r, sd_field field, int64_t value)
{
    r->present |= (uint64_t)1 << field;
    r->value[field] = value;
}

void sd_analyzer_report(const sd_analyzer *a, uint32_t message, sd_report *r)
{
    memset(r, 0, sizeof *r);
    if (message >= a->records->len)
        return;
    const sd_record *rec = &g_array_index(a->records, sd_record, message);
    r->findings = rec->findings;
    put(r, SD_FIELD_CALL, rec->call->index);
    if (rec->dialog != NULL)
        put(r, SD_FIELD_DIALOG, rec->dialog->index);
    if (rec->side != SD_SIDE_UNKNOWN)
        put(r, SD_FIELD_SIDE, rec->side);
    const sd_txn *txn = rec->txn;
    if (txn != NULL) {
        if (rec->kind == SD_RECORD_RESPONSE)
            put(r, SD_FIELD_REQUEST_IN, txn->request_frame);
        else if (txn->method != SD_METHOD_ACK && txn->final_frame != 0 && txn->request_frame == rec->frame)
            put(r, SD_FIELD_RESPONSE_IN, txn->final_frame);
    }
    for (uint32_t i = 0; i < rec->annotation_count; i++) {
        const sd_annotation *an = &g_array_index(a->annotations, sd_annotation, rec->first_annotation + i);
        put(r, an->field, an->value);
    }
}
