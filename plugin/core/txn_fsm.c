/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A transaction as an observer at one hop sees it: the client's and the
 * server's machines of RFC 3261 §17 merged, since the capture shows what
 * both send.  INVITE (§17.1.1, §17.2.1, with RFC 6026 §7.1's Accepted):
 *
 *        INVITE
 *          |
 *          v           1xx          +------------+
 *     +---------+------------------>| PROCEEDING |--+ 1xx
 *     | CALLING |                   +------------+<-+
 *     +---------+                      |      |
 *        |    |  3xx-6xx               | 2xx  | 3xx-6xx
 *        |    +---------------------+  |      |
 *        | 2xx                      v  v      v
 *        |      2xx (another  +----------+  +-----------+  ACK  +-----------+
 *        +------------------->| ACCEPTED |  | COMPLETED |------>| CONFIRMED |
 *                 fork) +---->+----------+  +-----------+       +-----------+
 *                       +--------+
 *
 *     from any state, quiet for 64×T1 and the tolerance: TERMINATED
 *
 * A non-INVITE transaction (§17.1.2, §17.2.2) goes CALLING (Trying),
 * PROCEEDING, and COMPLETED on its final response.  What a state does not
 * expect is a finding of the message that brought it: a second, different
 * final response (§17.2.1, §17.2.2; after an INVITE's 2xx only other
 * forks' 2xx may follow, §16.7), an ACK before any final response
 * (§17.1.1.3), a CANCEL before any provisional response (§9.1).
 * Retransmitted requests and responses are told apart before they reach
 * the machine: they change nothing.
 */
#include "txn_fsm.h"

/* One cell of the table: the next state, and whether the event was expected. */
typedef struct {
    uint8_t next;      /* sd_txn_state; STAY keeps the current one */
    uint8_t verdict;   /* sd_txn_verdict */
} transition;

enum { STAY = SD_TXN_STATE_COUNT };

#define OK(state) {state, SD_TXN_EXPECTED}
#define BAD {STAY, SD_TXN_UNEXPECTED}
#define SAME {STAY, SD_TXN_EXPECTED}

static const transition invite_table[SD_TXN_STATE_COUNT][SD_TXN_EV_COUNT] = {
    /*                      1xx                   2xx                 3xx-6xx               ACK                      CANCEL  timeout */
    [SD_TXN_CALLING]    = {OK(SD_TXN_PROCEEDING), OK(SD_TXN_ACCEPTED), OK(SD_TXN_COMPLETED), BAD,                 BAD,    OK(SD_TXN_TERMINATED)},
    [SD_TXN_PROCEEDING] = {SAME,                  OK(SD_TXN_ACCEPTED), OK(SD_TXN_COMPLETED), BAD,                 SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_ACCEPTED]   = {SAME,                  SAME,                BAD,                  SAME,                SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_COMPLETED]  = {SAME,                  BAD,                 BAD,                  OK(SD_TXN_CONFIRMED), SAME,  OK(SD_TXN_TERMINATED)},
    [SD_TXN_CONFIRMED]  = {SAME,                  BAD,                 BAD,                  SAME,                SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_TERMINATED] = {SAME,                  SAME,                SAME,                 SAME,                SAME,   SAME},
};

static const transition non_invite_table[SD_TXN_STATE_COUNT][SD_TXN_EV_COUNT] = {
    /*                      1xx                   2xx                  3xx-6xx               ACK   CANCEL  timeout */
    [SD_TXN_CALLING]    = {OK(SD_TXN_PROCEEDING), OK(SD_TXN_COMPLETED), OK(SD_TXN_COMPLETED), SAME, SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_PROCEEDING] = {SAME,                  OK(SD_TXN_COMPLETED), OK(SD_TXN_COMPLETED), SAME, SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_ACCEPTED]   = {SAME,                  SAME,                 SAME,                 SAME, SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_COMPLETED]  = {SAME,                  BAD,                  BAD,                  SAME, SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_CONFIRMED]  = {SAME,                  BAD,                  BAD,                  SAME, SAME,   OK(SD_TXN_TERMINATED)},
    [SD_TXN_TERMINATED] = {SAME,                  SAME,                 SAME,                 SAME, SAME,   SAME},
};

sd_txn_event sd_txn_event_of_status(unsigned status)
{
    return status < 200 ? SD_TXN_EV_PROVISIONAL : status < 300 ? SD_TXN_EV_2XX : SD_TXN_EV_FAILURE;
}

/* When the response of `frame` came: it is the latest, or another of its
 * frame (messages of one frame share its time). */
static int64_t response_time(const sd_txn *t, uint32_t frame)
{
    for (const sd_response *r = t->responses; r != NULL; r = r->next)
        if (r->frame == frame)
            return r->time_us;
    return 0;
}

/* The frames that mark the transaction's progress: the first of each kind. */
static void mark(sd_txn *t, sd_txn_event ev, uint32_t frame, unsigned status)
{
    if (ev <= SD_TXN_EV_FAILURE && status > 100 && t->first_answer_frame == 0) {
        t->first_answer_frame = frame;
        t->first_answer_us = response_time(t, frame);
    }
    switch (ev) {
    case SD_TXN_EV_PROVISIONAL:
        if (t->first_provisional_frame == 0)
            t->first_provisional_frame = frame;
        break;
    case SD_TXN_EV_2XX:
    case SD_TXN_EV_FAILURE:
        if (t->final_frame == 0) {
            t->final_frame = frame;
            t->final_status = (uint16_t)MIN(status, G_MAXUINT16);
            t->final_time_us = response_time(t, frame);
        }
        break;
    case SD_TXN_EV_ACK:
        if (t->ack_frame == 0)
            t->ack_frame = frame;
        break;
    default:
        break;
    }
}

sd_txn_verdict sd_txn_fire(sd_txn *t, sd_txn_event ev, uint32_t frame, unsigned status)
{
    const transition *cell = t->request->method == SD_METHOD_INVITE ? &invite_table[t->state][ev]
                                                                    : &non_invite_table[t->state][ev];
    if (t->state != SD_TXN_TERMINATED)
        mark(t, ev, frame, status);
    if (cell->next != STAY)
        t->state = (sd_txn_state)cell->next;
    return (sd_txn_verdict)cell->verdict;
}

const char *sd_txn_state_name(sd_txn_state state)
{
    static const char *const names[] = {"calling", "proceeding", "accepted", "completed", "confirmed", "terminated"};
    return state < SD_TXN_STATE_COUNT ? names[state] : "unknown";
}
