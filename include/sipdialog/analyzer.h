/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The analysis core: feed it every SIP message of a capture in order, then
 * ask for the report of any message.  Reports are computed on demand, so a
 * message analysed early shows what later messages revealed (its final
 * response, a missing ACK) once they have been seen.
 */
#ifndef SIPDIALOG_ANALYZER_H
#define SIPDIALOG_ANALYZER_H

#include <stdbool.h>
#include <stdint.h>

#include "fields.h"
#include "findings.h"
#include "message.h"

typedef struct {
    uint32_t t1_ms;          /* RFC 3261 T1, 500 ms by default */
    uint32_t t2_ms;          /* RFC 3261 T2, 4 s by default */
    uint32_t tolerance_ms;   /* allowance for messages in flight at the capture point */
} sd_config;

void sd_config_defaults(sd_config *config);

typedef struct sd_analyzer sd_analyzer;

sd_analyzer *sd_analyzer_new(const sd_config *config);
void sd_analyzer_free(sd_analyzer *analyzer);

/* Analyse the next message of the capture.  Messages of an earlier frame
 * than the last one analysed are ignored: the analysis is one pass in
 * capture order. */
void sd_analyzer_add(sd_analyzer *analyzer, const sd_message *message);

/* The capture has reached this time (its latest frame, SIP or not):
 * findings that wait for a deadline (a 2xx never ACKed) are decided
 * against it. */
void sd_analyzer_reach(sd_analyzer *analyzer, int64_t time_us);

/* The messages analysed in `frame`: returns how many, and the id of the
 * first one in *first (ids of one frame are consecutive).  Fastest when
 * frames are asked in order, as a pass over the capture does. */
unsigned sd_analyzer_frame_messages(sd_analyzer *analyzer, uint32_t frame, uint32_t *first);

typedef enum {
    SD_SIDE_UNKNOWN,
    SD_SIDE_CALLER,
    SD_SIDE_CALLEE,
} sd_side;

/* Who ended a dialog: its caller, its callee, or an element between them
 * that answered or ended it itself (a proxy's 408 or 503, a B2BUA or a
 * proxy's dialog module sending BYE both ways).  The first two are the
 * sd_side values. */
typedef enum {
    SD_END_BY_CALLER = SD_SIDE_CALLER,
    SD_END_BY_CALLEE = SD_SIDE_CALLEE,
    SD_END_BY_MIDDLE,
} sd_end_by;

/* A dialog's life as an observer sees it (RFC 5407 §2): it begins when the
 * dialog-creating request is sent, so that this request already has a
 * dialog to belong to. */
typedef enum {
    SD_DIALOG_PREPARATIVE,   /* dialog-creating request sent, no To tag yet */
    SD_DIALOG_EARLY,         /* a 101-199 with a To tag */
    SD_DIALOG_CONFIRMED,     /* a 2xx */
    SD_DIALOG_TERMINATED,    /* BYE, a failure of the dialog-creating request, or a
                              * response that destroyed it (RFC 5057 §5.1) */
} sd_dialog_state;

/* What became of a fork, as far as the capture shows. */
typedef enum {
    SD_FORK_EARLY,               /* provisional responses only */
    SD_FORK_REJECTED,            /* a final failure */
    SD_FORK_NOT_ACKED,           /* a 2xx never ACKed */
    SD_FORK_NOT_ACKED_ENDED,     /* a 2xx never ACKed, then BYE */
    SD_FORK_KEPT,                /* a 2xx ACKed, its dialog still up */
    SD_FORK_ENDED,               /* a 2xx ACKed, then BYE */
} sd_fork_outcome;

/* The window RFC 3261 §14.1 allows a retry after 491. */
typedef enum {
    SD_WINDOW_OWNER,             /* 2.1-4.0 s, the UA that owns the Call-ID */
    SD_WINDOW_OTHER,             /* 0-2.0 s, the other one */
} sd_retry_window;

/* What a session description is in the offer/answer model (RFC 3264). */
typedef enum {
    SD_SDP_OFFER,
    SD_SDP_ANSWER,
    SD_SDP_IGNORED,              /* the model says to ignore it */
} sd_sdp_role;

/* What an offer changes in its sender's direction. */
typedef enum {
    SD_SDP_HOLD,
    SD_SDP_RESUME,
} sd_sdp_change;
/* sipdialog.subscription.state: the state a NOTIFY gives its subscription
 * (RFC 6665 §8.4), terminated with each reason apart. */
typedef enum {
    SD_SUB_STATE_TEXT_PENDING,
    SD_SUB_STATE_TEXT_ACTIVE,
    SD_SUB_STATE_TEXT_TERMINATED,      /* without a reason */
    SD_SUB_STATE_TEXT_DEACTIVATED,     /* then probation, rejected, timeout, giveup, noresource, invariant */
    SD_SUB_STATE_TEXT_PROBATION,
    SD_SUB_STATE_TEXT_REJECTED,
    SD_SUB_STATE_TEXT_TIMEOUT,
    SD_SUB_STATE_TEXT_GIVEUP,
    SD_SUB_STATE_TEXT_NORESOURCE,
    SD_SUB_STATE_TEXT_INVARIANT,
    SD_SUB_STATE_TEXT_OTHER_REASON,
    SD_SUB_STATE_TEXT_EXTENSION,       /* a state RFC 6665 does not define */
} sd_subscription_state_text;

/* At most this many forks are listed on an INVITE. */
#define SD_REPORT_FORKS 16

/* What the analysis knows about one message now. */
typedef struct {
    sd_finding_set findings;
    uint64_t present[2];             /* bit per sd_field */
    int64_t value[SD_FIELD_COUNT];   /* frame numbers, counts, microseconds, or a TEXT code */
    const char *string[SD_FIELD_COUNT];  /* STRING fields: owned by the analyzer */
    unsigned forks;                  /* on an INVITE: the forks listed below (SD_FIELD_FORK_RESPONSE_IN) */
    struct {
        uint32_t frame;              /* its first response */
        uint16_t status;             /* its best answer: 2xx, else its final, else its last provisional */
        uint8_t outcome;             /* sd_fork_outcome */
    } fork[SD_REPORT_FORKS];         /* in fork order (fork.index = position + 1) */
} sd_report;

_Static_assert(SD_FIELD_COUNT <= 128, "sd_report.present holds at most 128 fields");

void sd_analyzer_report(const sd_analyzer *analyzer, uint32_t message, sd_report *report);

/* Of a report, only its findings and whether the message is a
 * retransmission (sipdialog.retransmission_of): what a frame needs when
 * no field of it is shown, filtered or tabulated. */
sd_finding_set sd_analyzer_findings(const sd_analyzer *analyzer, uint32_t message, bool *retransmission);

/* What the analysis knows about one dialog now (its index is the
 * sipdialog.dialog of its messages). */
typedef struct {
    uint32_t call;                /* sipdialog.call */
    const char *call_id;
    const char *caller_uri;       /* From and To of its dialog-creating request (NULL if not seen) */
    const char *callee_uri;
    uint32_t first_frame;
    sd_dialog_state state;
    bool answered;                /* a 2xx confirmed it */
    bool acked;                   /* the 2xx of its dialog-creating INVITE was ACKed */
    unsigned forks;               /* forks that answered its dialog-creating INVITE */
    uint32_t invite;              /* an id of that INVITE, shared by its forks' dialogs; UINT32_MAX if none */
    int64_t setup_us;             /* request to 2xx (or to the final failure); -1 if unknown */
    int64_t duration_us;          /* 2xx to BYE, or to its last message; -1 if never answered */
    /* How it ended (sipdialog.end.*): */
    const char *end_kind;
    unsigned end_by;              /* sd_end_by; 0 if nothing ended it */
    uint32_t end_frame;           /* 0 if nothing ended it */
    const char *reason_protocol;  /* the Reason of the message that ended it (RFC 3326); NULL if none */
    int64_t reason_cause;         /* -1 if none */
    const char *reason_text;      /* or the Q.850 cause's name */
    uint16_t final_status;        /* the final failure of its creating request; 0 if none */
    bool completed;               /* answered and ended by BYE (RFC 6076 §4.9) */
    /* RFC 6076 §4.3, §4.4, §4.5; -1 if unknown: */
    int64_t srd_us;
    int64_t sdd_us;
    int64_t sdt_us;
} sd_dialog_summary;

/* False if there is no such dialog. */
bool sd_analyzer_dialog(const sd_analyzer *analyzer, uint32_t dialog, sd_dialog_summary *summary);

/* What the analysis knows about one subscription now (its index is the
 * sipdialog.subscription.index of its messages). */
typedef struct {
    uint32_t dialog;              /* sipdialog.dialog */
    const char *event;            /* its Event package ("refer" for a REFER's); NULL if none */
    uint32_t first_frame;
    const char *state;            /* requested, accepted, pending, active, terminated */
    const char *end;              /* how it ended: NULL while it lasts; "NOTIFY", "rejected", "481", "Timer N" */
    const char *reason;           /* the reason of the NOTIFY that ended it; NULL if none */
} sd_subscription_summary;

/* False if there is no such subscription. */
bool sd_analyzer_subscription(const sd_analyzer *analyzer, uint32_t subscription, sd_subscription_summary *summary);

static inline bool sd_report_has(const sd_report *r, sd_field f)
{
    return (r->present[f / 64] >> (f % 64)) & 1;
}

static inline void sd_report_set_present(sd_report *r, sd_field f)
{
    r->present[f / 64] |= (uint64_t)1 << (f % 64);
}

/* The text of a TEXT field's value (e.g. "caller"). */
const char *sd_field_text(sd_field field, int64_t value);

#endif
