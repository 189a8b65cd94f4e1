/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis core's state: calls, dialogs and their usages, forks,
 * requests end to end and their transactions hop by hop, and the record of
 * every analysed message.  Private to plugin/core.  Only types live here;
 * each layer's header declares the functions that work on them (see the
 * map of layers in analyzer.c).
 *
 * Ownership: the analyzer owns everything.  Strings live in its string
 * chunk, the objects in its pool; all are freed with it.  Its hash tables
 * find what may still change: what has settled (RFC 3261's timers have run
 * out on it) leaves them, and stays reachable only from the records and
 * objects that point to it.
 */
#ifndef SIPDIALOG_MODEL_H
#define SIPDIALOG_MODEL_H

#include <glib.h>

#include "map.h"
#include "method.h"
#include "pool.h"
#include "sipdialog/analyzer.h"

typedef struct sd_txn sd_txn;
typedef struct sd_request sd_request;
typedef struct sd_fork sd_fork;
typedef struct sd_dialog sd_dialog;
typedef struct sd_subscription sd_subscription;

/* How many strings a call keeps one copy of: the tags of the caller and
 * the callee, the sent-by of their hops; more (forks, proxies) are stored
 * once for each object that keeps them.  Each slot is 8 bytes of every
 * call: on the benchmark 4 keep the least (8: 3.9 bytes a message more,
 * 3: 1.3 more). */
#define SD_CALL_STRINGS 4

/* All messages that share a Call-ID. */
typedef struct {
    const char *call_id;
    uint32_t index;
    uint32_t entries;             /* its transactions and dialogs in the analyzer's tables */
    int64_t last_us;              /* its latest message */
    const char *strings[SD_CALL_STRINGS];
    sd_request *last_register;        /* the previous REGISTER (RFC 3261 §10.2) */
    sd_request *last_out_of_dialog;   /* the previous request outside any dialog */
} sd_call;

/* One UA of a dialog: its tag and its CSeq space (RFC 3261 §12.2.1.1). */
typedef struct {
    const char *tag;              /* NULL for the callee until a response or request reveals it */
    sd_request *last_request;     /* highest-numbered new request it sent in this dialog */
    sd_request *last_invite;      /* its latest INVITE in this dialog */
    sd_request *last_update;      /* its latest UPDATE in this dialog */
} sd_party;

/* What moves a dialog from one state to the next (dialog_fsm.c). */
typedef enum {
    SD_DIALOG_EV_RETRY,          /* its creating request sent again after a 401/407 or 3xx */
    SD_DIALOG_EV_REVEALED,       /* a request carrying both tags: it was established out of view */
    SD_DIALOG_EV_PROVISIONAL,    /* 101-199 with a To tag to its creating request */
    SD_DIALOG_EV_2XX,            /* 2xx with a To tag to its creating request */
    SD_DIALOG_EV_FAILURE,        /* 3xx-6xx to its creating request */
    SD_DIALOG_EV_BYE,
    SD_DIALOG_EV_DESTROYED,      /* a response to a request inside it destroyed it (RFC 5057 §5.1) */
    SD_DIALOG_EV_COUNT
} sd_dialog_event;

/* A Reason header (RFC 3326): why a request or response ended a call. */
typedef struct {
    const char *protocol;        /* NULL: none */
    const char *text;
    uint32_t cause;
    bool has_cause;
} sd_reason;

/* A final response that ended a dialog, or only its INVITE usage (RFC
 * 5057 §5.1): the creating request's failure, or a failure response to a
 * request inside the dialog.  Set once (dialog_end.c). */
typedef struct {
    uint32_t frame;              /* 0: none */
    uint16_t status;
    bool destroyed;              /* a response to a request inside the dialog destroyed it */
    bool usage_only;             /* ... its INVITE usage only (RFC 5057 Table 2) */
    uint8_t by;                  /* sd_end_by */
    const char *kind;            /* "rejected: 486 Busy Here" */
    sd_reason reason;
    const sd_request *request;   /* the request it answered: a retry after 401/407 supersedes its attempt */
} sd_dialog_ending;

/* What changes a session timer (session_timer.c). */
typedef enum {
    SD_TIMER_EV_MIN_SE,          /* a Min-SE in a request or a 422 (RFC 4028 §5, §6) */
    SD_TIMER_EV_2XX,             /* 2xx to INVITE or UPDATE with Session-Expires: set or refreshed (§7.2, §9) */
    SD_TIMER_EV_2XX_WITHOUT,     /* 2xx to INVITE or UPDATE without it: no session expiration (§7.2) */
} sd_timer_event;

/*
 * The session timer of an INVITE usage (RFC 4028): the interval and
 * refresher of its latest successful refresh, which the session expires
 * after unless refreshed again.  Changed only by sd_session_timer_fire().
 */
typedef struct {
    uint32_t interval_s;         /* 0: no session timer */
    sd_side refresher;           /* unknown when the 2xx did not say */
    uint32_t min_se_s;           /* the highest Min-SE seen in the dialog's requests and 422s */
    uint32_t refreshed_frame;    /* the 2xx that set it or last refreshed it */
    int64_t refreshed_us;
} sd_session_timer;

/*
 * The INVITE usage of a dialog (RFC 5057 §3): the session its INVITE set
 * up, which BYE ends.
 */
typedef struct {
    sd_fork *fork;           /* the dialog's answer to its latest INVITE */
    sd_request *bye;         /* the first BYE, which ended it */
    sd_request *other_bye;   /* the other UA's first BYE after `bye`: crossing it, or both sent by an
                              * element in the middle that ends both legs itself */
    sd_session_timer *timer; /* RFC 4028; NULL until a Min-SE or a Session-Expires set one: most
                              * sessions never have one (session_timer.c) */
    bool used;               /* a request other than ACK and BYE once it was confirmed */
} sd_invite_usage;

/* The subscription usages of a dialog (RFC 5057 §3, RFC 6665, RFC 3515):
 * a SUBSCRIBE or a REFER began one, and its NOTIFYs outlive BYE (§5.5).
 * Each is an sd_subscription (subscriptions.c). */
typedef struct {
    bool present;
    sd_subscription *list;   /* newest first */
} sd_subscription_usage;

/* A session description as the offer/answer usage keeps it. */
typedef struct {
    uint32_t frame;          /* 0: none */
    bool has_origin;
    bool null_address;
    uint8_t streams;
    uint8_t audio;
    uint8_t rejected;
    uint8_t direction[SD_SDP_STREAMS];
    uint32_t origin_hash;
    uint32_t hash;
    uint64_t version;
} sd_description;

/* Where the answer to an offer must come (RFC 3261 §13.2.1, RFC 3262 §5,
 * RFC 3311 §5.2, RFC 6337 §2.2). */
typedef enum {
    SD_ANSWER_IN_RESPONSE,   /* an INVITE offer: a reliable 1xx or the 2xx */
    SD_ANSWER_IN_ACK,        /* a 2xx offer */
    SD_ANSWER_IN_PRACK,      /* a reliable 1xx offer */
    SD_ANSWER_IN_2XX,        /* an UPDATE or PRACK offer: its 2xx */
} sd_answer_place;

/*
 * The offer/answer usage of a dialog (RFC 3264 §4, RFC 5057): the offer
 * still unanswered and each party's latest session description.  Changed
 * only by offer_answer.c.
 */
typedef struct {
    bool started;            /* a fork's dialog took its INVITE's offer over */
    bool pending;            /* an offer is unanswered */
    uint8_t offerer;         /* its sender: index in party[] */
    uint8_t answer_in;       /* sd_answer_place */
    sd_request *request;     /* the request whose transaction carries it (a response offer: the INVITE) */
    struct sd_response *offer_response;   /* of a response offer */
    sd_description offer;
    sd_description last[2];  /* each party's latest description, as party[] */
} sd_offer_answer_usage;
/* A subscription's life (RFC 6665 §4.1.2, §4.2.2), as an observer sees it;
 * it changes only in sd_subscription_fire() (subscriptions.c). */
typedef enum {
    SD_SUB_REQUESTED,    /* SUBSCRIBE or REFER sent, no 2xx nor NOTIFY yet */
    SD_SUB_ACCEPTED,     /* its 2xx, no NOTIFY yet: Timer N runs */
    SD_SUB_PENDING,      /* a NOTIFY said pending */
    SD_SUB_ACTIVE,       /* a NOTIFY said active */
    SD_SUB_TERMINATED,
    SD_SUB_STATE_COUNT
} sd_sub_state;

typedef enum {
    SD_SUB_EV_2XX,           /* 2xx to its SUBSCRIBE or REFER */
    SD_SUB_EV_REJECTED,      /* 3xx-6xx to the request that began it */
    SD_SUB_EV_481,           /* 481 to a refresh or to a NOTIFY: it no longer exists */
    SD_SUB_EV_PENDING,       /* NOTIFY with Subscription-State: pending */
    SD_SUB_EV_ACTIVE,        /* ... active */
    SD_SUB_EV_TERMINATED,    /* ... terminated */
    SD_SUB_EV_TIMER_N,       /* no NOTIFY within 64×T1 of the 2xx (§4.1.2.4) */
    SD_SUB_EV_NOTIFY,        /* NOTIFY without a state it understands */
    SD_SUB_EV_COUNT
} sd_sub_event;

/* How a subscription ended. */
typedef enum {
    SD_SUB_END_NONE,
    SD_SUB_END_NOTIFY,       /* a NOTIFY said terminated */
    SD_SUB_END_REJECTED,     /* its request failed */
    SD_SUB_END_481,
    SD_SUB_END_TIMER_N,
} sd_sub_end;

/*
 * One subscription (RFC 6665 §4.1.2): a dialog, an Event package and its
 * id; a REFER's implicit one has the package "refer" and, after the
 * dialog's first REFER, the REFER's CSeq as id (RFC 3515 §2.4.6).  A
 * forked SUBSCRIBE has one per notifier, each in its own dialog (§4.1.4).
 */
struct sd_subscription {
    sd_subscription *next;        /* the dialog's other subscriptions */
    sd_dialog *dialog;
    sd_request *creating;         /* the SUBSCRIBE or REFER that began it; NULL when out of view */
    sd_request *latest;           /* its latest SUBSCRIBE (refresh) or its REFER */
    const char *event;
    const char *id;
    uint32_t index;
    sd_sub_state state;
    sd_sub_end end;
    bool refer;
    bool final_progress;          /* of a REFER: a NOTIFY carried the referred request's final response */
    bool refer_sub_false;         /* of a REFER: Refer-Sub: false asked for no NOTIFY (RFC 4488) */
    bool has_requested_expires;
    uint32_t requested_expires;   /* what its latest SUBSCRIBE asked for (s) */
    uint32_t accepted_frame;      /* the first 2xx of its request */
    int64_t accepted_us;
    uint32_t first_notify_frame;
    int64_t first_notify_us;
    const char *reason;           /* of a terminated one: the NOTIFY's reason */
    uint32_t expiry_frame;        /* the latest 2xx or NOTIFY that gave it a duration; 0: none */
    int64_t expires_at_us;        /* when that duration runs out unless refreshed */
    uint32_t first_frame;         /* its first message */
};

/*
 * A dialog as an observer sees it.  It begins with its dialog-creating
 * request; the first 1xx/2xx with a To tag binds the callee's tag, and each
 * further To tag from another fork opens a dialog of its own (RFC 3261
 * §12.1, §13.2.2.4).  A challenged or failed attempt that never got a To
 * tag is reused by the UA's next attempt (the retry after 401/407).  Its
 * state changes only in sd_dialog_fire() (dialog_fsm.c); its usages keep
 * their own state beside it.
 */
struct sd_dialog {
    sd_call *call;
    uint32_t index;
    sd_dialog_state state;
    uint32_t first_frame;
    bool roles_known;        /* false when the capture started mid-dialog */
    sd_party party[2];       /* [0] sent the dialog-creating request: the caller */
    sd_request *creating;    /* the dialog-creating request */
    sd_invite_usage invite;
    sd_subscription_usage subscription;
    const char *caller_uri;  /* From and To of the request that began it */
    const char *callee_uri;
    int64_t first_us;        /* its first and last messages */
    int64_t last_us;
    int64_t answered_us;     /* its first 2xx; 0 if none */
    int64_t failed_us;       /* the final failure that ended its attempt; 0 if none */
    sd_dialog_ending *ending;    /* the response that ended it, if one did; made by the first final
                                  * failure, which most dialogs never get (dialog_outcome.c) */
    sd_offer_answer_usage offer_answer;
};

/*
 * One To tag's answer to one INVITE, end to end across hops: the unit that a
 * 2xx, its retransmissions and its ACK belong to (RFC 3261 §13.2.2.4: each
 * 2xx is its own dialog and needs its own ACK).
 */
struct sd_fork {
    sd_fork *next;           /* the INVITE's other forks, newest first */
    sd_fork *previous;       /* the dialog's fork for its previous INVITE */
    sd_request *invite;
    sd_dialog *dialog;
    sd_fork *alias_of;       /* the fork whose answer an element in the middle forwarded with this
                              * To tag instead (B2BUA, topology hiding): no fork of its own */
    struct sd_response *unpracked;   /* RFC 3262 (prack.c): its latest reliable 1xx, until PRACKed */
    int64_t first_2xx_time_us;
    int64_t ack_time_us;
    uint32_t index;          /* 1 for the first To tag that answered the INVITE, 2 for the next... */
    uint32_t first_response_frame;
    uint32_t first_2xx_frame;
    uint32_t ack_frame;
    uint32_t last_rseq;      /* RFC 3262: the RSeq of its latest reliable 1xx; 0: none yet */
    uint16_t best_status;    /* its 2xx, else its final failure, else its last provisional */
    /* Offer/answer in this fork's responses to the INVITE (offer_answer.c). */
    bool answer_reliable;    /* in a reliable 1xx or the 2xx */
    bool response_offer;     /* it made the offer itself, the INVITE had none */
    sd_description answer;   /* its first answer to the INVITE's offer; frame 0 if none */
};

/* Transaction identity: top Via branch + sent-by, and whether it is the
 * CANCEL sharing an INVITE's branch (RFC 3261 §17.1.3, §17.2.3).  Branches
 * without the RFC 3261 magic cookie are replaced by an RFC 2543 key made of
 * Call-ID, From tag, CSeq number and branch.  The branch is kept without
 * the magic cookie it begins with (`cookie`): 7 bytes fewer of each
 * stored. */
typedef struct {
    const char *branch;
    const char *sent_by;
    uint32_t branch_hash;        /* sd_hash() of each, computed once when the key is made; */
    uint32_t sent_by_hash : 29;  /* the sent-by's only to its low 29 bits, so that the key is 24
                                  * bytes, not 32: a hash only places a key in a table */
    uint32_t cancel : 1;
    uint32_t rfc2543 : 1;
    uint32_t cookie : 1;         /* `branch` followed "z9hG4bK" */
} sd_txn_key;

/* What only some responses have: retransmissions, a PRACK, an answer to
 * their offer, the RSeq of a reliable 1xx.  Made on first need (sd_response_detail_write(),
 * details.h): most responses are sent once and carry no offer, so the
 * analyzer keeps the few apart (response_details), not a pointer in every
 * response. */
typedef struct {
    uint32_t retransmissions;
    uint32_t last_retransmission_frame;
    uint32_t prack_frame;    /* of a reliable 1xx: the PRACK that acknowledged it */
    uint32_t sdp_answer_frame;   /* of a response offer: its answer */
    uint32_t rseq;           /* of a reliable 1xx: its RSeq (RFC 3262 §3; sd_response_rseq()) */
} sd_response_detail;

/* One response seen in a transaction (distinct status and To tag). */
typedef struct sd_response {
    struct sd_response *next;
    const char *to_tag;
    sd_fork *fork;           /* a response to INVITE with a To tag */
    int64_t time_us;
    uint32_t frame;
    uint16_t status;
    uint8_t mismatch;        /* the request's headers it did not copy (responses.c) */
    bool reliable : 1;       /* a 1xx with Require: 100rel (RFC 3262) */
    bool has_sdp : 1;
    bool has_detail : 1;     /* it has an sd_response_detail (details.h) */
} sd_response;

/* What the rules decided about a request when it was sent, for judging
 * its answer later. */
typedef struct {
    sd_request *overlapped;  /* of a crossing or overlapping request: the request it competed with */
    sd_fork *awaited_ack;    /* of a re-INVITE sent before the ACK: the fork whose ACK it did not wait for */
    bool cseq_decreased;     /* answered with anything but 500 is a finding */
    bool after_bye;          /* sent in a dialog already ended by BYE */
    bool retry_in_window;    /* a retry after 491/500 that waited as RFC 3261 §14.1 asks */
    uint8_t glare_expect;    /* sd_glare_answer: what its receiver must answer */
    bool notify_unknown;     /* a NOTIFY of a subscription already over: the subscriber must answer 481 */
} sd_request_verdict;

/*
 * What only some requests have: an INVITE's forks, a session timer's
 * request, an offer, a PRACK's 1xx, a Reason, a subscription, a rule's
 * verdict.  Most requests of a capture are ACKs, BYEs and CANCELs that
 * have none of it, so it is made on first need (sd_request_detail_write(),
 * details.h) instead of being carried by every request.
 */
typedef struct {
    sd_fork *forks;              /* of an INVITE: one per To tag that answered */
    sd_fork *primary;            /* of an INVITE: the fork whose 2xx came first */
    sd_request *previous_invite; /* of an INVITE: the same UA's INVITE before it in the dialog */
    sd_description *description; /* of an INVITE, UPDATE or PRACK with a session description */
    sd_response *pracked;        /* of a PRACK: the reliable 1xx it acknowledges */
    sd_subscription *subscription;   /* of a SUBSCRIBE, REFER or NOTIFY: its subscription */
    sd_reason *reason;           /* of a BYE or CANCEL with a Reason header */
    sd_request_verdict *verdict; /* what the rules decided, when they had something to remember */
    /* RFC 4028, of an INVITE or UPDATE: what it asked of the session timer */
    uint32_t min_se;             /* its Min-SE, 0 if none */
    uint32_t rejected_min_se;    /* the Min-SE of the 422 that rejected it */
    uint32_t sdp_answer_frame;   /* of a request offer: its answer */
    bool timer_supported;        /* "timer" in its Supported or Require */
    bool supports_100rel;        /* of an INVITE: Supported or Require 100rel */
    bool prack_unmatched;        /* of a PRACK: its RAck matches none */
} sd_request_detail;

/*
 * A request end to end: what one UA sent, whichever hops carried it.  The
 * copies a proxy forwards (one more Via, another branch, the same bottom
 * Via) are hops of the same request, so CSeq, dialog and fork rules see it
 * once.  Its first hop is where the capture first saw it.
 */
struct sd_request {
    sd_txn *hop;             /* its first hop; its other hops and the key of its bottom Via are in the
                              * hop's detail (sd_request_copies(), sd_request_origin()) */
    sd_call *call;
    sd_dialog *dialog;
    const char *from_tag;
    const char *to_tag;      /* what its responses must copy */
    sd_request_detail *detail;   /* NULL until it has some (details.h) */
    int64_t reached_us;      /* when its latest copy was seen, nearest its receiver */
    uint32_t cseq;
    uint32_t challenge_frame;    /* 401/407 */
    /* Of an ACK with a branch of its own, what its copies and retransmissions
     * link to (the frames, all that is read of the INVITE and the fork): */
    uint32_t invite_frame;       /* the INVITE it acknowledges */
    uint32_t acked_2xx_frame;    /* of an ACK of a 2xx: the first 2xx of the fork it acknowledges */
    /* A byte or a bit each, so that a request is 80 bytes, not 88. */
    sd_side side : 8;        /* who sent it */
    sd_method method : 8;
    bool has_cseq : 1;
    bool in_dialog : 1;      /* it carried a To tag */
    bool has_credentials : 1;
    bool has_sdp : 1;        /* it carried an offer (or the answer, in an ACK) */
    bool answered : 1;       /* a final response was seen on some hop */
    bool offer_answered : 1; /* a 101-299 response carried a session description */
    bool responses_unseen : 1;   /* a later request shows a response the capture missed */
    bool cseq_method_other : 1;  /* its CSeq's method is not its own: sd_request_cseq_method() */
};

/* What only some transactions have: a CANCEL, the INVITE a CANCEL
 * cancels, retransmissions of the request, the links of a request's copy
 * on another hop.  Made on first need (sd_txn_detail_write(), details.h):
 * most are none of these. */
typedef struct {
    sd_txn *cancel;             /* of an INVITE: its CANCEL on this hop */
    sd_txn *cancelled;          /* of a CANCEL: the INVITE it cancels */
    sd_txn *next_copy;          /* of a copy: the request's next hop in its list of copies */
    sd_txn *upstream;           /* of a copy: the same request on the hop towards its UA */
    /* Of a request's first hop (request->hop), what only a request seen on
     * several hops, or past a proxy, has: */
    sd_txn *copies;             /* its other hops, newest first */
    sd_txn_key *origin;         /* bottom Via, when first seen past a proxy (the origins table); else
                                 * NULL: most requests are seen on their UA's own hop, their hop's key
                                 * is theirs */
    uint32_t retransmissions;
    uint32_t last_retransmission_frame;
} sd_txn_detail;

/*
 * A transaction's life at one hop, as an observer between its client and
 * its server sees it (RFC 3261 §17.1.1, §17.1.2, §17.2.1, §17.2.2, with
 * RFC 6026 §7.1's Accepted).  It changes only in sd_txn_fire()
 * (txn_fsm.c).
 */
typedef enum {
    SD_TXN_CALLING,      /* request sent, no response yet (Calling, Trying) */
    SD_TXN_PROCEEDING,   /* a provisional response */
    SD_TXN_ACCEPTED,     /* INVITE answered 2xx: other forks' 2xx may follow (RFC 6026) */
    SD_TXN_COMPLETED,    /* final response (for INVITE a 3xx-6xx, to be ACKed on this hop) */
    SD_TXN_CONFIRMED,    /* INVITE: its 3xx-6xx ACKed */
    SD_TXN_TERMINATED,   /* quiet for 64×T1: its timers have run out */
    SD_TXN_STATE_COUNT
} sd_txn_state;

/* What moves a transaction from one state to the next. */
typedef enum {
    SD_TXN_EV_PROVISIONAL,   /* 1xx */
    SD_TXN_EV_2XX,
    SD_TXN_EV_FAILURE,       /* 3xx-6xx */
    SD_TXN_EV_ACK,           /* ACK of a 3xx-6xx, on the INVITE's branch */
    SD_TXN_EV_CANCEL,
    SD_TXN_EV_TIMEOUT,       /* quiet for 64×T1 and the tolerance */
    SD_TXN_EV_COUNT
} sd_txn_event;

/*
 * A transaction at one hop: the request as it travelled between two
 * elements, its retransmissions, responses, ACK (of a 3xx-6xx) and CANCEL.
 * A proxy's copy on another hop is another transaction of the same
 * request.  Its members go by size, largest first, so that none is padded:
 * a capture holds one per request and hop.
 */
struct sd_txn {
    sd_txn_key key;
    sd_request *request;
    sd_response *responses;
    sd_txn_detail *detail;      /* NULL until it has some (details.h) */
    const char *request_uri;    /* of an INVITE: what its CANCEL and ACK must copy */
    uint64_t source;            /* its hop: where the request went from and to */
    uint64_t destination;
    int64_t last_us;            /* its latest message */
    int64_t request_time_us;
    int64_t first_answer_us;    /* the times of first_answer_frame and final_frame, kept: */
    int64_t final_time_us;      /* reading them from `responses` costs a walk per report */
    uint32_t from_hash;         /* From (URI and tag) and To URI as the request had them on this hop, */
    uint32_t to_hash;           /* which its responses copy (§8.2.6.2) */
    uint32_t index;
    uint32_t request_frame;     /* 0 when the capture missed the request */
    uint32_t first_provisional_frame;
    uint32_t first_answer_frame;   /* its first response other than 100 (RFC 6076 §4.3) */
    uint32_t final_frame;       /* its first final response */
    uint32_t ack_frame;         /* of an INVITE: the ACK of its 3xx-6xx */
    uint16_t final_status;
    uint16_t via_count;         /* its hop: each proxy adds a Via */
    sd_txn_state state : 8;
    sd_transport transport : 8;
};

/* A generated field set while analysing a message (its other fields are
 * derived from the transaction and dialog when the report is made).  Kept
 * as a byte and a word in two arrays, five bytes, not eight
 * (sd_annotation_at(), records.h). */
typedef struct {
    uint32_t field;
    uint32_t value;
} sd_annotation;

typedef enum {
    SD_RECORD_REQUEST,
    SD_RECORD_RESPONSE,
} sd_record_kind;

/* What is known of an analysed message: built while it is analysed
 * (records.h), and as a report reads it back (sd_record_load()).  What is
 * kept of it is smaller (sd_stored_record). */
typedef struct {
    sd_finding_set findings; /* flagged while it is analysed; stored among its annotations,
                              * read back by sd_record_findings() */
    uint32_t frame;
    uint32_t first_annotation;
    uint32_t call_index;     /* its call's: all a report needs of the call */
    uint8_t annotation_count;
    uint8_t kind;            /* sd_record_kind */
    uint8_t side;            /* sd_side */
    uint8_t state;           /* sd_dialog_state of `dialog` after this message */
    sd_dialog *dialog;
    sd_txn *txn;
    sd_response *response;   /* of a response: its entry in the transaction */
} sd_record;

/* What is kept of each analysed message: one per message of the capture,
 * so every byte here counts a million times in a large one.  Its findings,
 * which most messages have none of, are kept among its annotations
 * (records.c).  Its response is a pointer: a place in the transaction's
 * list would be a walk per report, quadratic in the responses of one
 * transaction (a hostile INVITE answered by thousands of To tags). */
typedef struct {
    uint32_t frame;
    uint32_t first_annotation;
    uint32_t call_index;
    uint8_t annotation_count;
    uint8_t kind;
    uint8_t side;
    uint8_t state;
    sd_dialog *dialog;
    sd_txn *txn;
    sd_response *response;
} sd_stored_record;

struct sd_analyzer {
    sd_config config;
    int64_t timeout_us;          /* 64×T1: Timers B, F, H, J, L, M */
    int64_t settle_us;           /* 64×T1 and the tolerance: quiet this long, a transaction is over */
    int64_t now_us;              /* the time of the latest frame */
    int64_t next_txn_sweep_us;   /* when the tables are next rid of what has settled (settle.c) */
    int64_t next_dialog_sweep_us;
    sd_pool pool;                /* the objects */
    sd_pool text;                /* the strings kept (sd_store()), packed */
    /* What may still change (settle.c): */
    sd_map calls;                /* call_id -> sd_call */
    sd_map dialogs;              /* sd_dialog (Call-ID, both tags in any order) -> itself */
    sd_map creators;             /* sd_dialog (Call-ID, caller tag) -> latest dialog that UA began */
    sd_map txns;                 /* txn->key (top Via) -> sd_txn */
    sd_map branches;             /* txn->key (top Via branch, not sent-by) -> latest sd_txn */
    sd_map origins;              /* request->origin (bottom Via) -> sd_request first seen past a proxy */
    GHashTable *response_details;    /* sd_response -> its sd_response_detail, of the few that have one */
    GHashTable *method_names;    /* sd_request -> its method's name, of a method sd_method does not know */
    GHashTable *cseq_methods;    /* sd_request -> the method its CSeq has, when not its own (rare) */
    GPtrArray *all_dialogs;      /* by index, for the statistics */
    uint32_t call_count;
    uint32_t txn_count;
    /* The records, in capture order, appended to inline like the
     * annotations (every message makes one). */
    sd_stored_record *records;
    uint32_t record_count, records_allocated;
    /* The annotations, in the order of the records: each one's field and
     * value (sd_annotation) in two arrays, appended to inline (most
     * messages make one or more). */
    uint8_t *annotation_fields;
    uint32_t *annotation_values;
    uint32_t annotations, annotations_allocated;
    guint frame_hint;            /* the record after the last frame looked up: rendering goes in order */
    GString *key_buf[2];         /* RFC 2543 transaction keys: [0] top Via, [1] bottom Via */
    uint32_t last_frame;
    int64_t last_raw_us;         /* the latest frame's time as the capture has it */
    int64_t clock_offset_us;     /* what the capture's clock jumps add up to, taken off its times */
    bool clock_jumped;           /* since the last message */
    GPtrArray *subscriptions;    /* sd_subscription, by index */
    GPtrArray *texts;            /* the STRING annotations' text (records.c), by index */
};

/* Each of these is kept once per message or per request of a capture. */
_Static_assert(sizeof(sd_stored_record) == 40, "sd_stored_record: no padding");
_Static_assert(sizeof(sd_txn_key) == 24, "sd_txn_key: no padding");
_Static_assert(sizeof(sd_txn) == 144, "sd_txn: no padding");
_Static_assert(sizeof(sd_request) == 80, "sd_request: no padding");
_Static_assert(sizeof(sd_response) == 40, "sd_response: no padding");

static inline bool sd_is_2xx(unsigned status)
{
    return status >= 200 && status < 300;
}

static inline sd_side sd_other_side(sd_side side)
{
    return side == SD_SIDE_CALLER ? SD_SIDE_CALLEE : side == SD_SIDE_CALLEE ? SD_SIDE_CALLER : SD_SIDE_UNKNOWN;
}

#endif
