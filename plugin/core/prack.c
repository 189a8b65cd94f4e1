/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reliable provisional responses (RFC 3262).  A UAS sends a 1xx reliably
 * (Require: 100rel) only when the INVITE allowed it, numbers them with
 * RSeq from a random start, +1 each, in each early dialog (§3, §7.1), and
 * sends the next one only once the previous one is PRACKed.  The UAC
 * PRACKs each one, naming it by RAck: its RSeq and the INVITE's CSeq (§4,
 * §7.2).  The state is the fork's (one early dialog of one INVITE): its
 * last RSeq and its 1xx not PRACKed yet.
 */
#include "prack.h"

#include "details.h"
#include "records.h"
#include "text.h"
#include "transactions.h"

/* How many of a dialog's INVITEs a PRACK is matched against. */
enum { PRACKABLE_INVITES = 8 };

static const uint32_t RSEQ_LIMIT = 0x80000000u;   /* §7.1: 1 to 2^31-1 */

bool sd_prack_new_reliable(const sd_analyzer *a, const sd_txn *txn, const sd_message *m)
{
    if (m->status <= 100 || m->status >= 200 || !m->require_100rel || !m->has_rseq)
        return false;
    for (const sd_response *r = txn->responses; r != NULL; r = r->next)
        if (r->status == m->status && g_strcmp0(r->to_tag, m->to_tag) == 0 && r->reliable && sd_response_rseq(a, r) == m->rseq)
            return false;
    return true;
}

void sd_prack_response(sd_analyzer *a, sd_record *rec, sd_txn *txn, sd_response *r, const sd_message *m)
{
    sd_request *invite = txn->request;
    sd_fork *fork = r->fork;
    if (sd_is_2xx(m->status)) {
        /* §3, §5: the offer or answer in a reliable 1xx is complete only
         * once PRACKed; the 2xx must wait for it. */
        if (fork != NULL && fork->unpracked != NULL && fork->unpracked->has_sdp)
            sd_flag(rec, SD_FINDING_PRACK_FINAL_BEFORE_PRACK);
        return;
    }
    if (m->status >= 200 || !m->require_100rel)
        return;
    /* §3: 100 is never sent reliably; 100rel only if the INVITE allowed it. */
    if (m->status == 100 || (sd_request_seen(invite) && !sd_request_detail_read(invite)->supports_100rel))
        sd_flag(rec, SD_FINDING_PRACK_NOT_SUPPORTED);
    if (m->status == 100)
        return;
    if (m->has_rseq)
        sd_annotate(a, rec, SD_FIELD_PRACK_RSEQ, m->rseq);
    if (fork == NULL)
        return;
    bool valid = m->has_rseq && m->rseq != 0 && m->rseq < RSEQ_LIMIT;
    if (!valid || (fork->last_rseq != 0 && m->rseq != fork->last_rseq + 1))
        sd_flag(rec, SD_FINDING_PRACK_RSEQ_INVALID);
    /* §3: the next reliable 1xx waits for the previous one's PRACK. */
    if (fork->unpracked != NULL)
        sd_flag(rec, SD_FINDING_PRACK_OVERLAP);
    fork->unpracked = r;
    if (m->has_rseq)
        fork->last_rseq = m->rseq;
}

/* The reliable 1xx of `fork` with this RSeq, on any hop; each copy is
 * marked PRACKed. */
static sd_response *acknowledge(sd_analyzer *a, sd_fork *fork, uint32_t rseq, uint32_t frame)
{
    sd_response *first = NULL;
    const sd_request *invite = fork->invite;
    for (sd_txn *hop = invite->hop; hop != NULL; hop = hop == invite->hop ? sd_request_copies(invite) : sd_txn_next_copy(hop))
        for (sd_response *r = hop->responses; r != NULL; r = r->next)
            if (r->reliable && sd_response_rseq(a, r) == rseq && (r->fork == fork || (r->fork && r->fork->alias_of == fork))) {
                sd_response_detail *detail = sd_response_detail_write(a, r);
                if (detail->prack_frame == 0)
                    detail->prack_frame = frame;
                if (first == NULL || r->frame < first->frame)
                    first = r;
            }
    return first;
}

static void check_rack(sd_analyzer *a, sd_record *rec, sd_request *prack, const sd_message *m)
{
    sd_dialog *d = prack->dialog;
    if (d == NULL)
        return;
    bool invites_seen = false;
    int looked = 0;
    for (sd_fork *f = d->invite.fork; f != NULL && looked < PRACKABLE_INVITES; f = f->previous, looked++) {
        if (!sd_request_seen(f->invite))
            continue;
        invites_seen = true;
        /* §7.2: RAck names the 1xx by its RSeq, the INVITE's CSeq number
         * and method. */
        if (!m->has_rack || !sd_same(m->rack_method, "INVITE") || !f->invite->has_cseq ||
            f->invite->cseq != m->rack_cseq)
            continue;
        sd_response *r = acknowledge(a, f, m->rack_rseq, m->frame);
        if (r == NULL)
            continue;
        sd_request_detail_write(a, prack)->pracked = r;
        if (f->unpracked != NULL && sd_response_rseq(a, f->unpracked) == sd_response_rseq(a, r))
            f->unpracked = NULL;
        sd_annotate(a, rec, SD_FIELD_PRACK_PROVISIONAL_IN, r->frame);
        return;
    }
    /* Only what the capture can tell: the dialog's INVITE was seen. */
    if (invites_seen || !m->has_rack) {
        sd_request_detail_write(a, prack)->prack_unmatched = true;
        sd_flag(rec, SD_FINDING_PRACK_RACK_UNMATCHED);
    }
}

void sd_prack_request(sd_analyzer *a, sd_record *rec, sd_request *request, const sd_message *m)
{
    if (request->method == SD_METHOD_INVITE && (m->supported_100rel || m->require_100rel))
        sd_request_detail_write(a, request)->supports_100rel = true;
    else if (request->method == SD_METHOD_PRACK)
        check_rack(a, rec, request, m);
}

void sd_prack_check_answer(sd_record *rec, const sd_request *request, const sd_message *m)
{
    if (request->method != SD_METHOD_PRACK)
        return;
    const sd_request_detail *detail = sd_request_detail_read(request);
    if ((detail->pracked != NULL && !sd_is_2xx(m->status)) || (detail->prack_unmatched && m->status != 481))
        sd_flag(rec, SD_FINDING_PRACK_WRONG_RESPONSE);
}

void sd_check_contact(sd_record *rec, const sd_request *request, const sd_message *m)
{
    if (m->has_contact || (request->method != SD_METHOD_INVITE && request->method != SD_METHOD_SUBSCRIBE))
        return;
    bool creates = m->method != NULL ? !request->in_dialog
                                     : sd_is_2xx(m->status) ||
                                           (m->status > 100 && m->status < 200 && m->to_tag != NULL && !request->in_dialog);
    if (creates)
        sd_flag(rec, SD_FINDING_DIALOG_CONTACT_MISSING);
}
