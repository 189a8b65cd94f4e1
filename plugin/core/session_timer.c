/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Session timers (RFC 4028).  The 2xx to an INVITE or UPDATE sets the
 * session interval and who refreshes it (Session-Expires and its refresher
 * parameter, §7.2, §9); every later 2xx to a re-INVITE or UPDATE is a
 * refresh that sets them again, or, without Session-Expires, turns the
 * timer off (§7.2).  The refresher refreshes about half-way (§7.2,
 * §10); the other side sends BYE shortly before the session expires when
 * no refresh came (§10).
 */
#include "session_timer.h"

#include "details.h"
#include "records.h"

/* §4: no interval below 90 s. */
#define MIN_SE_FLOOR 90

void sd_session_timer_fire(sd_session_timer *t, sd_timer_event event, const sd_timer_change *change)
{
    switch (event) {
    case SD_TIMER_EV_MIN_SE:
        t->min_se_s = MAX(t->min_se_s, change->seconds);
        break;
    case SD_TIMER_EV_2XX:
        t->interval_s = change->seconds;
        t->refresher = change->refresher;
        t->refreshed_frame = change->frame;
        t->refreshed_us = change->time_us;
        break;
    case SD_TIMER_EV_2XX_WITHOUT:
        t->interval_s = 0;
        t->refresher = SD_SIDE_UNKNOWN;
        t->refreshed_frame = change->frame;
        t->refreshed_us = change->time_us;
        break;
    }
}

/* What a dialog whose sessions never had a timer reads. */
static const sd_session_timer no_timer;

static const sd_session_timer *timer_of(const sd_dialog *d)
{
    return d->invite.timer != NULL ? d->invite.timer : &no_timer;
}

/* An event to the dialog's timer, which the first one that sets something
 * makes: a 2xx without Session-Expires turns off a timer there is not
 * (§7.2), and leaves none. */
static void fire(sd_analyzer *a, sd_dialog *d, sd_timer_event event, const sd_timer_change *change)
{
    if (d->invite.timer == NULL) {
        if (event == SD_TIMER_EV_2XX_WITHOUT)
            return;
        d->invite.timer = sd_pool_new(&a->pool, sd_session_timer);
    }
    sd_session_timer_fire(d->invite.timer, event, change);
}

static bool refreshes_session(sd_method method)
{
    return method == SD_METHOD_INVITE || method == SD_METHOD_UPDATE;
}

static int64_t tolerance_us(const sd_analyzer *a)
{
    return (int64_t)a->config.tolerance_ms * 1000;
}

/* §10: the side that does not refresh sends its BYE before the session
 * expires, by the smaller of 32 s and a third of the interval. */
static int64_t bye_due_us(const sd_analyzer *a, const sd_session_timer *t)
{
    int64_t interval = (int64_t)t->interval_s * 1000000;
    return t->refreshed_us + interval - MIN(32 * 1000000, interval / 3) - tolerance_us(a);
}

static bool bye_at_expiry(const sd_analyzer *a, const sd_dialog *d, const sd_request *bye)
{
    const sd_session_timer *t = timer_of(d);
    return t->interval_s > 0 && bye->hop->request_time_us >= bye_due_us(a, t);
}

bool sd_session_timer_ended_dialog(const sd_analyzer *a, const sd_dialog *d)
{
    return d->invite.bye != NULL && bye_at_expiry(a, d, d->invite.bye);
}

/* §4, §5: an interval is at least 90 s and at least every Min-SE the
 * dialog has seen. */
static bool too_small(uint32_t interval, uint32_t min_se)
{
    return interval < MIN_SE_FLOOR || interval < min_se;
}

void sd_session_timer_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                                    const sd_request *previous)
{
    sd_dialog *d = request->dialog;
    if (request->method == SD_METHOD_BYE) {
        if (d->invite.bye == NULL && bye_at_expiry(a, d, request))
            sd_flag(rec, SD_FINDING_TIMER_EXPIRED);
        return;
    }
    if (!refreshes_session(request->method))
        return;
    uint32_t min_se = m->has_min_se ? m->min_se : 0;
    bool timer_supported = m->supports_timer || m->requires_timer;
    if (min_se != 0 || timer_supported) {
        sd_request_detail *detail = sd_request_detail_write(a, request);
        detail->timer_supported = timer_supported;
        detail->min_se = min_se;
    }
    if (m->has_session_expires) {
        /* §6, §7.3: the retry after a 422 takes the 422's Min-SE. */
        uint32_t rejected = previous != NULL ? sd_request_detail_read(previous)->rejected_min_se : 0;
        uint32_t floor = MAX(MAX(min_se, timer_of(d)->min_se_s), rejected);
        if (too_small(m->session_expires, floor))
            sd_flag(rec, SD_FINDING_TIMER_TOO_SMALL);
    }
    if (m->has_min_se) {
        sd_timer_change change = {.seconds = m->min_se};
        fire(a, d, SD_TIMER_EV_MIN_SE, &change);
    }
}

/* §6: a 422 says the least interval the UAS accepts in Min-SE. */
static void check_422(sd_analyzer *a, sd_record *rec, sd_request *request, sd_dialog *d, const sd_message *m)
{
    if (!m->has_min_se) {
        sd_flag(rec, SD_FINDING_TIMER_TOO_SMALL);
        return;
    }
    sd_request_detail_write(a, request)->rejected_min_se = m->min_se;
    sd_timer_change change = {.seconds = m->min_se};
    fire(a, d, SD_TIMER_EV_MIN_SE, &change);
}

/* The side the refresher parameter names: the UAC or the UAS of this
 * transaction, not of the dialog (§4). */
static sd_side refresher_side(const sd_request *request, sd_refresher_param refresher)
{
    if (refresher == SD_REFRESHER_UAC)
        return request->side;
    if (refresher == SD_REFRESHER_UAS)
        return sd_other_side(request->side);
    return SD_SIDE_UNKNOWN;
}

static void check_2xx(sd_analyzer *a, sd_record *rec, const sd_request *request, sd_dialog *d,
                      const sd_message *m)
{
    const sd_session_timer *t = timer_of(d);
    sd_timer_change change = {.frame = m->frame, .time_us = m->time_us};
    if (!m->has_session_expires) {
        fire(a, d, SD_TIMER_EV_2XX_WITHOUT, &change);
        return;
    }
    /* §9: the UAS may lower the interval, never below a Min-SE. */
    if (too_small(m->session_expires, MAX(sd_request_detail_read(request)->min_se, t->min_se_s)))
        sd_flag(rec, SD_FINDING_TIMER_TOO_SMALL);
    /* §9: to a UAC that supports timers the UAS says who refreshes; when
     * it is the UAC, it requires the extension so that the UAC knows. */
    if (m->refresher == SD_REFRESHER_NONE && sd_request_detail_read(request)->timer_supported)
        sd_flag(rec, SD_FINDING_TIMER_REFRESHER_MISSING);
    if (m->refresher == SD_REFRESHER_UAC && !m->requires_timer)
        sd_flag(rec, SD_FINDING_TIMER_REQUIRE_MISSING);
    if (t->interval_s > 0)
        sd_annotate(a, rec, SD_FIELD_TIMER_REFRESH_OF, t->refreshed_frame);
    change.seconds = m->session_expires;
    change.refresher = refresher_side(request, m->refresher);
    fire(a, d, SD_TIMER_EV_2XX, &change);
    sd_annotate(a, rec, SD_FIELD_TIMER_INTERVAL, m->session_expires);
    if (change.refresher != SD_SIDE_UNKNOWN)
        sd_annotate(a, rec, SD_FIELD_TIMER_REFRESHER, change.refresher);
}

void sd_session_timer_check_response(sd_analyzer *a, sd_record *rec, sd_request *request, sd_dialog *d,
                                     const sd_message *m)
{
    if (d == NULL || !refreshes_session(request->method))
        return;
    if (m->status == 422)
        check_422(a, rec, request, d, m);
    else if (sd_is_2xx(m->status))
        check_2xx(a, rec, request, d, m);
}

sd_finding_set sd_session_timer_deadline_findings(const sd_analyzer *a, const sd_record *rec)
{
    sd_finding_set set = {{0}};
    const sd_dialog *d = rec->dialog;
    if (d == NULL || rec->kind != SD_RECORD_RESPONSE || rec->response == NULL || rec->response->frame != rec->frame)
        return set;
    const sd_session_timer *t = timer_of(d);
    if (t->interval_s == 0 || t->refreshed_frame != rec->frame)
        return set;
    /* §10: the interval ran out while the capture went on, or the BYE
     * that came at its end shows it did. */
    int64_t expiry = t->refreshed_us + (int64_t)t->interval_s * 1000000;
    const sd_request *bye = d->invite.bye;
    if (bye != NULL ? bye_at_expiry(a, d, bye) : a->now_us >= expiry + tolerance_us(a))
        sd_finding_set_add(&set, SD_FINDING_TIMER_REFRESH_MISSING);
    return set;
}
