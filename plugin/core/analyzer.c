/*
 * The analyzer: its life, the dispatch of each message to the analysis of
 * its kind, and the report of a message, derived on demand from its record
 * and the state it points to.
 */
#include "sipdialog/analyzer.h"

#include <string.h>

#include "analysis.h"
#include "dialogs.h"
#include "forks.h"
#include "model.h"
#include "records.h"
#include "transactions.h"

void sd_config_defaults(sd_config *config)
{
    config->t1_ms = 500;
    config->t2_ms = 4000;
    config->tolerance_ms = 100;
}

sd_analyzer *sd_analyzer_new(const sd_config *config)
{
    sd_analyzer *a = g_new0(sd_analyzer, 1);
    sd_config_defaults(&a->config);
    if (config != NULL && config->t1_ms > 0)
        a->config = *config;
    a->timeout_us = 64 * (int64_t)a->config.t1_ms * 1000;
    a->now_us = G_MININT64;
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

void sd_analyzer_reach(sd_analyzer *a, int64_t time_us)
{
    /* The latest frame's time, not the greatest seen: one frame dated in
     * the future must not make every deadline look past. */
    a->now_us = time_us;
}

void sd_analyzer_add(sd_analyzer *a, const sd_message *m)
{
    /* Without a Call-ID a message belongs to no call or dialog; without a
     * status code a "response" was not parsed. */
    if (m->frame < a->last_frame || m->call_id == NULL || (m->method == NULL && m->status == 0))
        return;
    a->last_frame = m->frame;
    sd_analyzer_reach(a, m->time_us);
    sd_call *call = sd_call_get(a, m->call_id);
    sd_record *rec = sd_record_new(a, m->frame, m->method ? SD_RECORD_REQUEST : SD_RECORD_RESPONSE);
    rec->call = call;
    if (m->method == NULL) {
        sd_analyze_response(a, rec, m, call);
    } else {
        sd_method method = sd_method_parse(m->method);
        if (method == SD_METHOD_ACK)
            sd_analyze_ack(a, rec, m, call);
        else if (method == SD_METHOD_CANCEL)
            sd_analyze_cancel(a, rec, m, call);
        else
            sd_analyze_request(a, rec, m, method, call);
    }
    if (rec->dialog != NULL)
        rec->state = (uint8_t)rec->dialog->state;
}

static void put(sd_report *r, sd_field field, int64_t value)
{
    r->present |= (uint64_t)1 << field;
    r->value[field] = value;
}

static void put_frame(sd_report *r, sd_field field, uint32_t frame)
{
    if (frame != 0)
        put(r, field, frame);
}

static void put_retransmissions(sd_report *r, uint32_t count, uint32_t last_frame)
{
    if (count == 0)
        return;
    put(r, SD_FIELD_RETRANSMISSIONS, count);
    put_frame(r, SD_FIELD_LAST_RETRANSMISSION_IN, last_frame);
}

/* On an INVITE: every fork that answered it, in order. */
static void report_forks(sd_report *r, const sd_txn *invite)
{
    if (invite->forks == NULL)
        return;
    put(r, SD_FIELD_FORK_COUNT, invite->forks->index);
    for (const sd_fork *f = invite->forks; f != NULL; f = f->next) {
        if (f->index > SD_REPORT_FORKS)
            continue;
        r->fork[f->index - 1].frame = f->first_response_frame;
        r->fork[f->index - 1].status = f->best_status;
        r->fork[f->index - 1].outcome = (uint8_t)sd_fork_outcome_of(f);
    }
    r->forks = MIN(invite->forks->index, SD_REPORT_FORKS);
}

/* Links to what came later: the final response, the CANCEL, the forks. */
static void report_request(sd_report *r, const sd_record *rec, const sd_txn *txn)
{
    if (txn->request_frame != rec->frame)
        return;
    if (txn->method != SD_METHOD_ACK)
        put_frame(r, SD_FIELD_RESPONSE_IN, txn->final_frame);
    if (txn->method == SD_METHOD_INVITE)
        report_forks(r, txn->origin);
    if (txn->cancel != NULL)
        put_frame(r, SD_FIELD_CANCEL_IN, txn->cancel->request_frame);
    if (txn->awaited_ack != NULL)
        put_frame(r, SD_FIELD_GLARE_LATE_ACK_IN, txn->awaited_ack->ack_frame);
    put_retransmissions(r, txn->retransmissions, txn->last_retransmission_frame);
}

static void report_fork(sd_report *r, const sd_response *resp, const sd_txn *txn)
{
    const sd_fork *fork = resp->fork;
    put(r, SD_FIELD_FORK_INDEX, fork->index);
    if (!sd_is_2xx(resp->status))
        return;
    const sd_fork *primary = txn->origin->primary;
    if (primary != NULL && primary != fork)
        put_frame(r, SD_FIELD_FORK_FIRST_2XX_IN, primary->first_2xx_frame);
    put(r, SD_FIELD_FORK_OUTCOME, sd_fork_outcome_of(fork));
    put_frame(r, SD_FIELD_ACK_IN, fork->ack_frame);
    if (fork->dialog->bye != NULL)
        put_frame(r, SD_FIELD_BYE_IN, fork->dialog->bye->request_frame);
}

/* Links to the request, to the same response on the neighbouring hops,
 * and to what came later: the ACK, the BYE. */
static void report_response(sd_report *r, const sd_record *rec, const sd_txn *txn)
{
    put_frame(r, SD_FIELD_REQUEST_IN, txn->request_frame);
    const sd_response *resp = rec->response;
    if (resp == NULL)
        return;
    if (resp->frame == rec->frame)
        put_retransmissions(r, resp->retransmissions, resp->last_retransmission_frame);
    const sd_response *upstream = sd_txn_upstream_response(txn, resp);
    const sd_response *downstream = sd_txn_downstream_response(txn, resp);
    put_frame(r, SD_FIELD_FORK_UPSTREAM_IN, upstream ? upstream->frame : 0);
    put_frame(r, SD_FIELD_FORK_DOWNSTREAM_IN, downstream ? downstream->frame : 0);
    if (txn->method != SD_METHOD_INVITE)
        return;
    if (resp->fork != NULL)
        report_fork(r, resp, txn);
    if (resp->status >= 300 && txn->final_frame == resp->frame)
        put_frame(r, SD_FIELD_ACK_IN, txn->ack_frame);
}

void sd_analyzer_report(const sd_analyzer *a, uint32_t message, sd_report *r)
{
    memset(r, 0, sizeof *r);
    if (message >= a->records->len)
        return;
    const sd_record *rec = &g_array_index(a->records, sd_record, message);
    r->findings = rec->findings | sd_deadline_findings(a, rec);
    put(r, SD_FIELD_CALL, rec->call->index);
    if (rec->dialog != NULL) {
        put(r, SD_FIELD_DIALOG, rec->dialog->index);
        put(r, SD_FIELD_STATE, rec->state);
    }
    if (rec->side != SD_SIDE_UNKNOWN)
        put(r, SD_FIELD_SIDE, rec->side);
    const sd_txn *txn = rec->txn;
    if (txn != NULL) {
        put(r, SD_FIELD_TRANSACTION, txn->index);
        if (rec->kind == SD_RECORD_RESPONSE)
            report_response(r, rec, txn);
        else
            report_request(r, rec, txn);
    }
    for (uint32_t i = 0; i < rec->annotation_count; i++) {
        const sd_annotation *an = &g_array_index(a->annotations, sd_annotation, rec->first_annotation + i);
        put(r, an->field, an->value);
    }
}
