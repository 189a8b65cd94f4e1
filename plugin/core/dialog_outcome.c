/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How each dialog ended.  What a message said (a failure response, a
 * Reason header) is kept when it is analysed; the rest is derived when the
 * report is made, from the dialog's state and the time the capture has
 * reached: a 2xx never ACKed or an INVITE never answered is known only
 * after 64×T1.
 */
#include "dialog_outcome.h"

#include <string.h>

#include "details.h"
#include "dialog_end.h"
#include "forks.h"
#include "records.h"
#include "session_timer.h"
#include "transactions.h"
#include "text.h"

void sd_reason_keep(sd_analyzer *a, sd_reason *reason, const sd_message *m)
{
    if (m->reason_protocol == NULL)
        return;
    reason->protocol = sd_store(a, m->reason_protocol);
    reason->text = m->reason_text ? sd_store(a, m->reason_text) : NULL;
    reason->has_cause = m->has_reason_cause;
    reason->cause = m->reason_cause;
}

void sd_request_keep_reason(sd_analyzer *a, sd_request *request, const sd_message *m)
{
    if (m->reason_protocol == NULL)
        return;
    sd_reason_keep(a, sd_pool_part(&a->pool, sd_request_detail_write(a, request)->reason), m);
}

/* RFC 5057 §5.1, Table 1: responses to a request inside a dialog that
 * destroy the whole dialog, and those that destroy only the usage the
 * request belongs to. */
static bool destroys_dialog(unsigned status)
{
    switch (status) {
    case 404: case 410: case 416: case 482: case 483: case 484: case 485: case 502: case 604:
        return true;
    default:
        return false;
    }
}

static bool destroys_usage(unsigned status)
{
    switch (status) {
    case 405: case 480: case 481: case 489: case 501:
        return true;
    default:
        return false;
    }
}

/* Requests of a subscription usage (RFC 6665, RFC 3515): a response that
 * destroys only their usage leaves the INVITE usage alone. */
static bool subscription_method(sd_method method)
{
    return method == SD_METHOD_SUBSCRIBE || method == SD_METHOD_NOTIFY || method == SD_METHOD_REFER;
}

/* Whether the request went on from the hop of `txn` to another the capture
 * shows: a response on `txn` that none of those hops brought was made by
 * the element in the middle (a proxy's 408 or 503). */
static bool made_in_the_middle(const sd_txn *txn, const sd_response *r)
{
    if (sd_txn_downstream_response(txn, r) != NULL)
        return false;
    const sd_request *request = txn->request;
    if (request->hop != NULL && sd_txn_upstream(request->hop) == txn)
        return true;
    for (const sd_txn *c = sd_request_copies(request); c != NULL; c = sd_txn_next_copy(c))
        if (sd_txn_upstream(c) == txn)
            return true;
    return false;
}

/* The response that ended the dialog, unless it failed an attempt that
 * the UA retried (after 401/407, RFC 3261 §22.2). */
static const sd_dialog_ending *ending_of(const sd_dialog *d)
{
    const sd_dialog_ending *e = d->ending;
    return e != NULL && e->frame != 0 && (e->destroyed || e->request == d->creating) ? e : NULL;
}

/* `s` after the `*used` bytes of `text` (`size` bytes), cut where only the
 * NUL still fits, as snprintf cuts. */
static void put_text(char *text, size_t size, size_t *used, const char *s)
{
    size_t n = strnlen(s, size - 1 - *used);
    memcpy(text + *used, s, n);
    *used += n;
}

/* "what status phrase", without the phrase's trailing white space, in at
 * most 159 bytes.  Put together piece by piece: snprintf took about 1,300
 * instructions, more than the rest of the response's analysis. */
static const char *status_kind(sd_analyzer *a, const char *what, const sd_message *m)
{
    char text[160];
    char digits[16], *number = digits + sizeof digits;
    *--number = '\0';
    unsigned status = m->status;
    do
        *--number = (char)('0' + status % 10);
    while ((status /= 10) != 0);
    size_t used = 0;
    put_text(text, sizeof text, &used, what);
    put_text(text, sizeof text, &used, " ");
    put_text(text, sizeof text, &used, number);
    put_text(text, sizeof text, &used, " ");
    put_text(text, sizeof text, &used, m->reason_phrase ? m->reason_phrase : "");
    text[used] = '\0';
    return sd_store(a, g_strchomp(text));
}

bool sd_dialog_outcome_on_response(sd_analyzer *a, sd_record *rec, const sd_txn *txn, const sd_response *r,
                                   sd_dialog *d, const sd_message *m)
{
    const sd_request *request = txn->request;
    if (d == NULL || m->status < 300 || ending_of(d) != NULL)
        return false;
    sd_dialog_ending *e;
    if (!request->in_dialog && request == d->creating) {
        e = sd_pool_part(&a->pool, d->ending);
        e->kind = status_kind(a, "rejected:", m);
    } else if (request->in_dialog && !sd_request_verdict_read(request)->after_bye &&
               request->method != SD_METHOD_CANCEL &&
               (destroys_dialog(m->status) ||
                (destroys_usage(m->status) && !subscription_method(request->method) && d->invite.fork != NULL &&
                 /* RFC 3262 §3: a 481 to a PRACK says it matched no
                  * reliable provisional response, not that the dialog
                  * is gone. */
                 !(request->method == SD_METHOD_PRACK && m->status == 481)))) {
        /* A 481 to the BYE that ended the dialog changes nothing: it is
         * over either way. */
        if (request->method == SD_METHOD_BYE && d->invite.bye != request)
            return false;
        sd_flag(rec, SD_FINDING_DIALOG_ENDED_BY_RESPONSE);
        e = sd_pool_part(&a->pool, d->ending);
        e->destroyed = true;
        e->usage_only = !destroys_dialog(m->status);
        e->kind = status_kind(a, e->usage_only ? "INVITE usage destroyed by" : "destroyed by", m);
    } else {
        return false;
    }
    e->request = request;
    e->frame = m->frame;
    e->status = (uint16_t)m->status;
    e->by = made_in_the_middle(txn, r) ? SD_END_BY_MIDDLE : (uint8_t)sd_other_side(request->side);
    sd_reason_keep(a, &e->reason, m);
    /* A dialog lives as long as one of its usages (RFC 5057 §5). */
    return e->destroyed && (!e->usage_only || !d->subscription.present);
}

void sd_dialog_outcome_check_request(sd_record *rec, const sd_request *request)
{
    const sd_dialog_ending *e = request->dialog->ending;
    if (e == NULL || !e->destroyed || !request->in_dialog)
        return;
    /* RFC 3261 §12.2.1.2 lets the UAC end the dialog after a 481 or 408
     * with BYE; the subscription usage outlives the INVITE usage. */
    if (request->method == SD_METHOD_BYE || (e->usage_only && subscription_method(request->method)))
        return;
    sd_flag(rec, SD_FINDING_DIALOG_REQUEST_AFTER_END);
}

static bool past_deadline(const sd_analyzer *a, int64_t since_us)
{
    return a->now_us >= since_us + a->timeout_us + (int64_t)a->config.tolerance_ms * 1000;
}

/* The CANCEL of the dialog's creating INVITE, on any of its hops. */
static const sd_request *cancel_of(const sd_request *invite)
{
    const sd_txn *cancel = sd_txn_detail_read(invite->hop)->cancel;
    if (cancel != NULL)
        return cancel->request;
    for (const sd_txn *c = sd_request_copies(invite); c != NULL; c = sd_txn_next_copy(c))
        if ((cancel = sd_txn_detail_read(c)->cancel) != NULL)
            return cancel->request;
    return NULL;
}

static void ended_by_bye(const sd_analyzer *a, const sd_dialog *d, const sd_fork *fork, sd_outcome *out)
{
    const sd_request *bye = d->invite.bye;
    out->frame = bye->hop->request_frame;
    const sd_request *other = d->invite.other_bye;
    out->by = other != NULL && sd_bye_from_middle(bye, other) ? SD_END_BY_MIDDLE : (sd_end_by)bye->side;
    out->reason = *sd_request_reason(bye);
    if (fork != NULL && fork->first_2xx_frame != 0 && fork->ack_frame == 0)
        out->kind = "2xx never ACKed";
    else if (sd_session_timer_ended_dialog(a, d))
        out->kind = "ended by the session timer";
    else if (d->answered_us != 0) {
        out->kind = "answered, ended by BYE";
        out->completed = true;
    } else {
        out->kind = "ended by BYE";
    }
}

void sd_dialog_outcome_of(const sd_analyzer *a, const sd_dialog *d, sd_outcome *out)
{
    memset(out, 0, sizeof *out);
    const sd_dialog_ending *e = ending_of(d);
    const sd_request *creating = d->creating;
    const sd_fork *fork = creating != NULL && creating->method == SD_METHOD_INVITE ? sd_fork_find(d, creating) : NULL;
    const sd_request *bye = d->invite.bye;
    bool bye_first = bye != NULL && (e == NULL || bye->hop->request_frame < e->frame);
    if (bye_first) {
        ended_by_bye(a, d, fork, out);
        return;
    }
    if (e != NULL) {
        out->kind = e->kind;
        out->frame = e->frame;
        out->by = (sd_end_by)e->by;
        out->reason = e->reason;
        const sd_request *cancel = e->status == 487 && !e->destroyed ? cancel_of(creating) : NULL;
        if (cancel != NULL) {
            out->kind = "cancelled";
            out->frame = cancel->hop->request_frame;
            out->by = (sd_end_by)cancel->side;
            if (sd_request_reason(cancel)->protocol != NULL)
                out->reason = *sd_request_reason(cancel);
        }
        return;
    }
    if (fork != NULL && fork->first_2xx_frame != 0 && fork->ack_frame == 0 && past_deadline(a, fork->first_2xx_time_us)) {
        out->kind = "2xx never ACKed";
        out->frame = fork->first_2xx_frame;
        out->by = SD_END_BY_CALLER;
        return;
    }
    /* §17.1.1.2 Timer B: no response at all within 64×T1. */
    if (creating != NULL && creating->method == SD_METHOD_INVITE && sd_request_seen(creating) &&
        !creating->answered && d->answered_us == 0 && creating->hop->first_provisional_frame == 0 &&
        d->state == SD_DIALOG_PREPARATIVE && past_deadline(a, creating->hop->request_time_us)) {
        out->kind = "no answer (timeout)";
        out->frame = creating->hop->request_frame;
        out->by = SD_END_BY_CALLEE;
        return;
    }
    out->kind = "still up when the capture ended";
}

/* ITU-T Q.850 Table 1, the causes a call's end names most. */
const char *sd_q850_cause_name(uint32_t cause)
{
    switch (cause) {
    case 1: return "Unallocated (unassigned) number";
    case 2: return "No route to specified transit network";
    case 3: return "No route to destination";
    case 6: return "Channel unacceptable";
    case 16: return "Normal call clearing";
    case 17: return "User busy";
    case 18: return "No user responding";
    case 19: return "No answer from user (user alerted)";
    case 20: return "Subscriber absent";
    case 21: return "Call rejected";
    case 22: return "Number changed";
    case 26: return "Non-selected user clearing";
    case 27: return "Destination out of order";
    case 28: return "Invalid number format (address incomplete)";
    case 29: return "Facility rejected";
    case 31: return "Normal, unspecified";
    case 34: return "No circuit/channel available";
    case 38: return "Network out of order";
    case 41: return "Temporary failure";
    case 42: return "Switching equipment congestion";
    case 44: return "Requested circuit/channel not available";
    case 47: return "Resource unavailable, unspecified";
    case 50: return "Requested facility not subscribed";
    case 55: return "Incoming calls barred within CUG";
    case 57: return "Bearer capability not authorized";
    case 58: return "Bearer capability not presently available";
    case 63: return "Service or option not available, unspecified";
    case 65: return "Bearer capability not implemented";
    case 79: return "Service or option not implemented, unspecified";
    case 87: return "User not member of CUG";
    case 88: return "Incompatible destination";
    case 102: return "Recovery on timer expiry";
    case 111: return "Protocol error, unspecified";
    case 127: return "Interworking, unspecified";
    default: return NULL;
    }
}
