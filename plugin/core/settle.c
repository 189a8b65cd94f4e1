/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RFC 3261's timers bound how long a transaction sees messages: none comes
 * more than 64×T1 after its last one (Timers B, D, F, H, J, K, L, M).  A
 * transaction quiet that long, with a final response or none at all, can no
 * longer change.  Dialogs and calls are given longer: after a 401/407 a
 * user may take a minute to type a password before the retry, in the same
 * Call-ID and dialog (seen in real captures); a dialog ended, or an early
 * dialog whose INVITE was answered, and a call with nothing left, settle
 * after IDLE.  What settled leaves the tables, so that later lookups no
 * longer pay for it, and stays reachable from the records and objects that
 * point to it, for the reports.  A message that would still have matched it
 * starts something new, as it would at the endpoints.
 */
#include "settle.h"

#include "details.h"
#include "transactions.h"
#include "txn_fsm.h"

/* How long a dialog or a call is remembered after its last message. */
#define IDLE_US ((int64_t)600 * 1000000)

static bool quiet(const sd_analyzer *a, int64_t last_us, int64_t horizon_us)
{
    return a->now_us - last_us > horizon_us;
}

static int64_t idle_us(const sd_analyzer *a)
{
    return MAX(IDLE_US, a->settle_us);
}

/* A confirmed dialog stays (a call lasts as long as it lasts), and so does
 * a subscription (NOTIFYs outlive BYE, RFC 5057 §5.5).  An early dialog
 * settles once its INVITE is answered, by a fork or a failure (§13.2.2.4),
 * or was never answered at all. */
static bool dialog_settled(const sd_analyzer *a, const sd_dialog *d)
{
    if (d->subscription.present || !quiet(a, d->last_us, idle_us(a)))
        return false;
    if (d->state == SD_DIALOG_TERMINATED)
        return true;
    if (d->state == SD_DIALOG_CONFIRMED)
        return false;
    return d->creating == NULL || d->creating->answered || d->creating->hop->responses == NULL;
}

/* A transaction still waiting after a provisional response may wait long
 * (a proxy's Timer C is over three minutes): it stays.  So does an INVITE
 * answered 2xx while its dialog lasts: another fork's 2xx may still come,
 * too late (RFC 6026 §7.2), until BYE. */
static bool txn_settled(const sd_analyzer *a, const sd_txn *t)
{
    const sd_request *r = t->request;
    if (!quiet(a, t->last_us, a->settle_us))
        return false;
    /* An ACK of a 2xx has no transaction to wait for (§17.1.1.3). */
    if (sd_txn_pending(t) && !r->answered && t->responses != NULL && r->method != SD_METHOD_ACK)
        return false;
    const sd_fork *primary = sd_request_detail_read(r)->primary;
    return primary == NULL || primary->dialog->state == SD_DIALOG_TERMINATED;
}

static bool settle_txn(void *value, void *data)
{
    sd_txn *t = value;
    if (!txn_settled(data, t))
        return false;
    sd_txn_fire(t, SD_TXN_EV_TIMEOUT, 0, 0);
    t->request->call->entries--;
    sd_txn_leave_branches(data, t);
    return true;
}

/* A request first seen past a proxy settles with the hop it was seen on. */
static bool settle_request(void *value, void *data)
{
    sd_request *r = value;
    if (!txn_settled(data, r->hop))
        return false;
    r->call->entries--;
    return true;
}

static bool settle_dialog(void *value, void *data)
{
    sd_dialog *d = value;
    if (!dialog_settled(data, d))
        return false;
    d->call->entries--;
    return true;
}

/* A call leaves once nothing of it is left in the other tables, unless it
 * registers: a UA keeps one Call-ID for all its REGISTERs (§10.2). */
static bool settle_call(void *value, void *data)
{
    const sd_call *c = value;
    return c->entries == 0 && c->last_register == NULL && quiet(data, c->last_us, idle_us(data));
}

/* Whether a sweep is due (not at the first message), and when the next one is. */
static bool due(const sd_analyzer *a, int64_t *next_us, int64_t period_us)
{
    if (a->now_us < *next_us)
        return false;
    bool first = *next_us == G_MININT64;
    *next_us = a->now_us + period_us;
    return !first;
}

/* Each table is swept about as often as its horizon, so that what it holds
 * is visited a few times in its life, not at every sweep. */
void sd_settle(sd_analyzer *a)
{
    /* Almost every message comes while neither sweep is due: told before
     * anything else is set up. */
    if (a->now_us < MIN(a->next_txn_sweep_us, a->next_dialog_sweep_us))
        return;
    if (due(a, &a->next_txn_sweep_us, a->settle_us)) {
        /* The branch index holds some of the same hops, and loses them
         * with the table (settle_txn): it is only fitted to what is left. */
        sd_map_sweep(&a->txns, settle_txn, a);
        sd_map_fit(&a->branches);
        sd_map_sweep(&a->origins, settle_request, a);
    }
    if (due(a, &a->next_dialog_sweep_us, idle_us(a) / 2)) {
        sd_map_sweep(&a->dialogs, settle_dialog, a);
        sd_map_sweep(&a->creators, settle_dialog, a);
        sd_map_sweep(&a->calls, settle_call, a);
    }
}
