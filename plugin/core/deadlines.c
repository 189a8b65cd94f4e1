/*
 * Findings that need the future: nothing answered or acknowledged a message
 * by its deadline (64×T1, Timers B, F, H and L, plus the tolerance for
 * messages in flight at the capture point).  They are decided when the
 * report is made, against the time the capture has reached: a capture that
 * ends before a deadline says nothing about it.
 */
#include "analysis.h"

static bool expired(const sd_analyzer *a, int64_t since_us)
{
    return a->now_us >= since_us + a->timeout_us + (int64_t)a->config.tolerance_ms * 1000;
}

/* Nothing came by the deadline, or only after it. */
static bool missed(const sd_analyzer *a, uint32_t frame, int64_t time_us, int64_t since_us)
{
    return expired(a, since_us) && (frame == 0 || time_us > since_us + a->timeout_us);
}

/* §17.1.1.2 Timer B: an INVITE client transaction times out without any
 * response; once a provisional arrived it waits for the final one as long
 * as it takes.  §17.1.2.2 Timer F: any other request needs its final
 * response within 64×T1. */
static bool timed_out(const sd_analyzer *a, const sd_txn *t)
{
    if (t->method == SD_METHOD_INVITE && t->first_provisional_frame != 0)
        return false;
    return missed(a, t->final_frame, t->final_time_us, t->request_time_us);
}

static sd_finding_set request_findings(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    if (t->request_frame != rec->frame || t->method == SD_METHOD_ACK)
        return 0;
    return timed_out(a, t) ? sd_finding_bit(SD_FINDING_TXN_NO_FINAL_RESPONSE) : 0;
}

static sd_finding_set response_findings(const sd_analyzer *a, const sd_record *rec, const sd_txn *t)
{
    const sd_response *r = rec->response;
    if (r == NULL || r->frame != rec->frame)
        return 0;
    sd_finding_set set = 0;
    if (t->method == SD_METHOD_INVITE && sd_is_2xx(r->status)) {
        /* §13.3.1.4: the UAS retransmits the 2xx until the ACK, for 64×T1;
         * judged once per fork, on its first 2xx. */
        const sd_fork *f = r->fork;
        if (f != NULL && f->first_2xx_frame == rec->frame && f->ack_frame == 0 && expired(a, r->time_us))
            set |= sd_finding_bit(SD_FINDING_ACK_MISSING);
    } else if (t->method == SD_METHOD_INVITE && r->status >= 300) {
        /* §17.1.1.2: every non-2xx final response is ACKed on its hop. */
        if (t->final_frame == rec->frame && t->ack_frame == 0 && t->transport == SD_TRANSPORT_UDP &&
            expired(a, r->time_us))
            set |= sd_finding_bit(SD_FINDING_ACK_MISSING_NON2XX);
    } else if (t->method == SD_METHOD_CANCEL && sd_is_2xx(r->status)) {
        /* §9.2: once the CANCEL is accepted the INVITE should get its 487. */
        const sd_txn *invite = t->invite;
        if (t->final_frame == rec->frame && invite != NULL &&
            missed(a, invite->final_frame, invite->final_time_us, r->time_us))
            set |= sd_finding_bit(SD_FINDING_CANCEL_NO_FINAL);
    }
    return set;
}

sd_finding_set sd_deadline_findings(const sd_analyzer *a, const sd_record *rec)
{
    const sd_txn *t = rec->txn;
    if (t == NULL)
        return 0;
    return rec->kind == SD_RECORD_REQUEST ? request_findings(a, rec, t) : response_findings(a, rec, t);
}
