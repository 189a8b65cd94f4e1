/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Findings that need the future: nothing answered or acknowledged a message
 * by its deadline (64×T1, Timers B, F, H and L, plus the tolerance for
 * messages in flight at the capture point).  They are decided when the
 * report is made, against the time the capture has reached: a capture that
 * ends before a deadline says nothing about it.
 */
#include "deadlines.h"

#include "details.h"
#include "session_timer.h"
#include "text.h"
#include "transactions.h"
#include "txn_fsm.h"

static bool expired(const sd_analyzer *a, int64_t since_us)
{
    return a->now_us >= since_us + a->timeout_us + (int64_t)a->config.tolerance_ms * 1000;
}

/* Nothing came by the deadline, or only after it. */
static bool missed(const sd_analyzer *a, uint32_t frame, int64_t time_us, int64_t since_us)
{
    return expired(a, since_us) && (frame == 0 || time_us > since_us + a->timeout_us);
}

/* §17.1.1.2 Timer B: an INVITE client transaction times out without any
 * response; once a provisional arrived it waits for the final one as long
 * as it takes.  §17.1.2.2 Timer F: any other request needs its final
 * response within 64×T1. */
static bool timed_out(const sd_analyzer *a, const sd_txn *t)
{
    if (t->request->responses_unseen || (t->request->method == SD_METHOD_INVITE && t->first_provisional_frame != 0))
        return false;
    return missed(a, t->final_frame, t->final_time_us, t->request_time_us);
}

/* §16.7 step 10: once a proxy forwarded a 2xx upstream, it cancels its
 * other pending branches; this branch had no final response by then (nor
 * within the tolerance after) and got no CANCEL. */
static bool left_pending(const sd_analyzer *a, const sd_txn *branch)
{
    const sd_txn *up = sd_txn_upstream(branch);
    if (up == NULL || !sd_is_2xx(up->final_status) || sd_txn_detail_read(branch)->cancel != NULL || !expired(a, up->final_time_us))
        return false;
    int64_t cancel_by = up->final_time_us + (int64_t)a->config.tolerance_ms * 1000;
    return branch->final_frame == 0 || branch->final_time_us > cancel_by;
}

static sd_finding_set request_findings(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    const sd_request *request = t->request;
    sd_finding_set set = {{0}};
    if (t->request_frame != rec->frame || request->method == SD_METHOD_ACK)
        return set;
    if (timed_out(a, t))
        sd_finding_set_add(&set, SD_FINDING_TXN_NO_FINAL_RESPONSE);
    if (request->method == SD_METHOD_INVITE && left_pending(a, t))
        sd_finding_set_add(&set, SD_FINDING_FORK_BRANCHES_NOT_CANCELLED);
    /* RFC 3261 §14.1: the retry after a glare succeeded (said on its
     * first hop). */
    if (t == request->hop && sd_request_verdict_read(request)->retry_in_window &&
        sd_is_2xx(t->final_status))
        sd_finding_set_add(&set, SD_FINDING_GLARE_RESOLVED);
    return set;
}

/* Findings on the first sighting of a fork's 2xx. */
static sd_finding_set fork_2xx_findings(const sd_analyzer *a, const sd_record *rec, const sd_txn *t,
                                        const sd_response *r)
{
    const sd_fork *f = r->fork;
    sd_finding_set set = {{0}};
    if (f == NULL || f->first_2xx_frame != rec->frame)
        return set;
    /* §13.3.1.4: the UAS retransmits the 2xx until the ACK, for 64×T1;
     * when it ends the dialog with BYE instead, it gave up waiting. */
    const sd_request *bye = f->dialog->invite.bye;
    bool uas_gave_up = bye != NULL && !sd_same(bye->from_tag, f->invite->from_tag);
    if (f->ack_frame == 0 && (expired(a, r->time_us) || uas_gave_up))
        sd_finding_set_add(&set, SD_FINDING_ACK_MISSING);
    /* Retransmitted, so not ACKed yet when the capture ended: where to look. */
    else if (f->ack_frame == 0 && sd_response_detail_read(a, r)->retransmissions > 0)
        sd_finding_set_add(&set, SD_FINDING_ACK_PENDING_AT_END);
    /* §13.2.2.4: an extra fork's dialog is used or ended with BYE. */
    if (f != sd_request_detail_read(t->request)->primary && f->alias_of == NULL && f->ack_frame != 0 && bye == NULL &&
        !f->dialog->invite.used &&
        expired(a, f->ack_time_us))
        sd_finding_set_add(&set, SD_FINDING_FORK_EXTRA_DIALOG_KEPT);
    return set;
}

/* §17.1.1.2: every non-2xx final response to INVITE is ACKed on its hop;
 * over UDP the UAS retransmits it until then. */
static bool non_2xx_not_acked(const sd_analyzer *a, const sd_txn *t, const sd_response *r)
{
    return t->request->method == SD_METHOD_INVITE && r->status >= 300 && t->final_frame == r->frame &&
           t->ack_frame == 0 && t->transport == SD_TRANSPORT_UDP && expired(a, r->time_us);
}

/* RFC 3262 §3, §4: a reliable 1xx never PRACKed, though the final
 * response came, or it was retransmitted for 64×T1 (said where the UAS
 * sent it, not on the hops it was forwarded on; without a valid RSeq it could
 * not be PRACKed, which prack.rseq_invalid says). */
static bool prack_missing(const sd_analyzer *a, const sd_txn *t, const sd_response *r)
{
    if (!r->reliable || sd_response_rseq(a, r) == 0 || sd_response_rseq(a, r) >= 0x80000000u || sd_response_detail_read(a, r)->prack_frame != 0 ||
        sd_txn_downstream_response(t, r) != NULL)
        return false;
    bool final_came = t->final_frame != 0 && t->final_time_us >= r->time_us;
    return final_came || (sd_response_detail_read(a, r)->retransmissions > 0 && expired(a, r->time_us));
}

/* RFC 6665 §4.1.2.4, §4.2.2: the notifier sends a NOTIFY at once after
 * its 2xx; the subscriber waits for it Timer N (64×T1). */
static bool notify_missing(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    const sd_subscription *s = sd_request_detail_read(t->request)->subscription;
    if (s == NULL || s->accepted_frame != rec->frame || s->refer_sub_false || s->creating != t->request)
        return false;
    return missed(a, s->first_notify_frame, s->first_notify_us, s->accepted_us);
}

/* RFC 6665 §4.1.2.2, §4.2.2: the duration the latest 2xx or NOTIFY gave
 * a subscription ran out, and 64×T1 more passed, with neither a refresh
 * nor a NOTIFY ending it (said on that 2xx or NOTIFY). */
static bool subscription_expired(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    const sd_subscription *s = sd_request_detail_read(t->request)->subscription;
    return s != NULL && s->expiry_frame == rec->frame &&
           (s->state == SD_SUB_ACTIVE || s->state == SD_SUB_PENDING) && expired(a, s->expires_at_us);
}

static sd_finding_set response_findings(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    const sd_response *r = rec->response;
    sd_finding_set set = {{0}};
    if (r == NULL || r->frame != rec->frame)
        return set;
    /* When the capture missed the request, it may miss its hop's other
     * messages as well: nothing is said of what did not follow, but what
     * the responses prove themselves (a final response retransmitted all
     * along was never ACKed). */
    if (!sd_request_seen(t->request)) {
        if (sd_response_detail_read(a, r)->retransmissions > 0 && non_2xx_not_acked(a, t, r))
            sd_finding_set_add(&set, SD_FINDING_ACK_MISSING_NON2XX);
        return set;
    }
    sd_method method = t->request->method;
    if (method == SD_METHOD_INVITE && prack_missing(a, t, r))
        sd_finding_set_add(&set, SD_FINDING_PRACK_MISSING);
    if (method == SD_METHOD_INVITE && sd_is_2xx(r->status)) {
        set = fork_2xx_findings(a, rec, t, r);
        /* §16.7 step 5: a proxy forwards every 2xx it receives. */
        if (sd_txn_upstream(t) != NULL && sd_txn_upstream_response(t, r) == NULL && expired(a, r->time_us))
            sd_finding_set_add(&set, SD_FINDING_FORK_2XX_NOT_FORWARDED);
    } else if (non_2xx_not_acked(a, t, r)) {
        sd_finding_set_add(&set, SD_FINDING_ACK_MISSING_NON2XX);
    } else if ((method == SD_METHOD_SUBSCRIBE || method == SD_METHOD_REFER) && notify_missing(a, rec, t)) {
        sd_finding_set_add(&set, SD_FINDING_SUBSCRIPTION_NOTIFY_MISSING);
    } else if (method == SD_METHOD_CANCEL && sd_is_2xx(r->status)) {
        /* §9.2: once the CANCEL is accepted the INVITE should get its 487. */
        const sd_txn *invite = sd_txn_detail_read(t)->cancelled;
        if (t->final_frame == rec->frame && invite != NULL &&
            missed(a, invite->final_frame, invite->final_time_us, r->time_us))
            sd_finding_set_add(&set, SD_FINDING_CANCEL_NO_FINAL);
    }
    return set;
}

sd_finding_set sd_deadline_findings(const sd_analyzer *a, const sd_record *rec)
{
    const sd_txn *t = rec->txn;
    if (t == NULL)
        return (sd_finding_set){{0}};
    sd_finding_set set = rec->kind == SD_RECORD_REQUEST ? request_findings(a, rec, t) : response_findings(a, rec, t);
    if (subscription_expired(a, rec, t))
        sd_finding_set_add(&set, SD_FINDING_SUBSCRIPTION_EXPIRED);
    return sd_finding_set_union(set, sd_session_timer_deadline_findings(a, rec));
}
