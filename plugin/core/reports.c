/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reports: what the analysis knows about a message or a dialog now,
 * derived on demand from the records and the state they point to, so that
 * what later messages revealed (a final response, a missing ACK) shows once
 * they have been seen.
 */
#include <string.h>

#include "deadlines.h"
#include "details.h"
#include "dialog_outcome.h"
#include "forks.h"
#include "model.h"
#include "records.h"
#include "transactions.h"

static void put(sd_report *r, sd_field field, int64_t value)
{
    sd_report_set_present(r, field);
    r->value[field] = value;
}

/* A STRING field; absent when the message had no such text. */
static void put_string(sd_report *r, sd_field field, const char *s)
{
    if (s == NULL)
        return;
    sd_report_set_present(r, field);
    r->string[field] = s;
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
static void report_forks(sd_report *r, const sd_request *invite)
{
    const sd_fork *forks = sd_request_detail_read(invite)->forks;
    if (forks == NULL)
        return;
    put(r, SD_FIELD_FORK_COUNT, forks->index);
    for (const sd_fork *f = forks; f != NULL; f = f->next) {
        if (f->index > SD_REPORT_FORKS)
            continue;
        r->fork[f->index - 1].frame = f->first_response_frame;
        r->fork[f->index - 1].status = f->best_status;
        r->fork[f->index - 1].outcome = (uint8_t)sd_fork_outcome_of(f);
    }
    r->forks = MIN(forks->index, SD_REPORT_FORKS);
}

/* Links to what came later: the final response, the CANCEL, the forks. */
static void report_request(sd_report *r, const sd_record *rec, const sd_txn *txn)
{
    if (txn->request_frame != rec->frame)
        return;
    const sd_request *request = txn->request;
    if (request->method != SD_METHOD_ACK)
        put_frame(r, SD_FIELD_RESPONSE_IN, txn->final_frame);
    if (request->method == SD_METHOD_INVITE)
        report_forks(r, request);
    const sd_txn_detail *detail = sd_txn_detail_read(txn);
    if (detail->cancel != NULL)
        put_frame(r, SD_FIELD_CANCEL_IN, detail->cancel->request_frame);
    if (txn == request->hop)
        put_frame(r, SD_FIELD_SDP_ANSWER_IN, sd_request_detail_read(request)->sdp_answer_frame);
    const sd_fork *awaited_ack = sd_request_verdict_read(request)->awaited_ack;
    if (awaited_ack != NULL && txn == request->hop)
        put_frame(r, SD_FIELD_GLARE_LATE_ACK_IN, awaited_ack->ack_frame);
    put_retransmissions(r, detail->retransmissions, detail->last_retransmission_frame);
}

static void report_fork(sd_report *r, const sd_response *resp, const sd_txn *txn)
{
    const sd_fork *fork = resp->fork;
    put(r, SD_FIELD_FORK_INDEX, fork->index);
    if (!sd_is_2xx(resp->status))
        return;
    const sd_fork *primary = sd_request_detail_read(txn->request)->primary;
    if (primary != NULL && primary != fork && fork->alias_of == NULL)
        put_frame(r, SD_FIELD_FORK_FIRST_2XX_IN, primary->first_2xx_frame);
    put(r, SD_FIELD_FORK_OUTCOME, sd_fork_outcome_of(fork));
    put_frame(r, SD_FIELD_ACK_IN, fork->ack_frame);
    if (fork->dialog->invite.bye != NULL)
        put_frame(r, SD_FIELD_BYE_IN, fork->dialog->invite.bye->hop->request_frame);
}

/* Links to the request, to the same response on the neighbouring hops,
 * and to what came later: the ACK, the BYE. */
static void report_response(sd_report *r, const sd_analyzer *a, const sd_record *rec, const sd_txn *txn)
{
    put_frame(r, SD_FIELD_REQUEST_IN, txn->request_frame);
    const sd_response *resp = rec->response;
    if (resp == NULL)
        return;
    if (resp->frame == rec->frame) {
        const sd_response_detail *detail = sd_response_detail_read(a, resp);
        put_retransmissions(r, detail->retransmissions, detail->last_retransmission_frame);
        put_frame(r, SD_FIELD_SDP_ANSWER_IN, detail->sdp_answer_frame);
        put_frame(r, SD_FIELD_PRACK_PRACK_IN, detail->prack_frame);
    }
    const sd_response *upstream = sd_txn_upstream_response(txn, resp);
    const sd_response *downstream = sd_txn_downstream_response(txn, resp);
    put_frame(r, SD_FIELD_FORK_UPSTREAM_IN, upstream ? upstream->frame : 0);
    put_frame(r, SD_FIELD_FORK_DOWNSTREAM_IN, downstream ? downstream->frame : 0);
    if (txn->request->method != SD_METHOD_INVITE)
        return;
    if (resp->fork != NULL)
        report_fork(r, resp, txn);
    if (resp->status >= 300 && txn->final_frame == resp->frame)
        put_frame(r, SD_FIELD_ACK_IN, txn->ack_frame);
}

/* The Reason's text, or the name of its Q.850 cause. */
static const char *reason_text(const sd_reason *reason)
{
    if (reason->text != NULL)
        return reason->text;
    bool q850 = g_ascii_strcasecmp(reason->protocol, "Q.850") == 0;
    return q850 && reason->has_cause ? sd_q850_cause_name(reason->cause) : NULL;
}

/* RFC 6076 §4.3, §4.4, §4.5; -1 when unknown. */
typedef struct {
    int64_t srd_us, sdd_us, sdt_us;
} metrics;

/* §4.3: from the INVITE to its first response other than 100, on the hop
 * it was first seen on. */
static int64_t request_delay(const sd_request *invite)
{
    const sd_txn *hop = invite->hop;
    return hop->first_answer_frame == 0 ? -1 : hop->first_answer_us - hop->request_time_us;
}

static metrics metrics_of(const sd_dialog *d)
{
    metrics m = {-1, -1, -1};
    const sd_request *creating = d->creating;
    if (creating != NULL && creating->method == SD_METHOD_INVITE && sd_request_seen(creating))
        m.srd_us = request_delay(creating);
    const sd_request *bye = d->invite.bye;
    if (bye == NULL)
        return m;
    if (bye->hop->final_frame != 0 && sd_request_seen(bye))
        m.sdd_us = bye->hop->final_time_us - bye->hop->request_time_us;
    if (d->answered_us != 0)
        m.sdt_us = bye->hop->request_time_us - d->answered_us;
    return m;
}

static void put_duration(sd_report *r, sd_field field, int64_t us)
{
    if (us >= 0)
        put(r, field, us);
}

/* On every message of a dialog: how the dialog ended, and why (RFC 3326),
 * and its RFC 6076 metrics. */
static void report_end(sd_report *r, const sd_analyzer *a, const sd_dialog *d)
{
    metrics m = metrics_of(d);
    put_duration(r, SD_FIELD_METRICS_SRD, m.srd_us);
    put_duration(r, SD_FIELD_METRICS_SDD, m.sdd_us);
    put_duration(r, SD_FIELD_METRICS_SDT, m.sdt_us);
    sd_outcome end;
    sd_dialog_outcome_of(a, d, &end);
    put_string(r, SD_FIELD_END_KIND, end.kind);
    if (end.by != 0)
        put(r, SD_FIELD_END_BY, end.by);
    put_frame(r, SD_FIELD_END_FRAME, end.frame);
    const sd_reason *reason = &end.reason;
    if (reason->protocol == NULL)
        return;
    put_string(r, SD_FIELD_END_REASON_PROTOCOL, reason->protocol);
    if (reason->has_cause)
        put(r, SD_FIELD_END_REASON_CAUSE, reason->cause);
    put_string(r, SD_FIELD_END_REASON_TEXT, reason_text(reason));
}

/* On a SUBSCRIBE, REFER, NOTIFY or a response to them: its subscription;
 * on the 2xx that accepted one, its first NOTIFY. */
static void report_subscription(sd_report *r, const sd_record *rec, const sd_txn *txn)
{
    const sd_subscription *s = sd_request_detail_read(txn->request)->subscription;
    if (s == NULL)
        return;
    put(r, SD_FIELD_SUBSCRIPTION_INDEX, s->index);
    put_string(r, SD_FIELD_SUBSCRIPTION_EVENT, s->event);
    /* On each hop's 2xx from the notifier of the request that began it. */
    const sd_response *resp = rec->response;
    if (rec->kind == SD_RECORD_RESPONSE && resp != NULL && resp->frame == rec->frame && sd_is_2xx(resp->status) &&
        s->creating == txn->request && s->dialog->party[1].tag != NULL && resp->to_tag != NULL &&
        strcmp(resp->to_tag, s->dialog->party[1].tag) == 0)
        put_frame(r, SD_FIELD_SUBSCRIPTION_NOTIFY_IN, s->first_notify_frame);
}

void sd_analyzer_report(const sd_analyzer *a, uint32_t message, sd_report *r)
{
    memset(r, 0, sizeof *r);
    if (message >= a->record_count)
        return;
    const sd_record loaded = sd_record_load(a, message), *rec = &loaded;
    r->findings = sd_finding_set_union(sd_record_findings(a, rec), sd_deadline_findings(a, rec));
    put(r, SD_FIELD_CALL, rec->call_index);
    if (rec->dialog != NULL) {
        put(r, SD_FIELD_DIALOG, rec->dialog->index);
        put(r, SD_FIELD_STATE, rec->state);
        report_end(r, a, rec->dialog);
    }
    if (rec->side != SD_SIDE_UNKNOWN)
        put(r, SD_FIELD_SIDE, rec->side);
    const sd_txn *txn = rec->txn;
    if (txn != NULL) {
        put(r, SD_FIELD_TRANSACTION, txn->index);
        if (rec->kind == SD_RECORD_RESPONSE)
            report_response(r, a, rec, txn);
        else
            report_request(r, rec, txn);
        report_subscription(r, rec, txn);
    }
    for (uint32_t i = 0; i < rec->annotation_count; i++) {
        sd_annotation an = sd_annotation_at(a, rec->first_annotation + i);
        if (an.field >= SD_FIELD_COUNT)
            continue;   /* its findings (records.c) */
        if (sd_fields[an.field].type == SD_FT_STRING)
            put_string(r, an.field, sd_annotation_text(a, an.value));
        else
            put(r, an.field, an.value);
    }
    /* RFC 4028 §10: the session set or refreshed by this 2xx expires an
     * interval after it. */
    if (sd_report_has(r, SD_FIELD_TIMER_INTERVAL) && rec->response != NULL)
        put(r, SD_FIELD_TIMER_EXPIRES_AT, rec->response->time_us + r->value[SD_FIELD_TIMER_INTERVAL] * 1000000);
}

sd_finding_set sd_analyzer_findings(const sd_analyzer *a, uint32_t message, bool *retransmission)
{
    *retransmission = false;
    if (message >= a->record_count)
        return (sd_finding_set){{0}};
    const sd_record loaded = sd_record_load(a, message), *rec = &loaded;
    for (uint32_t i = 0; i < rec->annotation_count; i++)
        if (sd_annotation_at(a, rec->first_annotation + i).field == SD_FIELD_RETRANSMISSION_OF)
            *retransmission = true;
    return sd_finding_set_union(sd_record_findings(a, rec), sd_deadline_findings(a, rec));
}

bool sd_analyzer_subscription(const sd_analyzer *a, uint32_t subscription, sd_subscription_summary *s)
{
    static const char *const states[] = {"requested", "accepted", "pending", "active", "terminated"};
    static const char *const ends[] = {NULL, "NOTIFY", "rejected", "481", "Timer N"};
    memset(s, 0, sizeof *s);
    if (subscription >= a->subscriptions->len)
        return false;
    const sd_subscription *sub = g_ptr_array_index(a->subscriptions, subscription);
    s->dialog = sub->dialog->index;
    s->event = sub->event;
    s->first_frame = sub->first_frame;
    s->state = states[sub->state];
    s->end = ends[sub->end];
    s->reason = sub->reason;
    return true;
}

/* The answer to the dialog-creating INVITE by this dialog's fork. */
static const sd_fork *creating_fork(const sd_dialog *d)
{
    return d->creating != NULL && d->creating->method == SD_METHOD_INVITE ? sd_fork_find(d, d->creating) : NULL;
}

bool sd_analyzer_dialog(const sd_analyzer *a, uint32_t dialog, sd_dialog_summary *s)
{
    memset(s, 0, sizeof *s);
    if (dialog >= a->all_dialogs->len)
        return false;
    const sd_dialog *d = g_ptr_array_index(a->all_dialogs, dialog);
    const sd_fork *fork = creating_fork(d);
    s->call = d->call->index;
    s->call_id = d->call->call_id;
    s->caller_uri = d->caller_uri;
    s->callee_uri = d->callee_uri;
    s->first_frame = d->first_frame;
    s->state = d->state;
    s->answered = d->answered_us != 0;
    s->acked = fork != NULL && fork->ack_frame != 0;
    const sd_fork *forks = d->creating != NULL ? sd_request_detail_read(d->creating)->forks : NULL;
    s->forks = forks != NULL ? forks->index : 0;
    s->invite = d->creating != NULL && d->creating->method == SD_METHOD_INVITE ? d->creating->hop->index : UINT32_MAX;
    /* Setup runs from the caller's first attempt (before a 401/407
     * challenge) and, for a fork's dialog, which begins with its first
     * response, from the INVITE. */
    int64_t setup_end = d->answered_us ? d->answered_us : d->failed_us;
    int64_t setup_start = d->creating != NULL && sd_request_seen(d->creating)
                              ? MIN(d->first_us, d->creating->hop->request_time_us)
                              : d->first_us;
    s->setup_us = d->creating != NULL && setup_end != 0 ? setup_end - setup_start : -1;
    int64_t end = d->invite.bye != NULL ? d->invite.bye->hop->request_time_us : d->last_us;
    s->duration_us = d->answered_us ? end - d->answered_us : -1;
    sd_outcome outcome;
    sd_dialog_outcome_of(a, d, &outcome);
    s->end_kind = outcome.kind;
    s->end_by = outcome.by;
    s->end_frame = outcome.frame;
    s->reason_protocol = outcome.reason.protocol;
    s->reason_cause = outcome.reason.protocol != NULL && outcome.reason.has_cause ? (int64_t)outcome.reason.cause : -1;
    s->reason_text = outcome.reason.protocol != NULL ? reason_text(&outcome.reason) : NULL;
    const sd_dialog_ending *e = d->ending;
    s->final_status = e != NULL && !e->destroyed && e->request == d->creating ? e->status : 0;
    s->completed = outcome.completed;
    metrics m = metrics_of(d);
    s->srd_us = m.srd_us;
    s->sdd_us = m.sdd_us;
    s->sdt_us = m.sdt_us;
    return true;
}
