/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session timers (RFC 4028): the state of an INVITE usage's timer, and the
 * rules on what negotiates, refreshes and ends it. */
#ifndef SIPDIALOG_SESSION_TIMER_H
#define SIPDIALOG_SESSION_TIMER_H

#include "model.h"

/* What an event brings: the 2xx's frame, time, interval and refresher, or
 * a Min-SE. */
typedef struct {
    uint32_t frame;
    int64_t time_us;
    uint32_t seconds;        /* the interval (2xx) or the Min-SE */
    sd_side refresher;
} sd_timer_change;

/* The one function that changes a session timer. */
void sd_session_timer_fire(sd_session_timer *t, sd_timer_event event, const sd_timer_change *change);

/* A new request in a dialog, before the dialog takes it: an INVITE or
 * UPDATE's Session-Expires and Min-SE (§4, §5, and a retry after 422,
 * judged against `previous`, the sender's request before it); a first BYE
 * at the end of an interval not refreshed (§10). */
void sd_session_timer_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m,
                                    const sd_request *previous);

/* The first final response to a request of dialog `d`, where it is first
 * seen: a 422 (§6) or a 2xx to INVITE or UPDATE (§7.4, §9). */
void sd_session_timer_check_response(sd_analyzer *a, sd_record *rec, sd_request *request, sd_dialog *d,
                                     const sd_message *m);

/* Known only later: the interval set by this 2xx elapsed unrefreshed (§10). */
sd_finding_set sd_session_timer_deadline_findings(const sd_analyzer *a, const sd_record *rec);

/* Whether the dialog's first BYE came when its session expired (§10). */
bool sd_session_timer_ended_dialog(const sd_analyzer *a, const sd_dialog *d);

#endif
