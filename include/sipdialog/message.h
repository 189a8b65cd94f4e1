/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One decoded SIP message, the analysis core's only input.  Strings are
 * NUL-terminated and only borrowed for the duration of sd_analyzer_add();
 * NULL means the header or parameter is absent.
 */
#ifndef SIPDIALOG_MESSAGE_H
#define SIPDIALOG_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    SD_TRANSPORT_OTHER,
    SD_TRANSPORT_UDP,
    SD_TRANSPORT_TCP,
    SD_TRANSPORT_SCTP,
} sd_transport;

/* Session-Expires' refresher parameter (RFC 4028 §4): who refreshes,
 * the UAC or the UAS of the transaction that carried it. */
typedef enum {
    SD_REFRESHER_NONE,
    SD_REFRESHER_UAC,
    SD_REFRESHER_UAS,
} sd_refresher_param;

typedef struct {
    const char *branch;   /* branch parameter */
    const char *sent_by;  /* host[:port] as written */
} sd_via;

/* A stream's direction attribute (RFC 3264 §5.1, §6.1); sendrecv when
 * neither the stream nor the session has one. */
typedef enum {
    SD_DIRECTION_SENDRECV,
    SD_DIRECTION_SENDONLY,
    SD_DIRECTION_RECVONLY,
    SD_DIRECTION_INACTIVE,
} sd_direction;

/* How many m= streams of a session description are summarised. */
#define SD_SDP_STREAMS 4

/* What the offer/answer rules need of a session description (RFC 4566):
 * its origin, whether it changed, and each stream's direction. */
typedef struct {
    bool has_origin;
    uint32_t origin_hash;    /* o= username, sess-id, nettype, addrtype, address */
    uint64_t version;        /* o= sess-version */
    uint32_t hash;           /* every line but o=: tells a changed description */
    bool null_address;       /* a c= line with 0.0.0.0 (hold, RFC 2543 style) */
    uint8_t streams;         /* m= lines, up to SD_SDP_STREAMS */
    uint8_t audio;           /* the first audio stream; `streams` when none */
    uint8_t rejected;        /* bit i: stream i has port 0 */
    uint8_t direction[SD_SDP_STREAMS];   /* sd_direction, media level else session level */
} sd_sdp_summary;

typedef struct {
    uint32_t frame;          /* capture frame number; input must come in capture order */
    int64_t time_us;         /* capture time, microseconds since the epoch */
    sd_transport transport;
    /* Where the message came from and went to (address and port), as
     * opaque numbers, 0 when unknown: a hop is a pair of them.  The high
     * bits name the address (sd_endpoint_address()), the low 16 the port. */
    uint64_t source;
    uint64_t destination;

    const char *method;      /* request method; NULL for a response */
    unsigned status;         /* response status code; 0 for a request */
    const char *request_uri;

    const char *call_id;
    const char *from_uri;    /* the From and To addresses */
    const char *to_uri;
    const char *from_tag;
    const char *to_tag;
    bool has_cseq;
    uint32_t cseq;
    const char *cseq_method;

    sd_via top_via;          /* the hop this message travels on */
    sd_via bottom_via;       /* the originating UA's (equals top_via when via_count is 1) */
    unsigned via_count;

    bool has_credentials;    /* Authorization or Proxy-Authorization present */
    bool has_sdp;            /* a session description: an offer or an answer */
    bool has_retry_after;
    uint32_t retry_after;    /* seconds */

    const char *reason_phrase;   /* of a response's status line */
    /* Session timers (RFC 4028 §4, §5): Session-Expires with its
     * refresher parameter, Min-SE, and "timer" in Supported or Require. */
    bool has_session_expires;
    uint32_t session_expires;    /* seconds */
    sd_refresher_param refresher;
    bool has_min_se;
    uint32_t min_se;             /* seconds */
    bool supports_timer;
    bool requires_timer;
    /* Reason (RFC 3326): its first value, or the first Q.850 one when the
     * message has several (the cause operations teams read). */
    const char *reason_protocol; /* "SIP", "Q.850"... as written */
    bool has_reason_cause;
    uint32_t reason_cause;
    const char *reason_text;     /* without its quotes */
    /* Reliable provisional responses (RFC 3262) and the remote target. */
    bool require_100rel;     /* Require: 100rel */
    bool supported_100rel;   /* Supported: 100rel */
    bool has_contact;
    bool has_rseq;           /* RSeq: a number (2^32-1 when larger) */
    uint32_t rseq;
    bool has_rack;           /* RAck: RSeq, CSeq number and method of the 1xx it acknowledges */
    uint32_t rack_rseq;
    uint32_t rack_cseq;
    const char *rack_method;
    sd_sdp_summary sdp;      /* when has_sdp: the (first) session description */
    /* Subscriptions (RFC 6665) and REFER (RFC 3515) */
    const char *event;                 /* Event package, without its parameters */
    const char *event_id;              /* Event's id parameter */
    bool has_subscription_state;
    bool subscription_state_valid;     /* it follows RFC 6665 §8.4's grammar */
    const char *subscription_state;    /* substate-value: active, pending, terminated, an extension */
    const char *subscription_reason;   /* its reason parameter */
    bool has_state_expires;
    uint32_t state_expires;            /* its expires parameter, seconds */
    bool has_expires;
    uint32_t expires;                  /* Expires header, seconds */
    const char *refer_to;              /* Refer-To URI */
    unsigned sipfrag_status;           /* a message/sipfrag body's status code; 0 if none */
    const char *sipfrag;               /* its status line */
    bool refer_sub_false;              /* Refer-Sub: false, no implicit subscription (RFC 4488) */
} sd_message;

static inline uint64_t sd_endpoint_address(uint64_t endpoint)
{
    return endpoint >> 16;
}

#endif
