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

typedef struct {
    const char *branch;   /* branch parameter */
    const char *sent_by;  /* host[:port] as written */
} sd_via;

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
