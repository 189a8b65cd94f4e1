/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The offer/answer usage of a dialog (RFC 3264 §4-§8, RFC 5057).  One
 * offer at a time is unanswered, in either direction; where its answer
 * must come depends on the message that carried it (RFC 3261 §13.2.1,
 * RFC 3262 §5, RFC 3311 §5, RFC 6337 §2.2):
 *
 *   offer in                        answer in
 *   INVITE                          a reliable 1xx or the 2xx (an unreliable
 *                                   1xx may preview it: the same value)
 *   2xx to an INVITE without one    the ACK
 *   reliable 1xx, INVITE without    the PRACK
 *   UPDATE, PRACK                   its 2xx
 *
 * An INVITE's offer is answered by each fork on its own: a fork's dialog
 * takes it over with its first response.  The usage changes only here;
 * each session description is also checked against its sender's previous
 * one in the dialog (RFC 3264 §8).
 */
#include "offer_answer.h"

#include <string.h>

#include "details.h"
#include "dialogs.h"
#include "records.h"

static sd_description keep(const sd_message *m)
{
    const sd_sdp_summary *s = &m->sdp;
    sd_description d = {
        .frame = m->frame,
        .has_origin = s->has_origin,
        .null_address = s->null_address,
        .streams = s->streams,
        .audio = s->audio,
        .rejected = s->rejected,
        .origin_hash = s->origin_hash,
        .hash = s->hash,
        .version = s->version,
    };
    memcpy(d.direction, s->direction, sizeof d.direction);
    return d;
}

static bool same_description(const sd_description *d, const sd_sdp_summary *s)
{
    return d->hash == s->hash && d->has_origin == s->has_origin && d->origin_hash == s->origin_hash &&
           d->version == s->version;
}

/* The sender's index in party[], or -1. */
static int party_index(sd_dialog *d, const char *tag)
{
    const sd_party *p = tag ? sd_dialog_party(d, tag) : NULL;
    return p ? (int)(p - d->party) : -1;
}

/* The dialog's usage; a fork's dialog takes its INVITE's offer over, as
 * the caller sent it to every fork. */
static sd_offer_answer_usage *usage_of(sd_dialog *d)
{
    sd_offer_answer_usage *u = &d->offer_answer;
    if (u->started)
        return u;
    u->started = true;
    sd_request *invite = d->creating;
    const sd_description *offer = invite != NULL ? sd_request_detail_read(invite)->description : NULL;
    if (offer != NULL && invite->dialog != d && invite->method == SD_METHOD_INVITE) {
        u->pending = true;
        u->offerer = 0;
        u->answer_in = SD_ANSWER_IN_RESPONSE;
        u->request = invite;
        u->offer = *offer;
        u->last[0] = *offer;
    }
    return u;
}

static void describe(sd_analyzer *a, sd_record *rec, const sd_message *m, sd_sdp_role role)
{
    sd_annotate(a, rec, SD_FIELD_SDP_ROLE, role);
    if (m->sdp.has_origin)
        sd_annotate(a, rec, SD_FIELD_SDP_VERSION, (uint32_t)MIN(m->sdp.version, G_MAXUINT32));
    if (m->sdp.audio < m->sdp.streams)
        sd_annotate(a, rec, SD_FIELD_SDP_DIRECTION, m->sdp.direction[m->sdp.audio]);
}

/* RFC 3264 §8: a changed description has a higher version, and the same
 * origin (RFC 4566 §5.2); an identical one may keep its version. */
static void check_sequence(sd_record *rec, const sd_description *previous, const sd_sdp_summary *now)
{
    if (previous->frame == 0 || !previous->has_origin || !now->has_origin)
        return;
    if (now->origin_hash != previous->origin_hash || now->version < previous->version)
        sd_flag(rec, SD_FINDING_SDP_ORIGIN_CHANGED);
    else if (now->version == previous->version && now->hash != previous->hash)
        sd_flag(rec, SD_FINDING_SDP_VERSION_NOT_INCREMENTED);
}

/* Not sending: sendonly or inactive, or the old c= 0.0.0.0. */
static bool holding(const sd_description *d)
{
    if (d->null_address)
        return true;
    if (d->audio >= d->streams)
        return false;
    uint8_t direction = d->direction[d->audio];
    return direction == SD_DIRECTION_SENDONLY || direction == SD_DIRECTION_INACTIVE;
}

/* RFC 3264 §6.1: the directions an answer may give a stream. */
static bool direction_allowed(uint8_t offered, uint8_t answered)
{
    switch (offered) {
    case SD_DIRECTION_SENDONLY:
        return answered == SD_DIRECTION_RECVONLY || answered == SD_DIRECTION_INACTIVE;
    case SD_DIRECTION_RECVONLY:
        return answered == SD_DIRECTION_SENDONLY || answered == SD_DIRECTION_INACTIVE;
    case SD_DIRECTION_INACTIVE:
        return answered == SD_DIRECTION_INACTIVE;
    default:
        return true;
    }
}

static void check_directions(sd_record *rec, const sd_description *offer, const sd_sdp_summary *answer)
{
    unsigned streams = MIN(offer->streams, answer->streams);
    for (unsigned i = 0; i < streams; i++) {
        if (((offer->rejected | answer->rejected) >> i) & 1)
            continue;   /* a rejected stream has no direction */
        if (!direction_allowed(offer->direction[i], answer->direction[i])) {
            sd_flag(rec, SD_FINDING_SDP_DIRECTION_MISMATCH);
            return;
        }
    }
}

/* A new offer: it becomes the pending one. */
static void offered(sd_analyzer *a, sd_record *rec, sd_offer_answer_usage *u, int who, const sd_message *m,
                    sd_answer_place answer_in, sd_request *request, sd_response *response)
{
    sd_description now = keep(m);
    const sd_description *before = &u->last[who];
    check_sequence(rec, before, &m->sdp);
    describe(a, rec, m, SD_SDP_OFFER);
    if (before->frame != 0 && holding(before) != holding(&now))
        sd_annotate(a, rec, SD_FIELD_SDP_CHANGE, holding(&now) ? SD_SDP_HOLD : SD_SDP_RESUME);
    /* RFC 3264 §8.4: hold with a=sendonly, not c= 0.0.0.0. */
    if (now.null_address && before->frame != 0 && !before->null_address)
        sd_flag(rec, SD_FINDING_SDP_LEGACY_HOLD);
    u->pending = true;
    u->offerer = (uint8_t)who;
    u->answer_in = (uint8_t)answer_in;
    u->request = request;
    u->offer_response = response;
    u->offer = now;
    u->last[who] = now;
}

/* The answer to the pending offer. */
static void answered(sd_analyzer *a, sd_record *rec, sd_offer_answer_usage *u, int who, const sd_message *m)
{
    check_sequence(rec, &u->last[who], &m->sdp);
    describe(a, rec, m, SD_SDP_ANSWER);
    sd_annotate(a, rec, SD_FIELD_SDP_OFFER_IN, u->offer.frame);
    check_directions(rec, &u->offer, &m->sdp);
    uint32_t *answer_frame = u->offer_response ? &sd_response_detail_write(a, u->offer_response)->sdp_answer_frame
                                             : &sd_request_detail_write(a, u->request)->sdp_answer_frame;
    if (*answer_frame == 0)
        *answer_frame = m->frame;
    u->last[who] = keep(m);
    u->pending = false;
}

/* The message that had to carry the answer did not: the offer is over. */
static void missing(sd_record *rec, sd_offer_answer_usage *u)
{
    sd_flag(rec, SD_FINDING_SDP_ANSWER_MISSING);
    u->pending = false;
}

/* A description the model has no place for. */
static void unexpected(sd_analyzer *a, sd_record *rec, sd_offer_answer_usage *u, int who, const sd_message *m)
{
    describe(a, rec, m, SD_SDP_IGNORED);
    sd_flag(rec, SD_FINDING_SDP_UNEXPECTED);
    u->last[who] = keep(m);
}

void sd_offer_answer_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    sd_dialog *d = request->dialog;
    sd_method method = request->method;
    if (d == NULL || (method != SD_METHOD_INVITE && method != SD_METHOD_UPDATE && method != SD_METHOD_PRACK))
        return;
    if (m->has_sdp) {
        sd_request_detail *detail = sd_request_detail_write(a, request);
        detail->description = sd_pool_new(&a->pool, sd_description);
        *detail->description = keep(m);
    }
    int who = party_index(d, request->from_tag);   /* the call's copy: a party's tag is the same pointer */
    if (who < 0)
        return;
    sd_offer_answer_usage *u = usage_of(d);
    if (method == SD_METHOD_PRACK) {
        /* RFC 3262 §5: the PRACK of a reliable 1xx with an offer answers it. */
        const sd_response *pracked = sd_request_detail_read(request)->pracked;
        if (u->pending && u->offerer != who && u->answer_in == SD_ANSWER_IN_PRACK && pracked != NULL &&
            pracked == u->offer_response) {
            if (m->has_sdp)
                answered(a, rec, u, who, m);
            else
                missing(rec, u);
            return;
        }
        if (!m->has_sdp)
            return;
        if (sd_request_detail_read(request)->prack_unmatched) {
            describe(a, rec, m, SD_SDP_IGNORED);   /* rejected with 481 */
            return;
        }
        if (u->pending) {
            describe(a, rec, m, SD_SDP_OFFER);
            sd_flag(rec, SD_FINDING_SDP_OFFER_PENDING);
            return;
        }
        offered(a, rec, u, who, m, SD_ANSWER_IN_2XX, request, NULL);
        return;
    }
    if (!m->has_sdp)
        return;
    /* An INVITE or UPDATE offer that collides with a request's offer still
     * in progress is the glare rule's (RFC 3261 §14.1, RFC 3311 §5.2): one
     * entry.  It should be rejected; the pending offer stays. */
    if (u->pending && (u->answer_in == SD_ANSWER_IN_RESPONSE || u->answer_in == SD_ANSWER_IN_2XX) &&
        !u->request->answered) {
        describe(a, rec, m, SD_SDP_OFFER);
        return;
    }
    offered(a, rec, u, who, m, method == SD_METHOD_INVITE ? SD_ANSWER_IN_RESPONSE : SD_ANSWER_IN_2XX, request, NULL);
}

void sd_offer_answer_ack(sd_analyzer *a, sd_record *rec, sd_fork *fork, const sd_message *m)
{
    sd_dialog *d = fork->dialog;
    int who = party_index(d, m->from_tag);
    if (who < 0)
        return;
    sd_offer_answer_usage *u = usage_of(d);
    /* RFC 3261 §13.2.1: the ACK of a 2xx offer carries the answer. */
    if (u->pending && u->offerer != who && u->answer_in == SD_ANSWER_IN_ACK && u->request == fork->invite) {
        if (m->has_sdp)
            answered(a, rec, u, who, m);
        else
            missing(rec, u);
        return;
    }
    /* RFC 6337 §3.1: nothing to answer in it. */
    if (m->has_sdp)
        unexpected(a, rec, u, who, m);
}

/* A response to an INVITE that carried the offer: each fork answers it
 * once, in a 1xx or the 2xx, and later responses repeat that answer. */
static void answer_of_fork(sd_analyzer *a, sd_record *rec, sd_offer_answer_usage *u, int who, sd_fork *fork,
                           const sd_message *m, bool reliable)
{
    bool final = sd_is_2xx(m->status);
    if (fork->answer.frame == 0) {
        if (!m->has_sdp) {
            if (final && u->pending && u->request == fork->invite)
                missing(rec, u);
            return;
        }
        fork->answer = keep(m);
        fork->answer_reliable = reliable || final;
        if (u->pending && u->request == fork->invite)
            answered(a, rec, u, who, m);
        else
            describe(a, rec, m, SD_SDP_ANSWER);
        return;
    }
    if (!m->has_sdp) {
        /* Only an unreliable 1xx previewed it: the 2xx must carry it. */
        if (final && !fork->answer_reliable)
            sd_flag(rec, SD_FINDING_SDP_ANSWER_MISSING);
        return;
    }
    /* RFC 3261 §13.2.1: the same value in the 1xx and the 2xx; after a
     * reliable answer, the description is not an answer any more. */
    describe(a, rec, m, fork->answer_reliable ? SD_SDP_IGNORED : SD_SDP_ANSWER);
    if (!same_description(&fork->answer, &m->sdp))
        sd_flag(rec, SD_FINDING_SDP_ANSWER_CHANGED);
    fork->answer_reliable = fork->answer_reliable || reliable || final;
    u->last[who] = keep(m);
}

/* A response to an INVITE without an offer: the first reliable 1xx or
 * the 2xx with a description makes it. */
static void offer_of_fork(sd_analyzer *a, sd_record *rec, sd_offer_answer_usage *u, int who, sd_fork *fork,
                          sd_response *r, const sd_message *m, bool reliable)
{
    bool final = sd_is_2xx(m->status);
    if (!m->has_sdp)
        return;
    if (fork->response_offer) {
        /* The 2xx repeating the reliable 1xx's offer. */
        bool same = same_description(&u->last[who], &m->sdp);
        describe(a, rec, m, SD_SDP_IGNORED);
        if (!same)
            sd_flag(rec, SD_FINDING_SDP_UNEXPECTED);
        return;
    }
    if (!reliable && !final) {
        describe(a, rec, m, SD_SDP_IGNORED);   /* an unreliable 1xx makes no offer */
        return;
    }
    if (u->pending) {
        describe(a, rec, m, SD_SDP_OFFER);
        sd_flag(rec, SD_FINDING_SDP_OFFER_PENDING);
        return;
    }
    fork->response_offer = true;
    offered(a, rec, u, who, m, reliable ? SD_ANSWER_IN_PRACK : SD_ANSWER_IN_ACK, fork->invite, r);
}

void sd_offer_answer_response(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_response *r, sd_dialog *d,
                              const sd_message *m)
{
    sd_request *request = txn->request;
    /* What glare's rule sees: the offer was answered (RFC 3264 §4). */
    if (m->has_sdp && m->status > 100 && m->status < 300)
        request->offer_answered = true;
    if (d == NULL || m->status <= 100)
        return;
    int who = party_index(d, r->to_tag);   /* the call's copy: a party's tag is the same pointer */
    if (who < 0)
        return;
    sd_offer_answer_usage *u = usage_of(d);
    if (m->status >= 300) {
        /* A rejected offer leaves the session as it was (RFC 6337 §3.3). */
        if (u->pending && u->request == request)
            u->pending = false;
        return;
    }
    switch (request->method) {
    case SD_METHOD_INVITE: {
        bool reliable = m->status < 200 && m->require_100rel;
        if (r->fork == NULL)
            return;
        if (request->has_sdp)
            answer_of_fork(a, rec, u, who, r->fork, m, reliable);
        else
            offer_of_fork(a, rec, u, who, r->fork, r, m, reliable);
        break;
    }
    case SD_METHOD_UPDATE:
    case SD_METHOD_PRACK:
        if (!sd_is_2xx(m->status))
            return;
        if (u->pending && u->request == request && u->answer_in == SD_ANSWER_IN_2XX) {
            if (m->has_sdp)
                answered(a, rec, u, who, m);
            else
                missing(rec, u);
        } else if (m->has_sdp && sd_request_detail_read(request)->description != NULL &&
                   request->method == SD_METHOD_UPDATE) {
            describe(a, rec, m, SD_SDP_ANSWER);   /* to an offer the glare rule judged */
        } else if (m->has_sdp) {
            unexpected(a, rec, u, who, m);
        }
        break;
    default:
        break;
    }
}

bool sd_offer_unanswered(const sd_request *r)
{
    return r != NULL && r->has_sdp && !r->offer_answered && r->hop->final_status < 300;
}
