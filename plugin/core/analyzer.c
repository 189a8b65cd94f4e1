/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analyzer: its life, and the dispatch of each message to the analysis
 * of its kind.
 *
 * The core in layers, each using only those below it (CMakeLists.txt links
 * each layer with the ones below alone, so that a call upwards fails the
 * build):
 *
 *   top        analyzer.c  reports.c  settle.c
 *                  the API: messages in, reports out; what has settled
 *   analyses   requests.c  acks.c  cancels.c  responses.c  placing.c
 *              subscribing.c
 *                  one message: find its transaction and dialog, drive
 *                  the machines, run the rules
 *   rules      cseq.c  glare.c  dialog_end.c  session_timer.c
 *              dialog_outcome.c  offer_answer.c  prack.c
 *              subscription_rules.c  non_invite.c  deadlines.c
 *                  RFC checks: read state, flag findings (session_timer.c
 *                  also keeps the INVITE usage's session timer, RFC 4028;
 *                  offer_answer.c the dialog's offer/answer usage)
 *   machines   txn_fsm.c  transactions.c  dialog_fsm.c  dialogs.c
 *              forks.c  records.c  subscriptions.c
 *                  transactions (RFC 3261 §17) and dialogs (RFC 5407
 *                  §2), each state changed by one function; forks; the
 *                  record of each message
 *   base       pool.c  map.c  text.c  method.c  calls.c  parse.c  sdp.c
 *              tables.c  details.c
 *
 * model.h holds the types of all of them.
 */
#include "sipdialog/analyzer.h"

#include "analysis.h"
#include "calls.h"
#include "dialogs.h"
#include "model.h"
#include "records.h"
#include "settle.h"
#include "subscriptions.h"
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
    a->settle_us = a->timeout_us + (int64_t)a->config.tolerance_ms * 1000;
    a->now_us = G_MININT64;
    a->next_txn_sweep_us = G_MININT64;
    a->next_dialog_sweep_us = G_MININT64;
    a->last_raw_us = G_MININT64;
    sd_pool_init(&a->pool);
    sd_pool_init(&a->text);
    a->key_buf[0] = g_string_new(NULL);
    a->key_buf[1] = g_string_new(NULL);
    sd_calls_init(a);
    sd_dialogs_init(a);
    sd_transactions_init(a);
    sd_records_init(a);
    sd_subscriptions_init(a);
    return a;
}

void sd_analyzer_free(sd_analyzer *a)
{
    if (a == NULL)
        return;
    sd_subscriptions_free(a);
    sd_records_free(a);
    sd_transactions_free(a);
    sd_dialogs_free(a);
    sd_calls_free(a);
    g_string_free(a->key_buf[0], TRUE);
    g_string_free(a->key_buf[1], TRUE);
    sd_pool_free(&a->text);
    if (a->response_details != NULL)
        g_hash_table_destroy(a->response_details);
    sd_pool_free(&a->pool);
    g_free(a);
}

/* A step forwards between consecutive frames that no capture of live
 * traffic takes: the clock was set, or the capture edited or merged. */
#define CLOCK_JUMP_US ((int64_t)3600 * 1000000)

void sd_analyzer_reach(sd_analyzer *a, int64_t time_us)
{
    /* Time as the capture went on: a jump of its clock is taken out, so
     * that no deadline is decided, and nothing settles, across it.  A step
     * back shorter than the tolerance is frames reordered by the capture
     * (interfaces merged, timestamps of a microsecond's jitter), not a
     * jump. */
    if (a->last_raw_us != G_MININT64) {
        int64_t step = time_us - a->last_raw_us;
        if (step < -(int64_t)a->config.tolerance_ms * 1000 || step > CLOCK_JUMP_US) {
            a->clock_offset_us -= step;
            a->clock_jumped = true;
        }
    }
    a->last_raw_us = time_us;
    a->now_us = time_us + a->clock_offset_us;
}

void sd_analyzer_add(sd_analyzer *a, const sd_message *m)
{
    /* Without a Call-ID a message belongs to no call or dialog; without a
     * status code a "response" was not parsed. */
    if (m->frame < a->last_frame || m->call_id == NULL || (m->method == NULL && m->status == 0))
        return;
    a->last_frame = m->frame;
    sd_analyzer_reach(a, m->time_us);
    /* A copy (376 bytes) only when a clock jump shifted the time. */
    sd_message adjusted;
    if (m->time_us != a->now_us) {
        adjusted = *m;
        adjusted.time_us = a->now_us;
        m = &adjusted;
    }
    sd_settle(a);
    sd_call *call = sd_call_get(a, m->call_id);
    sd_record record, *rec = &record;
    sd_record_begin(a, rec, m->frame, m->method ? SD_RECORD_REQUEST : SD_RECORD_RESPONSE);
    rec->call_index = call->index;
    if (a->clock_jumped) {
        sd_flag(rec, SD_FINDING_CAPTURE_CLOCK_JUMP);
        a->clock_jumped = false;
    }
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
    call->last_us = m->time_us;
    if (rec->txn != NULL)
        rec->txn->last_us = m->time_us;
    if (rec->dialog != NULL) {
        sd_dialog_saw(a, rec->dialog, m);
        rec->state = (uint8_t)rec->dialog->state;
    }
    sd_record_store(a, rec);
}
