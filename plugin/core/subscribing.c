/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The subscription usages of a dialog (RFC 5057 §3): a SUBSCRIBE begins a
 * subscription (RFC 6665 §4.1.2), a REFER an implicit one to the "refer"
 * package (RFC 3515 §2.4.4), each NOTIFY reports and changes its state.  A
 * NOTIFY may come before the 2xx (§4.1.2.4), and from several notifiers of
 * a forked request (§4.1.4), each in a dialog of its own.
 */
#include "subscribing.h"

#include "details.h"
#include "records.h"
#include "subscription_rules.h"
#include "subscriptions.h"
#include "text.h"

static const char *stored(sd_analyzer *a, const char *s)
{
    return s != NULL ? sd_store(a, s) : NULL;
}

/* An initial SUBSCRIBE begins a subscription; one in a dialog refreshes
 * (or, with Expires 0, ends) its own, or begins another package's. */
static sd_subscription *subscribe(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    sd_dialog *d = request->dialog;
    sd_subscription *s = sd_subscription_find(d, m->event, m->event_id);
    if (s != NULL && request->in_dialog) {
        sd_subscription_check_refresh(rec, s);
    } else if (s != NULL && s->state == SD_SUB_REQUESTED && s->creating != NULL && s->creating->challenge_frame != 0) {
        /* The same attempt, re-sent with credentials (RFC 3261 §22.2). */
        s->creating = request;
    } else {
        s = sd_subscription_new(a, d, request, stored(a, m->event), stored(a, m->event_id), false, m->frame);
    }
    s->latest = request;
    s->has_requested_expires = m->has_expires;
    s->requested_expires = m->expires;
    return s;
}

/* Each REFER begins a subscription of its own (RFC 3515 §2.4.6). */
static sd_subscription *refer(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    sd_subscription *s = sd_subscription_new(a, request->dialog, request, "refer", NULL, true, m->frame);
    s->refer_sub_false = m->refer_sub_false;
    sd_annotate_string(a, rec, SD_FIELD_REFER_TARGET, stored(a, m->refer_to));
    return s;
}

/* The subscription of a NOTIFY: its dialog's, or, for a NOTIFY from
 * another notifier of the same request, a new one in the dialog that
 * notifier's NOTIFY opened (§4.1.4), or one begun out of view. */
static sd_subscription *subscription_of_notify(sd_analyzer *a, sd_record *rec, sd_request *notify,
                                               const sd_message *m)
{
    sd_dialog *d = notify->dialog;
    sd_subscription *s = sd_subscription_find(d, m->event, m->event_id);
    if (s != NULL)
        return s;
    sd_request *creating = d->creating;
    const sd_subscription *origin = creating != NULL ? sd_request_detail_read(creating)->subscription : NULL;
    if (origin != NULL && origin->dialog != d && sd_subscription_matches(origin, m->event, m->event_id)) {
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_FORKED);
        s = sd_subscription_new(a, d, creating, origin->event, origin->id, origin->refer, m->frame);
        s->latest = origin->latest;
        s->has_requested_expires = origin->has_requested_expires;
        s->requested_expires = origin->requested_expires;
        s->refer_sub_false = origin->refer_sub_false;
        return s;
    }
    return sd_subscription_new(a, d, NULL, stored(a, m->event), stored(a, m->event_id),
                               m->event != NULL && g_ascii_strcasecmp(m->event, "refer") == 0, m->frame);
}

static sd_subscription *notify(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    sd_subscription *s = subscription_of_notify(a, rec, request, m);
    /* §4.1.2.4: the subscriber gave up once Timer N ran out. */
    if (sd_subscription_timer_n_expired(a, s, m->time_us))
        sd_subscription_fire(s, SD_SUB_EV_TIMER_N, m->frame, m->time_us);
    /* §4.1.2.4, §4.4.1: legal, and it creates the dialog. */
    if (s->state == SD_SUB_REQUESTED && s->creating != NULL && !s->creating->answered && s->first_notify_frame == 0 &&
        !sd_flagged(rec, SD_FINDING_SUBSCRIPTION_FORKED))
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_NOTIFY_BEFORE_2XX);
    sd_subscription_check_notify(a, rec, request, m, s);
    sd_subscription_fire(s, sd_subscription_event_of(m), m->frame, m->time_us);
    if (m->has_state_expires && (s->state == SD_SUB_ACTIVE || s->state == SD_SUB_PENDING))
        sd_subscription_lasts(s, m->frame, m->time_us, m->state_expires);
    if (s->state == SD_SUB_TERMINATED && s->reason == NULL)
        s->reason = stored(a, m->subscription_reason);
    int code = sd_subscription_state_code(m);
    if (code >= 0)
        sd_annotate(a, rec, SD_FIELD_SUBSCRIPTION_STATE, (uint32_t)code);
    if (m->has_state_expires)
        sd_annotate(a, rec, SD_FIELD_SUBSCRIPTION_EXPIRES, m->state_expires);
    if (m->sipfrag != NULL) {
        sd_annotate_string(a, rec, SD_FIELD_REFER_PROGRESS, sd_store(a, m->sipfrag));
        if (m->sipfrag_status >= 200)
            s->final_progress = true;
    }
    return s;
}

/* A request belongs to the subscription, if any, that it began or is part of. */
static void belong(sd_analyzer *a, sd_request *request, sd_subscription *s)
{
    if (s != NULL)
        sd_request_detail_write(a, request)->subscription = s;
}

void sd_subscriptions_on_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    switch (request->method) {
    case SD_METHOD_SUBSCRIBE:
        belong(a, request, subscribe(a, rec, request, m));
        if (m->has_expires)
            sd_annotate(a, rec, SD_FIELD_SUBSCRIPTION_EXPIRES, m->expires);
        break;
    case SD_METHOD_REFER:
        belong(a, request, refer(a, rec, request, m));
        break;
    case SD_METHOD_NOTIFY:
        /* An unsolicited NOTIFY outside any dialog is no subscription's. */
        if (request->in_dialog)
            belong(a, request, notify(a, rec, request, m));
        break;
    case SD_METHOD_BYE:
        sd_subscription_check_bye(rec, request);
        break;
    default:
        break;
    }
}

void sd_subscriptions_on_response(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                                  bool first_final, bool forwarded)
{
    sd_subscription *s = sd_request_detail_read(request)->subscription;
    if (s == NULL)
        return;
    sd_subscription_check_response(rec, request, m, first_final, forwarded);
    if (request->method == SD_METHOD_SUBSCRIBE && sd_is_2xx(m->status) && m->has_expires)
        sd_annotate(a, rec, SD_FIELD_SUBSCRIPTION_EXPIRES, m->expires);
    if (!first_final)
        return;
    if (m->status == 481)
        sd_subscription_fire(s, SD_SUB_EV_481, m->frame, m->time_us);
    else if (request->method == SD_METHOD_NOTIFY)
        return;
    else if (sd_is_2xx(m->status))
        sd_subscription_fire(s, SD_SUB_EV_2XX, m->frame, m->time_us);
    else if (m->status >= 300 && m->status != 401 && m->status != 407 && request == s->creating)
        sd_subscription_fire(s, SD_SUB_EV_REJECTED, m->frame, m->time_us);
    /* §4.2.1.1: the 2xx says how long the subscription lasts from now. */
    if (request->method == SD_METHOD_SUBSCRIBE && sd_is_2xx(m->status) && m->has_expires)
        sd_subscription_lasts(s, m->frame, m->time_us, m->expires);
}
