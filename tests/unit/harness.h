/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Feeding hand-written SIP messages to the analysis core in unit tests. */
#ifndef SIPDIALOG_TEST_HARNESS_H
#define SIPDIALOG_TEST_HARNESS_H

#include <glib.h>

#include "sipdialog/analyzer.h"

/* One message; unset members take defaults (Call-ID "call-1", sent-by
 * "10.0.0.1:5060" for requests, CSeq method = request method or INVITE). */
typedef struct {
    const char *method;      /* request method, or NULL with `status` */
    unsigned status;
    uint32_t cseq;
    const char *cseq_method;
    bool no_cseq;
    const char *call_id;
    const char *from, *to;   /* tags */
    const char *from_uri, *to_uri;
    const char *branch;      /* top Via */
    const char *sent_by;
    const char *origin_branch;   /* bottom Via when it differs (a proxy forwarded it) */
    const char *origin_sent_by;
    unsigned vias;           /* default 1, or 2 with origin_branch */
    bool creds;
    bool tcp;
    bool sdp;
    uint32_t retry_after;    /* seconds; 0 means no Retry-After */
    const char *ruri;        /* Request-URI */
    uint64_t source, destination;   /* the hop's endpoints (message.h); 0: unknown */
    double t;                /* seconds; default: previous message + 10 ms */
    bool same_frame;         /* another message in the previous frame */
    uint32_t se;             /* Session-Expires (s); 0: none */
    sd_refresher_param refresher;
    uint32_t min_se;         /* Min-SE (s); 0: none */
    bool supported_timer;    /* Supported: timer */
    bool require_timer;      /* Require: timer */
    const char *reason_protocol, *reason_text, *phrase;   /* Reason header, status line */
    int reason_cause;        /* 0: none */
    /* Offer/answer and reliable provisional responses (RFC 3264, RFC 3262): */
    const char *body;        /* a session description (sets sdp) */
    bool no_contact;         /* every message has a Contact unless this is set */
    bool rel;                /* Require: 100rel */
    bool supports;           /* Supported: 100rel */
    uint32_t rseq;           /* RSeq; 0 means none */
    uint32_t rack_rseq, rack_cseq;   /* RAck, with rack_method (default INVITE) when rack_rseq > 0 */
    const char *rack_method;
    /* Subscriptions and REFER */
    const char *event, *event_id;
    const char *sub_state;   /* Subscription-State's substate-value */
    const char *reason;      /* its reason */
    uint32_t state_expires;  /* its expires; 0 means none */
    bool bad_state;          /* it does not parse (RFC 6665 §8.4) */
    uint32_t expires;        /* Expires; 0 means none, or Expires: 0 with expires0 */
    bool expires0;
    const char *refer_to;
    bool refer_sub_false;
    const char *sipfrag;     /* a message/sipfrag body's status line, e.g. "SIP/2.0 200 OK" */
} msg_spec;

typedef struct {
    sd_analyzer *a;
    uint32_t frame;
    double t;
} harness;

void h_init(harness *h);
void h_free(harness *h);

/* Analyse one message; returns its message id. */
uint32_t h_add(harness *h, msg_spec spec);
#define MSG(...) h_add(&h, (msg_spec){__VA_ARGS__})
#define F(x) SD_FINDING_##x

/* Messages of the dialog between a (the caller, the Call-ID's owner) and b
 * (at 10.0.0.2): requests each side sends, responses to each side's. */
#define REQ_A(method_, cseq_, branch_, ...) \
    MSG(.method = method_, .cseq = cseq_, .from = "a", .to = "b", .branch = branch_, __VA_ARGS__)
#define REQ_B(method_, cseq_, branch_, ...) \
    MSG(.method = method_, .cseq = cseq_, .from = "b", .to = "a", .branch = branch_, .sent_by = "10.0.0.2:5060", __VA_ARGS__)
#define TO_A(status_, cseq_, branch_, ...) \
    MSG(.status = status_, .cseq = cseq_, .from = "a", .to = "b", .branch = branch_, __VA_ARGS__)
#define TO_B(status_, cseq_, branch_, ...) \
    MSG(.status = status_, .cseq = cseq_, .from = "b", .to = "a", .branch = branch_, .sent_by = "10.0.0.2:5060", __VA_ARGS__)

sd_report h_report(harness *h, uint32_t id);

/* The capture goes on until `t` seconds (frames without SIP). */
void h_reach(harness *h, double t);

/* The field's value, or -1 when absent. */
int64_t h_field(harness *h, uint32_t id, sd_field field);

/* Assert the exact set of findings on a message (list ends with -1). */
#define assert_findings(h, id, ...) h_assert_findings(h, id, __FILE__, __LINE__, __VA_ARGS__, -1)
void h_assert_findings(harness *h, uint32_t id, const char *file, int line, ...);
#define assert_clean(h, id) h_assert_findings(h, id, __FILE__, __LINE__, -1)

#endif
