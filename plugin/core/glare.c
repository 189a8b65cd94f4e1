/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A UA must not start an INVITE (or an UPDATE with an offer) in a dialog
 * while another is in progress in either direction (RFC 3261 §14.1, RFC
 * 3311 §5.1).  The observer judges each request by what its sender had
 * seen on its own hop: a request sent within the time the peer's was in
 * flight towards it crossed it (glare), one sent later ignored it.
 */
#include "glare.h"

#include "details.h"
#include "forks.h"
#include "offer_answer.h"
#include "records.h"
#include "txn_fsm.h"

/* RFC 3261 §14.1: the retry windows after a 491, in microseconds. */
static const struct {
    int64_t from, to;
} windows[] = {
    [SD_WINDOW_OWNER] = {2100000, 4000000},
    [SD_WINDOW_OTHER] = {0, 2000000},
};

/* A request more than this long after a 491 or 500 is a new one, not its
 * retry: the longest wait RFC 3261 §14.2 ever asks (Retry-After 10 s). */
static const int64_t RETRY_HORIZON_US = 10000000;

static int64_t tolerance_us(const sd_analyzer *a)
{
    return (int64_t)a->config.tolerance_ms * 1000;
}

/* An offer its sender is still waiting to have answered (RFC 3264 §4). */
static bool offer_pending(const sd_request *r)
{
    return sd_offer_unanswered(r);
}

/* The peer's INVITE, or UPDATE with an offer, still unanswered. */
static sd_request *peer_pending(const sd_party *peer)
{
    sd_request *invite = peer->last_invite, *update = peer->last_update;
    if (update != NULL && update->has_sdp && !update->answered &&
        (invite == NULL || invite->answered || update->hop->request_time_us > invite->hop->request_time_us))
        return update;
    return invite != NULL && !invite->answered ? invite : NULL;
}

static void expect(sd_analyzer *a, sd_request *request, sd_glare_answer answer, sd_request *overlapped)
{
    sd_request_verdict *verdict = sd_request_verdict_write(a, request);
    verdict->glare_expect = (uint8_t)answer;
    verdict->overlapped = overlapped;
}

/* The sender's own INVITE still in progress (§14.1), or for an UPDATE its
 * own offer still unanswered (RFC 3311 §5.1). */
static sd_request *own_in_progress(const sd_request *request, const sd_party *own)
{
    if (request->method == SD_METHOD_INVITE)
        return own->last_invite != NULL && sd_txn_pending(own->last_invite->hop) ? own->last_invite : NULL;
    if (offer_pending(own->last_update))
        return own->last_update;
    return offer_pending(own->last_invite) ? own->last_invite : NULL;
}

static bool own_overlap(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_party *own)
{
    sd_request *mine = own_in_progress(request, own);
    if (mine == NULL)
        return false;
    sd_flag(rec, request->method == SD_METHOD_INVITE ? SD_FINDING_GLARE_INVITE_PENDING : SD_FINDING_GLARE_UPDATE_PENDING);
    sd_annotate(a, rec, SD_FIELD_GLARE_PENDING_IN, mine->hop->request_frame);
    /* Its receiver has not answered the previous one: 500 + Retry-After. */
    expect(a, request, SD_GLARE_ANSWER_500, mine);
    return true;
}

/* The peer's INVITE, or offer, is in progress: crossed, or ignored. */
static bool peer_overlap(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_party *peer)
{
    sd_request *theirs = peer_pending(peer);
    if (theirs == NULL)
        return false;
    sd_annotate(a, rec, SD_FIELD_GLARE_PENDING_IN, theirs->hop->request_frame);
    /* Sent before the peer's request could have reached the sender: the
     * two crossed.  Both receivers have their own request in progress and
     * answer 491. */
    if (request->hop->request_time_us - theirs->reached_us <= 2 * tolerance_us(a)) {
        sd_flag(rec, SD_FINDING_GLARE_CROSSED);
        expect(a, theirs, SD_GLARE_ANSWER_491, request);
    } else {
        sd_flag(rec, request->method == SD_METHOD_INVITE ? SD_FINDING_GLARE_INVITE_PENDING
                                                      : SD_FINDING_GLARE_UPDATE_PENDING);
    }
    expect(a, request, SD_GLARE_ANSWER_491, theirs);
    return true;
}

/* RFC 5407 §3.1.4-3.1.5: a re-INVITE from the UAS of the peer's INVITE
 * between its 2xx and the ACK. */
static void before_ack(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_dialog *d, const sd_party *peer)
{
    sd_request *theirs = peer->last_invite;
    sd_fork *fork = theirs ? sd_fork_find(d, theirs) : NULL;
    if (request->method != SD_METHOD_INVITE || fork == NULL || fork->first_2xx_frame == 0 || fork->ack_frame != 0)
        return;
    sd_flag(rec, SD_FINDING_GLARE_BEFORE_ACK);
    sd_annotate(a, rec, SD_FIELD_GLARE_PENDING_IN, theirs->hop->request_frame);
    sd_annotate(a, rec, SD_FIELD_GLARE_UNACKED_2XX_IN, fork->first_2xx_frame);
    sd_request_verdict_write(a, request)->awaited_ack = fork;
}

/* A request retried after its predecessor got 491 (or 500). */
static void check_retry(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_dialog *d, const sd_party *own)
{
    const sd_request *earlier = request->method == SD_METHOD_INVITE ? own->last_invite : own->last_update;
    const sd_txn *previous = earlier ? earlier->hop : NULL;
    if (previous == NULL || previous->final_frame == 0 ||
        (previous->final_status != 491 && previous->final_status != 500))
        return;
    int64_t delay = request->hop->request_time_us - previous->final_time_us;
    if (delay > RETRY_HORIZON_US)
        return;
    sd_annotate(a, rec, SD_FIELD_GLARE_RETRY_OF, previous->request_frame);
    sd_annotate(a, rec, SD_FIELD_GLARE_RETRY_DELAY, (uint32_t)CLAMP(delay, 0, G_MAXUINT32));
    if (previous->final_status != 491 || !d->roles_known) {
        sd_request_verdict_write(a, request)->retry_in_window = true;
        return;
    }
    /* §14.1: the owner of the Call-ID (its dialog's caller) waits longer.
     * The 491 and the retry are seen on the sender's hop: the true delay
     * is up to two transit times shorter than the measured one. */
    sd_retry_window w = own == &d->party[0] ? SD_WINDOW_OWNER : SD_WINDOW_OTHER;
    sd_annotate(a, rec, SD_FIELD_GLARE_WINDOW, w);
    if (delay >= windows[w].from && delay <= windows[w].to + 2 * tolerance_us(a))
        sd_request_verdict_write(a, request)->retry_in_window = true;
    else
        sd_flag(rec, SD_FINDING_GLARE_RETRY_OUTSIDE_WINDOW);
}

void sd_glare_check_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_dialog *d,
                            const sd_party *own, const sd_party *peer)
{
    /* An UPDATE without an offer does not compete (RFC 5407 §3.3.2). */
    bool competes = request->method == SD_METHOD_INVITE || (request->method == SD_METHOD_UPDATE && request->has_sdp);
    if (!competes || !request->in_dialog || own == NULL || peer == NULL)
        return;
    check_retry(a, rec, request, d, own);
    if (!own_overlap(a, rec, request, own) && !peer_overlap(a, rec, request, peer))
        before_ack(a, rec, request, d, peer);
}

void sd_glare_check_answer(sd_record *rec, const sd_request *request, const sd_message *m)
{
    const sd_request_verdict *v = sd_request_verdict_read(request);
    if (v->glare_expect == SD_GLARE_ANSWER_ANY)
        return;
    /* Once the request it overlapped was answered, it may be accepted. */
    const sd_txn *overlapped = v->overlapped ? v->overlapped->hop : NULL;
    if (overlapped != NULL && overlapped->final_frame != 0 && overlapped->final_time_us <= m->time_us)
        return;
    bool right = v->glare_expect == SD_GLARE_ANSWER_491
                     ? m->status == 491
                     : m->status == 500 && m->has_retry_after && m->retry_after <= 10;
    if (!right)
        sd_flag(rec, SD_FINDING_GLARE_WRONG_RESPONSE);
}
