/*
 * The analysis core's state: calls, dialogs, transactions and the record of
 * every analysed message.  Private to plugin/core.
 *
 * Ownership: the analyzer owns everything.  Strings live in its string
 * chunk; calls, dialogs and transactions in its arrays, freed with it.
 */
#ifndef SIPDIALOG_MODEL_H
#define SIPDIALOG_MODEL_H

#include <glib.h>

#include "sipdialog/analyzer.h"
#include "method.h"

typedef struct sd_txn sd_txn;

/* All messages that share a Call-ID. */
typedef struct {
    const char *call_id;
    uint32_t index;
    sd_txn *last_register;        /* the previous REGISTER (RFC 3261 §10.2) */
    sd_txn *last_out_of_dialog;   /* the previous request outside any dialog */
} sd_call;

/* One UA of a dialog: its tag and its CSeq space (RFC 3261 §12.2.1.1). */
typedef struct {
    const char *tag;              /* NULL for the callee until a response or request reveals it */
    sd_txn *last_request;         /* highest-numbered new request it sent in this dialog */
    sd_txn *last_invite;          /* its latest INVITE in this dialog */
} sd_party;

/*
 * A dialog's life as seen by an observer: it starts when the
 * dialog-creating request is sent (RFC 5407 §2 "Preparative") so that this
 * request already has a dialog to belong to; the first 1xx/2xx with a To tag
 * binds the callee tag, and each further To tag from another fork opens a
 * dialog of its own (RFC 3261 §12.1, §13.2.2.4).
 */
typedef enum {
    SD_DIALOG_PREPARATIVE,   /* dialog-creating request sent, no To tag yet */
    SD_DIALOG_EARLY,         /* 101-199 with a To tag */
    SD_DIALOG_CONFIRMED,     /* 2xx */
    SD_DIALOG_TERMINATED,
} sd_dialog_state;

typedef struct {
    sd_call *call;
    uint32_t index;
    sd_dialog_state state;
    bool roles_known;        /* false when the capture started mid-dialog */
    sd_party party[2];       /* [0] sent the dialog-creating request: the caller */
    sd_txn *creating;        /* the dialog-creating request (its origin transaction) */
} sd_dialog;

/* Transaction identity: top Via branch + sent-by, and whether it is the
 * CANCEL sharing an INVITE's branch (RFC 3261 §17.1.3, §17.2.3).  Branches
 * without the RFC 3261 magic cookie are replaced by an RFC 2543 key made of
 * Call-ID, From tag, CSeq number and branch. */
typedef struct {
    const char *branch;
    const char *sent_by;
    bool cancel;
} sd_txn_key;

/* One response seen in a transaction (distinct status and To tag). */
typedef struct sd_response {
    struct sd_response *next;
    const char *to_tag;
    uint32_t frame;
    uint16_t status;
} sd_response;

/*
 * A transaction at one hop.  Copies of the same request forwarded by
 * proxies are separate hop transactions that share the `origin`: the
 * transaction of the UA that sent the request, identified by the bottom
 * Via.  CSeq rules look at origins only, so a forwarded copy is never a new
 * request.
 */
struct sd_txn {
    sd_txn_key key;
    sd_txn_key origin_key;   /* bottom Via, when this txn stands for the origin */
    sd_txn *origin;          /* itself when it is the first sighting */
    sd_call *call;
    sd_dialog *dialog;
    const char *from_tag;
    const char *method_name;
    const char *cseq_method;   /* as the request's CSeq header has it */
    sd_method method;
    sd_side side;            /* who sent the request */
    bool in_dialog;          /* the request carried a To tag */
    bool has_cseq;
    bool has_credentials;
    bool cseq_decreased;     /* answered with anything but 500 is a finding */
    bool decreased_answered;
    uint32_t cseq;
    uint32_t index;
    uint32_t request_frame;
    int64_t request_time_us;
    uint32_t final_frame;
    uint32_t challenge_frame;   /* 401/407 */
    uint32_t ack_frame;         /* ACK for a non-2xx final response, on this hop */
    uint16_t final_status;
    sd_response *responses;
    sd_txn *previous_invite;    /* the same UA's INVITE before this one in the dialog */
};

/* A generated field set while analysing a message (its other fields are
 * derived from the transaction and dialog when the report is made). */
typedef struct {
    uint32_t field;
    uint32_t value;
} sd_annotation;

typedef enum {
    SD_RECORD_REQUEST,
    SD_RECORD_RESPONSE,
} sd_record_kind;

/* What is kept of each analysed message. */
typedef struct {
    uint32_t frame;
    uint32_t first_annotation;
    uint8_t annotation_count;
    uint8_t kind;            /* sd_record_kind */
    uint8_t side;            /* sd_side */
    sd_finding_set findings;
    sd_call *call;
    sd_dialog *dialog;
    sd_txn *txn;
} sd_record;

struct sd_analyzer {
    sd_config config;
    GStringChunk *strings;
    GHashTable *calls;           /* call_id -> sd_call */
    GHashTable *dialogs;         /* sd_dialog (Call-ID, both tags in any order) -> itself */
    GHashTable *creators;        /* sd_dialog (Call-ID, caller tag) -> latest dialog that UA began */
    GHashTable *txns;            /* &txn->key (top Via) -> sd_txn */
    GHashTable *origins;         /* &txn->origin_key (bottom Via) -> sd_txn first seen past a proxy */
    GPtrArray *all_calls;        /* by index */
    GPtrArray *all_dialogs;      /* by index */
    GPtrArray *all_txns;         /* by index */
    GArray *records;             /* sd_record, in capture order */
    GArray *annotations;         /* sd_annotation */
    GString *key_buf[2];         /* RFC 2543 transaction keys: [0] top Via, [1] bottom Via */
    uint32_t last_frame;
};

/* Store a string for the lifetime of the analyzer; NULL stays NULL. */
const char *sd_intern(sd_analyzer *a, const char *s);

#endif
