/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "subscriptions.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

void sd_subscriptions_init(sd_analyzer *a)
{
    a->subscriptions = g_ptr_array_new();
}

void sd_subscriptions_free(sd_analyzer *a)
{
    g_ptr_array_free(a->subscriptions, TRUE);
}

sd_subscription *sd_subscription_new(sd_analyzer *a, sd_dialog *dialog, sd_request *creating, const char *event,
                                     const char *id, bool refer, uint32_t frame)
{
    sd_subscription *s = sd_pool_new(&a->pool, sd_subscription);
    s->dialog = dialog;
    s->creating = creating;
    s->latest = creating;
    s->event = event;
    s->id = id;
    s->refer = refer;
    s->index = a->subscriptions->len;
    s->state = SD_SUB_REQUESTED;
    s->first_frame = frame;
    g_ptr_array_add(a->subscriptions, s);
    s->next = dialog->subscription.list;
    dialog->subscription.list = s;
    dialog->subscription.present = true;
    return s;
}

/* Event packages compare without regard to case (RFC 6665 §8.2.1: tokens). */
static bool same_package(const char *x, const char *y)
{
    return x == y || (x != NULL && y != NULL && g_ascii_strcasecmp(x, y) == 0);
}

bool sd_subscription_matches(const sd_subscription *s, const char *event, const char *id)
{
    if (!same_package(s->event, event))
        return false;
    /* RFC 3515 §2.4.6: a NOTIFY of a REFER carries the REFER's CSeq as id;
     * the dialog's first REFER may be notified without one. */
    if (s->refer && id != NULL && s->creating != NULL)
        return strtoul(id, NULL, 10) == s->creating->cseq;
    return s->refer ? true : sd_same(s->id, id);
}

sd_subscription *sd_subscription_find(const sd_dialog *dialog, const char *event, const char *id)
{
    for (sd_subscription *s = dialog->subscription.list; s != NULL; s = s->next)
        if (sd_subscription_matches(s, event, id))
            return s;
    return NULL;
}

/*
 * RFC 6665 §4.1.2: the 2xx accepts the request, the NOTIFYs say the state
 * (pending, active, terminated); a failure of the request that began it,
 * a 481 to a refresh or a NOTIFY, or no NOTIFY within Timer N of the 2xx
 * (§4.1.2.4) end it.  A failed refresh other than 481 leaves it as it was
 * until it expires (§4.1.2.2).  Once terminated it stays so.
 */
static void terminate(sd_subscription *s, sd_sub_end end)
{
    s->state = SD_SUB_TERMINATED;
    s->end = end;
}

void sd_subscription_fire(sd_subscription *s, sd_sub_event ev, uint32_t frame, int64_t time_us)
{
    if (s->state == SD_SUB_TERMINATED)
        return;
    bool notify = ev == SD_SUB_EV_PENDING || ev == SD_SUB_EV_ACTIVE || ev == SD_SUB_EV_TERMINATED ||
                  ev == SD_SUB_EV_NOTIFY;
    if (notify && s->first_notify_frame == 0) {
        s->first_notify_frame = frame;
        s->first_notify_us = time_us;
    }
    switch (ev) {
    case SD_SUB_EV_2XX:
        if (s->accepted_frame == 0) {
            s->accepted_frame = frame;
            s->accepted_us = time_us;
        }
        if (s->state == SD_SUB_REQUESTED)
            s->state = SD_SUB_ACCEPTED;
        break;
    case SD_SUB_EV_REJECTED:
        if (s->state == SD_SUB_REQUESTED)
            terminate(s, SD_SUB_END_REJECTED);
        break;
    case SD_SUB_EV_481:
        terminate(s, SD_SUB_END_481);
        break;
    case SD_SUB_EV_PENDING:
        s->state = SD_SUB_PENDING;
        break;
    case SD_SUB_EV_ACTIVE:
        s->state = SD_SUB_ACTIVE;
        break;
    case SD_SUB_EV_TERMINATED:
        terminate(s, SD_SUB_END_NOTIFY);
        break;
    case SD_SUB_EV_TIMER_N:
        if (s->state == SD_SUB_ACCEPTED)
            terminate(s, SD_SUB_END_TIMER_N);
        break;
    case SD_SUB_EV_NOTIFY:
    case SD_SUB_EV_COUNT:
        break;
    }
}

/* RFC 6665 §4.1.2.1, §4.2.1.1, §4.2.2: the 2xx to a SUBSCRIBE (a refresh's
 * too) and each pending or active NOTIFY say how long the subscription
 * lasts from then on; the subscriber refreshes it before that (§4.1.2.2),
 * or the notifier ends it with a NOTIFY (reason timeout). */
void sd_subscription_lasts(sd_subscription *s, uint32_t frame, int64_t time_us, uint32_t seconds)
{
    if (s->state == SD_SUB_TERMINATED)
        return;
    s->expiry_frame = seconds > 0 ? frame : 0;
    s->expires_at_us = time_us + (int64_t)seconds * 1000000;
}

sd_sub_event sd_subscription_event_of(const sd_message *m)
{
    const char *state = m->subscription_state;
    if (state == NULL)
        return SD_SUB_EV_NOTIFY;
    if (g_ascii_strcasecmp(state, "active") == 0)
        return SD_SUB_EV_ACTIVE;
    if (g_ascii_strcasecmp(state, "pending") == 0)
        return SD_SUB_EV_PENDING;
    if (g_ascii_strcasecmp(state, "terminated") == 0)
        return SD_SUB_EV_TERMINATED;
    return SD_SUB_EV_NOTIFY;
}

int sd_subscription_state_code(const sd_message *m)
{
    /* RFC 6665 §8.4 event-reason-value, in the order tables.c names them. */
    static const char *const reasons[] = {
        "deactivated", "probation", "rejected", "timeout", "giveup", "noresource", "invariant",
    };
    switch (sd_subscription_event_of(m)) {
    case SD_SUB_EV_PENDING:
        return SD_SUB_STATE_TEXT_PENDING;
    case SD_SUB_EV_ACTIVE:
        return SD_SUB_STATE_TEXT_ACTIVE;
    case SD_SUB_EV_TERMINATED:
        if (m->subscription_reason == NULL)
            return SD_SUB_STATE_TEXT_TERMINATED;
        for (int i = 0; i < (int)G_N_ELEMENTS(reasons); i++)
            if (g_ascii_strcasecmp(m->subscription_reason, reasons[i]) == 0)
                return SD_SUB_STATE_TEXT_DEACTIVATED + i;
        return SD_SUB_STATE_TEXT_OTHER_REASON;
    default:
        return m->subscription_state != NULL ? SD_SUB_STATE_TEXT_EXTENSION : -1;
    }
}
