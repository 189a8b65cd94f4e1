/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "subscription_rules.h"

#include "details.h"
#include "records.h"
#include "subscriptions.h"
#include "text.h"

/* §4.1.3, §4.2.2: a NOTIFY carries Event and a Subscription-State that
 * parses (§8.4), with expires when active or pending. */
static bool headers_missing(const sd_message *m)
{
    if (m->event == NULL || !m->has_subscription_state || !m->subscription_state_valid)
        return true;
    sd_sub_event ev = sd_subscription_event_of(m);
    return (ev == SD_SUB_EV_ACTIVE || ev == SD_SUB_EV_PENDING) && !m->has_state_expires;
}

bool sd_subscription_timer_n_expired(const sd_analyzer *a, const sd_subscription *s, int64_t now_us)
{
    return s->state == SD_SUB_ACCEPTED && s->first_notify_frame == 0 && !s->refer_sub_false &&
           now_us > s->accepted_us + a->timeout_us + (int64_t)a->config.tolerance_ms * 1000;
}

void sd_subscription_check_notify(sd_analyzer *a, sd_record *rec, sd_request *notify, const sd_message *m,
                                  const sd_subscription *s)
{
    if (headers_missing(m))
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_HEADER_MISSING);
    /* §4.2.2: the notifier may shorten the subscription, never lengthen it. */
    if (s->has_requested_expires && m->has_state_expires && m->state_expires > s->requested_expires &&
        sd_subscription_event_of(m) != SD_SUB_EV_TERMINATED)
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_EXPIRES_LENGTHENED);
    if (s->state != SD_SUB_TERMINATED)
        return;
    /* §4.1.3: a NOTIFY that matches no subscription gets 481; one that a
     * NOTIFY or a 481 ended is reported, one given up by Timer N is
     * legal for the notifier to send but must be refused. */
    sd_request_verdict_write(a, notify)->notify_unknown = true;
    if (s->end == SD_SUB_END_NOTIFY || s->end == SD_SUB_END_481)
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_AFTER_TERMINATED);
}

void sd_subscription_check_refresh(sd_record *rec, const sd_subscription *s)
{
    if (s->state == SD_SUB_TERMINATED && (s->end == SD_SUB_END_NOTIFY || s->end == SD_SUB_END_481))
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_AFTER_TERMINATED);
}

/* RFC 3515 §2.4.4-§2.4.5, RFC 5589 §6: the transferor learns how the
 * transfer went from the NOTIFY with the final response in sipfrag; a
 * BYE before it ends the dialog that NOTIFY would come in. */
void sd_subscription_check_bye(sd_record *rec, const sd_request *bye)
{
    for (const sd_subscription *s = bye->dialog->subscription.list; s != NULL; s = s->next) {
        if (!s->refer || s->creating == NULL || s->final_progress || s->refer_sub_false ||
            s->state == SD_SUB_TERMINATED || s->accepted_frame == 0)
            continue;
        if (sd_same(s->creating->from_tag, bye->from_tag)) {
            sd_flag(rec, SD_FINDING_REFER_BYE_BEFORE_FINAL_NOTIFY);
            return;
        }
    }
}

void sd_subscription_check_response(sd_record *rec, const sd_request *request, const sd_message *m,
                                    bool first_final, bool forwarded)
{
    if (forwarded)
        return;
    const sd_subscription *s = sd_request_detail_read(request)->subscription;
    if (request->method == SD_METHOD_NOTIFY) {
        if (first_final && sd_request_verdict_read(request)->notify_unknown && sd_is_2xx(m->status))
            sd_flag(rec, SD_FINDING_SUBSCRIPTION_UNKNOWN_ACCEPTED);
        return;
    }
    /* §4.2.1.1: the 2xx's Expires may shorten the duration asked for. */
    if (request->method == SD_METHOD_SUBSCRIBE && s != NULL && sd_is_2xx(m->status) && m->has_expires &&
        s->latest == request && s->has_requested_expires && m->expires > s->requested_expires)
        sd_flag(rec, SD_FINDING_SUBSCRIPTION_EXPIRES_LENGTHENED);
}
