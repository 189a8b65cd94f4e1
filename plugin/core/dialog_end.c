/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "dialog_end.h"

#include "details.h"
#include "records.h"
#include "text.h"

bool sd_bye_from_middle(const sd_request *bye, const sd_request *other)
{
    /* Address and port: UAs on one host still send from their own ports. */
    uint64_t from = bye->hop->source;
    return from != 0 && from == other->hop->source &&
           !sd_same(bye->from_tag, other->from_tag);
}

static void check_bye(sd_analyzer *a, sd_record *rec, const sd_dialog *d, const sd_request *bye)
{
    const sd_request *first = d->invite.bye;
    if (first != NULL) {
        /* A BYE re-sent by the same UA (after a 401/407) is its own affair. */
        if (sd_same(first->from_tag, bye->from_tag))
            return;
        /* One end by the element in the middle, not two BYEs crossing. */
        if (sd_bye_from_middle(first, bye))
            return;
        /* RFC 5407 §3.2.1: the two BYEs crossed when the first had no answer yet. */
        sd_flag(rec, first->answered ? SD_FINDING_DIALOG_REQUEST_AFTER_BYE : SD_FINDING_BYE_CROSSED);
        return;
    }
    /* §15: the UAS of the INVITE must not BYE an early dialog, nor a
     * confirmed one before its 2xx was ACKed or its server transaction
     * timed out (64×T1 after the 2xx, give or take the tolerance: real
     * stacks' timers fire a little early). */
    const sd_fork *fork = d->invite.fork;
    bool by_uas = fork != NULL && !sd_same(fork->invite->from_tag, bye->from_tag);
    int64_t timed_out = fork ? fork->first_2xx_time_us + a->timeout_us - (int64_t)a->config.tolerance_ms * 1000 : 0;
    if (by_uas && d->state == SD_DIALOG_EARLY)
        sd_flag(rec, SD_FINDING_BYE_EARLY_DIALOG_BY_CALLEE);
    else if (by_uas && fork->first_2xx_frame != 0 && fork->ack_frame == 0 && bye->hop->request_time_us < timed_out)
        sd_flag(rec, SD_FINDING_BYE_BEFORE_ACK);
}

void sd_dialog_end_check_request(sd_analyzer *a, sd_record *rec, sd_request *request)
{
    const sd_dialog *d = request->dialog;
    if (request->method == SD_METHOD_BYE) {
        check_bye(a, rec, d, request);
        return;
    }
    /* A subscription usage outlives the invite usage (RFC 5057 §5.5). */
    if (request->method == SD_METHOD_NOTIFY && d->subscription.present)
        return;
    if (d->invite.bye != NULL) {
        sd_flag(rec, SD_FINDING_DIALOG_REQUEST_AFTER_BYE);
        sd_request_verdict_write(a, request)->after_bye = true;
    }
}
